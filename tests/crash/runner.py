"""Crash trials: real compdesk processes killed (SIGKILL) at random moments of heavy writes.

Each operation runs once to completion on a copy of its document, which gives the "after"
counts; every trial then starts it on a fresh copy, kills it after a random delay (seeded),
and asks what a user relies on: the next writable open recovers, `check` passes, and the
people, evidence and attachments are exactly as before or exactly as after.

Run on its own for more kills: `python -m tests.crash.runner --kills 500 --seed 7`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from compdesk.models.templates import Template
from compdesk.storage import Store
from compdesk.storage.check import run_check
from compdesk.storage.new_files import partial_folders
from compdesk.storage.templates import create_document
from tests.storage.old_formats import write_old_document

DEFAULT_KILLS = 50
PEOPLE_ROWS = 3000
ATTACHMENT_BYTES = 3 * 1024 * 1024
PERSON_EMAIL = "ana@acme.example"
COMPETENCY = "Phishing recognition"


class Counts(NamedTuple):
    """What an operation may change: all of it or none of it."""

    people: int
    evidence: int
    attachments: int
    blobs: int


NO_DOCUMENT = Counts(-1, -1, -1, -1)


@dataclass(frozen=True)
class Operation:
    """A compdesk command writing into `document` (copied from `source` before each run),
    or creating it when `source` is None."""

    name: str
    source: Path | None
    arguments: Callable[[Path, Path], list[str]]  # (document, trial folder) -> argv
    # The file whose counts the operation changes, when not `document` (a restored backup).
    outcome: Callable[[Path, Path], Path | None] | None = None


@dataclass
class Tally:
    kills: int = 0
    before: int = 0
    after: int = 0
    finished_first: int = 0
    mid_write: int = 0
    findings: list[str] = field(default_factory=list)


def child_environment(home: Path) -> dict[str, str]:
    """The environment of a compdesk process: its preferences and automatic copies kept in
    `home`, away from the user's own."""
    environment = dict(os.environ)
    for variable, folder in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        environment[variable] = str(home / folder)
    environment["QT_QPA_PLATFORM"] = "offscreen"
    return environment


def compdesk_command(arguments: Sequence[str]) -> list[str]:
    return [sys.executable, "-m", "compdesk", *arguments]


def counts(path: Path) -> Counts:
    """The counts of a document, after recovering it (a writable open, then a close)."""
    if not path.exists():
        return NO_DOCUMENT
    Store.open(path).close()
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return Counts(
            *(
                connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("people", "evidence", "attachments", "blobs")
            )
        )
    finally:
        connection.close()


# ---- the documents and files the operations work on ----------------------------------------------


def small_document(path: Path) -> Path:
    """A startup-template document with one person (the one evidence is added for)."""
    with create_document(path, Template.STARTUP, user="crash trial") as store:
        everyone = store.roles.by_name("All staff")
        store.people.add("Ana Ruiz", PERSON_EMAIL, role_ids=(everyone.id,))
    return path


def people_csv(path: Path, rows: int, domain: str) -> Path:
    lines = ["name,email"] + [f"Person {n},person{n}@{domain}" for n in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _format_1_document(path: Path, people: int) -> Path:
    rows = "".join(
        f"INSERT INTO people (name, email) VALUES ('Old {n}', 'old{n}@acme.example');\n"
        for n in range(people)
    )
    return write_old_document(path, 1, rows, created_at="2024-01-01T00:00:00Z")


def operations(fixtures: Path) -> list[Operation]:
    """The heavy writes the trials interrupt, their inputs written into `fixtures`."""
    fixtures.mkdir(parents=True, exist_ok=True)
    acme = small_document(fixtures / "acme.compdesk")
    people = people_csv(fixtures / "people.csv", PEOPLE_ROWS, "example.org")
    attachments = []
    generator = random.Random(11)
    for n in range(3):
        attachment = fixtures / f"certificate-{n}.pdf"
        attachment.write_bytes(generator.randbytes(ATTACHMENT_BYTES))
        attachments.append(str(attachment))
    old = _format_1_document(fixtures / "format1.compdesk", 500)
    found = [
        Operation(
            "import-people",
            acme,
            lambda document, _trial: ["import-people", str(document), str(people)],
        ),
        Operation(
            "add-evidence",
            acme,
            lambda document, _trial: [
                "add-evidence",
                str(document),
                "--person",
                PERSON_EMAIL,
                "--competency",
                COMPETENCY,
                "--kind",
                "training record",
                "--date",
                "2026-03-02",
                "--attach",
                *attachments,
            ],
        ),
        Operation(
            "demo",
            None,
            lambda document, _trial: ["demo", str(document), "--people", "20"],
        ),
        Operation(
            "migration",
            old,
            lambda document, _trial: ["import-people", str(document), str(people)],
        ),
    ]
    if _has_backup():
        with_files = fixtures / "with-files.compdesk"
        shutil.copyfile(acme, with_files)
        small_attachment = fixtures / "attendance.pdf"
        small_attachment.write_bytes(generator.randbytes(ATTACHMENT_BYTES // 4))
        for arguments in (
            ["import-people", str(with_files), str(people)],
            [*found[1].arguments(with_files, fixtures)[:-3], str(small_attachment)],
        ):
            subprocess.run(
                compdesk_command(arguments),
                check=True,
                capture_output=True,
                env=child_environment(fixtures / "home"),
            )
        found.append(
            Operation(
                "backup",
                with_files,
                lambda document, trial: ["backup", str(document), str(trial / "copy.backup")],
                outcome=_restored,
            )
        )
    return found


def _has_backup() -> bool:
    finished = subprocess.run(compdesk_command(["backup", "--help"]), capture_output=True)
    return finished.returncode == 0


def _restored(document: Path, trial: Path) -> Path | None:
    """The document a killed backup's file restores to; None when it wrote no file."""
    backup = trial / "copy.backup"
    if not backup.exists():
        return None
    restored = trial / "restored.compdesk"
    restored.unlink(missing_ok=True)
    finished = subprocess.run(
        compdesk_command(["restore", str(backup), str(restored)]),
        capture_output=True,
        text=True,
        env=child_environment(trial / "home"),
    )
    if finished.returncode != 0:
        raise AssertionError(f"the backup left by a kill does not restore: {finished.stderr}")
    return restored


# ---- one trial ---------------------------------------------------------------------------------------


class Baseline(NamedTuple):
    document: Counts  # of the document the operation reads, when it writes another file
    before: Counts
    after: Counts
    seconds: float


def _prepare(operation: Operation, trial: Path) -> Path:
    shutil.rmtree(trial, ignore_errors=True)
    (trial / "home").mkdir(parents=True)
    document = trial / "document.compdesk"
    if operation.source is not None:
        shutil.copyfile(operation.source, document)
    return document


def _outcome_counts(operation: Operation, document: Path, trial: Path) -> tuple[Counts, Counts]:
    """The counts of the document and of what the operation produced (the same file unless
    the operation writes another)."""
    own = counts(document)
    if operation.outcome is None:
        return own, own
    produced = operation.outcome(document, trial)
    return own, (counts(produced) if produced is not None else NO_DOCUMENT)


def baseline(operation: Operation, trial: Path) -> Baseline:
    """The counts before, and after running the operation to completion once."""
    document = _prepare(operation, trial)
    before_own, before = _outcome_counts(operation, document, trial)
    started = time.monotonic()
    subprocess.run(
        compdesk_command(operation.arguments(document, trial)),
        check=True,
        capture_output=True,
        env=child_environment(trial / "home"),
    )
    seconds = time.monotonic() - started
    after_own, after = _outcome_counts(operation, document, trial)
    if operation.outcome is not None and after_own != before_own:
        raise AssertionError(f"{operation.name} changed the document it reads")
    return Baseline(before_own, before, after, seconds)


class Trial(NamedTuple):
    outcome: str  # "before", "after", "partial", "broken", or "finished" when it ended first
    mid_write: bool  # a journal or partial copy was left: the kill caught it writing
    problems: list[str]


def trial(operation: Operation, expected: Baseline, delay: float, folder: Path) -> Trial:
    """Kill the operation after `delay` seconds, then look at what it left."""
    document = _prepare(operation, folder)
    process = subprocess.Popen(
        compdesk_command(operation.arguments(document, folder)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=child_environment(folder / "home"),
    )
    try:
        process.wait(timeout=delay)
        finished = True
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        finished = False
    mid_write = any(
        sibling.name.endswith("-journal") or sibling.name.endswith(".partial")
        for sibling in folder.iterdir()
    )
    stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if process.stderr:
        process.stderr.close()
    problems: list[str] = []
    if finished and process.returncode != 0:
        problems.append(f"ended on its own with {process.returncode}: {stderr.strip()}")
    try:
        own, produced = _outcome_counts(operation, document, folder)
    except Exception as error:  # a finding, reported with the others
        return Trial("broken", mid_write, [*problems, f"cannot be opened after the kill: {error}"])
    if document.exists():
        report = run_check(document)
        problems += [f"check: {problem}" for problem in report.problems]
    if operation.outcome is not None and own != expected.document:
        problems.append(f"the document it reads changed: {own} != {expected.document}")
    if operation.source is None:
        problems += _creation_problems(operation, document, folder)
    if produced == expected.before:
        outcome = "before"
    elif produced == expected.after:
        outcome = "after"
    else:
        outcome = "partial"
        problems.append(f"counts {produced}: neither before {expected.before} nor after")
    return Trial("finished" if finished else outcome, mid_write, problems)


def _creation_problems(operation: Operation, document: Path, folder: Path) -> list[str]:
    """A killed creation must not stand in the way of running it again."""
    if document.exists():
        return []
    rerun = subprocess.run(
        compdesk_command(operation.arguments(document, folder)),
        capture_output=True,
        text=True,
        env=child_environment(folder / "home"),
    )
    problems = []
    if rerun.returncode != 0:
        problems.append(f"running it again after the kill failed: {rerun.stderr.strip()}")
    if partial_folders(document):
        problems.append("running it again left the killed run's partial copy")
    return problems


# ---- the run -------------------------------------------------------------------------------------------


def run(kills: int, seed: int, workdir: Path, *, workers: int = 2) -> dict[str, Any]:
    """Run `kills` trials spread over the operations; the figures, findings included."""
    started = time.monotonic()
    found = operations(workdir / "fixtures")
    baselines = {
        operation.name: baseline(operation, workdir / f"baseline-{operation.name}")
        for operation in found
    }
    startup = _startup_seconds(workdir)
    generator = random.Random(seed)
    tallies = {operation.name: Tally() for operation in found}

    def one(entry: tuple[int, Operation, float]) -> tuple[str, Trial]:
        number, operation, delay = entry
        # One folder per worker thread: two trials never share one.
        folder = workdir / f"trial-{threading.get_ident()}"
        result = trial(operation, baselines[operation.name], delay, folder)
        shutil.rmtree(folder, ignore_errors=True)
        problems = [f"kill {number} at {delay:.2f}s: {problem}" for problem in result.problems]
        return operation.name, result._replace(problems=problems)

    trials = 0
    with ThreadPoolExecutor(max_workers=workers) as pool:
        # A trial whose operation ends before its kill is no kill: plan more until enough.
        while (missing := kills - sum(tally.kills for tally in tallies.values())) > 0:
            plan = []
            for number in range(trials, trials + missing):
                operation = found[number % len(found)]
                # Most of a short run is Python starting: kill mostly after that, while it writes.
                seconds = baselines[operation.name].seconds
                delay = generator.uniform(startup * 0.8, max(seconds, startup) * 1.3)
                plan.append((number, operation, delay))
            trials += missing
            for name, result in pool.map(one, plan):
                tally = tallies[name]
                tally.kills += result.outcome != "finished"
                tally.finished_first += result.outcome == "finished"
                tally.before += result.outcome == "before"
                tally.after += result.outcome == "after"
                tally.mid_write += result.mid_write
                tally.findings += result.problems
    return {
        "seed": seed,
        "startup_seconds": round(startup, 2),
        "kills": sum(tally.kills for tally in tallies.values()),
        "trials": trials,
        "seconds": round(time.monotonic() - started, 1),
        "operations": {
            name: {
                "kills": tally.kills,
                "before": tally.before,
                "after": tally.after,
                "finished_first": tally.finished_first,
                "killed_mid_write": tally.mid_write,
                "full_run_seconds": round(baselines[name].seconds, 2),
                "findings": tally.findings,
            }
            for name, tally in tallies.items()
        },
    }


def _startup_seconds(workdir: Path) -> float:
    """How long a compdesk process takes to start and end doing nothing (the quickest of three)."""
    timings = []
    for _attempt in range(3):
        started = time.monotonic()
        subprocess.run(
            compdesk_command(["--version"]),
            check=True,
            capture_output=True,
            env=child_environment(workdir / "home"),
        )
        timings.append(time.monotonic() - started)
    return min(timings)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kills", type=int, default=DEFAULT_KILLS)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--workdir", type=Path, required=True)
    arguments = parser.parse_args(argv)
    seed = arguments.seed if arguments.seed is not None else random.randrange(2**32)
    figures = run(arguments.kills, seed, arguments.workdir)
    print(json.dumps(figures))
    failed = any(entry["findings"] for entry in figures["operations"].values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
