"""The figures of RELIABILITY.md: kills survived, hostile inputs tried, hostile documents refused,
nothing lost. Prints a readable summary, and as the very last line one JSON object.

    python benchmarks/reliability.py                 # 300 kills, the "thorough" hypothesis profile
    python benchmarks/reliability.py --kills 1000 --seed 7

Run from the project folder (it imports the tests' own builders and runs tests/crash/runner.py).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

DEFAULT_KILLS = 300
HOSTILE_INPUT_TESTS = (
    "tests/models/test_dates_strict.py",
    "tests/models/test_text.py",
    "tests/cli/test_hostile_input.py",
    "tests/storage/test_text_fields.py",
)


# ---- kills ---------------------------------------------------------------------------------------


def crash_figures(kills: int, seed: int, workdir: Path) -> dict[str, Any]:
    """The crash harness's own figures, plus the trials whose counts were neither before nor after."""
    finished = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.crash.runner",
            "--kills",
            str(kills),
            "--seed",
            str(seed),
            "--workdir",
            str(workdir),
        ],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    lines = finished.stdout.strip().splitlines()
    if not lines:
        raise SystemExit(f"the crash harness printed no figures: {finished.stderr.strip()}")
    return with_losses(json.loads(lines[-1]))


def with_losses(figures: dict[str, Any]) -> dict[str, Any]:
    for entry in figures["operations"].values():
        entry["lost"] = entry["kills"] - entry["before"] - entry["after"]
    figures["lost"] = sum(entry["lost"] for entry in figures["operations"].values())
    figures["findings"] = sum(len(entry["findings"]) for entry in figures["operations"].values())
    return figures


# ---- hostile inputs ------------------------------------------------------------------------------


class InputTally:
    """Counts hypothesis' test cases, and those during which compdesk raised a DocumentError
    (a refusal the user sees as a sentence)."""

    def __init__(self) -> None:
        self.tried = 0
        self.refused = 0
        self.failed = 0
        self.raised = 0
        self._raised_before = 0

    def observe(self, observation: Any) -> None:
        if observation.type != "test_case" or observation.status == "gave_up":
            return
        self.tried += 1
        self.failed += observation.status == "failed"
        self.refused += self.raised > self._raised_before
        self._raised_before = self.raised


def hostile_input_figures() -> dict[str, Any]:
    import pytest
    from hypothesis.internal.observability import (
        add_observability_callback,
        remove_observability_callback,
    )

    from compdesk.models.errors import DocumentError

    tally = InputTally()
    original_init = DocumentError.__init__

    def counted_init(self: DocumentError, *arguments: Any, **keywords: Any) -> None:
        tally.raised += 1
        original_init(self, *arguments, **keywords)

    os.environ["HYPOTHESIS_PROFILE"] = "thorough"
    DocumentError.__init__ = counted_init  # type: ignore[method-assign, assignment]
    add_observability_callback(tally.observe)
    try:
        status = pytest.main(
            ["-q", "-p", "no:cacheprovider", "--hypothesis-seed=0", *HOSTILE_INPUT_TESTS],
        )
    finally:
        remove_observability_callback(tally.observe)
        DocumentError.__init__ = original_init  # type: ignore[method-assign]
    return {
        "profile": "thorough",
        "tried": tally.tried,
        "refused_cleanly": tally.refused,
        "tracebacks": tally.failed,
        "tests_passed": int(status) == 0,
    }


# ---- hostile documents ---------------------------------------------------------------------------


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _ordinary_write(path: Path) -> None:
    """What a user does first with a document: add someone."""
    from compdesk.storage import Store

    with Store.open(path) as store:
        store.people.add("Probe Person", "probe.person@acme.example")


def _hostile_documents(folder: Path) -> dict[str, Callable[[Path], Path]]:
    """name -> a builder of the damaged or planted document in the given folder."""
    from tests.cli.helpers import acme_document
    from tests.storage import test_check_damage, test_planted_sql

    def damaged(damage: Callable[[Path], None]) -> Callable[[Path], Path]:
        def build(where: Path) -> Path:
            path = test_check_damage._document(where)
            damage(path)
            return path

        return build

    def planted(*statements: str) -> Callable[[Path], Path]:
        def build(where: Path) -> Path:
            path = acme_document(where)
            test_planted_sql.plant(path, *statements)
            return path

        return build

    documents = {
        f"damage: {name}": damaged(damage) for name, (damage, _) in test_check_damage.DAMAGE.items()
    }
    for name in ("FOREVER", "LENIENT", "SHREDDER", "GHOST"):
        documents[f"planted: {name.lower()}"] = planted(getattr(test_planted_sql, name))
    documents["planted: a view in place of a table"] = planted(
        "ALTER TABLE people RENAME TO people_kept",
        "CREATE VIEW people AS SELECT * FROM people_kept",
    )
    return documents


def hostile_document_figures(workdir: Path) -> dict[str, Any]:
    from compdesk.models.errors import DocumentError
    from compdesk.storage.check import run_check

    outcomes: dict[str, str] = {}
    unflagged: list[str] = []
    flagged = 0
    # Errors that are no DocumentError: the command line shows them as an "unexpected problem".
    unexpected: list[str] = []
    for number, (name, build) in enumerate(_hostile_documents(workdir).items()):
        where = workdir / f"document-{number}"
        where.mkdir(parents=True)
        stage = "building it"
        try:
            path = build(where)
            stage = "check"
            if run_check(path).problems:
                flagged += 1
            else:
                unflagged.append(name)
            before = _digest(path)
            stage = "an ordinary write"
            try:
                _ordinary_write(path)
            except DocumentError:
                outcomes[name] = (
                    "refused, unchanged" if _digest(path) == before else "refused, changed"
                )
                continue
            outcomes[name] = (
                "written, still flagged"
                if run_check(path).problems
                else "written, no longer flagged"
            )
        except Exception as error:  # a finding, counted and named with the others
            unexpected.append(f"{name}, in {stage}: {type(error).__name__}: {error}")
        finally:
            shutil.rmtree(where, ignore_errors=True)
    values = list(outcomes.values())
    return {
        "documents": len(outcomes) + len(unexpected),
        "flagged_by_check": flagged,
        "not_flagged": unflagged,
        "write_refused_unchanged": values.count("refused, unchanged"),
        "write_refused_changed": [n for n, v in outcomes.items() if v == "refused, changed"],
        "written_still_flagged": values.count("written, still flagged"),
        "written_no_longer_flagged": [
            n for n, v in outcomes.items() if v == "written, no longer flagged"
        ],
        "unexpected_errors": unexpected,
    }


# ---- the run ---------------------------------------------------------------------------------------


def summary(figures: dict[str, Any]) -> str:
    crash, inputs, documents = (
        figures["crash"],
        figures["hostile_inputs"],
        figures["hostile_documents"],
    )
    lines = [f"Kills: {crash['kills']} (seed {crash['seed']}, {crash['seconds']} s)"]
    for name, entry in crash["operations"].items():
        lines.append(
            f"  {name:<15} {entry['kills']:>4} kills, {entry['killed_mid_write']:>4} mid-write, "
            f"{entry['before']:>4} before, {entry['after']:>4} after, {entry['lost']} neither, "
            f"{len(entry['findings'])} findings"
        )
    lines += [
        f"Hostile inputs ({inputs['profile']}): {inputs['tried']} tried, "
        f"{inputs['refused_cleanly']} refused cleanly, {inputs['tracebacks']} tracebacks",
        f"Hostile documents: {documents['documents']}, {documents['flagged_by_check']} flagged by check; "
        f"an ordinary write: {documents['write_refused_unchanged']} refused (file unchanged), "
        f"{documents['written_still_flagged']} written and still flagged, "
        f"{len(documents['written_no_longer_flagged'])} no longer flagged "
        f"{documents['written_no_longer_flagged']}, {len(documents['unexpected_errors'])} unexpected errors",
        f"Nothing lost: {crash['lost']} documents neither before nor after",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--kills", type=int, default=DEFAULT_KILLS)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument(
        "--crash-figures",
        type=Path,
        help="the JSON line of a run of tests.crash.runner made already, instead of a new run",
    )
    arguments = parser.parse_args(argv)
    seed = arguments.seed if arguments.seed is not None else random.randrange(2**32)
    os.chdir(PROJECT)
    workdir = Path(tempfile.mkdtemp(prefix="compdesk-reliability-"))
    try:
        figures = {
            "crash": (
                with_losses(json.loads(arguments.crash_figures.read_text().splitlines()[-1]))
                if arguments.crash_figures
                else crash_figures(arguments.kills, seed, workdir / "crash")
            ),
            "hostile_documents": hostile_document_figures(workdir / "documents"),
            "hostile_inputs": hostile_input_figures(),
        }
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(summary(figures))
    print(json.dumps(figures))
    documents = figures["hostile_documents"]
    clean = (
        figures["crash"]["findings"] == 0
        and figures["crash"]["lost"] == 0
        and figures["hostile_inputs"]["tracebacks"] == 0
        and figures["hostile_inputs"]["tests_passed"]
        and not documents["not_flagged"]
        and not documents["unexpected_errors"]
    )
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())
