"""`compdesk import-people FILE PEOPLE.csv`: add the people of a CSV file, all or none."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from compdesk.cli.command import Command
from compdesk.cli.documents import open_for_writing
from compdesk.cli.output import EXIT_OK, say
from compdesk.models.errors import InputError
from compdesk.models.people_import import read_people_csv, validate_people
from compdesk.storage import Store


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("people_csv", metavar="PEOPLE.csv", type=Path)
    parser.add_argument(
        "--ignore-unknown-columns",
        action="store_true",
        help="skip columns compdesk cannot place (e.g. Department) instead of refusing the file",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="check the file and list who would be added"
    )


def _run(arguments: argparse.Namespace) -> int:
    table = read_people_csv(arguments.people_csv)
    mapping: dict[int, Any] = dict(table.default_mapping)
    if arguments.ignore_unknown_columns:
        for index in range(len(table.headers)):
            mapping.setdefault(index, None)
    if not table.rows:
        raise InputError(f"{table.source_name} lists nobody: it has only a header line")
    opened = (
        Store.open(arguments.file, read_only=True)
        if arguments.dry_run
        else open_for_writing(arguments.file)
    )
    with opened as store:
        drafts = validate_people(
            table, mapping, store.roles.all(), [person.email for person in store.people.all()]
        )
        if arguments.dry_run:
            for draft in drafts:
                say(f"would add {draft.name} <{draft.email}> ({draft.type.value})")
            say(f"{len(drafts)} people would be added to {arguments.file.name}; nothing changed")
            return EXIT_OK
        added = store.people.import_many(
            [draft.as_person() for draft in drafts], source=table.source_name
        )
    say(f"imported {len(added)} people from {table.source_name} into {arguments.file.name}")
    return EXIT_OK


COMMAND = Command(
    name="import-people",
    summary="add people from a CSV file",
    description="Add the people listed in a CSV file, in one step: if any row is wrong, nobody "
    "is added and the error names the row and the column.",
    examples=(
        "compdesk import-people acme.compdesk people.csv",
        "compdesk import-people acme.compdesk hr-export.csv \\\n"
        "      --ignore-unknown-columns --dry-run",
    ),
    notes="columns (headers match ignoring case; the order does not matter):\n"
    "  name        or Full Name, or First Name + Last Name      (required)\n"
    "  email       or Work Email, Email Address                 (required)\n"
    "  type        or Employment Type: employee, contractor, third party\n"
    "              (HR values such as Full-time, Freelance or Vendor are understood)\n"
    "  job_title   or Job Title, Position\n"
    "  start_date  or Hire Date, Start Date                     (YYYY-MM-DD)\n"
    "  end_date    or Termination Date, End Date                (YYYY-MM-DD)\n"
    "  roles       role names separated by ';' (or ',' in a ';'-separated file)\n"
    "  notes\n"
    "The file may be UTF-8 with or without a BOM, separated by ',' or ';' or tabs.\n"
    "Importing only adds people: someone whose email is already in the document is\n"
    "refused (change them in the window instead), and so is an email listed twice.",
    add_arguments=_add_arguments,
    run=_run,
)
