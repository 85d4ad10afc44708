"""Loss functions and parameter penalties, built from few, n-ary nodes.

Each loss takes a prediction (a ``Value``, or a list of them — one per sample or per
output, nested lists flattened) and targets of the same shape (plain numbers, or ``Value``s
as compiled training passes them), and reduces like PyTorch: ``reduction="mean"``
(default), ``"sum"`` or ``"none"`` (the list of per-element terms). A mean of n terms is
one node, as is ``w·x``-shaped work.
"""

from __future__ import annotations

import functools
import math
import numbers
from collections.abc import Iterable, Sequence
from typing import Any, Literal, TypeGuard, overload

from autograd import Value, dot, maximum
from autograd import sum as vsum
from autograd.core.primitive import primal

from .module import Module

Prediction = Value | Sequence[Any]


@overload
def mse_loss(pred: Prediction, target: Any, reduction: Literal["mean", "sum"] = ...) -> Value: ...
@overload
def mse_loss(pred: Prediction, target: Any, reduction: Literal["none"]) -> list[Value]: ...
def mse_loss(pred: Prediction, target: Any, reduction: str = "mean") -> Value | list[Value]:
    """Mean squared error (p - t)², PyTorch's ``MSELoss``.

    >>> from autograd import Value
    >>> import nn
    >>> nn.mse_loss([Value(1.0), Value(3.0)], [0.0, 1.0]).data  # (1 + 4) / 2
    2.5
    """
    return _squared(pred, target, 1.0, reduction)


@overload
def l2_loss(pred: Prediction, target: Any, reduction: Literal["mean", "sum"] = ...) -> Value: ...
@overload
def l2_loss(pred: Prediction, target: Any, reduction: Literal["none"]) -> list[Value]: ...
def l2_loss(pred: Prediction, target: Any, reduction: str = "mean") -> Value | list[Value]:
    """The notes' L2 loss ½(p - t)² (its gradient is simply p - t).

    >>> from autograd import Value
    >>> import nn
    >>> nn.l2_loss([Value(3.0)], [1.0]).data  # ½ (3 - 1)²
    2.0
    """
    return _squared(pred, target, 0.5, reduction)


@overload
def l1_loss(pred: Prediction, target: Any, reduction: Literal["mean", "sum"] = ...) -> Value: ...
@overload
def l1_loss(pred: Prediction, target: Any, reduction: Literal["none"]) -> list[Value]: ...
def l1_loss(pred: Prediction, target: Any, reduction: str = "mean") -> Value | list[Value]:
    """Mean absolute error |p - t| (subgradient 0 where p = t).

    >>> from autograd import Value
    >>> import nn
    >>> nn.l1_loss([Value(1.0), Value(-3.0)], [0.0, 0.0]).data
    2.0
    """
    preds, targets = _pairs(pred, target, "l1_loss")
    return _reduce([_minus(p, t).abs() for p, t in zip(preds, targets)], reduction)


@overload
def hinge_loss(scores: Prediction, target: Any, margin: float = ...,
               reduction: Literal["mean", "sum"] = ...) -> Value: ...
@overload
def hinge_loss(scores: Prediction, target: Any, margin: float = ..., *,
               reduction: Literal["none"]) -> list[Value]: ...
@overload
def hinge_loss(scores: Prediction, target: Any, margin: float, reduction: Literal["none"]) -> list[Value]: ...
def hinge_loss(scores: Prediction, target: Any, margin: float = 1.0,
               reduction: str = "mean") -> Value | list[Value]:
    """SVM max-margin loss relu(margin - y·s) for labels y in {-1, +1} (micrograd's demo loss).

    >>> from autograd import Value
    >>> import nn
    >>> nn.hinge_loss([Value(2.0), Value(0.5)], [1, 1]).data  # (0 + 0.5) / 2: the second misses the margin
    0.25
    """
    preds, targets = _pairs(scores, target, "hinge_loss")
    check_targets(hinge_loss, targets)
    return _reduce([dot((s,), (-t,), margin).relu() for s, t in zip(preds, targets)], reduction)


@overload
def bce_with_logits(logits: Prediction, target: Any, reduction: Literal["mean", "sum"] = ...) -> Value: ...
@overload
def bce_with_logits(logits: Prediction, target: Any, reduction: Literal["none"]) -> list[Value]: ...
def bce_with_logits(logits: Prediction, target: Any, reduction: str = "mean") -> Value | list[Value]:
    """Binary cross-entropy on logits, -[t·log σ(z) + (1-t)·log(1-σ(z))] (PyTorch's
    ``BCEWithLogitsLoss``); targets in [0, 1].

    Computed as t·softplus(-z) + (1-t)·softplus(z): each term is a log-sum-exp that keeps
    full precision for any z, for both targets (the shorter softplus(z) - t·z cancels to 0
    for t = 1 and large z, where the loss is e^-z, not 0).

    >>> from autograd import Value
    >>> import nn
    >>> round(nn.bce_with_logits([Value(0.0)], [1.0]).data, 6)  # log 2
    0.693147
    """
    preds, targets = _pairs(logits, target, "bce_with_logits")
    check_targets(bce_with_logits, targets)
    return _reduce([_bce_one(z, t) for z, t in zip(preds, targets)], reduction)


def _bce_one(z: Value, t: float | Value) -> Value:
    if t == 0.0 and not isinstance(t, Value):
        return z.softplus()
    if t == 1.0 and not isinstance(t, Value):
        return (-z).softplus()
    return dot(((-z).softplus(), z.softplus()), (t, 1.0 - t))


def check_targets(loss: Any, targets: Sequence[Any]) -> None:
    """Raise a ``ValueError`` naming the first target that ``loss`` does not accept (labels
    ±1 for :func:`hinge_loss`, [0, 1] for :func:`bce_with_logits`, class indices (or
    probability lists) for :func:`cross_entropy`); other losses accept any finite number.
    Compiled training calls this on every batch, since a trace checks only the batch it traced."""
    if loss is cross_entropy:
        bad = [t for t in targets if not (_is_class(t) or _is_sequence(t))]
        if bad:
            raise TypeError(f"cross_entropy: a class index must be an int, not {type(bad[0]).__name__}")
        return
    flat: list[Any] = []
    _flatten(targets, flat)
    targets = flat
    if loss is hinge_loss:
        bad = [t for t in map(_number, targets) if t not in (-1.0, 1.0)]
        if bad:
            raise ValueError(f"hinge_loss: targets must be -1 or +1, got {bad[0]!r} "
                             "(for 0/1 labels use [2 * t - 1 for t in y])")
    elif loss is bce_with_logits:
        bad = [t for t in map(_number, targets) if not 0.0 <= t <= 1.0]
        if bad:
            raise ValueError(f"bce_with_logits: targets must lie in [0, 1], got {bad[0]!r}")


def softmax(logits: Sequence[Value]) -> list[Value]:
    """exp(z_i) / Σ exp(z_j), computed on z - max(z) so no exp overflows.

    >>> from autograd import Value
    >>> import nn
    >>> probs = nn.softmax([Value(1.0), Value(1.0), Value(1.0)])
    >>> [round(p.data, 4) for p in probs]
    [0.3333, 0.3333, 0.3333]
    """
    exps = [s.exp() for s in _shifted(logits, "softmax")]
    total = vsum(exps)
    return [e / total for e in exps]


def log_softmax(logits: Sequence[Value]) -> list[Value]:
    """z_i - log Σ exp(z_j), by log-sum-exp with the max subtracted (stable for any logits).

    >>> import math
    >>> from autograd import Value
    >>> import nn
    >>> [round(v.data, 6) for v in nn.log_softmax([Value(0.0), Value(0.0)])] == [round(-math.log(2), 6)] * 2
    True
    """
    shifted = _shifted(logits, "log_softmax")
    lse = _log_sum_exp(shifted)
    return [s - lse for s in shifted]


@overload
def cross_entropy(logits: Sequence[Any], target: Any, reduction: Literal["mean", "sum"] = ...) -> Value: ...
@overload
def cross_entropy(logits: Sequence[Any], target: Any, reduction: Literal["none"]) -> list[Value]: ...
def cross_entropy(logits: Sequence[Any], target: Any, reduction: str = "mean") -> Value | list[Value]:
    """-log softmax(logits)[target] for a list of logits and a class index, or the mean over
    a batch (a list of logit lists and a list of class indices): PyTorch's ``CrossEntropyLoss``.

    As in PyTorch, a target may also give class probabilities, a list as long as the logits:
    -Σ p_k log softmax(logits)_k (a one-hot list is the same as its class index).

    >>> from autograd import Value
    >>> import nn
    >>> logits = [Value(2.0), Value(0.0), Value(0.0)]
    >>> loss = nn.cross_entropy(logits, 0)
    >>> loss.backward()
    >>> [round(z.grad, 4) for z in logits]  # softmax(logits) - onehot(0)
    [-0.213, 0.1065, 0.1065]
    """
    if _is_class(target) or (_one_sample(logits) and _is_sequence(target)):
        return _cross_entropy_one(logits, target)
    if isinstance(target, (str, bytes)) or not isinstance(target, Sequence):
        raise TypeError(f"cross_entropy: target must be a class index or a list of them, "
                        f"not {type(target).__name__}")
    if not isinstance(logits, Sequence) or len(logits) != len(target):
        raise ValueError(f"cross_entropy: {len(target)} targets but "
                         f"{len(logits) if isinstance(logits, Sequence) else 'no list of'} logit lists")
    return _reduce([_cross_entropy_one(z, t) for z, t in zip(logits, target)], reduction)


def l1_penalty(params: Module | Iterable[Value]) -> Value:
    """Σ|p| over the parameters (lasso): add ``λ · l1_penalty(model)`` to a loss.

    >>> from autograd import Value
    >>> import nn
    >>> nn.l1_penalty([Value(1.0), Value(-2.0)]).data
    3.0
    """
    return vsum([p.abs() for p in _params(params)])


def l2_penalty(params: Module | Iterable[Value]) -> Value:
    """Σ p² over the parameters (weight decay), one ``dot(p, p)`` node: add ``λ · l2_penalty(model)``.

    >>> from autograd import Value
    >>> import nn
    >>> nn.l2_penalty([Value(1.0), Value(-2.0)]).data  # one dot(p, p) node
    5.0
    """
    ps = _params(params)
    return dot(ps, ps)


# -- helpers -------------------------------------------------------------------------------


def _squared(pred: Prediction, target: Any, scale: float, reduction: str) -> Value | list[Value]:
    preds, targets = _pairs(pred, target, "mse_loss" if scale == 1.0 else "l2_loss")
    diffs = [_minus(p, t) for p, t in zip(preds, targets)]
    if reduction == "none":
        return [scale * d * d for d in diffs]
    total = dot(diffs, diffs)  # Σ d², one node
    return dot((total,), (scale * _factor(len(diffs), reduction),))


def _cross_entropy_one(logits: Sequence[Any], target: int | Sequence[Any]) -> Value:
    if _is_sequence(target):
        shifted = _shifted(logits, "cross_entropy")
        if len(target) != len(shifted):
            raise ValueError(f"cross_entropy: {len(target)} class probabilities for {len(shifted)} logits")
        ps = [p if isinstance(p, Value) else _probability(p) for p in target]
        total = ps[0] + vsum(ps[1:]) if len(ps) > 1 else ps[0]  # Σ p (1 for a distribution)
        return dot((_log_sum_exp(shifted), *shifted), (total, *(-p for p in ps)))  # Σ p_k (lse - z_k)
    if not _is_class(target):
        raise TypeError(f"cross_entropy: a class index must be an int, not {type(target).__name__}")
    shifted = _shifted(logits, "cross_entropy")
    if not 0 <= target < len(shifted):
        raise ValueError(f"cross_entropy: class index {target} out of range for {len(shifted)} logits")
    return dot((_log_sum_exp(shifted), shifted[target]), (1.0, -1.0))  # lse - z_target


def _one_sample(logits: Any) -> bool:
    """Whether ``logits`` are one sample's (a list of scores), not a batch of lists."""
    return _is_sequence(logits) and not any(_is_sequence(z) for z in logits)


def _is_sequence(x: Any) -> TypeGuard[Sequence[Any]]:
    return isinstance(x, Sequence) and not isinstance(x, (str, bytes))


def _probability(p: Any) -> float:
    p = _finite(p, "cross_entropy's class probability")
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"cross_entropy: a class probability must lie in [0, 1], got {p!r}")
    return p


def _minus(p: Value, t: float | Value) -> Value:
    """p - t: one node for a numeric target, a subtraction for a ``Value`` target (compiled training)."""
    return p - t if isinstance(t, Value) else _plus(p, -t)


def _number(t: float | Value) -> float:
    return t.data if isinstance(t, Value) else t


def _plus(v: Value, c: float) -> Value:
    """v + c as one node (the constant folds into the node; no leaf for it)."""
    return dot((v,), (1.0,), c)


def _shifted(logits: Sequence[Any], what: str) -> list[Value]:
    """The logits minus their largest value (softmax does not change, and no exp overflows).

    The max is a detached node (no gradient flows through it), not a number read now: under
    ``autograd.compile`` it is computed in the generated code for every example, so logits far
    above the traced ones stay stable; a nan logit makes every output nan.
    """
    zs = _values(logits, what)
    if not zs:
        raise ValueError(f"{what}: needs at least one logit")
    if all(isinstance(z, Value) for z in zs):
        top = functools.reduce(maximum, zs).detach()
        return [z - top for z in zs]
    # dual numbers (jvp): any constant shift is exact, so their primals' max will do
    shift = max(primal(z) for z in zs)
    return [_plus(z, -shift) for z in zs]


def _log_sum_exp(shifted: list[Value]) -> Value:
    return vsum([s.exp() for s in shifted]).log()


def _reduce(terms: list[Value], reduction: str) -> Value | list[Value]:
    if reduction == "none":
        return terms
    factor = _factor(len(terms), reduction)
    return dot(terms, [factor] * len(terms))


def _factor(n: int, reduction: str) -> float:
    if reduction not in ("mean", "sum"):
        raise ValueError(f"reduction must be 'mean', 'sum' or 'none', got {reduction!r}")
    if n == 0:
        raise ValueError("a loss needs at least one prediction")
    return 1.0 / n if reduction == "mean" else 1.0


def _pairs(pred: Any, target: Any, what: str) -> tuple[list[Value], list[Any]]:
    """Predictions and targets flattened side by side; a clear error if their sizes differ.
    Targets are finite numbers, or ``Value``s (how compiled training passes them)."""
    preds: list[Any] = []
    targets: list[Any] = []
    _flatten(pred, preds)
    _flatten(target, targets)
    if len(preds) != len(targets):
        raise ValueError(f"{what}: {len(preds)} predictions but {len(targets)} targets")
    return _values(preds, what), [t if isinstance(t, Value) else _finite(t, f"{what}'s target")
                                  for t in targets]


def _flatten(x: Any, out: list[Any]) -> None:
    if isinstance(x, Sequence) and not isinstance(x, (str, bytes)):
        for item in x:
            _flatten(item, out)
    else:
        out.append(x)


def _values(items: Iterable[Any], what: str) -> list[Value]:
    """Predictions as nodes: ``Value``s (and forward mode's dual numbers, for ``jvp`` through a
    loss) as they are, numbers as new leaves."""
    return [x if isinstance(x, Value) or _is_dual(x) else Value(_finite(x, what)) for x in items]


def _is_dual(x: Any) -> bool:
    return getattr(x, "_level", None) is not None and not isinstance(x, numbers.Real)


def _finite(x: Any, what: str) -> float:
    if isinstance(x, (Value, bool)) or not isinstance(x, numbers.Real):
        raise TypeError(f"{what} must be a real number, not {type(x).__name__}")
    x = float(x)
    if not math.isfinite(x):
        raise ValueError(f"{what} must be finite, got {x}")
    return x


def _is_class(t: Any) -> TypeGuard[int]:
    """A class index: an int, or an integer like numpy's int64 (which works as one), not a bool."""
    return isinstance(t, numbers.Integral) and not isinstance(t, bool)


def _params(params: Module | Iterable[Value]) -> list[Value]:
    ps = params.parameters() if isinstance(params, Module) else list(params)
    if not ps:
        raise ValueError("a penalty needs at least one parameter")
    bad = next((p for p in ps if not isinstance(p, Value)), None)
    if bad is not None:
        raise TypeError(f"parameters must be Values, not {type(bad).__name__}")
    return ps
