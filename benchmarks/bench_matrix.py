"""The gap matrix of a 1000-person organisation, against a plain read of the same rows."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import demo_file, median_seconds

from compdesk.storage import Store


def select_all_evidence_and_requirements(store: Store) -> int:
    """A plain read of every evidence and requirement row: the floor the matrix is timed against."""
    rows = store.db.execute("SELECT * FROM evidence").fetchall()
    rows += store.db.execute("SELECT * FROM requirements").fetchall()
    return len(rows)

def main() -> dict[str, float]:
    path = demo_file(1000)
    as_of = date.today()

    def open_and_compute() -> None:
        with Store.open(path, read_only=True) as store:
            store.gap_matrix(as_of)

    with Store.open(path, read_only=True) as store:
        counts = store.counts()
        matrix = store.gap_matrix(as_of)
        select_s = median_seconds(lambda: select_all_evidence_and_requirements(store), repeats=15)
        compute_s = median_seconds(lambda: store.gap_matrix(as_of), repeats=15)
    open_and_compute_s = median_seconds(open_and_compute)
    print(
        f"matrix of {counts['people']} people, {counts['evidence']} evidence records, "
        f"{len(matrix.cells)} required cells"
    )
    print(f"  open + compute the full matrix : {open_and_compute_s * 1000:7.1f} ms  (target < 500)")
    print(f"  compute only                   : {compute_s * 1000:7.1f} ms")
    print(f"  plain SELECT of the same rows  : {select_s * 1000:7.1f} ms")
    print(f"  open + compute / SELECT        : {open_and_compute_s / select_s:7.2f}     (target < 3)")
    return {
        "matrix_1000_s": round(open_and_compute_s, 4),
        "matrix_vs_select_ratio": round(open_and_compute_s / select_s, 2),
    }


if __name__ == "__main__":
    print(json.dumps(main()))
