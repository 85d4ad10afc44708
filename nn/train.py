"""``fit``: minibatch training with any loss, optimizer and schedule, validation metrics,
early stopping that restores the best parameters, and a ``History`` of per-epoch figures."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from autograd import Value, dot, no_grad

from .compiled import CompiledStep
from .data import check_samples, minibatches
from .divergence import DivergedError, check_step, non_finite_features
from .losses import check_targets, l1_loss, l1_penalty, l2_loss, l2_penalty, mse_loss
from .metrics import accuracy as accuracy_of
from .module import Module
from .optim import SGD, Optimizer
from .recording import TrainingRecording

Loss = Callable[[list[Any], list[Any]], Value]


LABELS = {"loss": "loss", "data_loss": "data loss", "l1_penalty": "L1 penalty", "l2_penalty": "L2 penalty"}
"""How the progress output names the loss and its parts (``loss`` is the ``total`` beside parts)."""


class History(Mapping[str, list[float]]):
    """Per-epoch figures by name, each a list with one float per epoch: ``"loss"`` (what was
    minimized: the data loss plus any penalty), ``"accuracy"``, ``"lr"``, ``"val_loss"``,
    ``"val_accuracy"``; with ``l1``/``l2`` also ``"data_loss"`` and ``"l1_penalty"``/``"l2_penalty"``
    (λ·Σ|p|, λ·Σp²), whose sum is ``"loss"``.

    ``best_epoch`` is the best epoch's number, counted from 1 as the progress output counts
    (``history["loss"][history.best_epoch - 1]`` is its loss).

    >>> import nn
    >>> X, y = nn.make_xor()
    >>> model = nn.MLP(2, [8, 1], seed=0)
    >>> history = nn.fit(model, X, y, loss=nn.mse_loss, epochs=5, verbose=False,
    ...                  optimizer=nn.optim.SGD(model.parameters(), lr=0.05))
    >>> history.epochs, len(history["loss"]), sorted(history)
    (5, 5, ['accuracy', 'loss', 'lr'])
    """

    def __init__(self, monitor: str = "loss") -> None:
        self.metrics: dict[str, list[float]] = {}
        self.monitor = monitor
        self.best_epoch: int | None = None
        self.threshold = 0.0  # the score splitting two classes (fit sets it from its loss and labels)
        self.stopped_early = False
        self.recording: TrainingRecording | None = None  # fit(..., record=True)

    def __getitem__(self, name: str) -> list[float]:
        return self.metrics[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.metrics)

    def __len__(self) -> int:
        return len(self.metrics)

    @property
    def epochs(self) -> int:
        """How many epochs ran."""
        return len(self.metrics.get("loss", ()))

    def record(self, figures: dict[str, float]) -> None:
        """Append one epoch's figures."""
        for name, value in figures.items():
            self.metrics.setdefault(name, []).append(value)

    def __repr__(self) -> str:
        last = ", ".join(f"{k}={v[-1]:.4g}" for k, v in self.metrics.items() if v)
        return f"History({self.epochs} epochs, best_epoch={self.best_epoch}, last: {last})"


def train_step(model: Module, X_batch: Sequence[Any], y_batch: Sequence[Any], loss: Loss,
               optimizer: Optimizer, penalty: Callable[[], Value] | None = None) -> tuple[float, list[Any]]:
    """One minibatch: forward every sample, the loss (+ penalty), backward, one optimizer step.

    Returns the objective's value and the model's outputs (computed before the update).
    A non-finite loss or gradient raises :class:`DivergedError` before the update.

    >>> import nn
    >>> X, y = nn.make_xor()
    >>> model = nn.MLP(2, [8, 1], seed=0)
    >>> opt = nn.optim.SGD(model.parameters(), lr=0.05)
    >>> first, _ = nn.train_step(model, X, y, nn.mse_loss, opt)
    >>> later = [nn.train_step(model, X, y, nn.mse_loss, opt)[0] for _ in range(20)]
    >>> later[-1] < first
    True
    """
    outputs = _forward(model, X_batch)
    objective = loss(outputs, list(y_batch))
    if penalty is not None:
        objective = objective + penalty()
    optimizer.zero_grad()
    objective.backward()
    check_step(objective.data, [p for group in optimizer.param_groups for p in group["params"]])
    optimizer.step()
    return objective.data, outputs


def evaluate(model: Module, X: Sequence[Any], y: Sequence[Any], loss: Loss,
             with_accuracy: bool = True, threshold: float | None = None) -> dict[str, float]:
    """``{"loss": ..., "accuracy": ...}`` on ``(X, y)`` in evaluation mode, recording no graph.

    ``threshold`` splits a single score into classes (by default as :func:`decision_threshold`).

    >>> import nn
    >>> X, y = nn.make_xor()
    >>> model = nn.MLP(2, [8, 1], seed=0)
    >>> sorted(nn.evaluate(model, X, y, nn.mse_loss))
    ['accuracy', 'loss']
    """
    modes = [(m, m.training) for m in model.modules()]
    model.eval()
    try:
        with no_grad():
            outputs = _forward(model, X)
            figures = {"loss": loss(outputs, list(y)).data}
    finally:
        for m, mode in modes:
            m.training = mode
    if with_accuracy:
        figures["accuracy"] = accuracy_of(outputs, y, _threshold(threshold, loss, y))
    return figures


def decision_threshold(loss: Loss, y: Sequence[Any]) -> float:
    """Where a single score switches class: midway between the two labels for a regression
    loss (0.5 for MSE onto 0/1), 0 for scores, logits and margins (hinge, BCE with logits).

    >>> import nn
    >>> nn.decision_threshold(nn.mse_loss, [0, 1, 1]), nn.decision_threshold(nn.hinge_loss, [-1, 1])
    (0.5, 0.0)
    """
    labels = sorted({float(t) for t in y if not isinstance(t, Sequence)})
    if loss in (mse_loss, l2_loss, l1_loss) and len(labels) == 2:
        return (labels[0] + labels[1]) / 2
    return 0.0


def _threshold(given: float | None, loss: Loss, y: Sequence[Any]) -> float:
    return decision_threshold(loss, y) if given is None else given


def fit(model: Module, X: Sequence[Any], y: Sequence[Any], *, loss: Loss = mse_loss,
        optimizer: Optimizer | None = None, epochs: int = 100, batch_size: int | None = None,
        scheduler: Any = None, l1: float = 0.0, l2: float = 0.0,
        validation: tuple[Sequence[Any], Sequence[Any]] | None = None, patience: int | None = None,
        min_delta: float = 0.0, monitor: str | None = None, restore_best: bool = True,
        accuracy: bool | None = None, seed: int | None = None, verbose: bool = True,
        log_every: int | None = None, compiled: bool = False, record: bool = False) -> History:
    """Train ``model`` on ``(X, y)`` and return the per-epoch :class:`History`.

    Each epoch reshuffles the data into minibatches of ``batch_size`` (all of it when
    None) and runs :func:`train_step` on each; ``l1``/``l2`` add λ·Σ|p| / λ·Σp² to the loss;
    ``scheduler.step()`` runs after each epoch. With ``validation=(X_val, y_val)`` the
    figures include ``val_loss``/``val_accuracy``. ``patience`` stops after that many epochs
    without a ``min_delta`` improvement of ``monitor`` (``val_loss``, or ``loss`` without
    validation) and, with ``restore_best``, puts back the best epoch's parameters.
    ``accuracy`` is reported when every target is a whole number unless set. Progress
    goes to a tqdm bar when tqdm is installed, plain lines otherwise, nowhere if not ``verbose``.
    ``compiled=True`` runs each step as code generated once by ``autograd.compile`` (same
    History; the loss must take its targets as ``Value``s, see :mod:`nn.compiled`).
    ``record=True`` keeps bounded snapshots in ``history.recording`` for ``viz.explore_training``
    (see :mod:`nn.recording`).

    >>> import nn
    >>> X, labels = nn.make_moons(40, noise=0.1, seed=1)
    >>> y = [2 * t - 1 for t in labels]
    >>> model = nn.MLP(2, [8, 8, 1], seed=1)
    >>> history = nn.fit(model, X, y, loss=nn.hinge_loss, epochs=30, l2=1e-4, verbose=False,
    ...                  optimizer=nn.optim.SGD(model.parameters(), lr=0.1))
    >>> history["loss"][-1] < history["loss"][0], history.epochs
    (True, 30)
    """
    check_samples(X, y)
    _check_finite_features(X, "X")
    check_targets(loss, y)
    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1:
        raise ValueError(f"epochs must be a positive int, got {epochs!r}")
    if patience is not None and (not isinstance(patience, int) or patience < 1):
        raise ValueError(f"patience must be a positive int or None, got {patience!r}")
    if validation is not None:
        check_samples(*validation)
        _check_finite_features(validation[0], "validation X")
    optimizer = optimizer if optimizer is not None else SGD(model.parameters(), lr=0.1)
    with_accuracy = accuracy if accuracy is not None else all(_whole(t) for t in y)
    threshold = decision_threshold(loss, y)
    monitor = monitor or ("val_loss" if validation is not None else "loss")
    sign = -1.0 if monitor.endswith("accuracy") else 1.0  # lower is better, but for accuracy
    penalty = _penalty(model.parameters(), l1, l2)
    step = CompiledStep(model, loss, penalty) if compiled else train_step
    rng = random.Random(seed) if seed is not None else None
    history = History(monitor)
    history.threshold = threshold
    history.recording = TrainingRecording(model, X, y, epochs, threshold) if record else None
    best = math.inf
    good_state, good_epoch = model.state_dict(), None  # a diverging run falls back to the best epoch's
    was_training = model.training
    model.train()
    progress = _Progress(epochs, verbose, log_every)
    try:
        for epoch in range(epochs):
            try:
                figures = _train_epoch(model, X, y, loss, optimizer, penalty, batch_size, rng, with_accuracy,
                                       step, threshold)
            except DivergedError as e:
                raise _diverged(e, epoch + 1, epochs, model, good_state if restore_best else None,
                                good_epoch) from None
            if validation is not None:
                val = evaluate(model, *validation, loss, with_accuracy, threshold)
                figures.update({f"val_{k}": v for k, v in val.items()})
            if monitor not in figures:
                raise ValueError(f"cannot monitor {monitor!r}: the figures are {sorted(figures)}")
            history.record(figures)
            if history.recording is not None:
                history.recording.capture(epoch, model)
            progress.update(epoch, figures)
            score = sign * figures[monitor]
            if score < best - min_delta:
                best, history.best_epoch = score, epoch + 1
                state = model.state_dict() if restore_best else {}
                if all(map(math.isfinite, state.values())):  # after an update that overflowed: keep the last
                    good_state, good_epoch = state, epoch + 1
            if scheduler is not None:
                scheduler.step()
            stalled = epoch + 1 - (history.best_epoch or 0)  # epochs since the last gain
            if patience is not None and stalled >= patience:
                history.stopped_early = True
                break
    finally:
        progress.close()
        model.train(was_training)
    if patience is not None and restore_best and good_epoch is not None:
        model.load_state_dict(good_state)
    return history


def _diverged(error: DivergedError, epoch: int, epochs: int, model: Module, restore: dict[str, float] | None,
              restored_epoch: int | None) -> DivergedError:
    """The error ``fit`` raises for a diverging run, after putting back the best parameters."""
    if restore is not None:
        model.load_state_dict(restore)
        kept = ("the initial parameters are restored" if restored_epoch is None
                else f"the parameters of epoch {restored_epoch} (the best finite ones) are restored")
    else:
        kept = "the parameters are the last finite ones (before that update)"
    return DivergedError(f"fit: training diverged in epoch {epoch}/{epochs}: {error}; {kept}; "
                         "lower the learning rate (or find the op with autograd.detect_anomaly())", epoch)


def _train_epoch(model: Module, X: Sequence[Any], y: Sequence[Any], loss: Loss, optimizer: Optimizer,
                 penalty: _Penalty | None, batch_size: int | None, rng: random.Random | None,
                 with_accuracy: bool, step: Callable[..., tuple[float, list[Any]]] = train_step,
                 threshold: float = 0.0) -> dict[str, float]:
    """One pass over the shuffled data; the loss and accuracy are averaged over the samples."""
    lr = optimizer.param_groups[0]["lr"]
    total = hits = 0.0
    parts = dict.fromkeys(penalty.parts() if penalty is not None else (), 0.0)
    for X_batch, y_batch in minibatches(X, y, batch_size, rng=rng):
        before = penalty.parts() if penalty is not None else {}  # what the step minimizes, before its update
        value, outputs = step(model, X_batch, y_batch, loss, optimizer, penalty)
        total += value * len(X_batch)
        for name, amount in before.items():
            parts[name] += amount * len(X_batch)
        if with_accuracy:
            hits += accuracy_of(outputs, y_batch, threshold) * len(X_batch)
    figures = {"loss": total / len(X)}
    if parts:
        figures["data_loss"] = (total - sum(parts.values())) / len(X)
        figures.update({name: amount / len(X) for name, amount in parts.items()})
    if with_accuracy:
        figures["accuracy"] = hits / len(X)
    figures["lr"] = lr
    return figures


def _forward(model: Module, X: Sequence[Any]) -> list[Any]:
    """The model's output for every sample: one batched pass when the model offers it."""
    batched = getattr(model, "forward_batch", None)
    return batched(X) if batched is not None else [model(x) for x in X]


def _penalty(params: list[Value], l1: float, l2: float) -> _Penalty | None:
    """λ1·Σ|p| + λ2·Σp² as one weighted node, or None when both are 0."""
    for name, coefficient in (("l1", l1), ("l2", l2)):
        if not isinstance(coefficient, (int, float)) or not math.isfinite(coefficient) or coefficient < 0:
            raise ValueError(f"{name} must be a finite number >= 0, got {coefficient!r}")
    return _Penalty(params, l1, l2) if l1 or l2 else None


class _Penalty:
    """The weight penalty: called, one weighted node for the objective; ``parts()``, its terms'
    current values by History name (plain floats, no graph), for reporting."""

    def __init__(self, params: list[Value], l1: float, l2: float) -> None:
        self.params = params
        self.terms = [(name, fn, c) for name, fn, c in (("l1_penalty", l1_penalty, l1),
                                                         ("l2_penalty", l2_penalty, l2)) if c]

    def __call__(self) -> Value:
        return dot([fn(self.params) for _, fn, _ in self.terms], [c for _, _, c in self.terms])

    def parts(self) -> dict[str, float]:
        ps = [p.data for p in self.params]
        sums = {"l1_penalty": math.fsum(map(abs, ps)), "l2_penalty": math.fsum(p * p for p in ps)}
        return {name: c * sums[name] for name, _, c in self.terms}


def _check_finite_features(X: Sequence[Any], what: str) -> None:
    problem = non_finite_features(X, what)
    if problem is not None:
        raise ValueError(f"fit: {problem}")


def _whole(t: Any) -> bool:
    return isinstance(t, (int, float)) and not isinstance(t, bool) and float(t).is_integer()


def _shown(figures: dict[str, float]) -> dict[str, str]:
    """The figures as the progress output names them: ``data loss``, penalties, then ``total``."""
    parts = [k for k in ("data_loss", "l1_penalty", "l2_penalty") if k in figures]
    order = [*parts, "loss", *(k for k in figures if k not in parts and k != "loss")]
    return {("total" if k == "loss" and parts else LABELS.get(k, k)): f"{figures[k]:.4g}" for k in order}


class _Progress:
    """A tqdm bar over the epochs when tqdm is installed, otherwise a plain line every few epochs."""

    def __init__(self, epochs: int, verbose: bool, log_every: int | None) -> None:
        self.epochs, self.verbose = epochs, verbose
        self.every = log_every or max(1, epochs // 10)
        self.bar = None
        if verbose:
            try:
                from tqdm.auto import tqdm
            except ImportError:  # optional: pip install gradlab[progress]
                tqdm = None
            if tqdm is not None:
                self.bar = tqdm(total=epochs, desc="fit", unit="epoch")

    def update(self, epoch: int, figures: dict[str, float]) -> None:
        if not self.verbose:
            return
        shown = _shown(figures)
        if self.bar is not None:
            self.bar.set_postfix(shown, refresh=False)
            self.bar.update(1)
        elif (epoch + 1) % self.every == 0 or epoch == 0 or epoch + 1 == self.epochs:
            print(f"epoch {epoch + 1:>4}/{self.epochs}  " + "  ".join(f"{k} {v}" for k, v in shown.items()),
                  flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
