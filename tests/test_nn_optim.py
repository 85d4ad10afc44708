"""Optimizers: first steps against hand-computed updates, against torch.optim where installed,
state dicts, parameter groups and errors."""

import math

import pytest

import nn
from autograd import Value
from nn.optim import SGD, Adadelta, Adagrad, Adam, AdamW, RMSprop

GRADS = [0.5, -1.0, 2.0]


def run(make, grads=GRADS, p0=1.0):
    """The parameter after each step of ``make([p])`` fed the gradients ``grads``."""
    p = Value(p0)
    opt = make([p])
    seen = []
    for g in grads:
        opt.zero_grad()
        p.grad = g
        opt.step()
        seen.append(p.data)
    return seen


def test_sgd_plain_momentum_nesterov_weight_decay():
    assert run(lambda ps: SGD(ps, lr=0.1)) == pytest.approx([0.95, 1.05, 0.85])
    assert run(lambda ps: SGD(ps, lr=0.1, momentum=0.9)) == pytest.approx([0.95, 1.005, 0.8545])
    assert run(lambda ps: SGD(ps, lr=0.1, momentum=0.9, nesterov=True))[:2] == pytest.approx([0.905, 1.0545])
    assert run(lambda ps: SGD(ps, lr=0.1, weight_decay=0.1))[0] == pytest.approx(0.94)
    damped = run(lambda ps: SGD(ps, lr=0.1, momentum=0.5, dampening=0.5))[1]
    assert damped == pytest.approx(0.95 - 0.1 * (0.25 - 0.5))
    assert run(lambda ps: SGD(ps, lr=0.1, maximize=True))[0] == pytest.approx(1.05)


def test_adagrad():
    p1 = 1 - 0.1 * 0.5 / (0.5 + 1e-10)
    p2 = p1 + 0.1 * 1.0 / (math.sqrt(1.25) + 1e-10)
    assert run(lambda ps: Adagrad(ps, lr=0.1))[:2] == pytest.approx([p1, p2], abs=1e-12)
    decayed = run(lambda ps: Adagrad(ps, lr=0.1, lr_decay=0.5))[1]
    assert decayed == pytest.approx(p1 + 0.1 / 1.5 / (math.sqrt(1.25) + 1e-10), abs=1e-12)


def test_rmsprop():
    v1 = 0.01 * 0.25
    p1 = 1 - 0.01 * 0.5 / (math.sqrt(v1) + 1e-8)
    v2 = 0.99 * v1 + 0.01 * 1.0
    p2 = p1 + 0.01 * 1.0 / (math.sqrt(v2) + 1e-8)
    assert run(lambda ps: RMSprop(ps))[:2] == pytest.approx([p1, p2], abs=1e-12)
    mom = run(lambda ps: RMSprop(ps, momentum=0.9))
    b1 = 0.5 / (math.sqrt(v1) + 1e-8)
    b2 = 0.9 * b1 - 1.0 / (math.sqrt(v2) + 1e-8)
    assert mom[:2] == pytest.approx([1 - 0.01 * b1, 1 - 0.01 * b1 - 0.01 * b2], abs=1e-12)


def test_adadelta():
    v1 = 0.1 * 0.25
    d1 = math.sqrt(1e-6) / math.sqrt(v1 + 1e-6) * 0.5
    u1 = 0.1 * d1 * d1
    v2 = 0.9 * v1 + 0.1 * 1.0
    d2 = math.sqrt(u1 + 1e-6) / math.sqrt(v2 + 1e-6) * -1.0
    assert run(lambda ps: Adadelta(ps))[:2] == pytest.approx([1 - d1, 1 - d1 - d2], abs=1e-12)


def test_adam_and_adamw_with_bias_correction():
    m1, v1 = 0.1 * 0.5, 0.001 * 0.25
    p1 = 1 - 0.1 * (m1 / 0.1) / (math.sqrt(v1 / 0.001) + 1e-8)
    m2, v2 = 0.9 * m1 + 0.1 * -1.0, 0.999 * v1 + 0.001 * 1.0
    p2 = p1 - 0.1 * (m2 / (1 - 0.9**2)) / (math.sqrt(v2 / (1 - 0.999**2)) + 1e-8)
    assert run(lambda ps: Adam(ps, lr=0.1))[:2] == pytest.approx([p1, p2], abs=1e-12)
    w1 = 1 * (1 - 0.1 * 0.01) - 0.1 * (m1 / 0.1) / (math.sqrt(v1 / 0.001) + 1e-8)
    assert run(lambda ps: AdamW(ps, lr=0.1))[0] == pytest.approx(w1, abs=1e-12)
    coupled = run(lambda ps: Adam(ps, lr=0.1, weight_decay=0.1))[0]
    g = 0.5 + 0.1
    assert coupled == pytest.approx(1 - 0.1 * g / (math.sqrt(g * g) + 1e-8), abs=1e-12)
    ams = run(lambda ps: Adam(ps, lr=0.1, amsgrad=True), grads=[2.0, 0.1])
    vmax = max(0.001 * 4.0, 0.999 * 0.001 * 4.0 + 0.001 * 0.01)
    m2 = 0.9 * 0.2 + 0.1 * 0.1
    assert ams[1] == pytest.approx(ams[0] - 0.1 * (m2 / 0.19) / (math.sqrt(vmax / (1 - 0.999**2)) + 1e-8))


CONFIGS = [
    ("SGD", dict(lr=0.1)), ("SGD", dict(lr=0.05, momentum=0.9, weight_decay=0.01)),
    ("SGD", dict(lr=0.05, momentum=0.9, nesterov=True)), ("SGD", dict(lr=0.05, momentum=0.5, dampening=0.3)),
    ("Adagrad", dict(lr=0.1, lr_decay=0.01, weight_decay=0.1, initial_accumulator_value=0.2)),
    ("RMSprop", dict()), ("RMSprop", dict(lr=0.01, momentum=0.9, centered=True, weight_decay=0.1)),
    ("Adadelta", dict()), ("Adadelta", dict(lr=0.5, rho=0.8, weight_decay=0.1)),
    ("Adam", dict(lr=0.1)), ("Adam", dict(lr=0.05, betas=(0.8, 0.9), weight_decay=0.1, amsgrad=True)),
    ("AdamW", dict(lr=0.1)), ("AdamW", dict(lr=0.05, weight_decay=0.3, amsgrad=True, maximize=True)),
    # small betas / alpha: the running means move more than halfway (torch.lerp's other branch)
    ("Adam", dict(lr=0.1, betas=(0.3, 0.4))), ("RMSprop", dict(lr=0.01, alpha=0.3, centered=True)),
]


@pytest.mark.parametrize(("name", "settings"), CONFIGS)
def test_same_numbers_as_torch_optim(name, settings):
    torch = pytest.importorskip("torch")
    start = [0.8, -1.5, 0.3]
    ours = [Value(v) for v in start]
    theirs = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in start]
    opt = getattr(nn.optim, name)(ours, **settings)
    ref = getattr(torch.optim, name)(theirs, **settings)
    for step in range(6):
        grads = [math.sin(1.7 * step + i) * (i + 1) for i in range(3)]
        for p, t, g in zip(ours, theirs, grads):
            p.grad = g
            t.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
        ref.step()
        for p, t in zip(ours, theirs):
            assert p.data == pytest.approx(t.item(), rel=1e-12, abs=1e-13)
    # the saved state holds what torch's holds after those steps: the same entries (step counts,
    # buffers; none that the settings do not use) with the same numbers, so a resumed run matches
    mine, reference = opt.state_dict(), ref.state_dict()
    assert sorted(mine["state"]) == sorted(reference["state"])
    for i, entries in reference["state"].items():
        assert sorted(mine["state"][i]) == sorted(entries), (name, i)
        for key, value in entries.items():
            assert mine["state"][i][key] == pytest.approx(value.item(), rel=1e-12, abs=1e-13), (name, i, key)
    for group, theirs_group in zip(mine["param_groups"], reference["param_groups"]):
        assert group["params"] == theirs_group["params"]
        assert {k: v for k, v in group.items() if k in theirs_group} == {
            k: theirs_group[k] for k in group if k in theirs_group}


@pytest.mark.parametrize(("name", "settings"), CONFIGS)
def test_state_dict_holds_torchs_entries(name, settings):
    """After some steps, each parameter's state has torch's keys (no unused buffers) and numbers."""
    torch = pytest.importorskip("torch")
    ours = [Value(v) for v in (0.8, -1.5)]
    theirs = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in (0.8, -1.5)]
    opt = getattr(nn.optim, name)(ours, **settings)
    ref = getattr(torch.optim, name)(theirs, **settings)
    for step in range(4):
        for i, (p, t) in enumerate(zip(ours, theirs)):
            p.grad = math.cos(step + 2 * i)
            t.grad = torch.tensor(p.grad, dtype=torch.float64)
        opt.step()
        ref.step()
    mine, want = opt.state_dict()["state"], ref.state_dict()["state"]
    assert set(mine) == set(want)
    for i, state in want.items():
        assert set(mine[i]) == set(state), (i, sorted(mine[i]), sorted(state))
        for key, tensor in state.items():
            assert mine[i][key] == pytest.approx(tensor.item(), rel=1e-12, abs=1e-15), (i, key)


def test_defaults_are_torchs():
    torch = pytest.importorskip("torch")
    import inspect

    for name in ("SGD", "Adagrad", "RMSprop", "Adadelta", "Adam", "AdamW"):
        ours = inspect.signature(getattr(nn.optim, name)).parameters
        theirs = inspect.signature(getattr(torch.optim, name)).parameters
        for key, param in ours.items():
            if key != "params":
                assert key in theirs and param.default == theirs[key].default, (name, key)


def test_state_dict_resumes_exactly():
    def trained(opt_from_state=None):
        p = Value(1.0)
        opt = Adam([p], lr=0.1)
        for g in GRADS:
            p.grad = g
            opt.step()
        return p, opt

    p, opt = trained()
    state = opt.state_dict()
    assert state["state"][0]["step"] == 3 and state["param_groups"][0]["params"] == [0]
    q = Value(p.data)
    resumed = Adam([q], lr=0.5)
    resumed.load_state_dict(state)
    assert resumed.param_groups[0]["lr"] == 0.1
    for opt_, v in ((opt, p), (resumed, q)):
        v.grad = 0.3
        opt_.step()
    assert q.data == p.data
    with pytest.raises(ValueError, match="does not match"):
        Adam([Value(0.0), Value(1.0)]).load_state_dict(state)


def test_parameter_groups_and_module_params():
    model = nn.MLP(2, [2, 1], seed=0)
    first, second = model.layers[0].parameters(), model.layers[1].parameters()
    opt = SGD([{"params": first}, {"params": second, "lr": 1.0}], lr=0.1)
    for p in model.parameters():
        p.grad = 1.0
    before = [p.data for p in model.parameters()]
    opt.step()
    moved = [b - p.data for b, p in zip(before, model.parameters())]
    assert moved == pytest.approx([0.1] * len(first) + [1.0] * len(second))
    assert len(SGD(model, lr=0.1).param_groups[0]["params"]) == model.num_parameters()


def test_bad_settings_raise_clear_errors():
    with pytest.raises(ValueError, match="empty parameter list"):
        SGD([], lr=0.1)
    with pytest.raises(TypeError, match="must be Values"):
        SGD([1.0], lr=0.1)
    with pytest.raises(ValueError, match="Invalid lr"):
        Adam([Value(1.0)], lr=-1)
    with pytest.raises(ValueError, match="beta"):
        Adam([Value(1.0)], betas=(1.0, 0.999))
    with pytest.raises(ValueError, match="Nesterov"):
        SGD([Value(1.0)], lr=0.1, nesterov=True)
    with pytest.raises(TypeError, match="finite number"):
        SGD([Value(1.0)], lr=math.nan)
    p = Value(1.0)
    with pytest.raises(ValueError, match="more than one group"):
        SGD([{"params": [p]}, {"params": [p]}], lr=0.1)


def test_a_parameter_listed_twice_is_named():
    w, b = Value(1.0, label="w"), Value(0.0, label="b")
    with pytest.raises(ValueError, match="parameter w appears twice in the parameter list"):
        SGD([w, b, w], lr=0.1)
    with pytest.raises(ValueError, match="parameter b appears in more than one group"):
        Adam([{"params": [w, b]}, {"params": [b]}])


def test_load_state_dict_checks_every_group_before_changing_any():
    a, b = Value(1.0), Value(2.0)
    opt = SGD([{"params": [a]}, {"params": [b], "lr": 0.5}], lr=0.1, momentum=0.9)
    a.grad = b.grad = 1.0
    opt.step()
    before = (opt.state_dict(), [dict(g) for g in opt.param_groups])
    good = opt.state_dict()
    bad_cases = [
        {**good, "param_groups": [{**good["param_groups"][0], "lr": 0.01},
                                  {**good["param_groups"][1], "momentum": -1.0}]},
        {**good, "param_groups": [{**good["param_groups"][0], "lr": 0.01},
                                  {**good["param_groups"][1], "lr": "fast"}]},
        {**good, "state": {**good["state"], 7: {"momentum_buffer": 1.0}}},
        {**good, "state": {**good["state"], "x": {"momentum_buffer": 1.0}}},
        {**good, "state": {0: {"momentum_buffer": "1.0"}}},
        {**good, "state": [1, 2]},
    ]
    for bad in bad_cases:
        with pytest.raises((ValueError, TypeError)):
            opt.load_state_dict(bad)
        assert (opt.state_dict(), [dict(g) for g in opt.param_groups]) == before
    with pytest.raises(ValueError, match="parameter group 1: Invalid momentum"):
        opt.load_state_dict(bad_cases[0])
    renamed = {**good, "state": {str(k): v for k, v in good["state"].items()}}  # as after a JSON round trip
    opt.load_state_dict(renamed)
    assert opt.state_dict()["state"] == good["state"]
