"""``make bench``: every ``benchmarks/bench_*.py`` in one process, each printing its table."""

from __future__ import annotations

import importlib
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

if __name__ == "__main__":
    only = sys.argv[1:]
    for path in sorted(HERE.glob("bench_*.py")):
        if only and path.stem.removeprefix("bench_") not in only:
            continue
        print(f"\n=== {path.stem} ===", flush=True)
        importlib.import_module(path.stem).main()
