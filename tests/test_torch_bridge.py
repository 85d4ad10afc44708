"""nn.to_torch / nn.from_torch and the optimizer state bridge: the same numbers on both sides."""

import functools
import itertools
import math
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nn
from autograd import Value

torch = pytest.importorskip("torch")

X = [[0.3, -1.2, 0.7], [1.0, 0.5, -0.4], [-0.8, 0.1, 0.9], [0.05, -0.3, -1.5]]
Y = [0.5, -1.0, 1.5, 0.2]
NAMES = ("relu", "tanh", "sigmoid", "leaky_relu", "gelu", "silu", "step", "linear")


def close(a, b, tol=1e-12):
    return abs(a - b) <= tol * max(1.0, abs(b))


def mlp(*args, **kwargs):
    """An MLP, or a skip when nn does not accept the activation yet (gelu and silu are on their way)."""
    try:
        return nn.MLP(*args, **kwargs)
    except ValueError as e:
        if "unknown activation" in str(e):
            pytest.skip(f"nn does not ship this activation yet: {e}")
        raise


def tensor(rows):
    return torch.tensor(rows, dtype=torch.float64)


def torch_mse(module, X=X, Y=Y):
    return ((module(tensor(X))[:, 0] - tensor(Y)) ** 2).mean()


# -- the model ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_forward_and_gradients_equal_ours(name):
    model = mlp(3, [5, 4, 2], activation=name, output_activation=name, seed=3)
    module = nn.to_torch(model)
    assert next(module.parameters()).dtype == torch.float64
    out = module(tensor(X))
    for x, row in zip(X, out.tolist()):
        assert all(close(ours.data, theirs) for ours, theirs in zip(model(x), row, strict=True))
    # the same loss, both ways: Σ over rows of output0 · output1
    ours = sum((o[0] * o[1] for o in model.forward_batch(X)), Value(0.0))
    ours.backward()
    (out[:, 0] * out[:, 1]).sum().backward()
    back = [g for lin in module if isinstance(lin, torch.nn.Linear) for g in (lin.weight.grad, lin.bias.grad)]
    assert len(back) == 6
    for i, layer in enumerate(model.layers):
        for j, neuron in enumerate(layer.neurons):
            assert close(neuron.b.grad, back[2 * i + 1][j].item())
            assert all(close(w.grad, back[2 * i][j, k].item()) for k, w in enumerate(neuron.w))


def test_modules_are_the_expected_torch_layers():
    model = nn.MLP(2, [4, 4, 1], activation="tanh", output_activation="sigmoid", seed=0)
    kinds = [type(m).__name__ for m in nn.to_torch(model)]
    assert kinds == ["Linear", "Tanh", "Linear", "Tanh", "Linear", "Sigmoid"]
    assert [type(m).__name__ for m in nn.to_torch(nn.MLP(2, [3, 1], seed=0))] == ["Linear", "ReLU", "Linear"]


def test_gelu_is_the_exact_form_and_silu_is_silu():
    model = mlp(2, [3, 1], activation="gelu", seed=0)
    assert type(nn.to_torch(model)[1]) is torch.nn.GELU and nn.to_torch(model)[1].approximate == "none"
    assert type(nn.to_torch(mlp(2, [3, 1], activation="silu", seed=0))[1]) is torch.nn.SiLU


def test_leaky_relu_keeps_its_slope_both_ways():
    slope = functools.partial(Value.leaky_relu, slope=0.2)
    model = nn.MLP(3, [4, 1], activation=slope, seed=2)
    module = nn.to_torch(model)
    assert type(module[1]) is torch.nn.LeakyReLU and module[1].negative_slope == 0.2
    rows = module(tensor(X))[:, 0].tolist()
    assert all(close(model(x).data, r) for x, r in zip(X, rows))
    back = nn.from_torch(module)
    assert [back(x).data for x in X] == [model(x).data for x in X]
    assert nn.to_torch(nn.MLP(3, [4, 1], activation="leaky_relu", seed=2))[1].negative_slope == 0.01


def test_step_passes_zero_gradients_not_none():
    model = nn.MLP(3, [4, 1], activation="step", seed=1)
    module = nn.to_torch(model)
    torch_mse(module).backward()
    assert torch.equal(module[0].weight.grad, torch.zeros_like(module[0].weight))
    assert nn.from_torch(module).layers[0].activation == "step"
    at_the_kink = torch.tensor([[-1.0, 0.0, 1.0]], dtype=torch.float64)
    step = nn.to_torch(nn.Layer(1, 1, activation="step"))
    ours = [Value(x).step().data for x in (-1.0, 0.0, 1.0)]
    assert [float(v) for v in step[1](at_the_kink)[0]] == ours == [0, 0, 1]  # 0 at the kink, both sides


def test_a_layer_exports_alone():
    layer = nn.Layer(3, 2, activation="tanh", seed=5)
    module = nn.to_torch(layer)
    rows = module(tensor(X)).tolist()
    assert all(close(a.data, b) for x, row in zip(X, rows) for a, b in zip(layer(x), row))


def test_float32_on_request():
    model = nn.MLP(3, [4, 1], seed=0)
    module = nn.to_torch(model, dtype=torch.float32)
    assert module[0].weight.dtype == torch.float32
    rows = module(torch.tensor(X, dtype=torch.float32))[:, 0].tolist()
    assert all(abs(model(x).data - r) < 1e-5 for x, r in zip(X, rows))


def test_custom_activation_is_refused_by_name():
    def wiggle(v):
        return v.tanh() * 2

    with pytest.raises(ValueError, match=r"layers\.0: the activation 'wiggle' has no torch\.nn counterpart"):
        nn.to_torch(nn.MLP(3, [4, 1], activation=wiggle, seed=0))
    with pytest.raises(ValueError, match=r"layers\.1: the activation '<lambda>'"):
        nn.to_torch(nn.MLP(3, [4, 1], output_activation=lambda v: v.exp(), seed=0))
    with pytest.raises(TypeError, match="MLP or a Layer, not Neuron"):
        nn.to_torch(nn.Neuron(3))


def test_non_finite_parameters_refuse_to_export():
    model = nn.MLP(3, [4, 1], seed=0)
    model.layers[0].neurons[1].w[2].data = math.nan
    model.layers[1].neurons[0].b.data = math.inf
    with pytest.raises(ValueError, match=r"non-finite parameters: 2 .*layers\.0\.neurons\.1\.w\.2 = nan"):
        nn.to_torch(model)


def test_dropout_exports_with_its_p_and_mode():
    model = nn.MLP(3, [6, 5, 1], dropout=0.3, seed=0)
    module = nn.to_torch(model)
    assert [type(m).__name__ for m in module] == ["Linear", "ReLU", "Dropout"] * 2 + ["Linear"]
    assert module[2].p == 0.3 and module.training and module[2].training
    model.eval()
    module = nn.to_torch(model)
    assert not module.training and not module[2].training
    rows = module(tensor(X))[:, 0].tolist()
    assert all(close(model(x).data, r) for x, r in zip(X, rows))
    back = nn.from_torch(module)
    assert back.dropout.p == 0.3 and not back.training
    assert nn.from_torch(module.train()).training


# -- importing ----------------------------------------------------------------------------------


def torch_stack(*sizes, act=torch.nn.Tanh, seed=0):
    torch.manual_seed(seed)
    layers = []
    for i, (a, b) in enumerate(itertools.pairwise(sizes)):
        layers.append(torch.nn.Linear(a, b, dtype=torch.float64))
        if i < len(sizes) - 2:
            layers.append(act())
    return torch.nn.Sequential(*layers)


def test_from_torch_has_the_same_weights_and_outputs():
    module = torch_stack(3, 8, 5, 2)
    model = nn.from_torch(module)
    assert model.config()["nouts"] == [8, 5, 2] and model.layers[0].activation == "tanh"
    assert model.layers[-1].activation == "linear"
    rows = module(tensor(X)).tolist()
    assert all(close(a.data, b) for x, row in zip(X, rows) for a, b in zip(model(x), row, strict=True))
    assert model.layers[1].neurons[3].w[2].data == module[2].weight[3, 2].item()
    assert model.layers[2].neurons[1].b.data == module[4].bias[1].item()


@settings(max_examples=15, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=1, max_size=3), st.integers(1, 4),
       st.sampled_from(["relu", "tanh", "sigmoid", "linear", "step"]), st.integers(0, 2**16))
def test_round_trips_are_exact(hidden, nin, activation, seed):
    model = nn.MLP(nin, hidden, activation=activation, output_activation=activation, seed=seed)
    back = nn.from_torch(nn.to_torch(model))
    assert back.state_dict() == model.state_dict()
    assert [layer.activation for layer in back.layers] == [layer.activation for layer in model.layers]
    module = torch_stack(nin, *hidden, seed=seed)
    again = nn.to_torch(nn.from_torch(module))
    assert all(torch.equal(a, b) for a, b in zip(module.parameters(), again.parameters(), strict=True))


def test_nested_sequentials_and_float32_import():
    inner = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU())
    module = torch.nn.Sequential(inner, torch.nn.Linear(4, 1))
    model = nn.from_torch(module)
    rows = module(torch.tensor(X, dtype=torch.float32))[:, 0].tolist()
    assert all(abs(model(x).data - r) < 1e-5 for x, r in zip(X, rows))
    assert model.layers[0].neurons[0].w[0].data == inner[0].weight[0, 0].item()  # float32 widens exactly


@pytest.mark.parametrize(("module", "message"), [
    (lambda: torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.Softmax(dim=1)),
     r"layer '1' \(Softmax\(dim=1\)\) is not supported"),
    (lambda: torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.ReLU(), torch.nn.Linear(3, 1)),
     r"layer '2' \(Linear\(in_features=3.*\) takes 3 inputs but layer '0' gives 4"),
    (lambda: torch.nn.Sequential(torch.nn.ReLU(), torch.nn.Linear(2, 1)),
     r"layer '0' \(ReLU\(\)\) comes before any Linear"),
    (lambda: torch.nn.Sequential(torch.nn.Linear(2, 4, bias=False)), r"layer '0' .* has no bias"),
    (lambda: torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 3),
                                 torch.nn.Tanh(), torch.nn.Linear(3, 1)),
     r"layer '2' uses tanh after layer '0' used relu"),
    (lambda: torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Tanh()),
     r"layer '2' \(Tanh\(\)\) follows an activation"),
    (lambda: torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Dropout(0.2)), "output layer"),
    (lambda: torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Dropout(0.2), torch.nn.ReLU(),
                                 torch.nn.Linear(3, 1)), r"layer '2' \(ReLU\(\)\) follows a Dropout"),
    (lambda: torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Dropout(0.2),
                                 torch.nn.Linear(3, 3), torch.nn.ReLU(), torch.nn.Dropout(0.1),
                                 torch.nn.Linear(3, 1)),
     r"layer '3' is followed by dropout 0.1 but layer '0' by 0.2"),
    (lambda: torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.GELU(approximate="tanh")),
     r"GELU\(approximate='tanh'\)\) is not supported"),
    (lambda: torch.nn.Conv1d(1, 1, 3), r"layer 'Conv1d' .* is not supported|comes before any Linear"),
])
def test_unsupported_stacks_name_the_layer(module, message):
    with pytest.raises(ValueError, match=message):
        nn.from_torch(module())


def test_non_finite_torch_weights_and_non_modules_are_refused():
    module = torch_stack(2, 3, 1)
    with torch.no_grad():
        module[2].bias[0] = math.nan
    with pytest.raises(ValueError, match=r"layer '2' .* non-finite"):
        nn.from_torch(module)
    with pytest.raises(TypeError, match=r"torch\.nn\.Module, not list"):
        nn.from_torch([torch.nn.Linear(2, 1)])


def test_without_torch_the_error_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)  # `import torch` now raises ImportError
    model = nn.MLP(2, [3, 1], seed=0)
    for call in (lambda: nn.to_torch(model), lambda: nn.from_torch(object()),
                 lambda: nn.optimizer_to_torch(nn.optim.SGD(model.parameters()), model, object())):
        with pytest.raises(ImportError, match=r'pip install -e "\.\[torch\]"'):
            call()


# -- optimizer state ---------------------------------------------------------------------------

OPTIMIZERS = [
    ("SGD", dict(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01)),
    ("Adagrad", dict(lr=0.1, lr_decay=0.01, initial_accumulator_value=0.1, weight_decay=0.01, eps=1e-8)),
    ("RMSprop", dict(lr=0.01, alpha=0.9, momentum=0.5, centered=True, weight_decay=0.01)),
    ("Adadelta", dict(lr=0.5, rho=0.8, eps=1e-5, weight_decay=0.01)),
    ("Adam", dict(lr=0.01, betas=(0.8, 0.9), amsgrad=True, weight_decay=0.01)),
    ("AdamW", dict(lr=0.02, betas=(0.85, 0.95), weight_decay=0.1, amsgrad=True, maximize=False)),
]
K = 4


def ours_steps(model, opt, k):
    for _ in range(k):
        opt.zero_grad()
        nn.mse_loss(model.forward_batch(X), Y).backward()
        opt.step()


def torch_steps(module, opt, k):
    for _ in range(k):
        opt.zero_grad()
        torch_mse(module).backward()
        opt.step()


def assert_same_weights(model, module):
    ours, theirs = model.state_dict(), nn.from_torch(module).state_dict()
    assert ours.keys() == theirs.keys()
    bad = [name for name in ours if not close(theirs[name], ours[name])]
    assert not bad, [(name, ours[name], theirs[name]) for name in bad[:3]]


@pytest.mark.parametrize(("name", "options"), OPTIMIZERS, ids=[n for n, _ in OPTIMIZERS])
def test_k_steps_here_then_k_in_torch_equal_2k_here(name, options):
    model, reference = (nn.MLP(3, [5, 4, 1], activation="tanh", seed=7) for _ in range(2))
    opt = getattr(nn.optim, name)(model.parameters(), **options)
    ref_opt = getattr(nn.optim, name)(reference.parameters(), **options)
    ours_steps(model, opt, K)
    module = nn.to_torch(model)
    torch_opt = nn.optimizer_to_torch(opt, model, module)
    assert type(torch_opt) is getattr(torch.optim, name)
    for key, value in options.items():
        assert torch_opt.param_groups[0][key] == value
    torch_steps(module, torch_opt, K)
    ours_steps(reference, ref_opt, 2 * K)
    assert_same_weights(reference, module)


@pytest.mark.parametrize(("name", "options"), OPTIMIZERS, ids=[n for n, _ in OPTIMIZERS])
def test_k_steps_in_torch_then_k_here_equal_2k_in_torch(name, options):
    start = nn.MLP(3, [5, 4, 1], activation="tanh", seed=11)
    module, reference = nn.to_torch(start), nn.to_torch(start)
    torch_opt = getattr(torch.optim, name)(module.parameters(), **options)
    ref_opt = getattr(torch.optim, name)(reference.parameters(), **options)
    torch_steps(module, torch_opt, K)
    model = nn.from_torch(module)
    opt = nn.optimizer_from_torch(torch_opt, module, model)
    assert type(opt) is getattr(nn.optim, name)
    ours_steps(model, opt, K)
    torch_steps(reference, ref_opt, 2 * K)
    assert_same_weights(model, reference)


def test_state_matches_after_the_crossing():
    model = nn.MLP(3, [4, 1], seed=0)
    opt = nn.optim.RMSprop(model.parameters(), momentum=0.9)
    ours_steps(model, opt, 3)
    module = nn.to_torch(model)
    state = nn.optimizer_to_torch(opt, model, module).state_dict()["state"]
    assert sorted(state[0]) == ["momentum_buffer", "square_avg", "step"] and state[0]["step"].item() == 3.0
    assert state[0]["square_avg"][2, 1].item() == opt.state[model.layers[0].neurons[2].w[1]]["square_avg"]
    assert state[3]["momentum_buffer"][0].item() == opt.state[model.layers[1].neurons[0].b]["momentum_buffer"]


def test_parameter_groups_of_whole_tensors_carry_their_settings():
    model, reference = (nn.MLP(3, [5, 1], activation="tanh", seed=4) for _ in range(2))

    def groups(m):
        return [{"params": m.layers[0].parameters(), "lr": 0.05}, {"params": m.layers[1].parameters()}]

    opt, ref_opt = (nn.optim.SGD(groups(m), lr=0.2, momentum=0.5) for m in (model, reference))
    ours_steps(model, opt, K)
    module = nn.to_torch(model)
    torch_opt = nn.optimizer_to_torch(opt, model, module)
    assert [g["lr"] for g in torch_opt.param_groups] == [0.05, 0.2]
    assert [len(g["params"]) for g in torch_opt.param_groups] == [2, 2]
    torch_steps(module, torch_opt, K)
    ours_steps(reference, ref_opt, 2 * K)
    assert_same_weights(reference, module)
    back = nn.optimizer_from_torch(torch_opt, module, nn.from_torch(module))
    assert [g["lr"] for g in back.param_groups] == [0.05, 0.2]


def test_groups_splitting_a_tensor_and_strangers_are_refused():
    model = nn.MLP(3, [5, 1], seed=4)
    first = model.layers[0].neurons[0].parameters()
    rest = [p for p in model.parameters() if all(p is not q for q in first)]
    split = nn.optim.SGD([{"params": first}, {"params": rest}], lr=0.1)
    with pytest.raises(ValueError, match=r"group 0 holds 3 of the 15 entries of layers\.0's weight"):
        nn.optimizer_to_torch(split, model, nn.to_torch(model))
    stranger = nn.optim.SGD([*model.parameters(), Value(1.0, label="elsewhere")], lr=0.1)
    with pytest.raises(ValueError, match="holds elsewhere, which is not a parameter of the model"):
        nn.optimizer_to_torch(stranger, model, nn.to_torch(model))
    other = nn.to_torch(nn.MLP(3, [4, 1], seed=0))
    with pytest.raises(ValueError, match=r"layer '0' .* but the model's layers\.0 has 3 inputs and 5 out"):
        nn.optimizer_to_torch(nn.optim.SGD(model.parameters()), model, other)


def test_other_optimizers_are_refused_and_decoupled_adam_is_adamw():
    model = nn.MLP(3, [4, 1], seed=0)
    module = nn.to_torch(model)
    with pytest.raises(ValueError, match="NAdam is not one of torch's optimizers"):
        nn.optimizer_from_torch(torch.optim.NAdam(module.parameters()), module, model)
    decoupled = torch.optim.Adam(module.parameters(), lr=0.01, weight_decay=0.1, decoupled_weight_decay=True)
    assert type(nn.optimizer_from_torch(decoupled, module, model)) is nn.optim.AdamW
    loose = torch.optim.SGD([*module.parameters(), torch.zeros(3, requires_grad=True)], lr=0.1)
    with pytest.raises(ValueError, match=r"tensor of shape \(3,\) that is not a weight or bias"):
        nn.optimizer_from_torch(loose, module, model)


def test_state_torch_cannot_hold_is_refused():
    model = nn.MLP(3, [4, 1], seed=0)
    opt = nn.optim.Adam(model.parameters(), lr=0.01)
    ours_steps(model, opt, 2)
    opt.state[model.layers[0].neurons[1].w[0]]["step"] = 5
    with pytest.raises(ValueError, match=r"entries of layers\.0.s weight have taken different numbers"):
        nn.optimizer_to_torch(opt, model, nn.to_torch(model))
    del opt.state[model.layers[0].neurons[1].w[0]]
    with pytest.raises(ValueError, match=r"state of layers\.0's weight differs in kind between its entries"):
        nn.optimizer_to_torch(opt, model, nn.to_torch(model))
