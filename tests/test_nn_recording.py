"""``nn.fit(..., record=True)``: bounded snapshots of the parameters, gradients and decision regions."""

import math

import pytest

import nn
import viz
from nn.recording import GRID, LEVELS, MAX_GRIDS, MAX_SNAPSHOTS, TrainingRecording


def moons(epochs, **kw):
    X, labels = nn.make_moons(30, noise=0.1, seed=0)
    y = [2.0 * t - 1.0 for t in labels]
    model = nn.MLP(2, [4, 1], seed=0)
    history = nn.fit(model, X, y, loss=nn.hinge_loss, optimizer=nn.optim.SGD(model.parameters(), lr=0.3),
                     epochs=epochs, seed=0, verbose=False, **kw)
    return model, history, X, y


def framed(X):
    """The replay's box for points X: the data and a margin of 15 % of its span, at least 0.5."""
    box = []
    for coords in zip(*X):
        pad = max(0.15 * (max(coords) - min(coords)), 0.5)
        box += [min(coords) - pad, max(coords) + pad]
    return tuple(box)


def test_without_record_there_is_no_recording():
    assert moons(2)[1].recording is None


def test_each_epoch_is_recorded_when_few_and_the_last_snapshot_is_the_model():
    model, history, _, _ = moons(5, record=True)
    r = history.recording
    assert [s.epoch for s in r.snapshots] == [0, 1, 2, 3, 4]
    last = r.snapshots[-1]
    assert last.parameters == [p.data for p in model.parameters()]
    assert last.gradients == [p.grad for p in model.parameters()]
    assert r.names == [name for name, _ in model.named_parameters()]
    assert len(last.grid) == GRID * GRID
    assert set(last.grid) <= {chr(ord("a") + k) for k in range(2 * LEVELS + 1)}


def test_grid_levels_agree_with_the_models_class_at_the_points():
    model, history, _, _ = moons(5, record=True)
    r = history.recording
    x1_lo, x1_hi, x2_lo, x2_hi = r.box
    assert r.box == pytest.approx(framed(r.points))
    grid = r.snapshots[-1].grid
    for j in (0, GRID // 2, GRID - 1):
        for i in (0, GRID // 3, GRID - 1):
            point = [x1_lo + (x1_hi - x1_lo) * i / (GRID - 1), x2_lo + (x2_hi - x2_lo) * j / (GRID - 1)]
            score = model(point).data
            level = ord(grid[j * GRID + i]) - ord("a")
            if abs(score) > 0.1:
                assert (level > LEVELS) == (score > 0)


def test_the_replay_frames_wide_data_with_a_margin_of_15_percent_of_its_span():
    """Data spanning more than a few units gets a margin in proportion (the 0.5 floor is for small data)."""
    X, labels = nn.make_moons(30, noise=0.1, seed=0)
    X = [(10.0 * a + 5.0, 10.0 * b - 3.0) for a, b in X]
    model = nn.MLP(2, [4, 1], seed=0)
    history = nn.fit(model, X, [2.0 * t - 1.0 for t in labels], loss=nn.hinge_loss, epochs=2, seed=0,
                     optimizer=nn.optim.SGD(model.parameters(), lr=0.01), verbose=False, record=True)
    assert all(0.15 * (max(c) - min(c)) > 0.5 for c in zip(*X))  # wide enough to pass the floor
    assert history.recording.box == pytest.approx(framed(X))


def test_snapshots_are_bounded_for_long_runs():
    _, history, _, _ = moons(230, record=True)
    r = history.recording
    assert len(r.snapshots) <= MAX_SNAPSHOTS + 2
    assert sum(bool(s.grid) for s in r.snapshots) <= MAX_GRIDS + 2
    assert r.snapshots[0].epoch == 0 and r.snapshots[-1].epoch == 229
    # evenly spaced, plus the ends: a snapshot every 3rd epoch (1-based), and a decision grid on
    # every 4th snapshot, using up the budget of grids (a grid every 10th epoch met a snapshot
    # only every 30th: 10 grids of the 25 allowed)
    assert [s.epoch for s in r.snapshots] == [0, *range(2, 229, 3), 229]
    grids = [s.epoch for s in r.snapshots if s.grid]
    assert grids == [0, *range(11, 229, 12), 229]
    assert MAX_GRIDS - 6 <= len(grids) <= MAX_GRIDS + 2


def test_recording_changes_no_result():
    _, plain, _, _ = moons(4)
    _, recorded, _, _ = moons(4, record=True)
    assert plain.metrics == recorded.metrics


def test_one_input_data_has_no_grid():
    X, y = nn.make_linear(20, seed=0)
    model = nn.MLP(len(X[0]), [1], seed=0)
    history = nn.fit(model, X, y, epochs=3, verbose=False, record=True)
    assert history.recording.box is None and all(s.grid == "" for s in history.recording.snapshots)
    page = viz.explore_training(history)
    assert page.epochs == 3 and '"grid":null' in page.html


def test_replay_needs_a_loss():
    with pytest.raises(ValueError, match="loss"):
        viz.explore_training({})


def test_replay_without_recording_draws_the_model_now():
    model, history, X, y = moons(3)
    page = viz.explore_training(history, model, X, y)
    assert '"grid":{' in page.html and page.epochs == 3


def constant_model(score):
    """MLP(2, [1]) whose output is ``score`` everywhere (zero weights)."""
    model = nn.MLP(2, [1], seed=0)
    *weights, bias = model.parameters()
    for w in weights:
        w.data = 0.0
    bias.data = score
    return model


@pytest.mark.parametrize("labels, threshold", [((-1.0, 1.0), 0.0), ((0.0, 1.0), 0.5), ((-3.0, 3.0), 0.0)])
def test_grid_shade_is_confident_at_a_label_and_neutral_at_the_threshold(labels, threshold):
    """The shade is measured in half the distance between the two labels: a model that outputs
    exactly a class's label is drawn near that end (level 2·LEVELS·(1 ± tanh 1)/2), one that outputs
    the threshold exactly at the boundary, whatever the labels' scale."""
    X = [[0.0, 0.0], [1.0, 1.0], [0.0, 1.0], [1.0, 0.0]]
    y = [labels[0], labels[1], labels[1], labels[0]]
    confident = round(LEVELS * math.tanh(1.0))
    cases = ((labels[1], LEVELS + confident), (labels[0], LEVELS - confident), (threshold, LEVELS))
    for score, level in cases:
        model = constant_model(score)
        recording = TrainingRecording(model, X, y, epochs=1, threshold=threshold)
        recording.capture(0, model)
        assert set(recording.snapshots[0].grid) == {chr(ord("a") + level)}


def test_replay_without_recording_shades_around_the_fits_threshold():
    """A model trained by MSE on 0/1 labels splits its classes at 0.5: the replay drawn from the
    model (no recording) shades around 0.5, as fit's own recording does, not around 0."""
    X, labels = nn.make_moons(30, noise=0.1, seed=0)
    model = nn.MLP(2, [4, 1], seed=0)
    history = nn.fit(model, X, labels, loss=nn.mse_loss, optimizer=nn.optim.SGD(model.parameters(), lr=0.1),
                     epochs=2, seed=0, verbose=False)
    assert history.threshold == 0.5
    page = viz.explore_training(history, model, X, labels)
    expected = TrainingRecording(model, X, labels, 1, threshold=0.5)
    expected.capture(0, model)
    assert expected.snapshots[0].grid in page.html
    at_zero = TrainingRecording(model, X, labels, 1, threshold=0.0)
    at_zero.capture(0, model)
    assert at_zero.snapshots[0].grid not in page.html


@pytest.mark.parametrize("X", [[[0.0, 1.0], [math.nan, 0.0]], [[0.0, 1.0], [1.0, 2.0, 3.0]],
                               [[0.0, 1.0], ["a", 1.0]]])
def test_samples_that_are_not_points_of_a_plane_get_no_scatter(X):
    """The replay places samples in the plane only when every one is 2 finite numbers;
    otherwise it shows none rather than some of them."""
    model = nn.MLP(2, [1], seed=0)
    assert TrainingRecording(model, X, [0, 1], 1, 0.0).points == []
    plane = [[0.0, 1.0], [2.0, 3.0]]
    assert TrainingRecording(model, plane, [0, 1], 1, 0.0).points == [(0.0, 1.0), (2.0, 3.0)]


def test_a_multiclass_replay_shades_each_point_by_its_argmax_class():
    """With one score per class, each grid cell holds the class of the highest score."""
    X, y = nn.make_blobs(60, centers=[[-3.0, 0.0], [3.0, 0.0], [0.0, 4.0]], cluster_std=0.5, seed=0)
    model = nn.MLP(2, [8, 3], seed=0)
    history = nn.fit(model, X, y, loss=nn.cross_entropy, epochs=3, record=True, verbose=False)
    r = history.recording
    x1_lo, x1_hi, x2_lo, x2_hi = r.box
    grid = r.snapshots[-1].grid
    classes = set()
    for j in range(0, GRID, 7):
        for i in range(0, GRID, 7):
            point = [x1_lo + (x1_hi - x1_lo) * i / (GRID - 1), x2_lo + (x2_hi - x2_lo) * j / (GRID - 1)]
            scores = [s.data for s in model(point)]
            expected = max(range(3), key=scores.__getitem__)
            assert ord(grid[j * GRID + i]) - ord("a") == expected
            classes.add(expected)
    assert len(classes) > 1  # the test sees more than one class
