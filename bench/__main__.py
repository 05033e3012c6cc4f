"""`make bench`: run every benchmark in bench/ and print its figures.

Benchmarks measure; they never assert. Their figures go in BENCHMARKS.md and the issue note.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path


def main() -> None:
    here = Path(__file__).parent
    for module in sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_")):
        print(f"\n## {module}")
        importlib.import_module(f"bench.{module}").run()


if __name__ == "__main__":
    main()
