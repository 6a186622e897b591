"""The gap matrix of a 1000-person organisation, against a plain read of the same rows."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import contextlib
import sqlite3

from common import demo_file, engine_statements, median_seconds

from compdesk.storage import Store


def open_and_read_engine_rows(path: Path, statements: list[str]) -> int:
    """Open the file with the sqlite3 module and read every row the engine reads, exactly those
    columns: the floor the matrix is timed against."""
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        return sum(len(db.execute(statement).fetchall()) for statement in statements)

def main() -> dict[str, float]:
    path = demo_file(1000)
    as_of = date.today()

    def open_and_compute() -> None:
        with Store.open(path, read_only=True) as store:
            store.gap_matrix(as_of)

    with Store.open(path, read_only=True) as store:
        counts = store.counts()
        matrix = store.gap_matrix(as_of)
        compute_s = median_seconds(lambda: store.gap_matrix(as_of), repeats=15)
    statements = engine_statements(path, as_of)
    select_s = median_seconds(lambda: open_and_read_engine_rows(path, statements), repeats=15)
    open_and_compute_s = median_seconds(open_and_compute)
    print(
        f"matrix of {counts['people']} people, {counts['evidence']} evidence records, "
        f"{len(matrix.cells)} required cells"
    )
    print(f"  open + compute the full matrix : {open_and_compute_s * 1000:7.1f} ms  (target < 500)")
    print(f"  compute only                   : {compute_s * 1000:7.1f} ms")
    print(f"  open + read the engine's rows  : {select_s * 1000:7.1f} ms")
    print(f"  open + compute / that floor    : {open_and_compute_s / select_s:7.2f}     (target < 3)")
    return {
        "matrix_1000_s": round(open_and_compute_s, 4),
        "matrix_vs_select_ratio": round(open_and_compute_s / select_s, 2),
    }


if __name__ == "__main__":
    print(json.dumps(main()))
