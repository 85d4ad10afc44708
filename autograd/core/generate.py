"""Writes ``Value``'s op methods from the op definitions: ``make generate``
(``python -m autograd.core.generate``).

For each primitive of :mod:`autograd.core.ops` the method inlines the float evaluation and the
local-derivative rule (the rule evaluated on symbols, :mod:`autograd.core.sym`), then makes
the node: one straight run, no call per rule. The output goes into the two marked regions of
``autograd/core/value.py``, so the methods are real, checked-in source; ``tests`` regenerate
them and fail when the file is out of date. Run it after adding or changing an op.
"""

from __future__ import annotations

import pathlib
import sys
import textwrap

from . import ops as _ops  # noqa: F401 - fills the registry
from .primitive import FUNCTIONS, PRIMITIVES, Math, Primitive, source_namespace
from .sym import Indicator, Sym, sym

VALUE_PY = pathlib.Path(__file__).with_name("value.py")
MARK_FUNCTIONS = "# -- generated: the functions and ops the methods call (make generate) -- "
MARK_METHODS = "    # -- generated: op methods (make generate) -- "


def used_functions(m: Math) -> list[str]:
    """Names of the float functions the generated methods call (for the module region)."""
    names: set[str] = set()
    for prim in PRIMITIVES.values():
        text = "\n".join(_rule_texts(prim, m))
        names.update(n for n in [*PRIMITIVES, *FUNCTIONS] if f"_f_{n}(" in text)
    return sorted(names)


def _rule_texts(prim: Primitive, m: Math) -> list[str]:
    operands = [Sym(n) for n in ("x", "y")[:prim.arity]]
    params = tuple(Sym(p) for p in prim.param_names)
    forward = prim.forward_terms(m, operands, (), params)[0]
    locs = prim.derivatives(m, operands, Sym("out"), (), params)
    return [sym(forward).text, *(sym(loc).text for loc in locs)]


def method(prim: Primitive, m: Math) -> str:
    """The source of ``Value.<method>`` for ``prim`` (at class-body indentation)."""
    forward, *locs = _rule_texts(prim, m)
    operands = [Sym(n) for n in ("x", "y")[:prim.arity]]
    params = tuple(Sym(p) for p in prim.param_names)
    raw = prim.derivatives(m, operands, Sym("out"), (), params)
    if prim.arity == 1 and isinstance(raw[0], Indicator):
        locs_text = f"_UNIT[{locs[0]}]"
    else:
        locs_text = f"({locs[0]},)" if len(locs) == 1 else f"({', '.join(locs)})"
    opref = f"_op_{prim.name}"
    derivative = "; ".join(f"d/d{n} = {loc}" for n, loc in zip(("x", "y"), locs))
    doc = f"{prim.doc}\n\nGenerated from ``autograd.core.ops.{prim.name}``:\nout = {forward}; {derivative}."
    lines = []
    if prim.arity == 2:
        name = prim.method
        lines.append(f"def {name}(self, other: Value | float) -> Value:")
        lines.append(_docstring(doc))
        if name.startswith("__"):
            lines += ["    right = other if isinstance(other, Value) else constant(other)",
                      "    if right is None:", "        return NotImplemented"]
        else:
            lines.append(f"    right = operand(other, {prim.name!r})")
        lines += ["    x = self.data", "    y = right.data"]
        parents, args = "(self, right)", "(x, y)"
    else:
        signature = "".join(f", {p.name}: float" + ("" if p.default is None else f" = {p.default!r}")
                            for p in prim.param_specs)
        lines.append(f"def {prim.method}(self{signature}) -> Value:")
        lines.append(_docstring(doc))
        if prim.param_specs:
            names = ", ".join(prim.param_names)
            lines.append(f"    op = {opref}.bind(({names},))")
            lines.append(f"    {names}, = op.params  # checked floats")
            opref = "op"
        lines.append("    x = self.data")
        parents, args = "(self,)", "(x,)"
    lines += [
        "    try:",
        f"        out = {forward}",
        f"        locs: tuple[float, ...] = {locs_text}",
        "    except ARITH:",
        f"        out, locs = {opref}.evaluate({args})",
        "    if fast():",
        "        v = _new(Value)",
        "        v.data = out",
        "        v.grad = 0.0",
        f"        v._prev = {parents}",
        "        v._locals = locs",
        f"        v._prim = {opref}",
        '        v.label = ""',
        "        return v",
        f"    return make_node(out, {parents}, locs, {opref})",
    ]
    if prim.arity == 2 and prim.method.startswith("__"):
        reflected = "__r" + prim.method[2:]
        lines += ["", f"def {reflected}(self, other: float) -> Value:",
                  f'    """``other {prim.infix} self`` for a number ``other`` on the left."""',
                  "    left = constant(other)",
                  f"    return NotImplemented if left is None else left.{prim.method}(self)"]
    return textwrap.indent("\n".join(lines), "    ")


def _docstring(text: str) -> str:
    summary, rest = text.split("\n\n", 1)
    head, formula = rest.split("\n", 1)
    formula = textwrap.fill(formula, 96, subsequent_indent="    ")
    return textwrap.indent(f'"""{textwrap.fill(summary, 96)}\n\n{head}\n{formula}\n"""', "    ")


def regions() -> tuple[str, str]:
    """The text of both generated regions: module-level names, then the methods."""
    m = source_namespace("_f_", inline=True)
    head = [f'_f_{n} = FLOAT_FUNCTIONS["{n}"]' for n in used_functions(m)]
    head += [f'_op_{p} = PRIMITIVES["{p}"]' for p in sorted(PRIMITIVES)]
    methods = "\n\n".join(method(p, m) for p in PRIMITIVES.values())
    return "\n".join(head) + "\n", methods + "\n"


def render(source: str) -> str:
    """``value.py``'s text with both regions replaced by freshly generated code."""
    head, methods = regions()
    for mark, body in ((MARK_FUNCTIONS, head), (MARK_METHODS, methods)):
        begin, end = mark + "begin\n", mark.split("--")[0] + "-- generated -- end\n"
        i = source.index(begin) + len(begin)
        j = source.index(end, i)
        source = source[:i] + body + source[j:]
    return source


def main() -> int:
    """Rewrite ``value.py`` in place; exit status 1 when it changed (for CI-style checks)."""
    old = VALUE_PY.read_text()
    new = render(old)
    compile(new, str(VALUE_PY), "exec")
    if new != old:
        VALUE_PY.write_text(new)
        print(f"regenerated {VALUE_PY}")
        return 1
    print(f"{VALUE_PY} is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
