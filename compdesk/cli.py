"""The command line: `compdesk [FILE]` opens the window; the sub-commands work headless.

A stable contract (DESIGN.md, "Command line"): every error is one line `compdesk: error: …`
on stderr, never a traceback; exit 0 on success, 1 when the work ran but found problems,
2 for bad usage or an unusable input file. A command that fails leaves the document as it was:
everything is validated before the first write, and each command writes in one transaction.
Qt is imported only when the window is opened, so the headless commands never load it.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import io
import json
import logging
import math
import os
import sys
import textwrap
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Final, NoReturn

from compdesk import __version__
from compdesk.models.check import run_check
from compdesk.models.dates import parse_date
from compdesk.models.errors import (
    DocumentError,
    InputError,
    NotFoundError,
    ReadOnlyDocumentError,
)
from compdesk.models.gaps import GapMatrix, GapStatus, matrix_for
from compdesk.models.people_import import read_people_csv, validate_people
from compdesk.models.records import Competency, EvidenceKind, Person, Route, parse_enum
from compdesk.models.store import MAX_ATTACHMENT_BYTES, Store
from compdesk.models.templates import Template, create_document
from compdesk.reports.formatting import percent
from compdesk.reports.matrix_csv import matrix_as_csv
from compdesk.views.names import FIRST_VIEW, VIEW_NAMES

log = logging.getLogger(__name__)

EXIT_OK: Final = 0
EXIT_PROBLEMS: Final = 1
EXIT_USAGE: Final = 2
EXIT_INTERRUPTED: Final = 130

# The route an evidence kind usually shows, when --route is not given (see add-evidence --help).
DEFAULT_ROUTES: Final = {
    EvidenceKind.CERTIFICATE: Route.TRAINING,
    EvidenceKind.TRAINING_RECORD: Route.TRAINING,
    EvidenceKind.CV: Route.EXPERIENCE,
    EvidenceKind.ASSESSMENT: Route.TRAINING,
    EvidenceKind.DRILL_RESULT: Route.TRAINING,
    EvidenceKind.ATTENDANCE_LIST: Route.TRAINING,
    EvidenceKind.CONTRACT_CLAUSE: Route.EXPERIENCE,
    EvidenceKind.OTHER: Route.TRAINING,
}

# For terminals whose encoding lacks the status symbols.
_ASCII_SYMBOLS: Final = {
    GapStatus.MET: "+",
    GapStatus.EXPIRING: "~",
    GapStatus.DUE: "d",
    GapStatus.PLANNED: ">",
    GapStatus.EXPIRED: "x",
    GapStatus.MISSING: "o",
    GapStatus.NOT_REQUIRED: "-",
}
_REQUIRED_STATUSES: Final = tuple(s for s in GapStatus if s is not GapStatus.NOT_REQUIRED)


# ---- output -------------------------------------------------------------------------------


def _one_line(text: str) -> str:
    return " ".join(part.strip() for part in str(text).splitlines() if part.strip())


def _error(message: str) -> None:
    sys.stderr.write(f"compdesk: error: {_one_line(message)}\n")
    sys.stderr.flush()


def _say(text: str = "") -> None:
    """Write a line to stdout, replacing what its encoding cannot show rather than failing."""
    stream = sys.stdout
    line = text + "\n"
    try:
        stream.write(line)
    except UnicodeEncodeError:
        encoding = stream.encoding or "ascii"
        stream.write(line.encode(encoding, "replace").decode(encoding))


def _utf8_stdout() -> None:
    """CSV and JSON are UTF-8 whatever the console's code page (e.g. redirected on Windows)."""
    stream = sys.stdout
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
    if encoding != "utf8" and isinstance(stream, io.TextIOWrapper):
        stream.reconfigure(encoding="utf-8")


def _can_show(text: str) -> bool:
    try:
        text.encode(sys.stdout.encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


class _LogFileHandler(logging.FileHandler):
    """The log file for unexpected errors: created on first use; a failure to write is ignored."""

    def _open(self) -> Any:
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        return super()._open()

    def handleError(self, record: logging.LogRecord) -> None:
        # Never let a log that cannot be written turn into a traceback on stderr.
        pass


def log_file_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_log_path("compdesk", appauthor=False)) / "compdesk.log"


@contextlib.contextmanager
def _logging_to_file() -> Iterator[Path | None]:
    """Warnings and unexpected errors of one command go to the log file, never to stderr."""
    package_log = logging.getLogger("compdesk")
    path: Path | None
    handler: logging.Handler
    try:
        path = log_file_path()
        handler = _LogFileHandler(path, delay=True, encoding="utf-8")
    except Exception:
        path, handler = None, logging.NullHandler()
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    package_log.addHandler(handler)
    try:
        yield path
    finally:
        package_log.removeHandler(handler)
        handler.close()


# ---- argument parsing ---------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """argparse with the contract's one-line error."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"compdesk: error: {message} (see '{self.prog} --help')\n")


def _date_argument(text: str) -> date:
    try:
        return parse_date(text, "date")
    except InputError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
    return value


def _score_argument(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value) or not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"{text!r} is not a percentage from 0 to 100")
    return value


_ROUTES_HELP = "\n".join(
    f"  {kind.value:<26} → {route.value}" for kind, route in DEFAULT_ROUTES.items()
)

_COMMANDS: Final[dict[str, tuple[str, str, str]]] = {
    # name: (one-line help, description, epilog with examples)
    "new": (
        "create a document",
        "Create a new compdesk document. The startup template holds the roles, competencies "
        "and annual calendar of a small SaaS company; blank holds nothing.",
        "examples:\n"
        "  compdesk new acme.compdesk\n"
        "  compdesk new empty.compdesk --template blank\n\n"
        "An existing file is never overwritten.",
    ),
    "demo": (
        "create a realistic sample organisation, with attachments",
        "Create a sample document: people, evidence with attached files, actions, training "
        "sessions and drills. The same --seed gives the same organisation.",
        "examples:\n"
        "  compdesk demo sample.compdesk\n"
        "  compdesk demo big.compdesk --people 200 --seed 7\n\n"
        "An existing file is never overwritten.",
    ),
    "check": (
        "check integrity, schema, attachment hashes and the change-log chain",
        "Check a document without changing it: SQLite's integrity check, the file format, the "
        "size and SHA-256 of every attached file, and the hash chain of the change log (which "
        "shows whether the history was edited outside compdesk).",
        "examples:\n"
        "  compdesk check acme.compdesk\n\n"
        "exit status: 0 the document is sound; 1 problems were found (each is listed, a damaged\n"
        "file included); 2 the file is not a compdesk document this version can read.",
    ),
    "matrix": (
        "print the competence matrix",
        "Print the status of every person × competency as of a date (default: today): met, "
        "expiring, due, planned, expired, missing, or not required.",
        "examples:\n"
        "  compdesk matrix acme.compdesk\n"
        "  compdesk matrix acme.compdesk --as-of 2026-01-31 --format csv > matrix.csv\n"
        "  compdesk matrix acme.compdesk --format json \\\n"
        "      | jq '.cells[] | select(.status == \"missing\")'\n\n"
        "text: a table with status symbols, a legend and completion rates.\n"
        "csv:  one row per person (name, email, type, then one column per competency holding\n"
        "      the status; 'not required' where no role of the person requires it), UTF-8.\n"
        "      Cells that a spreadsheet would run as a formula get a leading '.\n"
        "json: {as_of, completion, people: [{name, email, type, job_title, roles}],\n"
        "      competencies: [{name, level, renewal_months}],\n"
        "      cells: [{person: EMAIL, competency: NAME, status, expires_on}]}\n"
        "      with one cell per person × required competency.",
    ),
    "import-people": (
        "add people from a CSV file",
        "Add the people listed in a CSV file, in one step: if any row is wrong, nobody is "
        "added and the error names the row and the column.",
        "examples:\n"
        "  compdesk import-people acme.compdesk people.csv\n"
        "  compdesk import-people acme.compdesk hr-export.csv \\\n"
        "      --ignore-unknown-columns --dry-run\n\n"
        "columns (headers match ignoring case; the order does not matter):\n"
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
    ),
    "add-evidence": (
        "record evidence of a competency, with attached files",
        "Record that a person has shown a competency, optionally attaching files (certificates, "
        "attendance lists, CVs). Every attachment is checked before anything is written.",
        "examples:\n"
        "  compdesk add-evidence acme.compdesk --person ana@acme.example \\\n"
        "      --competency 'Phishing recognition' --kind 'training record' --date 2026-03-02\n"
        "  compdesk add-evidence acme.compdesk --person ana@acme.example \\\n"
        "      --competency 'ISO 27001 requirements' --kind certificate --date 2025-11-20 \\\n"
        "      --issuer 'PECB' --attach lead-implementer.pdf\n\n"
        "--kind takes a kind's value or name, ignoring case: "
        + ", ".join(kind.value for kind in EvidenceKind)
        + ".\nWithout --expires, the expiry follows the competency's renewal interval.\n"
        "Without --route, the route follows the kind:\n" + _ROUTES_HELP,
    ),
    "screenshot": (
        "save a picture of a view of the window",
        "Render one view of the main window over a document, offscreen and read-only, as a "
        "PNG of 1440 × 900 pixels: for documentation, and to check what the window shows.",
        "examples:\n"
        "  compdesk screenshot acme.compdesk -o matrix.png\n"
        "  compdesk screenshot acme.compdesk -o people.png --view people",
    ),
}


def _sub_parser(
    subparsers: argparse._SubParsersAction[_Parser], name: str
) -> argparse.ArgumentParser:
    summary, description, epilog = _COMMANDS[name]
    return subparsers.add_parser(
        name,
        help=summary,
        description=textwrap.fill(description, 88),
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="compdesk",
        usage="compdesk [FILE]\n       compdesk COMMAND FILE [OPTIONS]",
        description="ISO/IEC 27001 clause 7.2 competence and awareness training, kept in one "
        "file. Without a command, compdesk opens its window on FILE (or the last file).",
        epilog="Run 'compdesk COMMAND --help' for a command's options and examples.",
    )
    parser.add_argument("--version", action="version", version=f"compdesk {__version__}")
    subparsers = parser.add_subparsers(
        dest="command", metavar="COMMAND", required=True, prog="compdesk"
    )

    new = _sub_parser(subparsers, "new")
    new.add_argument("file", metavar="FILE", type=Path)
    new.add_argument(
        "--template",
        choices=[template.value for template in Template],
        default=Template.STARTUP.value,
        help="what the document starts with (default: startup)",
    )
    new.set_defaults(run=_run_new)

    demo = _sub_parser(subparsers, "demo")
    demo.add_argument("file", metavar="FILE", type=Path)
    demo.add_argument(
        "--people", type=_positive_int, default=15, metavar="N", help="people (default: 15)"
    )
    demo.add_argument("--seed", type=int, default=1, metavar="S", help="random seed (default: 1)")
    demo.set_defaults(run=_run_demo)

    check = _sub_parser(subparsers, "check")
    check.add_argument("file", metavar="FILE", type=Path)
    check.set_defaults(run=_run_check)

    matrix = _sub_parser(subparsers, "matrix")
    matrix.add_argument("file", metavar="FILE", type=Path)
    matrix.add_argument(
        "--as-of", type=_date_argument, metavar="D", help="the date, YYYY-MM-DD (default: today)"
    )
    matrix.add_argument(
        "--format", choices=("text", "csv", "json"), default="text", help="default: text"
    )
    matrix.set_defaults(run=_run_matrix)

    people = _sub_parser(subparsers, "import-people")
    people.add_argument("file", metavar="FILE", type=Path)
    people.add_argument("people_csv", metavar="PEOPLE.csv", type=Path)
    people.add_argument(
        "--ignore-unknown-columns",
        action="store_true",
        help="skip columns compdesk cannot place (e.g. Department) instead of refusing the file",
    )
    people.add_argument(
        "--dry-run", action="store_true", help="check the file and list who would be added"
    )
    people.set_defaults(run=_run_import_people)

    evidence = _sub_parser(subparsers, "add-evidence")
    evidence.add_argument("file", metavar="FILE", type=Path)
    evidence.add_argument("--person", required=True, metavar="EMAIL")
    evidence.add_argument("--competency", required=True, metavar="NAME")
    evidence.add_argument("--kind", required=True, metavar="KIND")
    evidence.add_argument(
        "--date", required=True, type=_date_argument, metavar="D", help="achieved on, YYYY-MM-DD"
    )
    evidence.add_argument("--expires", type=_date_argument, metavar="D", help="expires on")
    evidence.add_argument(
        "--route", metavar="ROUTE", help="education, training or experience (default: see below)"
    )
    evidence.add_argument("--title", default="", help="e.g. the course or certificate name")
    evidence.add_argument("--issuer", default="", help="who issued it or ran the training")
    evidence.add_argument(
        "--score", type=_score_argument, metavar="PERCENT", help="an assessment score, 0-100"
    )
    evidence.add_argument(
        "--attach",
        nargs="+",
        action="extend",
        default=[],
        metavar="PATH",
        help="files to attach (repeatable)",
    )
    evidence.set_defaults(run=_run_add_evidence)

    screenshot = _sub_parser(subparsers, "screenshot")
    screenshot.add_argument("file", metavar="FILE", type=Path)
    screenshot.add_argument("-o", "--output", required=True, type=Path, metavar="OUT.png")
    screenshot.add_argument(
        "--view",
        choices=VIEW_NAMES,
        default=FIRST_VIEW,
        help=f"default: {FIRST_VIEW}",
    )
    screenshot.set_defaults(run=_run_screenshot)
    return parser


# ---- entry point --------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Run compdesk with `argv` (default: the process's arguments); return the exit status."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    log_path: Path | None = None
    try:
        if _is_gui_invocation(arguments):
            return _open_gui(arguments)
        with _logging_to_file() as log_path:
            try:
                return _run(arguments)
            except (DocumentError, KeyboardInterrupt, SystemExit, BrokenPipeError):
                raise
            except Exception as error:
                log.exception("unexpected error in: compdesk %s", " ".join(arguments))
                where = f"; details are in {log_path}" if log_path else ""
                _error(f"unexpected problem ({type(error).__name__}: {error}){where}")
                return EXIT_USAGE
    except SystemExit as exit_request:
        return _exit_status(exit_request.code)
    except DocumentError as error:
        _error(str(error))
        return EXIT_USAGE
    except KeyboardInterrupt:
        _error("interrupted; nothing was changed")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`compdesk matrix … | head`): stop quietly, and stop Python
        # from complaining when it flushes stdout on exit.
        with contextlib.suppress(OSError, ValueError, AttributeError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return EXIT_PROBLEMS
    except Exception as error:
        _error(f"unexpected problem ({type(error).__name__}: {error})")
        return EXIT_USAGE


def _exit_status(code: object) -> int:
    if code is None:
        return EXIT_OK
    if isinstance(code, int):
        return code
    _error(str(code))
    return EXIT_USAGE


def _is_gui_invocation(arguments: Sequence[str]) -> bool:
    if not arguments:
        return True
    first = arguments[0]
    return not first.startswith("-") and first not in _COMMANDS


def _open_gui(arguments: Sequence[str]) -> int:
    path: Path | None = None
    if arguments:
        first = arguments[0]
        suggestion = difflib.get_close_matches(first, list(_COMMANDS), n=1)
        looks_like_path = Path(first).exists() or os.sep in first or "." in first
        if len(arguments) > 1 or (suggestion and not looks_like_path):
            hint = f"; did you mean '{suggestion[0]}'?" if suggestion else ""
            commands = ", ".join(_COMMANDS)
            _error(f"'{first}' is not a command (choose from {commands}){hint}")
            return EXIT_USAGE
        path = Path(first)
    try:
        from compdesk.app import run_gui
    except ImportError as error:
        _error(
            f"the window cannot start ({error}); the headless commands still work "
            "(see 'compdesk --help')"
        )
        return EXIT_USAGE
    return run_gui(path)


def _run(arguments: Sequence[str]) -> int:
    parsed = build_parser().parse_args(arguments)
    run: Callable[[argparse.Namespace], int] = parsed.run
    return run(parsed)


def _user() -> str | None:
    """The name the change log records: the one set in the window's preferences, else the OS's."""
    from compdesk.preferences import Preferences

    return Preferences.load().user_name.strip() or None


def _open_for_writing(path: Path) -> Store:
    # Exclusive: refuse while a compdesk window has the document open for editing.
    store = Store.open(path, exclusive=True, user=_user())
    if store.read_only:
        store.close()
        raise ReadOnlyDocumentError(f"{path.name} cannot be changed: it is not writable")
    return store


# ---- new and demo -------------------------------------------------------------------------


def _summary(store: Store) -> str:
    counts = store.counts()
    return (
        f"{len(store.roles())} roles, {counts['competencies']} competencies, "
        f"{counts['people']} people, {counts['evidence']} evidence records, "
        f"{counts['attachments']} attachments"
    )


def _run_screenshot(arguments: argparse.Namespace) -> int:
    from compdesk.views.screenshot import render_screenshot

    render_screenshot(arguments.file, arguments.output, arguments.view)
    _say(f"saved the {arguments.view} view of {arguments.file.name} as {arguments.output}")
    return EXIT_OK


def _run_new(arguments: argparse.Namespace) -> int:
    template = Template(arguments.template)
    with create_document(arguments.file, template, user=_user()) as store:
        summary = _summary(store)
    _say(f"created {arguments.file} from the {template.value} template: {summary}")
    return EXIT_OK


def _run_demo(arguments: argparse.Namespace) -> int:
    path: Path = arguments.file
    if path.exists():
        raise InputError(f"{path.name} already exists; choose another name")
    try:
        from compdesk.demo import create_demo
    except ModuleNotFoundError as error:
        if error.name != "compdesk.demo":
            raise
        raise DocumentError("the demo generator is not part of this compdesk") from None
    try:
        store = create_demo(path, people=arguments.people, seed=arguments.seed, user=_user())
    except BaseException:
        # The file did not exist before: a half-made demo is not worth keeping.
        path.unlink(missing_ok=True)
        raise
    with store:
        summary = _summary(store)
    _say(f"created the demo organisation {path}: {summary}")
    return EXIT_OK


# ---- check --------------------------------------------------------------------------------


def _run_check(arguments: argparse.Namespace) -> int:
    report = run_check(arguments.file)
    name = report.path.name
    if not report.opened:
        for problem in report.problems:
            _error(problem)
        return EXIT_USAGE
    if report.problems:
        count = len(report.problems)
        _say(f"{name}: {count} problem{'s' if count != 1 else ''} found")
        for problem in report.problems:
            _say(f"  problem: {_one_line(problem)}")
        return EXIT_PROBLEMS
    _say(f"{name}: ok")
    for fact in report.verified:
        _say(f"  ok: {fact}")
    return EXIT_OK


# ---- matrix -------------------------------------------------------------------------------


def _run_matrix(arguments: argparse.Namespace) -> int:
    as_of: date = arguments.as_of or date.today()
    with Store.open(arguments.file, read_only=True) as store:
        matrix = matrix_for(store, as_of)
        role_names = {role.id: role.name for role in store.roles()}
    if arguments.format == "json":
        _utf8_stdout()
        sys.stdout.write(
            json.dumps(matrix_as_json(matrix, role_names), indent=2, ensure_ascii=False)
        )
        sys.stdout.write("\n")
    elif arguments.format == "csv":
        _utf8_stdout()
        sys.stdout.write(matrix_as_csv(matrix))
    else:
        symbols = {status: status.symbol for status in GapStatus}
        if not _can_show("".join(symbols.values()) + "…"):
            symbols = dict(_ASCII_SYMBOLS)
        for line in matrix_as_text(matrix, arguments.file.name, symbols):
            _say(line)
    return EXIT_OK


def _roles_of(person: Person, role_names: dict[int, str]) -> list[str]:
    return sorted((role_names[i] for i in person.role_ids if i in role_names), key=str.casefold)


def matrix_as_json(matrix: GapMatrix, role_names: dict[int, str]) -> dict[str, Any]:
    """The fixed JSON shape of `matrix --format json` (more keys may be added, none removed)."""
    return {
        "as_of": matrix.as_of.isoformat(),
        "completion": matrix.overall_completion(),
        "people": [
            {
                "name": person.name,
                "email": person.email,
                "type": person.type.value,
                "job_title": person.job_title,
                "roles": _roles_of(person, role_names),
            }
            for person in matrix.people
        ],
        "competencies": [
            {
                "name": competency.name,
                "level": competency.level.value,
                "renewal_months": competency.renewal_months,
            }
            for competency in matrix.competencies
        ],
        "cells": [
            {
                "person": person.email,
                "competency": competency.name,
                "status": cell.status.value,
                "expires_on": cell.expires_on.isoformat() if cell.expires_on else None,
            }
            for person in matrix.people
            for competency in matrix.competencies
            if (cell := matrix.cell(person.id, competency.id)).status is not GapStatus.NOT_REQUIRED
        ],
    }


def _width(text: str) -> int:
    """Terminal columns taken by `text` (CJK and some symbols take two)."""
    return sum(
        0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in "WF" else 1
        for char in text
    )


def _fit(text: str, width: int) -> str:
    """`text` cut to `width` columns (with an ellipsis) and padded to exactly `width`."""
    if _width(text) > width:
        while text and _width(text) > width - 1:
            text = text[:-1]
        text += "…"
    return _pad(text, width)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def matrix_as_text(
    matrix: GapMatrix, document_name: str, symbols: dict[GapStatus, str]
) -> list[str]:
    lines = [f"Competence matrix of {document_name} as of {matrix.as_of.isoformat()}", ""]
    if not matrix.people or not matrix.competencies:
        lines.append(
            "No people in the matrix on that date."
            if matrix.competencies
            else "The document has no competencies yet."
        )
        return lines
    names_width = min(30, max(_width("Person"), *(_width(p.name) for p in matrix.people)))
    numbers = range(1, len(matrix.competencies) + 1)
    header = _fit("Person", names_width) + "".join(f"{n:>3} " for n in numbers) + "  met"
    lines += [header, "-" * _width(header)]
    for person in matrix.people:
        cells = [matrix.cell(person.id, c.id) for c in matrix.competencies]
        marks = "".join(f"  {_pad(symbols[cell.status], 2)}" for cell in cells)
        required = [cell for cell in cells if cell.status is not GapStatus.NOT_REQUIRED]
        met = sum(cell.status.counts_as_met for cell in required)
        score = f"{met}/{len(required)}" if required else "—"
        lines.append(f"{_fit(person.name, names_width)}{marks}  {score}")
    lines += ["", "Competencies (share of the people who need it that meet it):"]
    for number, competency in zip(numbers, matrix.competencies, strict=True):
        lines.append(
            f"{number:>3}  {_fit(competency.name, 38)} {_fit(_describe(competency), 30)} "
            f"{percent(matrix.competency_completion(competency.id))}"
        )
    counts = matrix.counts()
    required_total = sum(counts[s] for s in _REQUIRED_STATUSES)
    met_total = counts[GapStatus.MET] + counts[GapStatus.EXPIRING]
    lines += [
        "",
        "Legend: " + "  ".join(f"{symbols[s]} {s.value}" for s in GapStatus),
        "Counts: " + ", ".join(f"{counts[s]} {s.value}" for s in _REQUIRED_STATUSES),
        f"Overall completion: {percent(matrix.overall_completion())} "
        f"({met_total} of {required_total} required cells met)",
    ]
    return lines


def _describe(competency: Competency) -> str:
    renewal = (
        f"every {competency.renewal_months} months" if competency.renewal_months else "no expiry"
    )
    return f"{competency.level.value}, {renewal}"


# ---- import-people ------------------------------------------------------------------------


def _run_import_people(arguments: argparse.Namespace) -> int:
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
        else _open_for_writing(arguments.file)
    )
    with opened as store:
        drafts = validate_people(
            table, mapping, store.roles(), [person.email for person in store.people()]
        )
        if arguments.dry_run:
            for draft in drafts:
                _say(f"would add {draft.name} <{draft.email}> ({draft.type.value})")
            _say(f"{len(drafts)} people would be added to {arguments.file.name}; nothing changed")
            return EXIT_OK
        added = store.import_people(
            [draft.as_person() for draft in drafts], source=table.source_name
        )
    _say(f"imported {len(added)} people from {table.source_name} into {arguments.file.name}")
    return EXIT_OK


# ---- add-evidence -------------------------------------------------------------------------


def _attachment_sources(texts: Sequence[str]) -> list[Path]:
    """Every file to attach, checked before the document is touched; duplicates dropped."""
    sources: list[Path] = []
    seen: set[Path] = set()
    for text in texts:
        path = Path(text)
        try:
            if not path.exists():
                raise InputError(f"attachment {text}: no such file")
            if not path.is_file():
                raise InputError(f"attachment {text} is not a file")
            size = path.stat().st_size
            with path.open("rb") as stream:
                stream.read(1)
            resolved = path.resolve()
        except OSError as error:
            raise InputError(
                f"attachment {text} cannot be read: {error.strerror or error}"
            ) from None
        if size == 0:
            raise InputError(f"attachment {text} is empty (0 bytes); there is nothing to keep")
        if size > MAX_ATTACHMENT_BYTES:
            raise InputError(
                f"attachment {text} is {size / 1024 / 1024:.0f} MB; attachments can be at most "
                f"{MAX_ATTACHMENT_BYTES // 1024 // 1024} MB"
            )
        if resolved not in seen:
            seen.add(resolved)
            sources.append(path)
    return sources


def _run_add_evidence(arguments: argparse.Namespace) -> int:
    try:
        kind = parse_enum(EvidenceKind, arguments.kind)
    except ValueError as error:
        raise InputError(f"--kind: {error}") from None
    try:
        route = parse_enum(Route, arguments.route) if arguments.route else DEFAULT_ROUTES[kind]
    except ValueError as error:
        raise InputError(f"--route: {error}") from None
    achieved_on: date = arguments.date
    expires_on: date | None = arguments.expires
    if expires_on is not None and expires_on < achieved_on:
        raise InputError(f"--expires {expires_on} is before --date {achieved_on}")
    sources = _attachment_sources(arguments.attach)

    name = arguments.file.name
    with _open_for_writing(arguments.file) as store:
        try:
            person = store.person_by_email(arguments.person)
        except NotFoundError:
            raise InputError(f"{name} has nobody with the email {arguments.person}") from None
        try:
            competency = store.competency_by_name(arguments.competency)
        except NotFoundError:
            raise InputError(f"{name} has no competency named {arguments.competency!r}") from None
        if competency.accepted_kinds and kind not in competency.accepted_kinds:
            accepted = ", ".join(k.value for k in competency.accepted_kinds)
            raise InputError(
                f"{competency.name} does not accept a {kind.value} as evidence "
                f"(it accepts: {accepted})"
            )
        with store.transaction():
            evidence = store.add_evidence(
                person.id,
                competency.id,
                kind,
                route,
                title=arguments.title.strip(),
                issuer=arguments.issuer.strip(),
                achieved_on=achieved_on,
                expires_on=expires_on,
                score=arguments.score,
            )
            for source in sources:
                store.attach_file(evidence.id, source)
    attached = f", {len(sources)} attachment{'s' if len(sources) != 1 else ''}" if sources else ""
    _say(
        f"added {kind.value} ({route.value}) for {person.name}, {competency.name}, "
        f"achieved {achieved_on.isoformat()}{attached}"
    )
    return EXIT_OK
