"""`compdesk review FILE -o OUT.pdf`: the management review page alone, as a PDF."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from compdesk.cli.arguments import date_argument
from compdesk.cli.binder import _checked_output
from compdesk.cli.command import Command
from compdesk.cli.output import EXIT_OK, say
from compdesk.reports.binder.content import gather_content
from compdesk.reports.binder.options import BinderOptions
from compdesk.reports.management_review import write_review
from compdesk.storage import Store


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o", "--output", type=Path, required=True, metavar="OUT.pdf", help="the PDF to write"
    )
    parser.add_argument(
        "--as-of", type=date_argument, metavar="D", help="the date, YYYY-MM-DD (default: today)"
    )


def _run(arguments: argparse.Namespace) -> int:
    output = _checked_output(arguments.output, arguments.file)
    as_of: date = arguments.as_of or date.today()
    with Store.open(arguments.file, read_only=True) as store:
        content = gather_content(store, BinderOptions(as_of=as_of, attachments=False))
    write_review(content, output)
    say(f"wrote {output}: the management review as of {as_of.isoformat()}")
    return EXIT_OK


COMMAND = Command(
    name="review",
    summary="write the management review page as a PDF",
    description="Write, as of a date (default: today), the one-page management review of "
    "training: completion and the drills' figures against their targets and against a year "
    "before, the open gaps per competency, the completed actions whose effectiveness is not yet "
    "evaluated, and empty rows for the improvement actions the review decides. It is the last "
    "page of the binder's section 5, printed alone.",
    examples=(
        "compdesk review acme.compdesk -o review.pdf",
        "compdesk review acme.compdesk -o review-2025.pdf --as-of 2025-12-31",
    ),
    add_arguments=_add_arguments,
    run=_run,
)
