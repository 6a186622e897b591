"""`compdesk matrix FILE`: print the competence matrix as text, CSV or JSON, or write it as a PDF."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from compdesk.cli.arguments import date_argument
from compdesk.cli.command import Command
from compdesk.cli.output import EXIT_OK, can_show, say, utf8_stdout
from compdesk.models.errors import InputError
from compdesk.reports.matrix_csv import matrix_as_csv
from compdesk.reports.matrix_json import matrix_json
from compdesk.reports.matrix_text import matrix_as_text, status_symbols
from compdesk.storage import Store


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as-of", type=date_argument, metavar="D", help="the date, YYYY-MM-DD (default: today)"
    )
    parser.add_argument(
        "--format", choices=("text", "csv", "json", "pdf"), default="text", help="default: text"
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT",
        help="write to this file instead of stdout (required for pdf)",
    )
    parser.add_argument(
        "--page-size", choices=("a4", "letter"), default="a4", help="for pdf (default: a4)"
    )


def _run(arguments: argparse.Namespace) -> int:
    as_of: date = arguments.as_of or date.today()
    output: Path | None = arguments.output
    if output is not None and not output.parent.is_dir():
        raise InputError(f"cannot write {output}: the folder {output.parent} does not exist")
    if arguments.format == "pdf":
        return _write_pdf(arguments, as_of)
    with Store.open(arguments.file, read_only=True) as store:
        matrix = store.gap_matrix(as_of)
        # Only the JSON names each person's roles.
        role_names = (
            {role.id: role.name for role in store.roles.all()} if arguments.format == "json" else {}
        )
    if output is not None:
        # A file, unlike a console, always takes UTF-8 (and so every status symbol).
        if arguments.format == "json":
            text = matrix_json(matrix, role_names)
        elif arguments.format == "csv":
            text = matrix_as_csv(matrix)
        else:
            lines = matrix_as_text(matrix, arguments.file.name, status_symbols(lambda _: True))
            text = "".join(f"{line}\n" for line in lines)
        with output.open("w", encoding="utf-8", newline="") as stream:
            stream.write(text)
    elif arguments.format == "json":
        utf8_stdout()
        sys.stdout.write(matrix_json(matrix, role_names))
    elif arguments.format == "csv":
        utf8_stdout()
        sys.stdout.write(matrix_as_csv(matrix))
    else:
        for line in matrix_as_text(matrix, arguments.file.name, status_symbols(can_show)):
            say(line)
    return EXIT_OK


def _write_pdf(arguments: argparse.Namespace, as_of: date) -> int:
    output: Path | None = arguments.output
    if output is None:
        raise InputError("--format pdf needs -o OUT.pdf: a PDF is not written to the terminal")
    # PERF: ReportLab loads only when a PDF is asked for.
    from compdesk.reports.binder.options import PageSize
    from compdesk.reports.matrix_pdf import write_matrix_pdf

    with Store.open(arguments.file, read_only=True) as store:
        pages = write_matrix_pdf(store, output, as_of, page_size=PageSize(arguments.page_size))
    say(
        f"wrote {output}: the matrix as of {as_of.isoformat()}, {pages} page{'s' if pages != 1 else ''}"
    )
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
        "compdesk matrix acme.compdesk --format pdf -o matrix.pdf --page-size letter",
    ),
    notes="text: a table with status symbols, a legend and completion rates.\n"
    "csv:  one row per person (name, email, type, then one column per competency holding\n"
    "      the status; 'not required' where no role of the person requires it), UTF-8.\n"
    "      Cells that a spreadsheet would run as a formula get a leading '.\n"
    "json: {as_of, completion, people: [{name, email, type, job_title, roles}],\n"
    "      competencies: [{name, level, renewal_months}],\n"
    "      cells: [{person: EMAIL, competency: NAME, status, expires_on}]}\n"
    "      with one cell per person × required competency.\n"
    "pdf:  the binder's matrix section alone, on landscape pages with a legend and the\n"
    "      completion per competency; -o is required.\n"
    "With -o, text, csv and json are written to the file in UTF-8.",
    add_arguments=_add_arguments,
    run=_run,
)
