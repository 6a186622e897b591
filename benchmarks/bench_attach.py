"""Peak memory growth while a 200 MB file is attached: chunked I/O keeps it flat."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import memory_kib, reset_peak_memory

from compdesk.models.records import EvidenceKind, Route
from compdesk.storage import Store

SIZE = 200 * 1024 * 1024


def main() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "recording.bin"
        block = os.urandom(1 << 20)
        with source.open("wb") as stream:
            for _ in range(SIZE // len(block)):
                stream.write(block)
        store = Store.create(Path(folder) / "attach.compdesk")
        person = store.people.add("Ana Ruiz", "ana@example.com")
        competency = store.competencies.add("Secure coding")
        evidence = store.evidence.add(
            person.id, competency.id, EvidenceKind.OTHER, Route.TRAINING, achieved_on=date.today()
        )
        reset_peak_memory()
        before = memory_kib("VmRSS")
        attachment = store.attachments.attach_file(evidence.id, source)
        peak = memory_kib("VmHWM")
        store.close()
    growth_mb = max(0, peak - before) / 1024
    print(f"attached {attachment.size / 1024 / 1024:.0f} MB")
    print(f"  peak RSS growth                : {growth_mb:7.1f} MB  (target < 50)")
    return {"attach_200mb_rss_growth_mb": round(growth_mb, 1)}


if __name__ == "__main__":
    print(json.dumps(main()))
