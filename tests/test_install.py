"""First steps of a new user: clear import errors, and micrograd's ``draw_dot`` name.

The import checks run in a fresh interpreter (a subprocess), since ``nn`` and ``viz`` are
already imported here and faking modules in this process would leak into other tests.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from autograd import Value

ROOT = Path(__file__).resolve().parent.parent


def _import_fails(setup: str, package: str) -> str:
    """Run ``setup`` then ``import package`` in a fresh Python; return the ImportError's message."""
    code = (f"{setup}\ntry:\n    import {package}\n"
            "except ImportError as e:\n    print(e)\nelse:\n    print('IMPORTED')")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


# HIPS autograd's package: an `autograd` module with grad and friends but no `Value`.
FAKE_HIPS = (
    "import sys, types\n"
    "hips = types.ModuleType('autograd')\n"
    "hips.__file__ = '/site-packages/autograd/__init__.py'\n"
    "hips.grad = lambda f: f\n"
    "sys.modules['autograd'] = hips"
)


@pytest.mark.parametrize("package", ["nn", "viz"])
def test_hips_autograd_shadowing_ours_is_named_at_import(package: str) -> None:
    message = _import_fails(FAKE_HIPS, package)
    assert "HIPS autograd" in message and "has no `Value`" in message, message
    assert "/site-packages/autograd/__init__.py" in message  # where the other module is
    assert "pip uninstall autograd" in message  # and how to fix it


def test_ours_imports_cleanly_in_a_fresh_interpreter() -> None:
    assert _import_fails("", "nn, viz") == "IMPORTED"


def test_viz_without_graphviz_names_the_extra() -> None:
    message = _import_fails("import sys; sys.modules['graphviz'] = None", "viz")
    assert "graphviz" in message and '".[viz]"' in message, message


def test_nn_does_not_need_graphviz() -> None:
    assert _import_fails("import sys; sys.modules['graphviz'] = None", "nn") == "IMPORTED"


PACKAGES = ("autograd", "nn", "viz")


@pytest.mark.slow
def test_a_built_wheel_ships_every_package_and_the_page_assets(tmp_path: Path) -> None:
    """``pip install .`` (not ``-e``) installs from a wheel: it must hold every file of the
    packages (autograd.core and the other subpackages, viz/assets' scripts and styles), with no
    setuptools warning about a package left out of the configuration."""
    pytest.importorskip("setuptools")
    source = tmp_path / "source"  # a copy: building writes build/ and *.egg-info next to pyproject.toml
    for name in PACKAGES:
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    out = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                          "-w", str(tmp_path / "wheel"), str(source)],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "absent from the `packages` configuration" not in out.stdout + out.stderr
    (wheel,) = (tmp_path / "wheel").glob("*.whl")
    shipped = {name for name in zipfile.ZipFile(wheel).namelist() if ".dist-info/" not in name}
    files = {p.relative_to(source).as_posix() for name in PACKAGES for p in (source / name).rglob("*")
             if p.is_file()}
    assert shipped == files
    assert {"viz/assets/explorer.js", "viz/assets/training.css", "autograd/core/value.py"} <= shipped


def _tanh_graph() -> Value:
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    y = (a * b + a).tanh()
    y.backward()
    return y


def test_draw_dot_is_micrographs_name_for_draw_graph() -> None:
    import viz

    y = _tanh_graph()
    assert viz.draw_dot(y).source == viz.draw_graph(y).source
    assert viz.draw_dot(y, rankdir="TB").source == viz.draw_graph(y, rankdir="TB").source
    assert viz.draw_dot(y, max_nodes=2).source == viz.draw_graph(y, max_nodes=2).source
    with pytest.raises(ValueError, match="unknown format"):
        viz.draw_dot(y, format="nope")


def test_draw_dot_renders_as_micrograd_notebooks_use_it(tmp_path: Path) -> None:
    import viz

    y = _tanh_graph()
    svg = Path(viz.draw_dot(y).render(tmp_path / "gout"))  # micrograd: dot = draw_dot(y); dot.render(...)
    png = Path(viz.draw_dot(y, format="png").render(tmp_path / "gout"))
    assert svg.suffix == ".svg" and svg.read_text().lstrip().startswith(("<?xml", "<svg"))
    assert png.suffix == ".png" and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
