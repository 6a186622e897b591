"""`compdesk import-people FILE PEOPLE.csv`: add the people of a CSV file, all or none."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from compdesk.cli.command import Command
from compdesk.cli.documents import open_for_writing
from compdesk.cli.output import EXIT_OK, say
from compdesk.models.errors import InputError
from compdesk.models.export_dates import DateOrder
from compdesk.models.people_check import (
    ExistingChoice,
    ImportOptions,
    check_people,
    export_date_for,
)
from compdesk.models.people_import import PeopleField, read_people_csv
from compdesk.storage import Store

_DATE_ORDERS = {"day-first": DateOrder.DAY_FIRST, "month-first": DateOrder.MONTH_FIRST}


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("people_csv", metavar="PEOPLE.csv", type=Path)
    parser.add_argument(
        "--ignore-unknown-columns",
        action="store_true",
        help="skip columns compdesk cannot place (e.g. Cost Centre) instead of refusing the file",
    )
    parser.add_argument(
        "--update-existing",
        action="store_true",
        help="bring the people already in the document (same email) up to date from the file, "
        "instead of refusing the file; roles are added, never taken away",
    )
    parser.add_argument(
        "--dates",
        choices=sorted(_DATE_ORDERS),
        help="how the file writes dates such as 03/04/2025 when no date in the column tells",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="check the file and list who would be added"
    )


def _run(arguments: argparse.Namespace) -> int:
    table = read_people_csv(arguments.people_csv)
    mapping: dict[int, PeopleField | None] = dict(table.default_mapping)
    if arguments.ignore_unknown_columns:
        for index in range(len(table.headers)):
            mapping.setdefault(index, None)
    order = _DATE_ORDERS.get(arguments.dates or "")
    date_orders = {
        index: order
        for index, field in mapping.items()
        if order is not None and field in (PeopleField.START_DATE, PeopleField.END_DATE)
    }
    export_date, export_date_source = export_date_for(table.source_name, date.today())
    options = ImportOptions(
        mapping,
        export_date,
        export_date_source,
        date_orders=date_orders,
        existing=ExistingChoice.UPDATE if arguments.update_existing else None,
    )
    opened = (
        Store.open(arguments.file, read_only=True)
        if arguments.dry_run
        else open_for_writing(arguments.file)
    )
    with opened as store:
        check = check_people(table, options, store.roles.all(), store.people.all())
        if not check.ok:
            raise _with_hints(check.error(), arguments)
        updates = check.changed_updates
        if arguments.dry_run:
            for draft in check.new_people:
                left = f", left on {draft.end_date}" if draft.leaver else ""
                say(f"would add {draft.name} <{draft.email}> ({draft.type.value}{left})")
            for update in updates:
                say(f"would update {update.after.name} <{update.after.email}>")
        if check.leaver_rows:
            leavers = len(check.leaver_rows)
            say(
                f"{_people(leavers)} with a disabled or inactive account "
                f"{'is' if leavers == 1 else 'are'} recorded as leaving, on "
                f"{check.export_date_source} where the file gives no end date"
            )
        if arguments.dry_run:
            say(
                f"{_people(len(check.new_people))} would be added and {len(updates)} updated "
                f"in {arguments.file.name}; nothing changed"
            )
            return EXIT_OK
        added = store.people.import_many(
            [draft.as_person() for draft in check.new_people],
            updates=[update.after for update in updates],
            source=table.source_name,
        )
    updated = f" and updated {len(updates)}" if arguments.update_existing else ""
    say(
        f"imported {_people(len(added))}{updated} from {table.source_name} "
        f"into {arguments.file.name}"
    )
    return EXIT_OK


def _people(count: int) -> str:
    return f"{count} {'person' if count == 1 else 'people'}"


def _with_hints(error: InputError, arguments: argparse.Namespace) -> InputError:
    """The check's message, with the option that answers each kind of refusal."""
    message = str(error)
    hints = []
    if "does not know what this column holds" in message and not arguments.ignore_unknown_columns:
        hints.append("--ignore-unknown-columns skips such columns")
    if "is already in the document" in message:
        hints.append("--update-existing updates the people already in the document")
    if "say how the column writes its dates" in message:
        hints.append("--dates day-first or --dates month-first says it")
    return InputError(f"{message} ({'; '.join(hints)})" if hints else message)


COMMAND = Command(
    name="import-people",
    summary="add people from a CSV file",
    description="Add the people listed in a CSV file, in one step: if any row is wrong, nobody "
    "is added and the error lists every bad row with its column and why.",
    examples=(
        "compdesk import-people acme.compdesk people.csv",
        "compdesk import-people acme.compdesk hr-export.csv \\\n"
        "      --ignore-unknown-columns --update-existing --dry-run",
    ),
    notes="columns (headers match ignoring case, spacing and camelCase; the order does not matter):\n"
    "  name        or Full Name, Display Name, or First Name + Last Name (required)\n"
    "  email       or Work Email, Email Address, mail               (required)\n"
    "  type        or Employment Type, Employee Type, User Type: employee, contractor,\n"
    "              third party (HR values such as Full-time, Freelance or Vendor are understood)\n"
    "  job_title   or Job Title, Position, Employee Title\n"
    "  start_date  or Hire Date, Start Date\n"
    "  end_date    or Termination Date, End of Employment\n"
    "  roles       role names separated by ';' (or ',' in a ';'-separated file)\n"
    "  status      or accountEnabled, Block sign in: a disabled or inactive account is a\n"
    "              leaver, whose end date is the file's date (in its name) or today\n"
    "  notes\n"
    "The exports of Microsoft Entra ID, Google Workspace, BambooHR, Personio, HiBob and\n"
    "Gusto are read as they are; their columns compdesk does not keep are skipped.\n"
    "Dates may be 2025-01-15, 15.01.2025, 15/01/2025, 1/15/2025 or 15 Jan 2025: a column's\n"
    "values tell day first from month first; where none does, --dates says it.\n"
    "The file may be UTF-8 with or without a BOM, separated by ',' or ';' or tabs.\n"
    "Someone whose email is already in the document is refused unless --update-existing\n"
    "is given; an email listed twice is refused.",
    add_arguments=_add_arguments,
    run=_run,
)
