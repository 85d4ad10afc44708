"""Optimizers with ``torch.optim``'s names, keyword arguments, defaults and update formulas.

``SGD``, ``Adagrad``, ``RMSprop``, ``Adadelta``, ``Adam`` and ``AdamW`` each take the
parameters (a list of ``Value``s, a ``Module``, or a list of parameter-group dicts) and
update ``p.data`` from ``p.grad`` in ``step()``; the same settings give PyTorch's numbers
(the formulas follow its single-tensor code, operation by operation).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from autograd import Value, enable_grad

from .module import Module

Params = Module | Iterable[Value] | Iterable[dict[str, Any]]


class Optimizer:
    """Base: parameter groups (each a dict with ``params`` and its settings), per-parameter state.

    >>> from autograd import Value
    >>> from nn.optim import SGD
    >>> w = Value(1.0)
    >>> opt = SGD([{"params": [w], "lr": 0.5}])  # parameter groups, as in torch.optim
    >>> opt.param_groups[0]["lr"]
    0.5
    """

    def __init__(self, params: Params, defaults: dict[str, Any]) -> None:
        _check_settings(defaults)
        self.defaults = defaults
        self.param_groups: list[dict[str, Any]] = []
        self.state: dict[Value, dict[str, Any]] = {}
        seen: dict[int, int] = {}  # id -> group number
        for number, group in enumerate(_groups(params)):
            settings = {**defaults, **group}
            _check_settings(settings)
            for position, p in enumerate(settings["params"]):
                if id(p) in seen:
                    where = (f"twice in the parameter list (again at position {position})"
                             if seen[id(p)] == number else "in more than one group")
                    raise ValueError(f"parameter {p.label or repr(p)} appears {where}: "
                                     "each parameter may be updated once per step")
                seen[id(p)] = number
            self.param_groups.append(settings)

    def zero_grad(self) -> None:
        """Set every parameter's gradient to 0."""
        for group in self.param_groups:
            for p in group["params"]:
                p.grad = 0.0

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """One update of every parameter from its ``grad``; ``closure`` re-evaluates the loss first."""
        loss = None
        if closure is not None:
            with enable_grad():
                loss = closure()
        for group in self.param_groups:
            self._update(group)
        return loss

    def _update(self, group: dict[str, Any]) -> None:
        raise NotImplementedError

    def _state(self, p: Value, **initial: Any) -> dict[str, Any]:
        state = self.state.get(p)
        if state is None:
            state = self.state[p] = dict(initial)
        return state

    def state_dict(self) -> dict[str, Any]:
        """PyTorch's layout: ``state`` by parameter index, ``param_groups`` with indices for params."""
        index = {id(p): i for i, p in enumerate(self._params())}
        return {
            "state": {index[id(p)]: dict(s) for p, s in self.state.items()},
            "param_groups": [{**{k: v for k, v in g.items() if k != "params"},
                              "params": [index[id(p)] for p in g["params"]]} for g in self.param_groups],
        }

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore settings and state saved by :meth:`state_dict` for the same parameters.

        Everything is checked first (groups, settings, parameter indices, state entries), so a
        bad state dict raises ``ValueError``/``TypeError`` and changes nothing."""
        groups = state_dict.get("param_groups") if isinstance(state_dict, dict) else None
        if not isinstance(groups, list) or len(groups) != len(self.param_groups) or any(
                not isinstance(g, dict) or not isinstance(g.get("params", ()), (list, tuple))
                or len(g.get("params", ())) != len(mine["params"])
                for g, mine in zip(groups, self.param_groups)):
            raise ValueError("optimizer state dict does not match this optimizer's parameter groups")
        params = self._params()
        saved = state_dict.get("state", {})
        if not isinstance(saved, dict):
            raise TypeError(f"optimizer state dict's state must be a dict, not {type(saved).__name__}")
        state = {}
        for i, s in saved.items():
            index = _index(i, len(params))
            if not isinstance(s, dict) or not all(_is_number(v) for v in s.values()):
                raise TypeError(f"optimizer state for parameter {i} must map names to numbers, got {s!r}")
            state[params[index]] = dict(s)
        settings = []
        for number, (g, mine) in enumerate(zip(groups, self.param_groups)):
            merged = {**mine, **{k: v for k, v in g.items() if k != "params"}}
            try:
                _check_settings(merged)
            except (TypeError, ValueError) as e:
                raise type(e)(f"optimizer state dict, parameter group {number}: {e}") from None
            settings.append(merged)
        for mine, merged in zip(self.param_groups, settings):  # all checked: now apply
            mine.update(merged)
        self.state = state

    def _params(self) -> list[Value]:
        return [p for g in self.param_groups for p in g["params"]]

    def __repr__(self) -> str:
        settings = ", ".join(f"{k}={v}" for k, v in self.param_groups[0].items() if k != "params")
        n = sum(len(g["params"]) for g in self.param_groups)
        return f"{type(self).__name__}({n} parameters, {settings})"


class SGD(Optimizer):
    """Stochastic gradient descent, with momentum, Nesterov momentum and weight decay (L2).

    >>> from autograd import Value
    >>> from nn.optim import SGD
    >>> w = Value(1.0)
    >>> opt = SGD([w], lr=0.1)
    >>> (w * w).backward()  # dw = 2w = 2
    >>> opt.step(); w.data  # 1 - 0.1 * 2
    0.8
    """

    def __init__(self, params: Params, lr: float = 1e-3, momentum: float = 0, dampening: float = 0,
                 weight_decay: float = 0, nesterov: bool = False, *, maximize: bool = False) -> None:
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening,
                                      weight_decay=weight_decay, nesterov=nesterov, maximize=maximize))

    def _update(self, group: dict[str, Any]) -> None:
        lr, momentum, dampening = group["lr"], group["momentum"], group["dampening"]
        weight_decay, nesterov, maximize = group["weight_decay"], group["nesterov"], group["maximize"]
        if not (momentum or weight_decay or maximize):  # plain SGD: the hot path
            for p in group["params"]:
                p.data -= lr * p.grad
            return
        for p in group["params"]:
            d = -p.grad if maximize else p.grad
            if weight_decay:
                d = d + weight_decay * p.data
            if momentum:
                state = self._state(p)
                buf = state.get("momentum_buffer")
                buf = d if buf is None else buf * momentum + (1 - dampening) * d
                state["momentum_buffer"] = buf
                d = d + momentum * buf if nesterov else buf
            p.data += -lr * d


class Adagrad(Optimizer):
    """Per-parameter learning rates shrinking with the sum of squared gradients.

    >>> from autograd import Value
    >>> from nn.optim import Adagrad
    >>> w = Value(1.0)
    >>> opt = Adagrad([w], lr=0.1)
    >>> (w * w).backward(); opt.step()
    >>> round(w.data, 6)  # the first step moves by lr, whatever the gradient's size
    0.9
    """

    def __init__(self, params: Params, lr: float = 1e-2, lr_decay: float = 0, weight_decay: float = 0,
                 initial_accumulator_value: float = 0, eps: float = 1e-10, *, maximize: bool = False) -> None:
        super().__init__(params, dict(lr=lr, lr_decay=lr_decay, weight_decay=weight_decay,
                                      initial_accumulator_value=initial_accumulator_value, eps=eps,
                                      maximize=maximize))

    def _update(self, group: dict[str, Any]) -> None:
        for p in group["params"]:
            state = self._state(p, step=0, sum=group["initial_accumulator_value"])
            g = _grad(p, group)
            state["step"] += 1
            clr = group["lr"] / (1 + (state["step"] - 1) * group["lr_decay"])
            state["sum"] = state["sum"] + 1 * g * g
            p.data += -clr * g / (math.sqrt(state["sum"]) + group["eps"])


class RMSprop(Optimizer):
    """Divide the gradient by a running root mean square of recent gradients (Hinton's RMSProp).

    >>> from autograd import Value
    >>> from nn.optim import RMSprop
    >>> w = Value(1.0)
    >>> opt = RMSprop([w], lr=0.01)
    >>> (w * w).backward(); opt.step()
    >>> w.data < 1.0
    True
    """

    def __init__(self, params: Params, lr: float = 1e-2, alpha: float = 0.99, eps: float = 1e-8,
                 weight_decay: float = 0, momentum: float = 0, centered: bool = False,
                 maximize: bool = False) -> None:
        super().__init__(params, dict(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay,
                                      momentum=momentum, centered=centered, maximize=maximize))

    def _update(self, group: dict[str, Any]) -> None:
        lr, alpha, eps, momentum = group["lr"], group["alpha"], group["eps"], group["momentum"]
        for p in group["params"]:
            state = self._state(p, step=0, square_avg=0.0)  # the buffers below only when used, as torch
            g = _grad(p, group)
            state["step"] += 1
            square_avg = state["square_avg"] = state["square_avg"] * alpha + (1 - alpha) * g * g
            if group["centered"]:
                grad_avg = state["grad_avg"] = _lerp(state.get("grad_avg", 0.0), g, 1 - alpha)
                avg = math.sqrt(square_avg + -1 * grad_avg * grad_avg) + eps
            else:
                avg = math.sqrt(square_avg) + eps
            if momentum > 0:
                buf = state["momentum_buffer"] = state.get("momentum_buffer", 0.0) * momentum + g / avg
                p.data += -lr * buf
            else:
                p.data += -lr * g / avg


class Adadelta(Optimizer):
    """Steps scaled by the ratio of running RMS of past updates to running RMS of gradients.

    >>> from autograd import Value
    >>> from nn.optim import Adadelta
    >>> w = Value(1.0)
    >>> opt = Adadelta([w])
    >>> (w * w).backward(); opt.step()
    >>> w.data < 1.0
    True
    """

    def __init__(self, params: Params, lr: float = 1.0, rho: float = 0.9, eps: float = 1e-6,
                 weight_decay: float = 0, *, maximize: bool = False) -> None:
        super().__init__(params, dict(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay, maximize=maximize))

    def _update(self, group: dict[str, Any]) -> None:
        rho, eps = group["rho"], group["eps"]
        for p in group["params"]:
            state = self._state(p, step=0, square_avg=0.0, acc_delta=0.0)
            g = _grad(p, group)
            state["step"] += 1
            square_avg = state["square_avg"] = state["square_avg"] * rho + (1 - rho) * g * g
            std = math.sqrt(square_avg + eps)
            delta = math.sqrt(state["acc_delta"] + eps) / std * g
            state["acc_delta"] = state["acc_delta"] * rho + (1 - rho) * delta * delta
            p.data += -group["lr"] * delta


class Adam(Optimizer):
    """Adaptive moments: running means of the gradient and its square, with bias correction.

    >>> from autograd import Value
    >>> from nn.optim import Adam
    >>> w = Value(1.0)
    >>> opt = Adam([w], lr=0.1)
    >>> (w * w).backward(); opt.step()
    >>> round(w.data, 6)  # the first step moves by lr
    0.9
    """

    def __init__(self, params: Params, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0, amsgrad: bool = False, *,
                 maximize: bool = False) -> None:
        super().__init__(params, dict(lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay,
                                      amsgrad=amsgrad, maximize=maximize))

    decoupled = False  # AdamW decays the weights directly instead of through the gradient

    def _update(self, group: dict[str, Any]) -> None:
        lr, (beta1, beta2), eps = group["lr"], group["betas"], group["eps"]
        weight_decay, amsgrad = group["weight_decay"], group["amsgrad"]
        for p in group["params"]:
            state = self._state(p, step=0, exp_avg=0.0, exp_avg_sq=0.0)  # max_exp_avg_sq with amsgrad only
            if self.decoupled:
                g = -p.grad if group["maximize"] else p.grad
                p.data *= 1 - lr * weight_decay
            else:
                g = _grad(p, group)
            step = state["step"] = state["step"] + 1
            exp_avg = state["exp_avg"] = _lerp(state["exp_avg"], g, 1 - beta1)
            exp_avg_sq = state["exp_avg_sq"] = state["exp_avg_sq"] * beta2 + (1 - beta2) * g * g
            if amsgrad:
                exp_avg_sq = state["max_exp_avg_sq"] = max(state.get("max_exp_avg_sq", 0.0), exp_avg_sq)
            step_size = lr / (1 - beta1 ** step)
            denom = math.sqrt(exp_avg_sq) / (1 - beta2 ** step) ** 0.5 + eps
            p.data += -step_size * exp_avg / denom


class AdamW(Adam):
    """Adam with decoupled weight decay: p ← p·(1 - lr·weight_decay) before the Adam step.

    >>> from autograd import Value
    >>> from nn.optim import AdamW
    >>> w = Value(1.0)
    >>> opt = AdamW([w], lr=0.1, weight_decay=0.01)
    >>> (w * w).backward(); opt.step()
    >>> round(w.data, 6)  # 1 - 0.1·0.01·1 (decay), then - 0.1 (Adam's first step)
    0.899
    """

    decoupled = True

    def __init__(self, params: Params, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 1e-2, amsgrad: bool = False, *,
                 maximize: bool = False) -> None:
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, maximize=maximize)


def _grad(p: Value, group: dict[str, Any]) -> float:
    """The gradient to descend: negated under ``maximize``, plus ``weight_decay · p`` (L2)."""
    g = -p.grad if group["maximize"] else p.grad
    if group["weight_decay"]:
        g = g + group["weight_decay"] * p.data
    return g


def _index(i: Any, n: int) -> int:
    """A state dict's parameter index (an int, or its string after a JSON round trip), checked."""
    try:
        index = int(i) if isinstance(i, (int, str)) and not isinstance(i, bool) else None
    except ValueError:
        index = None
    if index is None or not 0 <= index < n:
        raise ValueError(f"optimizer state dict names parameter {i!r}, which does not exist "
                         f"(this optimizer has {n})")
    return index


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def _lerp(a: float, b: float, w: float) -> float:
    """a + w·(b - a), in PyTorch's two branches (the same rounding as ``torch.lerp``)."""
    return a + w * (b - a) if abs(w) < 0.5 else b - (b - a) * (1 - w)


def _groups(params: Params) -> list[dict[str, Any]]:
    items: Sequence[Value | dict[str, Any]]
    items = params.parameters() if isinstance(params, Module) else list(params)
    if not items:
        raise ValueError("optimizer got an empty parameter list")
    dicts = [g for g in items if isinstance(g, dict)]
    if len(dicts) == len(items):
        groups = [dict(g, params=list(g.get("params", ()))) for g in dicts]
    else:
        groups = [{"params": items}]
    for g in groups:
        bad = next((p for p in g["params"] if not isinstance(p, Value)), None)
        if bad is not None:
            raise TypeError(f"optimizer parameters must be Values, not {type(bad).__name__}")
        if not g["params"]:
            raise ValueError("optimizer got an empty parameter group")
    return groups


def _check_settings(settings: dict[str, Any]) -> None:
    for key in ("lr", "momentum", "dampening", "weight_decay", "lr_decay", "eps", "alpha", "rho",
                "initial_accumulator_value"):
        value = settings.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise TypeError(f"optimizer setting {key} must be a finite number, got {value!r}")
        if value < 0:
            raise ValueError(f"Invalid {key.replace('_', ' ')} value: {value}")
    for beta in settings.get("betas", ()):
        if not 0.0 <= beta < 1.0:
            raise ValueError(f"Invalid beta parameter: {beta} (must be in [0, 1))")
    if "rho" in settings and not 0.0 <= settings["rho"] <= 1.0:
        raise ValueError(f"Invalid rho value: {settings['rho']}")

