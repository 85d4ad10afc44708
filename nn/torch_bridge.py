"""Graduate to PyTorch: an ``MLP`` as a ``torch.nn.Sequential`` and back, with the same numbers.

``to_torch(model)`` gives ``Linear`` + activation modules (``Dropout`` of the same p after each
hidden layer when the model has one) holding our weights, in float64 unless asked otherwise:
its forward on a ``(batch, nin)`` tensor is ``model(x)`` row by row, and its gradients are
ours. ``from_torch(module)`` reads such a stack back into an ``MLP``; a round trip is exact.
Neuron ``j`` of layer ``i`` is row ``j`` of the ``i``-th ``Linear``'s weight, its bias entry
``j`` of the bias. torch is an optional extra, imported only when these functions run.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any

from autograd import Value

from .activations import ACTIVATIONS, DEFAULT_SLOPE, name_of
from .layers import MLP, Layer
from .module import Module

SUPPORTED = ("relu", "tanh", "sigmoid", "leaky_relu", "gelu", "silu", "step", "linear")
"""Our activation names with a ``torch.nn`` counterpart (gelu is the exact, erf form)."""


def require_torch() -> Any:
    """The ``torch`` module, or an ImportError saying which extra installs it."""
    try:
        import torch
    except ImportError as e:
        raise ImportError("this needs PyTorch, an optional extra: pip install -e \".[torch]\" "
                          "(or pip install \"gradlab[torch]\")") from e
    return torch


def to_torch(model: Module, dtype: Any = None) -> Any:
    """``model`` (an ``MLP`` or a ``Layer``) as a ``torch.nn.Sequential`` with the same weights.

    ``dtype`` defaults to ``torch.float64`` (our floats). The module is in training mode when
    the model is. Raises ``ValueError`` for an activation without a ``torch.nn`` counterpart
    (naming it) and for non-finite parameters, ``TypeError`` for other kinds of module.

    >>> import nn, torch
    >>> model = nn.MLP(2, [3, 1], seed=0)
    >>> net = nn.to_torch(model)
    >>> x = [0.5, -1.0]
    >>> abs(float(net(torch.tensor([x], dtype=torch.float64))[0, 0]) - model(x).data) < 1e-12
    True
    """
    torch = require_torch()
    from . import torch_modules

    dtype = torch.float64 if dtype is None else dtype
    layers = _layers_of(model)
    bad = [f"{name} = {p.data}" for name, p in model.named_parameters() if not math.isfinite(p.data)]
    if bad:
        raise ValueError(f"cannot export a model with non-finite parameters: {len(bad)} of them "
                         f"({', '.join(bad[:3])}{', ...' if len(bad) > 3 else ''})")
    dropout = model.dropout.p if isinstance(model, MLP) else 0.0
    stack = []
    for i, layer in enumerate(layers):
        name, slope = _activation_of(layer, f"layers.{i}" if isinstance(model, MLP) else "layer")
        linear = torch.nn.utils.skip_init(torch.nn.Linear, layer.nin, len(layer.neurons), dtype=dtype)
        with torch.no_grad():
            linear.weight.copy_(torch.tensor([[w.data for w in n.w] for n in layer.neurons], dtype=dtype))
            linear.bias.copy_(torch.tensor([n.b.data for n in layer.neurons], dtype=dtype))
        stack.append(linear)
        activation = torch_modules.activation_module(name, slope)
        if activation is not None:
            stack.append(activation)
        if dropout and i < len(layers) - 1:
            stack.append(torch.nn.Dropout(dropout))
    return torch.nn.Sequential(*stack).train(model.training)


def from_torch(module: Any, seed: int | None = 0) -> MLP:
    """Our ``MLP`` with the weights of ``module``: a ``torch.nn.Sequential`` (nested ones are read
    through) of ``Linear`` layers, each followed by at most one supported activation and, after
    hidden layers, a ``Dropout`` (the same p after every one); or a lone ``Linear``.

    Hidden layers must share one activation (an ``MLP`` has one). ``seed`` seeds the dropout's
    masks. The model is in training mode when the module is. Raises ``ValueError`` naming the
    first layer that is not supported, does not fit the previous one, or is not finite.

    >>> import nn
    >>> model = nn.MLP(2, [3, 1], activation="tanh", seed=0)
    >>> back = nn.from_torch(nn.to_torch(model))
    >>> [p.data for p in back.parameters()] == [p.data for p in model.parameters()]
    True
    """
    torch = require_torch()
    blocks = _blocks(torch, module)
    nin = blocks[0].linear.in_features
    *hidden, last = blocks
    hidden_kind = {b.activation for b in hidden}
    if len(hidden_kind) > 1:
        first = hidden[0]
        odd = next(b for b in hidden if b.activation != first.activation)
        raise ValueError(f"from_torch: layer {odd.name!r} uses {_shown(odd.activation)} after layer "
                         f"{first.name!r} used {_shown(first.activation)}; an MLP has one hidden activation")
    probabilities = {b.dropout for b in hidden}
    if len(probabilities) > 1:
        odd = next(b for b in hidden if b.dropout != hidden[0].dropout)
        raise ValueError(f"from_torch: layer {odd.name!r} is followed by dropout {odd.dropout} but layer "
                         f"{hidden[0].name!r} by {hidden[0].dropout}; an MLP puts the same Dropout "
                         "after every hidden layer")
    hidden_activation = hidden[0].activation if hidden else ("relu", DEFAULT_SLOPE)
    model = MLP(nin, [b.linear.out_features for b in blocks], activation=_ours(hidden_activation),
                output_activation=_ours(last.activation),
                dropout=(hidden[0].dropout or 0.0) if hidden else 0.0, seed=seed)
    state = {}
    for i, b in enumerate(blocks):
        weight = b.linear.weight.detach().to("cpu", torch.float64).tolist()
        bias = b.linear.bias.detach().to("cpu", torch.float64).tolist()
        for j, (row, bj) in enumerate(zip(weight, bias)):
            state[f"layers.{i}.neurons.{j}.b"] = bj
            for k, w in enumerate(row):
                state[f"layers.{i}.neurons.{j}.w.{k}"] = w
    model.load_state_dict(state)
    return model.train(module.training)


def parameter_pairs(model: Module, module: Any) -> list[tuple[Any, list[Value]]]:
    """``[(tensor, the model's parameters in the tensor's row-major order), ...]`` for each
    ``Linear``'s weight and bias: how :mod:`nn.torch_optim` moves optimizer state across."""
    torch = require_torch()
    layers = _layers_of(model)
    blocks = _blocks(torch, module)
    if len(blocks) != len(layers):
        raise ValueError(f"the torch module has {len(blocks)} Linear layers, the model {len(layers)}")
    pairs = []
    for i, (layer, b) in enumerate(zip(layers, blocks)):
        if (b.linear.out_features, b.linear.in_features) != (len(layer.neurons), layer.nin):
            raise ValueError(f"layer {b.name!r} of the torch module is {b.linear!r}, but the model's "
                             f"layers.{i} has {layer.nin} inputs and {len(layer.neurons)} outputs")
        pairs.append((b.linear.weight, [w for n in layer.neurons for w in n.w]))
        pairs.append((b.linear.bias, [n.b for n in layer.neurons]))
    return pairs


# -- helpers -----------------------------------------------------------------------------------


@dataclass
class _Block:
    """One ``Linear`` of a torch stack with what follows it: (activation name, slope), dropout p."""

    name: str
    linear: Any
    activation: tuple[str, float] = ("linear", DEFAULT_SLOPE)
    dropout: float | None = None
    has_activation: bool = False


def _blocks(torch: Any, module: Any) -> list[_Block]:
    """A torch stack read into blocks, checked layer by layer (shapes, bias, finiteness, order)."""
    from . import torch_modules

    if not isinstance(module, torch.nn.Module):
        raise TypeError(f"from_torch takes a torch.nn.Module, not {type(module).__name__}")
    blocks: list[_Block] = []
    for name, layer in _flatten(torch, module):
        shown = f"layer {name!r} ({layer!r})"
        if type(layer) is torch.nn.Linear:
            _check_linear(torch, name, layer, blocks[-1] if blocks else None)
            blocks.append(_Block(name, layer))
            continue
        if not blocks:
            raise ValueError(f"from_torch: {shown} comes before any Linear; the stack must start with one")
        block = blocks[-1]
        if type(layer) is torch.nn.Dropout:
            if block.dropout is not None:
                raise ValueError(f"from_torch: {shown} follows another Dropout")
            block.dropout = float(layer.p)
            continue
        activation = torch_modules.activation_name(layer)
        if activation is None:
            raise ValueError(f"from_torch: {shown} is not supported; a stack of Linear layers, "
                             f"Dropout and the activations {', '.join(SUPPORTED)} is")
        if block.has_activation or block.dropout is not None:
            before = "a Dropout" if block.dropout is not None else "an activation"
            raise ValueError(f"from_torch: {shown} follows {before} after layer {block.name!r}; an MLP has "
                             "one activation per Linear, then the Dropout")
        block.activation, block.has_activation = activation, True
    if not blocks:
        raise ValueError("from_torch: the module has no Linear layer")
    if blocks[-1].dropout is not None:
        raise ValueError(f"from_torch: layer {blocks[-1].name!r} is the output layer but is followed by a "
                         "Dropout; an MLP has dropout after hidden layers only")
    return blocks


def _check_linear(torch: Any, name: str, layer: Any, previous: _Block | None) -> None:
    shown = f"layer {name!r} ({layer!r})"
    if layer.bias is None:
        raise ValueError(f"from_torch: {shown} has no bias; every neuron of an MLP has one")
    if tuple(layer.weight.shape) != (layer.out_features, layer.in_features) or \
            tuple(layer.bias.shape) != (layer.out_features,):
        raise ValueError(f"from_torch: {shown} holds a weight of shape {tuple(layer.weight.shape)} and "
                         f"a bias of shape {tuple(layer.bias.shape)}, not ({layer.out_features}, "
                         f"{layer.in_features}) and ({layer.out_features},)")
    if previous is not None and layer.in_features != previous.linear.out_features:
        raise ValueError(f"from_torch: {shown} takes {layer.in_features} inputs but layer {previous.name!r} "
                         f"gives {previous.linear.out_features}")
    if not (torch.isfinite(layer.weight).all() and torch.isfinite(layer.bias).all()):
        raise ValueError(f"from_torch: {shown} has non-finite weights or biases")


def _flatten(torch: Any, module: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """A lone layer, or the layers of a ``Sequential`` in order (nested ones read through), by dotted name."""
    if type(module) is not torch.nn.Sequential:
        return [(prefix or type(module).__name__, module)]
    found = []
    for name, child in module.named_children():
        found += _flatten(torch, child, f"{prefix}.{name}" if prefix else name)
    return found


def _layers_of(model: Module) -> list[Layer]:
    if isinstance(model, MLP):
        return list(model.layers)
    if isinstance(model, Layer):
        return [model]
    raise TypeError(f"to_torch exports an MLP or a Layer, not {type(model).__name__}")


def _activation_of(layer: Layer, where: str) -> tuple[str, float]:
    """``(name, leaky slope)`` of the activation a layer's neurons share, or a ValueError naming it."""
    functions = {id(n._act): n._act for n in layer.neurons}
    if len(functions) > 1:
        raise ValueError(f"{where}: its neurons use different activations "
                         f"({', '.join(sorted(name_of(f) for f in functions.values()))}); torch.nn.Linear "
                         "is followed by one")
    (act,) = functions.values()
    for name, fn in ACTIVATIONS.items():
        if fn is act and name in SUPPORTED:
            return name, DEFAULT_SLOPE
    if isinstance(act, functools.partial) and act.func is Value.leaky_relu and not act.args \
            and set(act.keywords) == {"slope"}:
        return "leaky_relu", float(act.keywords["slope"])
    raise ValueError(f"{where}: the activation {name_of(act)!r} has no torch.nn counterpart; to_torch maps "
                     f"{', '.join(SUPPORTED)} and functools.partial(Value.leaky_relu, slope=s)")


def _ours(activation: tuple[str, float]) -> Any:
    """Our activation for ``(name, slope)``: the name, or a leaky ReLU with a non-default slope."""
    name, slope = activation
    if name == "leaky_relu" and slope != DEFAULT_SLOPE:
        return functools.partial(Value.leaky_relu, slope=slope)
    return name


def _shown(activation: tuple[str, float]) -> str:
    name, slope = activation
    return f"leaky_relu({slope:g})" if name == "leaky_relu" else name
