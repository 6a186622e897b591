"""A document holding 500 MB of evidence files: opening it, attaching a 100 MB file to one, and
checking it, each against the floor of the same work done without compdesk, measured in the
same run, interleaved, medians of 5.

COMPDESK_BENCH_EVIDENCE_MB (default 500) makes the evidence smaller for a quick run.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DEMO_WRITER_CODE, cached_file, code_digest, demo_file

from compdesk.models.records import EvidenceKind, Route
from compdesk.storage import Store
from compdesk.storage.check import run_check

MEGABYTE = 1024 * 1024
EVIDENCE_FILE_MB = 10
ATTACHED_FILE_MB = 100
REPEATS = 5
TARGETS = {
    "open_500mb_vs_plain_ratio": 1.2,
    "attach_vs_copy_ratio": 2.0,
    "check_vs_hash_ratio": 1.3,
}


def evidence_megabytes() -> int:
    return int(os.environ.get("COMPDESK_BENCH_EVIDENCE_MB", "500"))


def _write_random_file(path: Path, megabytes: int) -> None:
    """Incompressible bytes, so that no layer below can make the file smaller than it is."""
    with path.open("wb") as stream:
        for _ in range(megabytes):
            stream.write(os.urandom(MEGABYTE))


def _add_evidence(path: Path, megabytes: int) -> None:
    """Copy the 15-person demo to `path` and attach one random 10 MB file per new record."""
    shutil.copyfile(demo_file(15), path)
    with tempfile.TemporaryDirectory() as folder, Store.open(path) as store:
        person = store.people.all()[0]
        competency = store.competencies.all()[0]
        for number in range(max(1, megabytes // EVIDENCE_FILE_MB)):
            scan = Path(folder) / f"scan-{number + 1}.bin"
            _write_random_file(scan, EVIDENCE_FILE_MB)
            with store.transaction():
                evidence = store.evidence.add(
                    person.id,
                    competency.id,
                    EvidenceKind.CERTIFICATE,
                    Route.TRAINING,
                    title=f"Scanned certificate {number + 1}",
                    achieved_on=date(2026, 1, 1),
                )
                store.attachments.attach_file(evidence.id, scan)
            scan.unlink()


def document_with_evidence(megabytes: int) -> Path:
    """The demo with `megabytes` more of evidence files, built once for this code and size (the
    name carries the code that writes demos and documents)."""
    return cached_file(
        f"evidence-{megabytes}mb-{code_digest(*DEMO_WRITER_CODE)}.compdesk",
        lambda partial: _add_evidence(partial, megabytes),
    )


def _seconds(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def interleaved_medians(
    measured: Callable[[], object],
    floor: Callable[[], object],
    prepare: Callable[[], object] = lambda: None,
) -> tuple[float, float]:
    """Median seconds of `measured` and of `floor`, run alternately (after one warm-up of each)
    so that a slow spell of the machine weighs on both; `prepare` runs untimed before each."""
    measured_times, floor_times = [], []
    for repeat in range(REPEATS + 1):
        pair = [(measured, measured_times), (floor, floor_times)]
        for work, times in pair if repeat % 2 else reversed(pair):
            prepare()
            elapsed = _seconds(work)
            if repeat:
                times.append(elapsed)
    return statistics.median(measured_times), statistics.median(floor_times)


def _open_and_close(path: Path) -> None:
    Store.open(path).close()


def _hash_floor(path: Path) -> None:
    """SQLite's own integrity check of every page, and one SHA-256 pass over the file's bytes."""
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        connection.execute("PRAGMA integrity_check").fetchall()
    finally:
        connection.close()
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(MEGABYTE):
            digest.update(chunk)


def _copy_floor(source: Path, target: Path) -> None:
    shutil.copyfile(source, target)
    with target.open("rb+") as stream:
        os.fsync(stream.fileno())


def _attach_seconds(document: Path, source: Path) -> float:
    """Seconds of `attach_file` alone, without opening the document or closing it."""
    with Store.open(document) as store:
        evidence_id = store.evidence.list()[0].id
        return _seconds(lambda: store.attachments.attach_file(evidence_id, source))


def _attach_ratio(folder: Path) -> tuple[float, float]:
    """Only `attach_file` is timed, on a fresh copy of the plain demo each time."""
    source = folder / "recording.bin"
    _write_random_file(source, ATTACHED_FILE_MB)
    document = folder / "attach.compdesk"
    copy = folder / "copy.bin"

    def fresh_copies() -> None:
        document.unlink(missing_ok=True)
        copy.unlink(missing_ok=True)
        shutil.copyfile(demo_file(15), document)

    attach_times, copy_times = [], []
    for repeat in range(REPEATS + 1):
        order = ("attach", "copy") if repeat % 2 else ("copy", "attach")
        for which in order:
            fresh_copies()
            if which == "attach":
                elapsed = _attach_seconds(document, source)
                times = attach_times
            else:
                elapsed = _seconds(lambda: _copy_floor(source, copy))
                times = copy_times
            if repeat:
                times.append(elapsed)
    return statistics.median(attach_times), statistics.median(copy_times)


def _line(label: str, measured: float, floor: float, floor_label: str, figure: str) -> float:
    ratio = measured / floor
    target = TARGETS[figure]
    verdict = "met" if ratio <= target else "NOT met"
    print(f"  {label:<34}: {measured * 1000:9.1f} ms")
    print(f"  {floor_label:<34}: {floor * 1000:9.1f} ms")
    print(f"  {figure:<34}: {ratio:7.2f}   (target <= {target}: {verdict})")
    return round(ratio, 2)


def main() -> dict[str, float]:
    megabytes = evidence_megabytes()
    heavy = document_with_evidence(megabytes)
    plain = demo_file(15)
    size_mb = heavy.stat().st_size / MEGABYTE
    print(f"a 15-person demo with {megabytes} MB of random evidence ({size_mb:.0f} MB file),")
    print(f"medians of {REPEATS}, interleaved with their floors")
    figures: dict[str, float] = {}

    heavy_open, plain_open = interleaved_medians(
        lambda: _open_and_close(heavy), lambda: _open_and_close(plain)
    )
    figures["open_500mb_vs_plain_ratio"] = _line(
        f"open + close, {size_mb:.0f} MB document", heavy_open,
        plain_open, "open + close, plain demo", "open_500mb_vs_plain_ratio",
    )

    with tempfile.TemporaryDirectory() as name:
        attach, copy = _attach_ratio(Path(name))
    figures["attach_vs_copy_ratio"] = _line(
        f"attach_file, {ATTACHED_FILE_MB} MB", attach,
        copy, "copyfile + fsync", "attach_vs_copy_ratio",
    )

    check, floor = interleaved_medians(lambda: run_check(heavy), lambda: _hash_floor(heavy))
    figures["check_vs_hash_ratio"] = _line(
        f"run_check, {size_mb:.0f} MB document", check,
        floor, "integrity_check + one SHA-256", "check_vs_hash_ratio",
    )
    return figures


if __name__ == "__main__":
    print(json.dumps(main()))
