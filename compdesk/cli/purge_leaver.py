"""`compdesk purge-leaver FILE --person EMAIL [--yes]`: remove a leaver's personal data for good."""

from __future__ import annotations

import argparse
import sys

from compdesk.cli.command import Command
from compdesk.cli.documents import open_for_writing
from compdesk.cli.output import EXIT_OK, EXIT_PROBLEMS, one_line, say
from compdesk.models.errors import InputError
from compdesk.models.retention import what_a_purge_removes
from compdesk.storage.opening import display_name


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--person", metavar="EMAIL", required=True, help="the leaver's email")
    parser.add_argument(
        "--yes", action="store_true", help="purge without asking (it cannot be undone)"
    )


def _confirmed() -> bool:
    if not sys.stdin.isatty():
        raise InputError("a purge cannot be undone: add --yes to confirm it")
    sys.stdout.write("Purge for good? Type yes to go on: ")
    sys.stdout.flush()
    return sys.stdin.readline().strip().lower() == "yes"


def _run(arguments: argparse.Namespace) -> int:
    with open_for_writing(arguments.file) as store:
        person = store.people.by_email(arguments.person)
        say(one_line(what_a_purge_removes(person)))
        if not arguments.yes and not _confirmed():
            say("nothing was purged")
            return EXIT_PROBLEMS
        result = store.people.purge(person.id)
        say(
            f"{display_name(arguments.file)}: purged leaver {person.id}; "
            f"{result.attachments_removed} attachment(s) and {result.files_removed} stored "
            f"file(s) removed, {result.entries_rewritten} change-log entr"
            f"{'ies' if result.entries_rewritten != 1 else 'y'} rewritten, the file compacted"
        )
        say(
            "copies made before the purge (backups, emailed or exported files) still hold "
            "their data: see RELIABILITY.md"
        )
    return EXIT_OK


COMMAND = Command(
    name="purge-leaver",
    summary="remove a leaver's personal data for good, keeping the figures they count in",
    description="Replace a leaver's name with 'Purged leaver N' and their email with a "
    "placeholder; empty their job title, notes, evidence titles and notes and action text; "
    "remove the files attached to their evidence (a file another record still uses stays); "
    "and rewrite the change-log entries that name them, recomputing the hash chain. Their "
    "evidence dates, drill results and attendance stay, so past figures are unchanged. The "
    "purge is recorded with the previous change-log head, which check --since still accepts. "
    "Only someone whose end date has come can be purged. It cannot be undone.",
    examples=("compdesk purge-leaver acme.compdesk --person ana@acme.example --yes",),
    notes="Without --yes, the command asks first (and refuses when it cannot ask).",
    add_arguments=_add_arguments,
    run=_run,
)
