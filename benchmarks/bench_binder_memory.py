"""Peak memory of `compdesk binder` on a document holding 500 MB of evidence PDFs (target < 200 MB),
as a whole process, beside a floor: the same process making the binder without its appendix."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_binder_rss import make_evidence_pdfs
from common import demo_file

from compdesk.models.records import EvidenceKind, Route
from compdesk.models.rules import is_active
from compdesk.storage import Store

AS_OF = "2026-05-01"


def _document_with_evidence(folder: Path) -> Path:
    """The 15-person demo with one 10 MB scanned certificate more for each of 50 records."""
    path = folder / "heavy.compdesk"
    shutil.copyfile(demo_file(15), path)
    scans = make_evidence_pdfs(folder)
    with Store.open(path) as store:
        # Only people in the binder on its date: their evidence is the appendix.
        people = [p for p in store.people.all() if is_active(p, date.fromisoformat(AS_OF))]
        competency = store.competencies.all()[0]
        for number, scan in enumerate(scans):
            person = people[number % len(people)]
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
    return path


def _run(arguments: list[str]) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of one `compdesk` child process, from the kernel's account."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "compdesk", *arguments],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        assert process.stderr is not None
        raise RuntimeError(process.stderr.read().decode(errors="replace"))
    return seconds, usage.ru_maxrss / 1024


def main() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        document = _document_with_evidence(folder)
        out = folder / "binder.pdf"
        common = ["binder", str(document), "-o", str(out), "--as-of", AS_OF]
        floor_s, floor_mb = _run([*common, "--no-attachments"])
        full_s, full_mb = _run(common)
        size_mb = out.stat().st_size / 1024 / 1024
    print(f"binder of a document with 500 MB of evidence PDFs ({size_mb:.0f} MB written)")
    print(f"  peak RSS                       : {full_mb:7.1f} MB  (target < 200)   {full_s:.1f} s")
    print(f"  peak RSS without the appendix  : {floor_mb:7.1f} MB   {floor_s:.1f} s")
    return {"binder_peak_rss_mb": round(full_mb, 1)}


if __name__ == "__main__":
    print(json.dumps(main()))
