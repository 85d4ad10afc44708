"""Issue #13, threads: training in one thread while another evaluates, compiles, runs
compiled code and draws graphs (under no_grad and detect_anomaly, which are per-thread
ContextVars) gives exactly the numbers of a single-threaded run, on both sides."""

import copy
import sys
import threading
import time

import pytest

import autograd
import nn
import viz

X = [[0.5, -1.0], [-0.2, 0.3], [1.5, 0.7], [-1.1, -0.4]]
Y = [1.0, -1.0, 1.0, -1.0]


def train(model, steps, before_step=lambda step: None):
    """Plain eager SGD, loss by loss: the losses and the final parameters."""
    opt = nn.optim.SGD(model.parameters(), lr=0.05)
    losses = []
    for step in range(steps):
        before_step(step)
        model.zero_grad()
        loss = nn.hinge_loss([model(x) for x in X], Y) + 1e-4 * nn.l2_penalty(model)
        loss.backward()
        opt.step()
        losses.append(loss.data)
    return losses, [p.data for p in model.parameters()]


def side_round(watched):
    """What the other thread does, once: evaluate the training model without recording,
    compile and run another model's loss, back-propagate in anomaly mode, draw DOT source."""
    out = []
    with autograd.no_grad():  # reads the training model: must not record or touch grads
        out.append(len(watched(X[0])._prev))
    other = nn.MLP(2, [4, 1], seed=1)
    cf = autograd.compile(lambda *xs: nn.mse_loss([other(xs[:2]), other(xs[2:])], [1.0, 0.0]))
    value, grads = cf(*X[0], *X[1])
    out.append((value, tuple(grads)))
    with autograd.detect_anomaly():
        loss = (other(X[2]) - 1.0) ** 2
        loss.backward()
        out.append([p.grad for p in other.parameters()])
    out.append(len(viz.draw_graph(loss, max_nodes=40).source))
    return out


@pytest.fixture
def fast_switching():
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # interleave the threads every few bytecodes
    yield
    sys.setswitchinterval(old)


def test_training_beside_evaluation_compilation_and_drawing_matches_single_thread(fast_switching):
    template = nn.MLP(2, [4, 1], seed=0)
    expected_train = train(copy.deepcopy(template), 150)
    expected_side = side_round(copy.deepcopy(template))

    model = copy.deepcopy(template)
    results, rounds, done = {}, [], threading.Event()

    def wait_for_rounds(step):
        # the side thread must really run beside the training, however the scheduler deals
        # out time (training is ~25 ms): a third and two thirds of the way in, the training
        # waits until it has finished one and two rounds
        if step in (50, 100):
            deadline = time.monotonic() + 60
            while len(rounds) < step // 50 and time.monotonic() < deadline:
                time.sleep(0.001)

    def trainer():
        results["train"] = train(model, 150, wait_for_rounds)
        done.set()

    def other():
        while not done.is_set():
            rounds.append(side_round(model))

    threads = [threading.Thread(target=trainer), threading.Thread(target=other)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert results["train"] == expected_train
    assert len(rounds) >= 2  # the side thread really ran beside the training
    assert all(r == expected_side for r in rounds)
