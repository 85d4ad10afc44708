"""nn.Module and the micrograd-compatible layers: names, labels, order, modes, state dicts."""

import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

import nn
from autograd import Value, affine, dot


def test_mlp_matches_micrograd_weights_order_forward_and_gradients():
    micro = pytest.importorskip("micrograd.nn")
    random.seed(1337)
    theirs = micro.MLP(2, [16, 16, 1])
    random.seed(1337)
    ours = nn.MLP(2, [16, 16, 1])
    assert [p.data for p in ours.parameters()] == [p.data for p in theirs.parameters()]
    x = [0.7, -1.3]
    out_t, out_o = theirs(x), ours(x)
    assert isinstance(out_o, Value)
    assert out_o.data == pytest.approx(out_t.data, abs=1e-12)
    out_t.backward()
    out_o.backward()
    for p, q in zip(ours.parameters(), theirs.parameters(), strict=True):
        assert p.grad == pytest.approx(q.grad, abs=1e-12)


def test_parameter_names_are_labels_in_micrograd_order():
    model = nn.MLP(3, [4, 2], seed=0)
    names = [n for n, _ in model.named_parameters()]
    assert names[:5] == ["layers.0.neurons.0.w.0", "layers.0.neurons.0.w.1", "layers.0.neurons.0.w.2",
                         "layers.0.neurons.0.b", "layers.0.neurons.1.w.0"]
    assert names[-1] == "layers.1.neurons.1.b"
    assert len(names) == model.num_parameters() == 4 * 4 + 2 * 5
    assert all(p.label == n for n, p in model.named_parameters())
    assert model.parameters() == [p for _, p in model.named_parameters()]


def test_standalone_neuron_and_layer_labels():
    neuron = nn.Neuron(2, seed=1)
    assert [p.label for p in neuron.parameters()] == ["w.0", "w.1", "b"]
    layer = nn.Layer(2, 2, seed=1)
    assert layer.parameters()[3].label == "neurons.1.w.0"


def test_custom_module_is_labelled_after_init():
    class Affine(nn.Module):
        def __init__(self):
            self.scale = Value(2.0)
            self.inner = nn.Neuron(1, activation="linear", seed=0)

    m = Affine()
    assert [p.label for p in m.parameters()] == ["scale", "inner.w.0", "inner.b"]


def test_single_output_is_a_value_and_several_are_a_list():
    assert isinstance(nn.MLP(2, [3, 1], seed=0)([1.0, 2.0]), Value)
    out = nn.MLP(2, [3, 2], seed=0)([1.0, 2.0])
    assert isinstance(out, list) and len(out) == 2


def test_forward_batch_builds_the_same_numbers_as_one_by_one():
    model = nn.MLP(2, [5, 3], seed=4)
    X = [[0.1, 0.2], [-1.0, 3.0], [2, 1]]
    batched = model.forward_batch(X)
    single = [model(x) for x in X]
    assert [[v.data for v in out] for out in batched] == [[v.data for v in out] for out in single]


@pytest.mark.parametrize("x", [[0.5, -2.0, 3.0], [1, 2, 3], [Value(0.5), Value(-2.0), Value(3.0)],
                               [Value(0.5), 2.0, Value(3.0)]])
def test_affine_makes_exactly_the_nodes_of_autograd_dot(x):
    ws = [[Value(0.3), Value(-1.2), Value(2.0)], [Value(1.0), Value(0.0), Value(-0.5)]]
    bs = [Value(0.1), Value(-0.2)]
    ours = affine(ws, bs, [x])[0]
    for node, w, b in zip(ours, ws, bs):
        ref = dot(w, x, b)
        assert node.data == ref.data
        assert node._op is ref._op or str(node._op) == str(ref._op)
        assert [p.data for p in node._prev] == [p.data for p in ref._prev]
        assert node._locals == ref._locals
        if all(isinstance(v, Value) for v in x) or all(type(v) in (int, float) for v in x):
            assert node._prev[: len(w)] == tuple(w)


def test_neuron_is_one_dot_node_then_the_activation():
    neuron = nn.Neuron(3, activation="tanh", seed=2)
    out = neuron([1.0, 2.0, 3.0])
    (z,) = out._prev
    assert z._op == "dot" and z._prev == (*neuron.w, neuron.b)  # raw inputs add no nodes
    assert out.data == pytest.approx(math.tanh(sum(w.data * x for w, x in zip(neuron.w, [1, 2, 3]))
                                               + neuron.b.data))


@pytest.mark.parametrize("activation", ["relu", "leaky_relu", "tanh", "sigmoid", "linear", "step"])
def test_activations(activation):
    neuron = nn.Neuron(2, activation=activation, seed=3)
    for p, v in zip(neuron.parameters(), [0.5, -1.0, 0.25]):
        p.data = v
    z = 0.5 * 2.0 - 1.0 * 3.0 + 0.25  # -1.75
    expected = {"relu": 0.0, "leaky_relu": 0.01 * z, "tanh": math.tanh(z), "sigmoid": 1 / (1 + math.exp(-z)),
                "linear": z, "step": 0.0}[activation]
    assert neuron([2.0, 3.0]).data == pytest.approx(expected)
    assert neuron.activation == activation


def test_initializers_follow_their_distributions():
    layer = nn.Layer(50, 40, init="xavier", seed=0)
    bound = math.sqrt(6 / 90)
    ws = [w.data for n in layer.neurons for w in n.w]
    assert max(abs(w) for w in ws) <= bound and max(abs(w) for w in ws) > 0.9 * bound
    he = [w.data for n in nn.Layer(50, 40, init="he", seed=0).neurons for w in n.w]
    std = math.sqrt(sum(w * w for w in he) / len(he))
    assert std == pytest.approx(math.sqrt(2 / 50), rel=0.1)
    normal = [w.data for n in nn.Layer(50, 40, init=nn.init.normal(0.1), seed=0).neurons for w in n.w]
    assert math.sqrt(sum(w * w for w in normal) / len(normal)) == pytest.approx(0.1, rel=0.1)
    assert all(n.b.data == 0.0 for n in layer.neurons)


def test_seed_and_rng_make_weights_reproducible():
    a = nn.MLP(2, [4, 1], seed=7).state_dict()
    assert a == nn.MLP(2, [4, 1], seed=7).state_dict()
    assert a == nn.MLP(2, [4, 1], rng=random.Random(7)).state_dict()
    assert a != nn.MLP(2, [4, 1], seed=8).state_dict()
    with pytest.raises(ValueError, match="seed or an rng"):
        nn.MLP(2, [1], seed=1, rng=random.Random(1))


def test_bad_construction_and_inputs_raise_clear_errors():
    with pytest.raises(ValueError, match="nin must be a positive int"):
        nn.MLP(0, [1])
    with pytest.raises(TypeError, match="nouts"):
        nn.MLP(2, 3)
    with pytest.raises(ValueError, match="unknown activation"):
        nn.MLP(2, [1], activation="swish")
    with pytest.raises(ValueError, match="unknown init"):
        nn.MLP(2, [1], init="orthogonal")
    model = nn.MLP(2, [3, 1], seed=0)
    with pytest.raises(ValueError, match="expected 2 inputs, got 3"):
        model([1.0, 2.0, 3.0])
    with pytest.raises(TypeError, match="sequence"):
        model(1.0)
    with pytest.raises(TypeError):
        model(["a", "b"])


def test_zero_grad_train_eval_and_repr():
    model = nn.MLP(2, [3, 1], seed=0, dropout=0.5)
    model([1.0, 2.0]).backward()
    assert any(p.grad for p in model.parameters())
    model.zero_grad()
    assert all(p.grad == 0.0 for p in model.parameters())
    assert model.eval() is model and not any(m.training for m in model.modules())
    model.train()
    assert all(m.training for m in model.modules())
    text = repr(model)
    assert "MLP(2 -> [3, 1], 13 parameters" in text and "layers.1: Layer(3 -> 1, linear" in text
    assert "Dropout(p=0.5)" in text


def test_dropout_zeroes_and_rescales_in_training_only():
    drop = nn.Dropout(0.5, seed=0)
    xs = [Value(1.0) for _ in range(2000)]
    out = [v.data for v in drop(xs)]
    assert set(out) <= {0.0, 2.0}
    assert 0.4 < out.count(0.0) / len(out) < 0.6
    drop.eval()
    assert [v.data for v in drop(xs)] == [1.0] * 2000
    with pytest.raises(ValueError, match="dropout probability"):
        nn.Dropout(1.0)


def test_state_dict_round_trip_and_bad_states_change_nothing():
    model = nn.MLP(2, [3, 1], seed=0)
    state = model.state_dict()
    other = nn.MLP(2, [3, 1], seed=1)
    other.load_state_dict(state)
    assert other.state_dict() == state
    before = other.state_dict()
    bad_cases = [
        ({k: v for k, v in state.items() if k != "layers.0.neurons.0.b"}, ValueError, "missing 1"),
        ({**state, "layers.9.neurons.0.b": 1.0}, ValueError, "unexpected 1"),
        ({**state, "layers.1.neurons.0.b": math.nan}, ValueError, "not finite"),
        ({**state, "layers.1.neurons.0.b": "1.0"}, TypeError, "real number"),
        ([1.0, 2.0], TypeError, "mapping"),
        ({}, ValueError, r"missing 13 \('layers.0.neurons.0.w.0', 'layers.0.neurons.0.w.1', "
                         r"'layers.0.neurons.0.b', 'layers.0.neurons.1.w.0', 'layers.0.neurons.1.w.1', "
                         r"\.\.\.\), unexpected none"),
    ]
    for bad, error, message in bad_cases:
        with pytest.raises(error, match=message):
            other.load_state_dict(bad)
        assert other.state_dict() == before


@given(st.lists(st.floats(-2, 2), min_size=2, max_size=2), st.integers(0, 50))
def test_network_gradients_match_finite_differences(x, seed):
    """Every parameter's gradient of a tanh MLP's loss, by backward and by central differences."""
    from autograd.check.gradcheck import compare

    model = nn.MLP(2, [3, 2], activation="tanh", seed=seed)
    start = [p.data for p in model.parameters()]

    def loss(*params):
        it = iter(params)
        for layer in model.layers:
            for neuron in layer.neurons:
                neuron.w = [next(it) for _ in neuron.w]
                neuron.b = next(it)
        return nn.cross_entropy(model(x), 1) + 0.1 * nn.l2_penalty(model)

    report = compare(loss, start, eps=1e-6, atol=1e-7, rtol=1e-5)
    assert report, str(report)


def test_numpy_inputs_stay_numbers_not_leaves():
    np = pytest.importorskip("numpy")
    model = nn.MLP(2, [3, 1], seed=0)
    (z,) = model.layers[0].forward(np.array([0.5, -1.0]))[0]._prev
    assert z._prev == (*model.layers[0].neurons[0].w, model.layers[0].neurons[0].b)
    assert z._locals == (0.5, -1.0, 1.0) and all(type(v) is float for v in z._locals)
    assert model(np.array([0.5, -1.0])).data == model([0.5, -1.0]).data


@pytest.mark.parametrize("activation", sorted(nn.activations.ACTIVATIONS))
def test_a_model_pickles_and_deep_copies_with_every_named_activation(activation):
    """Activations are module-level functions, so a whole model round-trips through pickle
    (multiprocessing, checkpoints) and deepcopy, and the copy computes and trains the same."""
    import copy
    import pickle

    model = nn.MLP(2, [3, 2], activation=activation, output_activation=activation, seed=0)
    for again in (pickle.loads(pickle.dumps(model)), copy.deepcopy(model)):
        assert again.state_dict() == model.state_dict()
        assert [v.data for v in again([0.5, -1.5])] == [v.data for v in model([0.5, -1.5])]
        assert again.parameters()[0] is not model.parameters()[0]
        nn.l2_penalty(again).backward()
        assert model.parameters()[0].grad == 0.0 and again.parameters()[0].grad != 0.0


def test_normal_init_defaults_to_the_standard_normal():
    """``nn.init.normal()`` is N(0, 1), as torch.nn.init.normal_'s defaults."""
    import random

    from nn.init import normal
    draw, rng = normal(), random.Random(0)
    xs = [draw(2, 1, rng) for _ in range(4000)]
    mean = sum(xs) / len(xs)
    std = math.sqrt(sum((x - mean) ** 2 for x in xs) / len(xs))
    assert abs(mean) < 0.05 and 0.95 < std < 1.05
