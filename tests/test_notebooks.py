"""Every notebook executes top to bottom, headless, fast, and is stored clean.

Each ``notebooks/*.ipynb`` is one test (so ``pytest -n 2`` splits them): it runs in a fresh
``python3`` kernel (the venv's ipykernel) with a temporary working directory, so nothing a
notebook writes lands in the repository. A failing cell fails the test with the cell's
source and traceback.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

CELL_TIMEOUT = 60  # seconds for any one cell: a hang fails the test instead of blocking it
NOTEBOOK_BUDGET = 120  # seconds for a whole notebook, kernel start included (each aims at < 30)
ANSI = re.compile(r"\x1b\[[0-9;]*m")  # the kernel colours its tracebacks
PRIVATE_IMPORT = re.compile(r"^\s*(?:from|import)\s+(?:autograd|nn|viz)\.", re.MULTILINE)


def _ids(paths: list[Path]) -> list[str]:
    return [p.stem for p in paths]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_executes(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The kernel inherits this environment: keep IPython's and Jupyter's files in tmp_path,
    # make any hash-order dependence reproducible, and draw figures without a display.
    for var, sub in (("IPYTHONDIR", "ipython"), ("MPLCONFIGDIR", "mpl"), ("JUPYTER_RUNTIME_DIR", "rt")):
        (tmp_path / sub).mkdir()
        monkeypatch.setenv(var, str(tmp_path / sub))
    # The venv's own "python3" kernel spec first, ahead of any user-wide one for another Python.
    monkeypatch.setenv("JUPYTER_PATH", str(Path(sys.prefix) / "share" / "jupyter"))
    monkeypatch.setenv("PYTHONHASHSEED", "0")
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    work = tmp_path / "work"
    work.mkdir()

    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=CELL_TIMEOUT, kernel_name="python3", allow_errors=False,
        resources={"metadata": {"path": str(work)}},
    )
    before = sorted(p.name for p in path.parent.iterdir())
    start = time.perf_counter()
    failure = None
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError as e:
        failure = f"{path.name}: a cell raised\n{ANSI.sub('', str(e))}"
    except nbclient.exceptions.CellTimeoutError as e:
        failure = f"{path.name}: a cell ran longer than {CELL_TIMEOUT} s\n{e}"
    if failure:
        pytest.fail(failure, pytrace=False)
    elapsed = time.perf_counter() - start
    assert elapsed < NOTEBOOK_BUDGET, f"{path.name} took {elapsed:.1f} s (budget {NOTEBOOK_BUDGET} s)"
    after = sorted(p.name for p in path.parent.iterdir())
    assert after == before, f"{path.name} wrote files into notebooks/: {sorted(set(after) - set(before))}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_is_stored_clean(path: Path) -> None:
    """Outputs cleared (no embedded images in the repository), public API only."""
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, f"{path.name} has no code"
    dirty = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and (c.outputs or c.execution_count)]
    assert not dirty, f"{path.name}: cells {dirty} are stored with outputs; clear them"
    private = [m.group(0).strip() for c in code for m in PRIVATE_IMPORT.finditer(c.source)]
    assert not private, f"{path.name} imports private modules: {private} (use the public API)"


def test_readme_links_every_notebook() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [p.name for p in NOTEBOOKS if f"](notebooks/{p.name})" not in readme]
    assert not missing, f"README.md does not link {missing}"
