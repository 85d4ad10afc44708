"""Every public function and class of ``nn`` and ``viz`` documents itself with an example.

The examples themselves run as doctests (``--doctest-modules`` in pyproject's pytest
settings, over ``autograd``, ``nn`` and ``viz``); this test checks that none is missing, so
a new public name without one fails here rather than showing an example-less entry in the
API reference (``make docs``).
"""

from __future__ import annotations

import inspect
from types import ModuleType

import pytest

import nn
import nn.init
import nn.optim
import nn.schedules
import viz


def _public(module: ModuleType) -> list[tuple[str, object]]:
    """The functions and classes a module offers: its ``__all__``, else what it defines itself."""
    names = getattr(module, "__all__", None) or [
        n for n, o in vars(module).items()
        if not n.startswith("_") and getattr(o, "__module__", None) == module.__name__]
    objects = [(f"{module.__name__}.{n}", getattr(module, n)) for n in names]
    return [(n, o) for n, o in objects if inspect.isfunction(o) or inspect.isclass(o)]


PUBLIC = [item for m in (nn, nn.optim, nn.schedules, nn.init, viz) for item in _public(m)]


def test_the_public_api_is_found() -> None:
    names = {n for n, _ in PUBLIC}
    assert {"nn.MLP", "nn.fit", "nn.optim.Adam", "nn.schedules.LinearLR", "nn.init.he",
            "viz.draw_graph", "viz.draw_dot"} <= names


@pytest.mark.parametrize(("name", "obj"), PUBLIC, ids=[n for n, _ in PUBLIC])
def test_public_name_has_a_docstring_with_an_example(name: str, obj: object) -> None:
    doc = inspect.getdoc(obj) or ""
    assert doc, f"{name} has no docstring"
    assert ">>> " in doc, f"{name}'s docstring has no example (a >>> line that doctest runs)"
