"""`compdesk matrix FILE`: print the competence matrix as text, CSV or JSON."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from compdesk.cli.arguments import date_argument
from compdesk.cli.command import Command
from compdesk.cli.output import EXIT_OK, can_show, say, utf8_stdout
from compdesk.reports.matrix_csv import matrix_as_csv
from compdesk.reports.matrix_json import matrix_json
from compdesk.reports.matrix_text import matrix_as_text, status_symbols
from compdesk.storage import Store


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as-of", type=date_argument, metavar="D", help="the date, YYYY-MM-DD (default: today)"
    )
    parser.add_argument(
        "--format", choices=("text", "csv", "json"), default="text", help="default: text"
    )


def _run(arguments: argparse.Namespace) -> int:
    as_of: date = arguments.as_of or date.today()
    with Store.open(arguments.file, read_only=True) as store:
        matrix = store.gap_matrix(as_of)
        # Only the JSON names each person's roles.
        role_names = (
            {role.id: role.name for role in store.roles.all()}
            if arguments.format == "json"
            else {}
        )
    if arguments.format == "json":
        utf8_stdout()
        sys.stdout.write(matrix_json(matrix, role_names))
    elif arguments.format == "csv":
        utf8_stdout()
        sys.stdout.write(matrix_as_csv(matrix))
    else:
        for line in matrix_as_text(matrix, arguments.file.name, status_symbols(can_show)):
            say(line)
    return EXIT_OK


COMMAND = Command(
    name="matrix",
    summary="print the competence matrix",
    description="Print the status of every person × competency as of a date (default: today): "
    "met, expiring, due, planned, expired, missing, or not required.",
    examples=(
        "compdesk matrix acme.compdesk",
        "compdesk matrix acme.compdesk --as-of 2026-01-31 --format csv > matrix.csv",
        "compdesk matrix acme.compdesk --format json \\\n"
        "      | jq '.cells[] | select(.status == \"missing\")'",
    ),
    notes="text: a table with status symbols, a legend and completion rates.\n"
    "csv:  one row per person (name, email, type, then one column per competency holding\n"
    "      the status; 'not required' where no role of the person requires it), UTF-8.\n"
    "      Cells that a spreadsheet would run as a formula get a leading '.\n"
    "json: {as_of, completion, people: [{name, email, type, job_title, roles}],\n"
    "      competencies: [{name, level, renewal_months}],\n"
    "      cells: [{person: EMAIL, competency: NAME, status, expires_on}]}\n"
    "      with one cell per person × required competency.",
    add_arguments=_add_arguments,
    run=_run,
)
