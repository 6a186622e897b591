"""The gap matrix of a 1000-person organisation, against a plain read of the same rows."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import contextlib
import sqlite3
import subprocess

from common import demo_file, engine_statements, median_seconds, read_rows_script

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
    cli_s, bare_s = matrix_cli_against_bare_read(demo_file(5000), as_of)
    print("compdesk matrix --format json of 5000 people, a whole process (median of 5)")
    print(f"  the command, output to a pipe  : {cli_s * 1000:7.1f} ms")
    print(f"  bare Python reading its rows   : {bare_s * 1000:7.1f} ms")
    print(f"  ratio                          : {cli_s / bare_s:7.2f}     (target <= 2.5)")
    return {
        "matrix_cli_5000_ratio": round(cli_s / bare_s, 2),
        "matrix_1000_s": round(open_and_compute_s, 4),
        "matrix_vs_select_ratio": round(open_and_compute_s / select_s, 2),
    }


def matrix_cli_against_bare_read(path: Path, as_of: date) -> tuple[float, float]:
    """`compdesk matrix --format json` as a whole process, interpreter start to the last byte
    in a pipe, and the floor: a bare Python process reading every row the engine needs."""
    command = [sys.executable, "-m", "compdesk", "matrix", str(path), "--format", "json",
               "--as-of", as_of.isoformat()]
    floor = [sys.executable, "-c", read_rows_script(path, engine_statements(path, as_of))]

    def run(arguments: list[str]) -> None:
        subprocess.run(arguments, check=True, stdout=subprocess.PIPE)

    return median_seconds(lambda: run(command), 5), median_seconds(lambda: run(floor), 5)


if __name__ == "__main__":
    print(json.dumps(main()))
