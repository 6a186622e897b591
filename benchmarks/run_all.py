"""Run every benchmark; print readable figures, and as the very last line one JSON object."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_attach
import bench_binder
import bench_binder_memory
import bench_evidence_volume
import bench_matrix
import bench_open
import bench_window


def main() -> None:
    figures: dict[str, float] = {}
    for benchmark in (bench_matrix, bench_attach, bench_open, bench_binder, bench_binder_memory,
                      bench_evidence_volume, bench_window):
        print(f"== {benchmark.__name__}", flush=True)
        figures.update(benchmark.main())
        print(flush=True)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
