"""`compdesk binder FILE -o OUT.pdf`: the audit binder, the one PDF to hand the auditor."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path
from typing import Final, TextIO

from compdesk.cli.arguments import date_argument, positive_int
from compdesk.cli.command import Command
from compdesk.cli.output import EXIT_OK, say
from compdesk.models.errors import InputError
from compdesk.storage import Store

# Progress shows only once a build has run this long, so quick ones print nothing but the result.
PROGRESS_AFTER_SECONDS: Final = 1.0


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o", "--output", required=True, type=Path, metavar="OUT.pdf", help="the PDF to write"
    )
    parser.add_argument(
        "--as-of", type=date_argument, metavar="D", help="the date, YYYY-MM-DD (default: today)"
    )
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument(
        "--people",
        metavar="EMAIL,...",
        help="only these people (comma-separated emails, any case)",
    )
    choice.add_argument(
        "--sample",
        type=positive_int,
        metavar="N",
        help="a random sample of N people, the same for the same --seed",
    )
    parser.add_argument(
        "--seed", type=int, metavar="S", help="the sample's random seed (default: 0)"
    )
    parser.add_argument(
        "--no-attachments",
        action="store_true",
        help="list the evidence files without reproducing them in the appendix",
    )
    parser.add_argument("--page-size", choices=("a4", "letter"), default="a4", help="default: a4")
    parser.add_argument(
        "--no-contact-details",
        action="store_true",
        help="leave out email addresses and other contact details",
    )


def _emails(text: str | None) -> tuple[str, ...]:
    if text is None:
        return ()
    emails = tuple(part.strip() for part in text.split(",") if part.strip())
    if not emails:
        raise InputError("--people needs at least one email")
    return emails


def _checked_output(output: Path, document: Path) -> Path:
    folder = output.parent
    if not folder.is_dir():
        raise InputError(f"cannot write {output}: the folder {folder} does not exist")
    if output.is_dir():
        raise InputError(f"cannot write {output}: it is a folder")
    if output.exists() and document.exists() and output.resolve() == document.resolve():
        raise InputError("the binder cannot be written over the document it is made from")
    return output


class _ProgressLine:
    """One updating line on stderr, once the build has taken a while, on a terminal only."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._started = time.monotonic()
        self._shown = -1
        self._enabled = stream.isatty()

    def __call__(self, done: int, total: int) -> None:
        if not self._enabled or time.monotonic() - self._started < PROGRESS_AFTER_SECONDS:
            return
        percent = 100 * done // total if total else 0
        if percent != self._shown:
            self._shown = percent
            self._stream.write(f"\rbuilding the binder… {percent:3d} %")
            self._stream.flush()

    def finish(self) -> None:
        if self._shown >= 0:
            self._stream.write("\r\033[K")
            self._stream.flush()


def _run(arguments: argparse.Namespace) -> int:
    # PERF: ReportLab and pikepdf load only when a binder is built.
    from compdesk.reports.binder import BinderOptions, PageSize, build_binder

    if arguments.seed is not None and arguments.sample is None:
        raise InputError("--seed goes with --sample N")
    output = _checked_output(arguments.output, arguments.file)
    options = BinderOptions(
        as_of=arguments.as_of or date.today(),
        people=_emails(arguments.people),
        sample_size=arguments.sample,
        seed=arguments.seed or 0,
        attachments=not arguments.no_attachments,
        page_size=PageSize(arguments.page_size),
        contact_details=not arguments.no_contact_details,
    )
    progress = _ProgressLine(sys.stderr)
    try:
        with Store.open(arguments.file, read_only=True) as store:
            summary = build_binder(store, output, options, progress=progress)
    finally:
        progress.finish()
    findings = f"{summary.findings} finding{'s' if summary.findings != 1 else ''}"
    say(
        f"wrote {summary.path}: {summary.pages} pages, {summary.people} "
        f"{'person' if summary.people == 1 else 'people'}, {findings}"
    )
    say(f"SHA-256 {summary.sha256}")
    return EXIT_OK


COMMAND = Command(
    name="binder",
    summary="build the audit binder: one PDF that answers the auditor",
    description="Build the audit binder as of a date (default: today): a cover with the "
    "document's hashes, contents, requirements by role, the competence matrix, each person's "
    "evidence, gaps and actions, training and onboarding, the findings an auditor would raise, "
    "and an appendix reproducing every evidence file. The same document, date and options "
    "give the same file, byte for byte.",
    examples=(
        "compdesk binder acme.compdesk -o binder.pdf",
        "compdesk binder acme.compdesk -o binder.pdf --as-of 2026-03-31 --page-size letter",
        "compdesk binder acme.compdesk -o sample.pdf --sample 5 --seed 7 --no-attachments",
        "compdesk binder acme.compdesk -o two.pdf \\\n"
        "      --people ana@acme.example,ben@acme.example --no-contact-details",
    ),
    notes="--people and --sample choose whom the binder covers; everyone else is left out "
    "entirely\n(no name, page, bookmark, finding or file). A sample draws N of the people "
    "active on the\ndate, sorted by email, with the seed: an auditor can ask for the same "
    "sample again.\nThe file is written beside OUT.pdf and renamed at the end: a cancelled "
    "or failed build\n(Ctrl+C included) leaves no file, and an existing OUT.pdf as it was.\n"
    "Prints the file's SHA-256, to give the auditor.",
    add_arguments=_add_arguments,
    run=_run,
)
