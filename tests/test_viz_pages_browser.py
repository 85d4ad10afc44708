"""The explorer and training replay pages in headless Chromium, opened from ``file://``.

Each page is stepped through its JavaScript API (``window.gradlab``) and its state checked
against the engine; every page must make no network request and log no error. Screenshots
go to ``out/``. Without Chromium (no root to install it) these tests skip.
"""

import math
from pathlib import Path

import pytest
from browser import chromium, errors_logged, open_page, requests_made

import nn
import viz
from autograd import Value, topological_order
from viz.formatting import number

OUT = Path(__file__).resolve().parent.parent / "out"
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


@pytest.fixture(scope="module")
def driver():
    with chromium() as d:
        yield d


def load(driver, page, path):
    page.save(path)
    open_page(driver, path)


def clean(driver):
    assert requests_made(driver) == []
    assert errors_logged(driver) == []


def notes_neuron():
    x1, x2 = Value(2.0, label="x1"), Value(-1.0, label="x2")
    w1, w2, b = Value(0.5, label="w1"), Value(-0.5, label="w2"), Value(-0.9, label="b")
    return ((w1 * x1 + w2 * x2 + b).tanh() - Value(0.5, label="y")) ** 2


def fan_out_and_dead_relu():
    x, y = Value(0.5, label="x"), Value(-0.3, label="y")
    return x * (x * x + y * y).exp() + (x * -2.0).relu()


def expected_updates(root, ids):
    """(parent id, grad after) of each drawn update, by the engine's algorithm over a fresh table."""
    table = dict.fromkeys(topological_order(root, leaves=True), 0.0)
    table[root] = 1.0
    out = []
    for n in reversed(topological_order(root)):
        if table[n] != 0.0:
            for p, local in zip(n._prev, n._locals):
                table[p] += table[n] * local
                out.append((ids[p], table[p]))
    return out


@pytest.mark.parametrize("build", [notes_neuron, fan_out_and_dead_relu])
def test_every_step_matches_the_engine(driver, tmp_path, build):
    root = build()
    explorer = viz.explore(root)
    load(driver, explorer, tmp_path / "explorer.html")
    states = driver.execute_script(
        "const E = window.gradlab.explorer, out = [E.reset()];"
        "for (let i = 0; i < out[0].total; i++) out.push(E.step()); return out;")
    root.backward()
    ids = {v: vid for vid, v in explorer.values.items()}
    order = topological_order(root, leaves=True)
    updates = expected_updates(root, ids)
    n_skips = sum(n.grad == 0.0 for n in topological_order(root))
    total = states[0]["total"]
    assert total == len(order) + 1 + len(updates) + n_skips
    assert [s["step"] for s in states] == list(range(total + 1))
    forward = states[1:len(order) + 1]
    for v, state in zip(order, forward):  # one node at a time, in topological order
        assert state["phase"] == "forward" and state["node"] == ids[v] and state["data"][ids[v]] == v.data
        assert state["grad"] == {}
    seed = states[len(order) + 1]
    assert seed["grad"][ids[root]] == 1 and seed["text"].startswith("grad[")
    backward = [s for s in states[len(order) + 2:] if not s["text"].startswith("skip")]
    assert len(backward) == len(updates)
    for state, (parent, after) in zip(backward, updates):
        assert state["grad"][parent] == after and "+=" in state["text"]
    assert len(states) - len(order) - 2 - len(backward) == n_skips
    last = states[-1]
    assert last["phase"] == "done"
    for vid, v in explorer.values.items():
        assert last["data"][vid] == pytest.approx(v.data, abs=1e-12)
        assert last["grad"][vid] == pytest.approx(v.grad, abs=1e-12)
    clean(driver)


def test_keyboard_and_play(driver, tmp_path):
    load(driver, viz.explore(notes_neuron()), tmp_path / "explorer.html")
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    body = driver.find_element("tag name", "body")
    body.send_keys(Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_LEFT)
    state = "return window.gradlab.explorer.state()"
    assert driver.execute_script(state)["step"] == 2
    body.send_keys(Keys.SPACE)  # play
    WebDriverWait(driver, 10).until(lambda d: d.execute_script(state)["step"] >= 4)
    body.send_keys(Keys.SPACE)  # pause
    paused = driver.execute_script(state)["step"]
    assert driver.execute_script(state)["step"] == paused
    driver.find_element("id", "gl-phase-end").click()
    assert driver.execute_script(state)["phase"] == "forward"
    driver.find_element("id", "gl-phase-end").click()
    assert driver.execute_script(state)["phase"] == "done"
    clean(driver)


def test_screenshot_mid_backward(driver):
    OUT.mkdir(exist_ok=True)
    explorer = viz.explore(fan_out_and_dead_relu())
    load(driver, explorer, OUT / "explorer_test.html")
    state = driver.execute_script(f"return window.gradlab.explorer.goto({explorer.walk.forward + 6})")
    assert state["phase"] == "backward" and "+=" in state["text"]
    assert driver.find_element("id", "gl-t").text == state["text"]
    driver.save_screenshot(str(OUT / "explorer_test.png"))
    clean(driver)


def bad_inputs():
    evil = Value(2.0, label='</script><b>"quotes" & \'apostrophes\'</b>')
    x = Value(float("inf"), label="x")
    return {"html label": (evil * evil).tanh(), "nan and inf": x * 0.0 + Value(float("nan")),
            "leaf root": Value(3.0, label="only")}


@pytest.mark.parametrize("case", list(bad_inputs()))
def test_bad_input_renders_and_steps(driver, tmp_path, case):
    root = bad_inputs()[case]
    explorer = viz.explore(root)
    load(driver, explorer, tmp_path / "bad.html")
    last = driver.execute_script("const E = window.gradlab.explorer; return E.goto(E.state().total)")
    assert last["phase"] == "done" and last["step"] == explorer.total
    names = [e.text for e in driver.find_elements("css selector", "#gl-table td.gl-name")]
    assert names == [explorer.walk.names[i] for i in explorer.walk.ids]
    for vid, v in explorer.values.items():
        if math.isfinite(v.data):
            assert last["data"][vid] == v.data
    clean(driver)


def test_a_capped_mlp_loss_steps_to_the_engines_grads(driver, tmp_path):
    model = nn.MLP(2, [16, 16, 1], seed=0)
    X = [[0.3 * i - 1, 0.5 - 0.1 * i] for i in range(8)]
    loss = nn.hinge_loss([model(x) for x in X], [1.0 if i % 2 else -1.0 for i in range(8)])
    explorer = viz.explore(loss)
    load(driver, explorer, tmp_path / "mlp.html")
    assert (tmp_path / "mlp.html").stat().st_size <= 2_000_000
    last = driver.execute_script("const E = window.gradlab.explorer; return E.goto(E.state().total)")
    loss.backward()
    engine = {vid: v.grad for vid, v in explorer.values.items()}
    assert {vid: last["grad"][vid] for vid in explorer.values} == engine
    assert "left out" in driver.find_element("id", "gl-graph").text
    clean(driver)


@pytest.fixture(scope="module")
def moons_history():
    X, labels = nn.make_moons(40, noise=0.1, seed=3)
    y = [2.0 * t - 1.0 for t in labels]
    model = nn.MLP(2, [8, 8, 1], seed=3)
    history = nn.fit(model, X, y, loss=nn.hinge_loss, optimizer=nn.optim.SGD(model.parameters(), lr=0.5),
                     epochs=30, seed=3, verbose=False, record=True)
    return history


def test_training_replay_first_and_last_epoch(driver, moons_history):
    OUT.mkdir(exist_ok=True)
    load(driver, viz.explore_training(moons_history), OUT / "training_test.html")
    api = "return window.gradlab.training."
    first = driver.execute_script(api + "goto(1)")
    assert first == {"epoch": 1, "total": 30, "loss": moons_history["loss"][0]}
    assert driver.find_element("id", "gl-loss").text == number(moons_history["loss"][0])
    last = driver.execute_script(api + "goto(30)")
    assert last["loss"] == moons_history["loss"][-1]
    assert driver.find_element("id", "gl-loss").text == number(moons_history["loss"][-1])
    assert driver.find_element("id", "gl-regions-cap").text == "decision regions after epoch 30"
    driver.execute_script(api + "goto(1)")
    driver.execute_script(api + "play()")
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 10).until(lambda d: d.execute_script(api + "state()")["epoch"] > 3)
    driver.execute_script(api + "pause()")
    driver.execute_script(api + "goto(15)")
    driver.save_screenshot(str(OUT / "training_test.png"))
    clean(driver)
