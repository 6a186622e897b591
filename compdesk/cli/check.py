"""`compdesk check FILE`: check a document without changing it."""

from __future__ import annotations

import argparse

from compdesk.cli.command import Command
from compdesk.cli.output import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, error, one_line, say
from compdesk.storage.check import run_check


def _run(arguments: argparse.Namespace) -> int:
    report = run_check(arguments.file)
    name = report.path.name
    if not report.opened:
        for problem in report.problems:
            error(problem)
        return EXIT_USAGE
    if report.problems:
        count = len(report.problems)
        say(f"{name}: {count} problem{'s' if count != 1 else ''} found")
        for problem in report.problems:
            say(f"  problem: {one_line(problem)}")
        return EXIT_PROBLEMS
    say(f"{name}: ok")
    for fact in report.verified:
        say(f"  ok: {fact}")
    return EXIT_OK


COMMAND = Command(
    name="check",
    summary="check integrity, schema, attachment hashes and the change-log chain",
    description="Check a document without changing it: SQLite's integrity check, the file "
    "format, the size and SHA-256 of every attached file, and the hash chain of the change log "
    "(which shows whether the history was edited outside compdesk).",
    examples=("compdesk check acme.compdesk",),
    notes="exit status: 0 the document is sound; 1 problems were found (each is listed, a "
    "damaged\nfile included); 2 the file is not a compdesk document this version can read.",
    run=_run,
)
