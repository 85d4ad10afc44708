"""The op methods of ``Value`` are real, checked-in source generated from the op definitions."""

import inspect
import pathlib

import pytest

from autograd import PRIMITIVES, Value
from autograd.core import generate


def test_generated_methods_are_up_to_date():
    """After adding or changing an op in autograd/core/ops.py, run ``make generate``."""
    text = generate.VALUE_PY.read_text()
    assert generate.render(text) == text, "autograd/core/value.py is stale: run `make generate`"


def test_make_generate_leaves_an_up_to_date_file_alone_and_says_so(capsys):
    """``make generate`` (``python -m autograd.core.generate``) exits 0 and writes nothing when
    value.py is current; 1 only when it rewrote the file (a CI check can fail on that)."""
    if generate.render(generate.VALUE_PY.read_text()) != generate.VALUE_PY.read_text():
        pytest.skip("value.py is stale (test_generated_methods_are_up_to_date fails): not rewriting it here")
    before = generate.VALUE_PY.stat().st_mtime_ns
    assert generate.main() == 0
    assert "is up to date" in capsys.readouterr().out
    assert generate.VALUE_PY.stat().st_mtime_ns == before


def test_every_primitive_has_a_documented_method_with_real_source():
    for prim in PRIMITIVES.values():
        method = getattr(Value, prim.method)
        assert prim.doc.split(".")[0] in method.__doc__
        source = inspect.getsource(method)
        assert f"_op_{prim.name}" in source
        assert pathlib.Path(inspect.getsourcefile(method)).name == "value.py"


def test_a_traceback_through_an_op_shows_a_real_line():
    try:
        Value(-1.0).log()
    except ValueError as e:
        frames = [f for f in inspect.getinnerframes(e.__traceback__) if f.filename.endswith("value.py")]
        assert frames and frames[0].code_context and "evaluate" in frames[0].code_context[0]
