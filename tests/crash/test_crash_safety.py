"""Killed and starved compdesk processes leave every document whole (tests/crash/runner.py).

More kills than the default: COMPDESK_CRASH_KILLS=500; the same ones again:
COMPDESK_CRASH_SEED=<the seed printed>. COMPDESK_CRASH_FIGURES=PATH appends the figures.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from compdesk.storage.check import run_check
from tests.crash.runner import (
    DEFAULT_KILLS,
    PEOPLE_ROWS,
    child_environment,
    compdesk_command,
    counts,
    people_csv,
    run,
    small_document,
)

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL and RLIMIT_FSIZE are POSIX")


def test_killed_writes_leave_each_document_as_before_or_as_after(tmp_path: Path) -> None:
    kills = int(os.environ.get("COMPDESK_CRASH_KILLS", DEFAULT_KILLS))
    seed = int(os.environ.get("COMPDESK_CRASH_SEED", random.randrange(2**32)))
    print(f"crash trials: seed {seed}, {kills} kills")

    figures = run(kills, seed, tmp_path)

    line = json.dumps(figures)
    print(line)
    if figures_file := os.environ.get("COMPDESK_CRASH_FIGURES"):
        with open(figures_file, "a", encoding="utf-8") as stream:
            stream.write(line + "\n")
    findings = [
        f"{name}: {finding}"
        for name, entry in figures["operations"].items()
        for finding in entry["findings"]
    ]
    assert findings == [], f"seed {seed}"
    assert figures["kills"] >= kills


def _limit_file_size(limit: int) -> None:
    """In the child: writes past `limit` bytes fail (EFBIG) instead of stopping the process."""
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_a_disk_that_fills_mid_import_is_named_and_the_document_stays_whole(
    tmp_path: Path,
) -> None:
    pytest.importorskip("resource")
    document = small_document(tmp_path / "acme.compdesk")
    people = people_csv(tmp_path / "people.csv", PEOPLE_ROWS, "example.org")
    before, before_bytes = counts(document), document.read_bytes()
    copy = tmp_path / "copy.compdesk"
    shutil.copyfile(document, copy)
    # Room for the file as it is and a little more: the import's first pages fit, not all.
    limit = document.stat().st_size + 32 * 1024

    finished = subprocess.run(
        compdesk_command(["import-people", str(document), str(people)]),
        capture_output=True,
        text=True,
        env=child_environment(tmp_path / "home"),
        preexec_fn=lambda: _limit_file_size(limit),
        timeout=120,
    )

    print(finished.stderr)
    assert finished.returncode != 0
    lines = finished.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("compdesk: error: "), finished.stderr
    message = lines[0].lower()
    assert "cannot rollback" not in message
    assert "unexpected problem" not in message
    assert "disk" in message or "full" in message or "space" in message or "large" in message
    assert counts(document) == before
    assert run_check(document).ok, run_check(document).problems
    assert document.read_bytes() == before_bytes
