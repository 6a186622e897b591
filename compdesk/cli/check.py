"""`compdesk check FILE [--since HASH]`: check a document without changing it."""

from __future__ import annotations

import argparse

from compdesk.cli.command import Command
from compdesk.cli.output import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, error, one_line, say
from compdesk.storage.check import run_check


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--since",
        metavar="HASH",
        help="a change-log head hash printed earlier (on a binder's cover or by a backup): "
        "prove the history still holds that entry and has only grown since",
    )


def _run(arguments: argparse.Namespace) -> int:
    report = run_check(arguments.file, since=arguments.since)
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
    summary="check integrity, schema, values, attachment hashes and the change log",
    description="Check a document without changing it: SQLite's integrity check, the schema "
    "against the one its file format defines (no trigger or view), every list value, date, "
    "number and setting, the size and SHA-256 of every attached file, and the change log's "
    "hash chain and length (which show whether the history was edited outside compdesk). "
    "With --since, also prove that the history still holds an entry recorded earlier.",
    examples=(
        "compdesk check acme.compdesk",
        "compdesk check acme.compdesk --since HASH-FROM-THE-BINDER-COVER",
    ),
    notes="exit status: 0 the document is sound; 1 problems were found (each is listed, a "
    "damaged\nfile included); 2 the file is not a compdesk document this version can read.",
    add_arguments=_add_arguments,
    run=_run,
)
