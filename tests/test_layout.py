"""The package layout the design promises: imports flow one way, with no cycles even through
imports inside functions, and ``from autograd import *`` leaves the builtins alone."""

from __future__ import annotations

import ast
import builtins
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("autograd", "nn", "viz")

LAYERS = [  # a module may import from its own layer and the layers above it, never below
    ("autograd.core",),
    ("autograd.transforms", "autograd.check", "autograd.compiler"),
    ("autograd",),  # the package's __init__ and autograd.testing: the public face
    ("nn",),
    ("viz",),
    ("nn.demo",),  # the `make demo` program: trains with nn, draws with viz
]


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _resolve(module: str, node: ast.ImportFrom | ast.Import) -> list[str]:
    """The project modules an import statement names (``from . import x`` names the submodule
    ``x`` when there is one; importing a submodule does not count as importing its parents)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name in MODULES]
    is_package = MODULES[module].name == "__init__.py"
    base = module.split(".")
    if node.level:
        base = base[: len(base) - node.level + (1 if is_package else 0)]
    target = ".".join(base + (node.module.split(".") if node.module else []))
    named = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in MODULES]
    if len(named) < len(node.names) and target in MODULES:
        named.append(target)
    return named


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[module] = {t for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))
                         for t in _resolve(module, node) if t != module}
    return graph


def _layer(module: str) -> int:
    best = max((prefix for layer in LAYERS for prefix in layer
                if module == prefix or module.startswith(prefix + ".")), key=len)
    return next(i for i, layer in enumerate(LAYERS) if best in layer)


def test_the_import_graph_sees_the_packages():
    graph = _graph()
    assert {"autograd.core.value", "autograd.core.ops", "nn.layers", "viz.graph"} <= set(graph)
    assert "autograd.core.ops" in graph["autograd.core.value"]  # `from . import ops as _ops`


def test_no_import_cycles_even_inside_functions():
    graph = _graph()
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in graph:
        if state.get(start):
            continue
        path, stack = [start], [iter(sorted(graph[start]))]
        state[start] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                cycle = [*path[path.index(nxt):], nxt]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            elif not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(sorted(graph[nxt])))


def test_imports_flow_one_way_core_then_transforms_then_nn_then_viz():
    wrong = [f"{m} imports {t}" for m, targets in _graph().items() for t in targets
             if _layer(t) > _layer(m)]
    assert not wrong, wrong


def test_star_import_shadows_no_builtin():
    namespace: dict[str, object] = {}
    exec("from autograd import *", namespace)
    shadowed = sorted(set(namespace) & set(dir(builtins)) - {"__builtins__"})
    assert not shadowed
    import autograd

    assert callable(autograd.sum) and callable(autograd.compile)  # reachable by their full names
