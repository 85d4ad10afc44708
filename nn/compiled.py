"""``fit(..., compiled=True)``: each training step through :func:`autograd.compile`.

The model's forward pass, the loss and the penalty are traced once per minibatch shape and
run as generated code afterwards: the weights are read from the model at every call and
their gradients land in ``.grad``, so the optimizer, the schedule and the ``History`` are
the same as in eager training. The samples *and the targets* are inputs of the compiled
code (so one trace serves every batch): the loss must do arithmetic on its targets as
``Value``s, as every loss of :mod:`nn.losses` does (a loss that turns them into numbers
is refused at trace time with a ``TraceError``).

A trace checks the targets of the batch it traced only, so every batch's targets are
checked again here (:func:`nn.losses.check_targets`: a hinge label 0 is refused on any
batch). ``cross_entropy``'s class indices are passed as one-hot probability lists: an index
picks one logit, a choice a trace would freeze at the traced batch's classes, while
-Σ onehot_k · log softmax_k is arithmetic on the targets (the same loss for every batch)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import autograd
from autograd import Value

from .divergence import check_step
from .layers import Dropout
from .losses import check_targets, cross_entropy
from .module import Module
from .optim import Optimizer


class CompiledStep:
    """A drop-in for :func:`nn.train_step` running the traced, compiled objective."""

    def __init__(self, model: Module, loss: Callable[..., Value],
                 penalty: Callable[[], Value] | None = None) -> None:
        dropout = [m for m in model.modules() if isinstance(m, Dropout) and m.p > 0.0]
        if dropout:
            raise ValueError(f"compiled training cannot use {dropout[0]!r}: a trace would fix one "
                             "random mask for every step (train eagerly, or set p=0)")

        def objective(X_batch: list[Any], y_batch: list[Any]) -> tuple[Value, list[Any]]:
            outputs = [model(x) for x in X_batch]
            value = loss(outputs, y_batch)
            if penalty is not None:
                value = value + penalty()
            return value, outputs

        self.loss = loss
        self.model = model
        self.classes: int | None = None  # cross_entropy: the number of logits, found on the first batch
        self.params = model.parameters()
        self.compiled = autograd.compile(objective, argnums=(), params=model.parameters(), has_aux=True)

    def __call__(self, model: Module, X_batch: Sequence[Any], y_batch: Sequence[Any], loss: Any,
                 optimizer: Optimizer, penalty: Any = None) -> tuple[float, list[Any]]:
        """One minibatch, as ``train_step``: returns the objective and the outputs (as numbers)."""
        check_targets(self.loss, y_batch)
        targets = self._one_hot(X_batch, y_batch) if self.loss is cross_entropy else list(y_batch)
        optimizer.zero_grad()
        try:
            (value, outputs), _ = self.compiled(list(X_batch), targets)
        except TypeError as e:
            if "target" not in str(e):
                raise
            raise TypeError(f"fit(compiled=True) passes the targets to the loss as traced Values, "
                            f"but {getattr(self.loss, '__name__', 'the loss')} takes numbers ({e}); "
                            "write the loss with Value arithmetic on its targets") from None
        check_step(value, self.params)
        optimizer.step()
        return value, outputs

    def _one_hot(self, X_batch: Sequence[Any], y_batch: Sequence[Any]) -> list[Any]:
        """Class indices as one-hot lists as long as the model's output (probability lists stay)."""
        if self.classes is None:
            with autograd.no_grad():
                first = self.model(X_batch[0])
            self.classes = len(first) if isinstance(first, Sequence) else 1
        rows = []
        for t in y_batch:
            if isinstance(t, Sequence):
                rows.append(list(t))
                continue
            if not 0 <= t < self.classes:
                raise ValueError(f"cross_entropy: class index {t} out of range for {self.classes} logits")
            rows.append([1.0 if k == t else 0.0 for k in range(self.classes)])
        return rows
