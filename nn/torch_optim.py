"""Optimizer state across the bridge: ``nn.optim`` ↔ ``torch.optim``, so training continues where it stopped.

Our optimizers keep one state dict per scalar parameter (``step``, ``momentum_buffer``,
``sum``, ``square_avg``, ``grad_avg``, ``acc_delta``, ``exp_avg``, ``exp_avg_sq``,
``max_exp_avg_sq``: torch's names and formulas); torch keeps one per tensor. Converting means
gathering the scalars of each ``Linear``'s weight and bias into tensors (row-major) and back,
through each side's ``state_dict()``/``load_state_dict()``. Settings (lr, momentum, betas, ...)
and parameter groups carry over; a group must hold whole tensors, since torch has one
setting per tensor. The next step on either side is then the same step.
"""

from __future__ import annotations

import inspect
from typing import Any

from autograd import Value

from . import optim
from .module import Module
from .torch_bridge import parameter_pairs, require_torch

NAMES = ("SGD", "Adagrad", "RMSprop", "Adadelta", "Adam", "AdamW")
"""The optimizers both sides have, by their common class name."""

CARRIED = ("initial_lr",)
"""Group entries outside the constructors' keywords that carry over (the schedules' base rate)."""


def optimizer_to_torch(optimizer: optim.Optimizer, model: Module, module: Any) -> Any:
    """A ``torch.optim`` optimizer of the same kind over ``module`` (``to_torch(model)``), with
    ``optimizer``'s parameter groups, settings and state: its next ``step()`` is ours.

    Raises ``ValueError`` for another kind of optimizer, a parameter that is not the model's,
    or a parameter group holding part of a tensor.

    >>> import nn
    >>> model = nn.MLP(2, [3, 1], seed=0)
    >>> opt = nn.optim.Adam(model.parameters(), lr=0.01)
    >>> net = nn.to_torch(model)
    >>> type(nn.optimizer_to_torch(opt, model, net)).__name__
    'Adam'
    """
    torch = require_torch()
    name = _name_of(type(optimizer), optim, "ours")
    pairs = parameter_pairs(model, module)
    where = {id(v): t for t, (_, values) in enumerate(pairs) for v in values}
    owner: dict[int, int] = {}
    groups = []
    for g, group in enumerate(optimizer.param_groups):
        tensors = list(dict.fromkeys(_tensor_of(where, v, g) for v in group["params"]))
        for t in tensors:
            inside = sum(where.get(id(v)) == t for v in group["params"])
            if inside != len(pairs[t][1]) or t in owner:
                raise ValueError(f"optimizer group {g} holds {inside} of the {len(pairs[t][1])} entries of "
                                 f"{_tensor_name(t)}; torch keeps one setting per tensor, so a group "
                                 "must hold whole weight matrices and bias vectors")
            owner[t] = g
        groups.append({**{k: v for k, v in group.items() if k != "params"},
                       "params": [pairs[t][0] for t in tensors]})
    theirs = getattr(torch.optim, name)(groups)
    ours = optimizer.state_dict()
    flat = [v for group in optimizer.param_groups for v in group["params"]]
    by_value = {id(flat[i]): s for i, s in ours["state"].items()}
    index = {id(p): i for i, p in enumerate(p for group in theirs.param_groups for p in group["params"])}
    converted = theirs.state_dict()  # torch's own groups, and Adagrad's eager initial state
    for t, (tensor, values) in enumerate(pairs):
        states = [by_value.get(id(v)) for v in values]
        if all(s is None for s in states):
            continue
        converted["state"][index[id(tensor)]] = _gathered(torch, tensor, states, _tensor_name(t))
    theirs.load_state_dict(converted)
    return theirs


def optimizer_from_torch(optimizer: Any, module: Any, model: Module) -> optim.Optimizer:
    """Our optimizer of the same kind over ``model`` (``from_torch(module)``), with the torch
    ``optimizer``'s parameter groups, settings and state: its next ``step()`` is torch's.

    torch's ``Adam(decoupled_weight_decay=True)`` is our ``AdamW``. Raises ``ValueError`` for
    another kind of optimizer or a tensor that is not a weight or bias of the module's layers.

    >>> import nn, torch
    >>> net = nn.to_torch(nn.MLP(2, [3, 1], seed=0))
    >>> model = nn.from_torch(net)
    >>> ours = nn.optimizer_from_torch(torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9), net, model)
    >>> type(ours).__name__, ours.param_groups[0]["momentum"]
    ('SGD', 0.9)
    """
    torch = require_torch()
    name = _name_of(type(optimizer), torch.optim, "torch's")
    decoupled = {bool(g.get("decoupled_weight_decay")) for g in optimizer.param_groups}
    if name == "Adam" and True in decoupled:
        if len(decoupled) > 1:
            raise ValueError("torch Adam with decoupled_weight_decay in some groups only: "
                             "ours is Adam or AdamW for all groups")
        name = "AdamW"
    cls = getattr(optim, name)
    keywords = [k for k in inspect.signature(cls).parameters if k != "params"] + list(CARRIED)
    pairs = parameter_pairs(model, module)
    where = {id(tensor): values for tensor, values in pairs}
    groups, starts, flat = [], [], 0
    for g, group in enumerate(optimizer.param_groups):
        values: list[Value] = []
        for p in group["params"]:
            if id(p) not in where:
                raise ValueError(f"torch optimizer group {g} holds a tensor of shape {tuple(p.shape)} that "
                                 "is not a weight or bias of the module's Linear layers")
            starts.append(flat + len(values))
            values += where[id(p)]
        flat += len(values)
        groups.append({**{k: _number(group[k]) for k in keywords if k in group}, "params": values})
    ours = cls(groups)
    tensors = [p for group in optimizer.param_groups for p in group["params"]]
    state = {}
    for i, entries in optimizer.state_dict()["state"].items():
        numel = len(where[id(tensors[i])])
        columns = {k: _scalars(k, v, numel) for k, v in entries.items() if v is not None}
        for pos in range(numel):
            state[starts[i] + pos] = {k: column[pos] for k, column in columns.items()}
    ours.load_state_dict({"state": state, "param_groups": ours.state_dict()["param_groups"]})
    return ours


# -- helpers -----------------------------------------------------------------------------------


def _name_of(kind: type, namespace: Any, side: str) -> str:
    for name in NAMES:
        if kind is getattr(namespace, name):
            return name
    raise ValueError(f"{kind.__name__} is not one of {side} optimizers with a counterpart: "
                     f"{', '.join(NAMES)}")


def _tensor_of(where: dict[int, int], v: Value, group: int) -> int:
    if id(v) not in where:
        raise ValueError(f"optimizer group {group} holds {v.label or repr(v)}, which is not a parameter "
                         "of the model")
    return where[id(v)]


def _tensor_name(t: int) -> str:
    return f"layers.{t // 2}'s {'bias' if t % 2 else 'weight'}"


def _gathered(torch: Any, tensor: Any, states: list[dict[str, Any] | None], shown: str) -> dict[str, Any]:
    """One torch state entry from the scalar states of a tensor's entries (row-major)."""
    kinds = sorted({", ".join(sorted(s)) if s is not None else "no state" for s in states})
    if len(kinds) > 1:
        raise ValueError(f"the optimizer state of {shown} differs in kind between its entries "
                         f"({' / '.join(kinds)}); torch keeps one state per tensor")
    present = [s for s in states if s is not None]  # all of them: one kind, and some entry has state
    entry = {}
    for key in present[0]:
        column = [s[key] for s in present]
        if key == "step":  # one count per tensor in torch, a float tensor as torch makes it
            if len(set(column)) > 1:
                raise ValueError(f"the entries of {shown} have taken different numbers of steps "
                                 f"({min(column)} to {max(column)}); torch keeps one count per tensor")
            entry[key] = torch.tensor(float(column[0]))
        else:
            entry[key] = torch.tensor(column, dtype=tensor.dtype, device=tensor.device).reshape(tensor.shape)
    return entry


def _scalars(key: str, value: Any, numel: int) -> list[Any]:
    """A torch state entry as ``numel`` numbers: the tensor's step count repeated (an int, as ours
    counts), a buffer flattened row-major."""
    if key == "step":
        step = float(value)
        return [int(step) if step.is_integer() else step] * numel
    return [float(x) for x in value.detach().cpu().reshape(-1).tolist()]


def _number(setting: Any) -> Any:
    """A torch setting as our plain number (``lr`` and ``betas`` may be tensors there)."""
    if isinstance(setting, tuple):
        return tuple(_number(s) for s in setting)
    return setting.item() if hasattr(setting, "item") else setting

