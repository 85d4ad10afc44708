"""viz plots: training curves, activations, decision regions, descent paths; files written headless."""

from __future__ import annotations

import math
import subprocess
import sys
from collections.abc import Iterator, Mapping

import pytest
from matplotlib.figure import Figure

import autograd
import viz
from autograd import Value


class History(Mapping):
    """A stand-in for nn.fit's History: a read-only mapping of metric -> per-epoch values."""

    def __init__(self, **metrics):
        self._metrics = metrics

    def __getitem__(self, key):
        return self._metrics[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._metrics)

    def __len__(self) -> int:
        return len(self._metrics)


def is_png(path) -> bool:
    return path.read_bytes().startswith(b"\x89PNG")


def test_history_one_panel_per_metric_with_validation_beside_training(tmp_path):
    history = History(loss=[1.0, 0.1, 0.01, 0.005], val_loss=[1.1, 0.3, 0.2, 0.2],
                      accuracy=[0.5, 0.7, 0.9, 0.95], val_accuracy=[0.5, 0.6, 0.8, 0.9], lr=[0.1] * 4)
    fig = viz.plot_history(history, tmp_path / "new" / "history.png")
    assert isinstance(fig, Figure) and is_png(tmp_path / "new" / "history.png")
    loss, acc, lr = fig.axes
    assert [ax.get_title() for ax in fig.axes] == ["loss", "accuracy", "lr"]
    assert [line.get_label() for line in loss.get_lines()] == ["loss", "val_loss"]
    assert list(loss.get_lines()[0].get_xdata()) == [1, 2, 3, 4]
    assert list(acc.get_lines()[1].get_ydata()) == [0.5, 0.6, 0.8, 0.9]
    assert loss.get_yscale() == "log" and acc.get_yscale() == "linear" and lr.get_yscale() == "linear"


def test_a_penalized_loss_is_drawn_as_labelled_parts_in_one_panel():
    """nn.fit's data loss and L2 penalty go into the loss panel beside their sum, the total."""
    history = {"loss": [1.0, 0.5, 0.02], "data_loss": [0.99, 0.49, 0.01], "l2_penalty": [0.01, 0.01, 0.01],
               "accuracy": [0.5, 0.8, 1.0]}
    fig = viz.plot_history(history)
    assert [ax.get_title() for ax in fig.axes] == ["loss", "accuracy"]
    lines = fig.axes[0].get_lines()
    assert [line.get_label() for line in lines] == ["total", "data loss", "L2 penalty"]
    assert list(lines[2].get_ydata()) == [0.01, 0.01, 0.01]
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == ["total", "data loss", "L2 penalty"]


def test_history_from_a_plain_dict_as_svg(tmp_path):
    fig = viz.plot_history({"loss": [3, 2, 1]}, tmp_path / "h.svg")
    assert len(fig.axes) == 1 and "<svg" in (tmp_path / "h.svg").read_text()


@pytest.mark.parametrize("history, error, message", [
    ([1, 2, 3], TypeError, "mapping"),
    ({"loss": "abc"}, TypeError, "'loss' must be a list"),
    ({"loss": [1.0, None]}, TypeError, "'loss' holds a non-number"),
    ({"loss": []}, ValueError, "no values"),
])
def test_history_bad_input_is_named(history, error, message):
    with pytest.raises(error, match=message):
        viz.plot_history(history)


def test_activation_and_its_engine_derivative(tmp_path):
    fig = viz.plot_activation("relu", tmp_path / "relu.png", points=9)
    assert is_png(tmp_path / "relu.png")
    f, df = fig.axes[0].get_lines()[:2]
    assert list(f.get_xdata()) == [-4.0, -3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0, 4.0]
    assert list(f.get_ydata()) == [0, 0, 0, 0, 0, 1, 2, 3, 4]
    assert list(df.get_ydata()) == [0, 0, 0, 0, 0, 1, 1, 1, 1]  # relu'(0) = 0
    _, d_tanh = viz.plot_activation("tanh", points=21).axes[0].get_lines()[:2]
    for x, d in zip(d_tanh.get_xdata(), d_tanh.get_ydata()):
        assert d == pytest.approx(1 - math.tanh(x) ** 2)


def test_activation_from_a_function_and_outside_the_domain():
    fig = viz.plot_activation(lambda v: v * v, points=5)
    assert list(fig.axes[0].get_lines()[1].get_ydata()) == [-8, -4, 0, 4, 8]
    f, _ = viz.plot_activation("log", points=5).axes[0].get_lines()[:2]
    assert math.isnan(f.get_ydata()[0]) and f.get_ydata()[-1] == pytest.approx(math.log(4))


@pytest.mark.parametrize("arg, error, message", [
    ("swish", ValueError, "unknown activation 'swish'.*tanh"),
    (3, TypeError, "op name or a function"),
    (lambda v: 1.0, TypeError, "must return a Value"),
])
def test_activation_bad_input_is_named(arg, error, message):
    with pytest.raises(error, match=message):
        viz.plot_activation(arg, points=3)


def regions(fig) -> list[list[int]]:
    return fig.axes[0].collections[0].get_array().tolist()  # one row per grid y, one column per x


def test_decision_boundary_binary_scores_predict_the_nearest_label(tmp_path):
    X = [[-1.0, -1.0], [1.0, 1.0], [-1.0, 1.0], [1.0, -1.0]]
    calls = []

    def model(p):
        calls.append(autograd.is_grad_enabled())
        return Value(p[0])  # class 1 right of x1 = 0

    fig = viz.plot_decision_boundary(model, X, [-1, 1, -1, 1], tmp_path / "db.png", resolution=10)
    assert is_png(tmp_path / "db.png") and len(calls) == 100 and not any(calls)  # under no_grad
    rows = regions(fig)
    assert all(row[0] == 0 and row[-1] == 1 for row in rows)
    from matplotlib.contour import ContourSet

    (line,) = [c for c in fig.axes[0].collections if isinstance(c, ContourSet)]  # the smooth boundary
    assert list(line.levels) == [0.0]
    vertices = [v for path in line.get_paths() for v in path.vertices]
    assert vertices and all(abs(x) < 1e-9 for x, _ in vertices)  # where the score x1 crosses 0
    probs = viz.plot_decision_boundary(lambda p: 1.0 if p[1] > 0 else 0.0, X, [0, 1, 1, 0], resolution=10)
    assert regions(probs)[0] == [0] * 10 and regions(probs)[-1] == [1] * 10


def test_decision_boundary_threshold_for_logits():
    X = [[-1.0, 0.0], [1.0, 0.0]]
    fig = viz.plot_decision_boundary(lambda p: Value(p[0] - 0.3), X, [0, 1], resolution=11, threshold=0.0)
    xs = [-1.5 + 3.0 * i / 10 for i in range(11)]  # the grid: the points ± 0.5
    assert regions(fig)[0] == [1 if x > 0.3 else 0 for x in xs]  # splits where the logit crosses 0


def test_decision_boundary_multiclass_argmax():
    X = [[-2.0, 0.0], [2.0, 0.0], [0.0, 2.0]]
    fig = viz.plot_decision_boundary(lambda p: [-p[0], p[0], Value(p[1] - 1.5)], X, [0, 1, 2], resolution=12)
    assert {v for row in regions(fig) for v in row} == {0, 1, 2}
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["class 0", "class 1", "class 2"]


@pytest.mark.parametrize("X, y, model, error, message", [
    ([[0.0, 1.0, 2.0]], [1], lambda p: 0.0, ValueError, r"X\[0\] has 3 coordinates"),
    ([[0.0, 1.0]], [1, 2], lambda p: 0.0, ValueError, "1 points in X but 2 labels"),
    ([[0.0, 1.0]], [1], lambda p: "yes", TypeError, "model gave a str"),
    ([], [], lambda p: 0.0, ValueError, "no points"),
])
def test_decision_boundary_bad_input_is_named(X, y, model, error, message):
    with pytest.raises(error, match=message):
        viz.plot_decision_boundary(model, X, y, resolution=3)


def bowl(x, y):
    return x * x + 10.0 * y * y


def test_descent_path_follows_the_engine_gradient():
    path = viz.descent_path(bowl, (3.0, 1.0), lr=0.05, steps=40)
    assert len(path) == 41 and path[0] == (3.0, 1.0)
    assert path[1] == pytest.approx((3.0 - 0.05 * 6.0, 1.0 - 0.05 * 20.0))
    assert math.hypot(*path[-1]) < 0.5
    with pytest.raises(ValueError, match="lr > 0"):
        viz.descent_path(bowl, (1.0, 1.0), lr=0)


def test_descent_path_plot_over_level_sets(tmp_path):
    points = viz.descent_path(bowl, (3.0, 1.0), lr=0.08, steps=10)
    fig = viz.plot_descent_path(bowl, points, tmp_path / "descent.svg", resolution=20)
    ax = fig.axes[0]
    assert "<svg" in (tmp_path / "descent.svg").read_text()
    path_line = ax.get_lines()[0]
    assert list(zip(path_line.get_xdata(), path_line.get_ydata())) == points
    assert len(fig.axes) == 2  # the plot and its colour bar
    with pytest.raises(ValueError, match=r"points\[1\].*not finite"):
        viz.plot_descent_path(bowl, [(1.0, 1.0), (math.inf, 0.0)])


def test_viz_imports_without_matplotlib_and_plots_name_the_extra():
    code = ("import sys; sys.modules['matplotlib'] = None\n"
            "import viz, autograd\n"
            "print(viz.draw_graph(autograd.Value(1.0)).source[:7])\n"
            "try:\n    viz.plot_history({'loss': [1.0]})\n"
            "except ImportError as e:\n    print(e)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.startswith("digraph") and "plot_history needs matplotlib: pip install gradlab[viz]" in out
