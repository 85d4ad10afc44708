"""``Neuron``, ``Layer``, ``MLP`` (micrograd-compatible) and ``Dropout``.

``MLP(2, [16, 16, 1])`` is micrograd's network: ReLU hidden layers, a linear output,
``model(x)`` a ``Value`` for one output and a list otherwise, ``parameters()`` layer by
layer, neuron by neuron, weights then bias. Each neuron's ``w·x + b`` is one n-ary node.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from autograd import Value, affine

from .activations import Activation, name_of
from .activations import resolve as resolve_activation
from .init import Initializer, make_rng
from .init import resolve as resolve_init
from .module import Module


class Neuron(Module):
    """``activation(w·x + b)`` with ``nin`` weights drawn by ``init`` and a bias starting at 0.

    >>> from nn import Neuron
    >>> neuron = Neuron(3, activation="tanh", seed=0)
    >>> out = neuron([1.0, -2.0, 0.5])
    >>> -1.0 < out.data < 1.0, neuron.num_parameters()
    (True, 4)
    """

    def __init__(self, nin: int, activation: str | Activation = "relu", init: str | Initializer = "uniform",
                 seed: int | None = None, rng: random.Random | None = None,
                 nonlin: bool | None = None) -> None:
        _check_size(nin, "nin")
        if nonlin is not None:  # micrograd's keyword
            activation = "relu" if nonlin else "linear"
        draw, source = resolve_init(init), make_rng(seed, rng)
        self.w = [Value(draw(nin, 1, source)) for _ in range(nin)]
        self.b = Value(0.0)
        self._act = resolve_activation(activation)

    @property
    def activation(self) -> str:
        """The activation's name."""
        return name_of(self._act)

    def __call__(self, x: Sequence[Any]) -> Value:
        _check_inputs(x, len(self.w))
        return self._act(affine((self.w,), (self.b,), (x,))[0][0])

    def __repr__(self) -> str:
        return f"Neuron({len(self.w)}, {self.activation})"


class Layer(Module):
    """``nout`` neurons reading the same ``nin`` inputs; returns a ``Value`` when ``nout == 1``.

    >>> from nn import Layer
    >>> layer = Layer(2, 3, seed=0)
    >>> len(layer([1.0, -1.0])), layer.num_parameters()
    (3, 9)
    """

    def __init__(self, nin: int, nout: int, activation: str | Activation = "relu",
                 init: str | Initializer = "uniform", seed: int | None = None,
                 rng: random.Random | None = None, nonlin: bool | None = None) -> None:
        _check_size(nout, "nout")
        source = make_rng(seed, rng)
        draw = resolve_init(init)
        fan_out_init = lambda fan_in, _, r: draw(fan_in, nout, r)  # the layer knows the fan-out
        self.neurons = [Neuron(nin, activation, fan_out_init, rng=source, nonlin=nonlin) for _ in range(nout)]

    @property
    def nin(self) -> int:
        """How many inputs each neuron reads."""
        return len(self.neurons[0].w)

    @property
    def activation(self) -> str:
        """The neurons' activation's name."""
        return self.neurons[0].activation

    def __call__(self, x: Sequence[Any]) -> Value | list[Value]:
        out = self.forward(x)
        return out[0] if len(out) == 1 else out

    def forward(self, x: Sequence[Any]) -> list[Value]:
        """The outputs as a list, whatever their number."""
        return self.forward_batch((x,))[0]

    def forward_batch(self, rows: Sequence[Sequence[Any]]) -> list[list[Value]]:
        """``[self.forward(x) for x in rows]``, reading the weights once for the whole batch."""
        nin = self.nin
        for x in rows:
            _check_inputs(x, nin)
        neurons = self.neurons
        zs = affine([n.w for n in neurons], [n.b for n in neurons], rows)
        act = neurons[0]._act
        return zs if act is _LINEAR else [list(map(act, z)) for z in zs]

    def __repr__(self) -> str:
        size = f"{self.nin} -> {len(self.neurons)}"
        return f"Layer({size}, {self.activation}, {self.num_parameters()} parameters)"


class Dropout(Module):
    """In training mode, zero each input with probability ``p`` and scale the rest by 1/(1-p)
    (inverted dropout, as ``torch.nn.Dropout``); in evaluation mode, the identity.

    >>> from autograd import Value
    >>> from nn import Dropout
    >>> drop = Dropout(0.5, seed=0)
    >>> xs = [Value(1.0) for _ in range(6)]
    >>> sorted({v.data for v in drop(xs)})  # kept ones scaled by 1 / (1 - p)
    [0.0, 2.0]
    >>> _ = drop.eval()  # evaluation mode: the identity
    >>> [v.data for v in drop(xs)] == [1.0] * 6
    True
    """

    def __init__(self, p: float = 0.5, seed: int | None = None, rng: random.Random | None = None) -> None:
        if isinstance(p, bool) or not isinstance(p, (int, float)) or not 0.0 <= p < 1.0:
            raise ValueError(f"dropout probability must be a number in [0, 1), got {p!r}")
        self.p = float(p)
        self._rng = make_rng(seed, rng)

    def __call__(self, x: Sequence[Value]) -> list[Value]:
        if not self.training or self.p == 0.0:
            return list(x)
        keep, scale = self._rng.random, 1.0 / (1.0 - self.p)
        return [v * (scale if keep() >= self.p else 0.0) for v in x]

    def __repr__(self) -> str:
        return f"Dropout(p={self.p:g})"


class MLP(Module):
    """A multi-layer perceptron: ``nin`` inputs, then one ``Layer`` per entry of ``nouts``.

    Hidden layers use ``activation``, the last ``output_activation`` (linear, as micrograd).
    ``dropout`` > 0 puts a ``Dropout`` after each hidden layer. ``seed`` or ``rng`` make the
    weights reproducible; without either, the global ``random`` is used, as in micrograd.

    >>> from nn import MLP
    >>> model = MLP(2, [16, 16, 1], seed=1337)
    >>> model.num_parameters()
    337
    >>> loss = (model([0.5, -1.0]) - 1.0) ** 2
    >>> loss.backward()
    >>> any(p.grad != 0 for p in model.parameters())
    True
    """

    def __init__(self, nin: int, nouts: Sequence[int], activation: str | Activation = "relu",
                 init: str | Initializer = "uniform", seed: int | None = None,
                 rng: random.Random | None = None, output_activation: str | Activation = "linear",
                 dropout: float = 0.0) -> None:
        _check_size(nin, "nin")
        if isinstance(nouts, (str, bytes)) or not isinstance(nouts, Sequence) or not nouts:
            raise TypeError(f"nouts must be a non-empty list of layer sizes, got {nouts!r}")
        resolve_activation(activation)  # a bad name fails here even when no hidden layer uses it
        source = make_rng(seed, rng)
        sizes = [nin, *nouts]
        last = len(nouts) - 1
        self.layers = [Layer(sizes[i], sizes[i + 1], output_activation if i == last else activation,
                             init, rng=source) for i in range(len(nouts))]
        self.dropout = Dropout(dropout, rng=source)
        self._config: dict[str, Any] = {"nin": nin, "nouts": list(nouts), "activation": name_of(activation),
                        "output_activation": name_of(output_activation), "dropout": float(dropout),
                        "init": init if isinstance(init, str) else getattr(init, "__name__", "custom")}

    def config(self) -> dict[str, Any]:
        """The constructor's arguments, as saved by :func:`nn.save` (the init only matters when building)."""
        return dict(self._config, nouts=list(self._config["nouts"]))

    def __call__(self, x: Sequence[Any]) -> Value | list[Value]:
        return self.forward_batch((x,))[0]

    def forward_batch(self, rows: Sequence[Sequence[Any]]) -> list[Any]:
        """``[model(x) for x in rows]`` (the same nodes), each layer reading its weights once."""
        *hidden, last = self.layers
        for layer in hidden:
            rows = layer.forward_batch(rows)
            if self.dropout.p:
                rows = [self.dropout(h) for h in rows]
        return [out[0] if len(out) == 1 else out for out in last.forward_batch(rows)]

    def __repr__(self) -> str:
        c = self._config
        lines = [f"MLP({c['nin']} -> {c['nouts']}, {self.num_parameters()} parameters"]
        lines += [f"  layers.{i}: {layer!r}" for i, layer in enumerate(self.layers)]
        if self.dropout.p:
            lines.append(f"  dropout after each hidden layer: {self.dropout!r}")
        return "\n".join(lines) + "\n)"


_LINEAR = resolve_activation("linear")


def _check_size(n: Any, what: str) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"{what} must be a positive int, got {n!r}")


def _check_inputs(x: Any, nin: int) -> None:
    if isinstance(x, (str, bytes)) or not hasattr(x, "__len__"):
        raise TypeError(f"a layer takes a sequence of {nin} inputs, not {type(x).__name__}")
    if len(x) != nin:
        raise ValueError(f"expected {nin} inputs, got {len(x)}")
