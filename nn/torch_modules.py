"""The torch side of :mod:`nn.torch_bridge`: our activation names as ``torch.nn`` modules and back.

This module imports torch at the top, so only :mod:`nn.torch_bridge` imports it, inside its
functions, after checking that torch is installed (``pip install -e ".[torch]"``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import torch

from .activations import DEFAULT_SLOPE


class _StepFunction(torch.autograd.Function):
    """The perceptron's step, 1 where x > 0 else 0, with derivative 0 everywhere (as ``Value.step``)."""

    @staticmethod
    def forward(ctx: Any, x: torch.Tensor) -> torch.Tensor:
        return (x > 0).to(x.dtype)

    @staticmethod
    def backward(ctx: Any, grad: torch.Tensor) -> torch.Tensor:
        return torch.zeros_like(grad)


class Step(torch.nn.Module):
    """``torch.nn`` has no step activation: this is ``Value.step`` (gradient 0, not ``None``, so the
    layers below it get zero gradients, as ours do)."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return _StepFunction.apply(x)


def activation_module(name: str, slope: float = DEFAULT_SLOPE) -> torch.nn.Module | None:
    """The ``torch.nn`` module computing our activation ``name`` (None for ``linear``: nothing to add)."""
    makers: dict[str, Callable[[], torch.nn.Module | None]] = {
        "relu": torch.nn.ReLU,
        "tanh": torch.nn.Tanh,
        "sigmoid": torch.nn.Sigmoid,
        "leaky_relu": lambda: torch.nn.LeakyReLU(slope),
        "gelu": lambda: torch.nn.GELU(approximate="none"),  # the exact, erf form
        "silu": torch.nn.SiLU,
        "step": Step,
        "linear": lambda: None,
    }
    return makers[name]()


def activation_name(module: torch.nn.Module) -> tuple[str, float] | None:
    """``(our activation name, leaky slope)`` of a torch activation module, None when we have none.

    Exact types only: a subclass may compute something else in its ``forward``.
    """
    kind = type(module)
    if kind is torch.nn.LeakyReLU:
        return "leaky_relu", float(cast(torch.nn.LeakyReLU, module).negative_slope)
    if kind is torch.nn.GELU and module.approximate != "none":
        return None  # the tanh approximation is another function
    names = {torch.nn.ReLU: "relu", torch.nn.Tanh: "tanh", torch.nn.Sigmoid: "sigmoid", torch.nn.GELU: "gelu",
             torch.nn.SiLU: "silu", Step: "step", torch.nn.Identity: "linear"}
    name = names.get(kind)
    return None if name is None else (name, DEFAULT_SLOPE)
