"""Learning-rate schedules, ``torch.optim.lr_scheduler``-style, usable with any optimizer.

A schedule remembers each parameter group's starting ``lr`` and, at every ``step()``
(once per epoch in :func:`nn.fit`), sets ``lr = lr_at(initial, t)`` in closed form.
micrograd's demo schedule ``lr = 1.0 - 0.9·k/100`` is ``LinearLR(opt, 1.0, 0.1, 100)``.
"""

from __future__ import annotations

import math
from typing import Any

from .optim import Optimizer


class Schedule:
    """Base: ``lr_at(base_lr, t)`` gives the learning rate after ``t`` steps.

    >>> from autograd import Value
    >>> from nn.optim import SGD
    >>> from nn.schedules import StepLR
    >>> opt = SGD([Value(1.0)], lr=1.0)
    >>> schedule = StepLR(opt, step_size=2, gamma=0.5)
    >>> for _ in range(4):
    ...     schedule.step()
    >>> schedule.get_last_lr()
    [0.25]
    """

    def __init__(self, optimizer: Optimizer) -> None:
        if not isinstance(optimizer, Optimizer):
            raise TypeError(f"a schedule drives an nn.optim optimizer, not {type(optimizer).__name__}")
        self.optimizer = optimizer
        self.base_lrs = [g.setdefault("initial_lr", g["lr"]) for g in optimizer.param_groups]
        self.last_epoch = 0
        self._apply()

    def lr_at(self, base_lr: float, t: int) -> float:
        """The learning rate after ``t`` steps of a group that started at ``base_lr``."""
        raise NotImplementedError

    def step(self) -> None:
        """Advance one step (epoch) and set every group's ``lr``."""
        self._apply(self.last_epoch + 1)
        self.last_epoch += 1

    def get_last_lr(self) -> list[float]:
        """The learning rate of each parameter group, as last set."""
        return [g["lr"] for g in self.optimizer.param_groups]

    def state_dict(self) -> dict[str, Any]:
        """Everything but the optimizer: enough to resume."""
        return {k: v for k, v in vars(self).items() if k != "optimizer"}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        """Resume from :meth:`state_dict` (and set the learning rates accordingly)."""
        self.__dict__.update(state)
        self._apply()

    def _apply(self, t: int | None = None) -> None:
        """Set every group's rate for step ``t`` (default: the current one), all or none: a rate
        that overflows or is not finite raises a ``ValueError`` naming the step and changes nothing."""
        t = self.last_epoch if t is None else t
        rates = []
        for base in self.base_lrs:
            try:
                lr = self.lr_at(base, t)
            except OverflowError:
                lr = math.inf
            if not math.isfinite(lr):
                raise ValueError(f"{type(self).__name__}: the learning rate after {t} steps is not a finite "
                                 f"number (from {base} with {self._settings()}); "
                                 "choose settings that keep it finite")
            rates.append(lr)
        for group, lr in zip(self.optimizer.param_groups, rates):
            group["lr"] = lr

    def _settings(self) -> str:
        return ", ".join(f"{k}={v}" for k, v in vars(self).items()
                         if k not in ("optimizer", "base_lrs", "last_epoch"))


class StepLR(Schedule):
    """Step decay: multiply the rate by ``gamma`` every ``step_size`` steps.

    >>> from autograd import Value
    >>> from nn.optim import SGD
    >>> from nn.schedules import StepLR
    >>> opt = SGD([Value(1.0)], lr=1.0)
    >>> schedule, lrs = StepLR(opt, step_size=2, gamma=0.1), []
    >>> for _ in range(4):
    ...     schedule.step(); lrs.append(round(opt.param_groups[0]["lr"], 6))
    >>> lrs
    [1.0, 0.1, 0.1, 0.01]
    """

    def __init__(self, optimizer: Optimizer, step_size: int, gamma: float = 0.1) -> None:
        if step_size < 1:
            raise ValueError(f"step_size must be a positive int, got {step_size!r}")
        _check_gamma(gamma)
        self.step_size, self.gamma = step_size, gamma
        super().__init__(optimizer)

    def lr_at(self, base_lr: float, t: int) -> float:
        return base_lr * self.gamma ** (t // self.step_size)


class ExponentialLR(Schedule):
    """Exponential decay: lr = base · gamma^t.

    >>> from autograd import Value
    >>> from nn.optim import SGD
    >>> from nn.schedules import ExponentialLR
    >>> opt = SGD([Value(1.0)], lr=1.0)
    >>> schedule = ExponentialLR(opt, gamma=0.5)
    >>> schedule.step(); schedule.step(); schedule.get_last_lr()
    [0.25]
    """

    def __init__(self, optimizer: Optimizer, gamma: float) -> None:
        _check_gamma(gamma)
        self.gamma = gamma
        super().__init__(optimizer)

    def lr_at(self, base_lr: float, t: int) -> float:
        return base_lr * self.gamma ** t


class CosineAnnealingLR(Schedule):
    """Cosine annealing from base to ``eta_min`` over ``T_max`` steps (and back, periodically).

    >>> from autograd import Value
    >>> from nn.optim import SGD
    >>> from nn.schedules import CosineAnnealingLR
    >>> opt = SGD([Value(1.0)], lr=1.0)
    >>> schedule = CosineAnnealingLR(opt, T_max=4)
    >>> schedule.step(); schedule.step(); [round(lr, 6) for lr in schedule.get_last_lr()]  # halfway
    [0.5]
    """

    def __init__(self, optimizer: Optimizer, T_max: int, eta_min: float = 0.0) -> None:
        if T_max < 1:
            raise ValueError(f"T_max must be a positive int, got {T_max!r}")
        self.T_max, self.eta_min = T_max, eta_min
        super().__init__(optimizer)

    def lr_at(self, base_lr: float, t: int) -> float:
        return self.eta_min + (base_lr - self.eta_min) * (1 + math.cos(math.pi * t / self.T_max)) / 2


class LinearLR(Schedule):
    """Linear change of the factor from ``start_factor`` to ``end_factor`` over ``total_iters`` steps.

    >>> from autograd import Value
    >>> from nn.optim import SGD
    >>> from nn.schedules import LinearLR
    >>> opt = SGD([Value(1.0)], lr=1.0)
    >>> schedule = LinearLR(opt, start_factor=1.0, end_factor=0.1, total_iters=100)  # micrograd's decay
    >>> for _ in range(50):
    ...     schedule.step()
    >>> [round(lr, 6) for lr in schedule.get_last_lr()]
    [0.55]
    """

    def __init__(self, optimizer: Optimizer, start_factor: float = 1.0 / 3, end_factor: float = 1.0,
                 total_iters: int = 5) -> None:
        if not 0 < start_factor <= 1 or not 0 <= end_factor <= 1:
            raise ValueError("start_factor must be in (0, 1] and end_factor in [0, 1]")
        if total_iters < 1:
            raise ValueError(f"total_iters must be a positive int, got {total_iters!r}")
        self.start_factor, self.end_factor, self.total_iters = start_factor, end_factor, total_iters
        super().__init__(optimizer)

    def lr_at(self, base_lr: float, t: int) -> float:
        done = min(t, self.total_iters)
        return base_lr * (self.start_factor + (self.end_factor - self.start_factor) * done / self.total_iters)


def _check_gamma(gamma: float) -> None:
    if isinstance(gamma, bool) or not isinstance(gamma, (int, float)) or not 0 < gamma < math.inf:
        raise ValueError(f"gamma must be a finite number > 0, got {gamma!r}")
