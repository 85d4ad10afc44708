"""Execute notebooks the one way both ``make notebooks-run`` and the tests do.

Each notebook runs top to bottom in a fresh ``python3`` kernel (this venv's ipykernel) with a
scratch working directory, so nothing it writes lands in the repository, and a fixed
environment (hash seed, inline matplotlib, IPython's files in the scratch directory), so the
same notebook gives the same outputs on every run. ``make notebooks-run`` stores the executed
notebooks with their outputs (pictures visible wherever a notebook is shown);
``tests/test_notebooks.py`` executes them fresh and checks that the stored outputs are current.

Usage: ``python tests/notebook_runner.py notebooks/*.ipynb``.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import nbclient
import nbformat

CELL_TIMEOUT = 60  # seconds for any one cell: a hang fails instead of blocking
COMPARED = ("text/plain", "text/html", "text/markdown", "text/latex", "image/svg+xml")
"""Output types that must be identical between runs; PNG bytes may differ (encoder, metadata)."""
SVG_TEXT = re.compile(r"<text\b[^>]*>(.*?)</text>", re.S)
"""What an SVG drawing says (labels, numbers, grads), without where another Graphviz puts it."""


@contextmanager
def _environment(scratch: Path) -> Iterator[None]:
    """The kernel's environment (it inherits ours), put back afterwards."""
    overrides = {
        "PYTHONHASHSEED": "0",  # set iteration order, if a notebook ever depends on it
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",  # figures without a display
        # The venv's own "python3" kernel spec first, ahead of any user-wide one for another Python.
        "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter"),
    }
    for var, sub in (("IPYTHONDIR", "ipython"), ("MPLCONFIGDIR", "mpl"), ("JUPYTER_RUNTIME_DIR", "rt")):
        (scratch / sub).mkdir(exist_ok=True)
        overrides[var] = str(scratch / sub)
    saved = {var: os.environ.get(var) for var in overrides}
    os.environ.update(overrides)
    try:
        yield
    finally:
        for var, value in saved.items():
            if value is None:
                os.environ.pop(var, None)
            else:
                os.environ[var] = value


def execute(path: Path, scratch: Path) -> Any:
    """The notebook at ``path`` executed (a ``NotebookNode``); raises nbclient's errors on a failing cell."""
    nb = nbformat.read(path, as_version=4)
    work = scratch / "work"
    work.mkdir(parents=True, exist_ok=True)
    with _environment(scratch):
        client = nbclient.NotebookClient(
            nb, timeout=CELL_TIMEOUT, kernel_name="python3", allow_errors=False, record_timing=False,
            coalesce_streams=True,  # one stream output per cell and stream, however the kernel flushed
            resources={"metadata": {"path": str(work)}},
        )
        client.execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)  # timestamps, should an older run have left them
    return nb


def comparable(nb: Any, svg_layout: bool = True) -> list[list[tuple[str, str]]]:
    """Per code cell, its outputs as (kind, text) pairs: streams and text/SVG data exactly, PNG as a marker.

    ``svg_layout=False`` keeps only the text an SVG shows, for comparing drawings that another
    version of Graphviz's ``dot`` laid out (coordinates and version comments differ).
    """
    cells = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outs: list[tuple[str, str]] = []
        for out in cell.outputs:
            if out.output_type == "stream":
                outs.append((out.name, out.text))
            elif out.output_type in ("display_data", "execute_result"):
                for mime in (m for m in COMPARED if m in out.data):
                    data = out.data[mime]
                    outs.append((mime, data if svg_layout or mime != "image/svg+xml"
                                 else "\n".join(SVG_TEXT.findall(data))))
                outs.extend((mime, "<binary>") for mime in sorted(out.data) if mime.startswith("image/")
                            and mime not in COMPARED)
            else:
                outs.append((out.output_type, f"{out.get('ename')}: {out.get('evalue')}"))
        cells.append(outs)
    return cells


def main(paths: list[str]) -> int:
    """Execute each notebook and write it back in place, with its outputs."""
    for name in paths:
        path = Path(name)
        with tempfile.TemporaryDirectory(prefix="gradlab-nb-") as scratch:
            try:
                nb = execute(path, Path(scratch))
            except (nbclient.exceptions.CellExecutionError, nbclient.exceptions.CellTimeoutError) as e:
                print(f"{path}: a cell failed; the stored notebook is unchanged\n{e}", file=sys.stderr)
                return 1
        nbformat.write(nb, path)
        print(f"{path}: executed and stored with its outputs")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
