"""Reading a quiz's results as the tools a small company uses write them.

Three shapes, recognised from the header row, in a CSV file or an Excel workbook alike:
- Google Forms: the responses sheet (`Timestamp`, `Email Address`, `Score` as `8 / 10`, then one
  column per question), downloaded as CSV or .xlsx;
- Microsoft Forms: "Open results in Excel" (`ID`, `Start time`, `Completion time`, `Email`,
  `Name`, `Total points`, `Quiz feedback`, then per question its answer, `Points - …` and
  `Feedback - …`). It gives points, not what the quiz is out of: the caller says that (`out_of`);
- a plain CSV: `email`, `score` (80 %, 80, 0.8 or 8/10) and an optional `date`.

`read_quiz_results` reads every row and lists every problem at once; `match_quiz` pairs the rows
with the document's people by email. Nothing here writes to a document.
"""

from __future__ import annotations

import enum
import io
import math
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Final

from compdesk.models.errors import InputError
from compdesk.models.export_cells import (
    decode_export_text,
    looks_like_email,
    match_by_email,
    normal_email,
    normal_header,
    unescape_formula,
)
from compdesk.models.export_dates import DateOrder, parse_export_date, read_date_column
from compdesk.models.people_check import ImportCheck, RowProblem
from compdesk.models.people_import import parse_people_csv, read_file_bytes
from compdesk.models.records import Person

# A quiz's results are a few hundred rows; anything far larger is the wrong file.
MAX_RESULTS_BYTES: Final = 20 * 1024 * 1024
_ZIP_MAGIC: Final = b"PK\x03\x04"
_OLE2_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# What a reader's message asks for, so a caller can ask the user and read again.
ASKS_TOTAL_POINTS: Final = "give the quiz's total points"
ASKS_DATE_ORDER: Final = "say how the column writes its dates"

# A cell as read: text (CSV, or a text cell of a workbook), a number, or a date and time.
Cell = str | float | date


class QuizTool(enum.Enum):
    """Which tool wrote the results, as recognised from the columns."""

    GOOGLE_FORMS = "Google Forms"
    MICROSOFT_FORMS = "Microsoft Forms"
    PLAIN = "plain CSV"


class _Column(enum.Enum):
    EMAIL = "email"
    SCORE = "score"
    DATE = "date"
    NAME = "name"


_SPELLINGS: Final = {
    _Column.EMAIL: (
        "email",
        "email address",
        "mail",
        "work email",
        "respondent email",
        "user email",
    ),
    # `Total points` before `Score`: Microsoft Forms' question may itself be called "Score".
    _Column.SCORE: (
        "total points",
        "score",
        "points",
        "percent",
        "percentage",
        "result",
        "grade",
        "mark",
    ),
    _Column.DATE: (
        "completion time",
        "timestamp",
        "date",
        "taken on",
        "completed",
        "completed on",
        "submitted",
        "submitted at",
        "submission time",
    ),
    _Column.NAME: ("name", "full name", "respondent"),
}

_EXPECTED_SHAPES: Final = (
    "compdesk reads Google Forms' responses (Timestamp, Email Address, Score), Microsoft "
    "Forms' Excel export (Email, Completion time, Total points) and a plain CSV "
    "(email, score, date)"
)
# `8 / 10`, `13.5 / 15`, `8,5/10` (a spreadsheet in a decimal-comma language).
_FRACTION: Final = re.compile(r"(\d+(?:[.,]\d+)?)\s*/\s*(\d+(?:[.,]\d+)?)")
_NUMBER: Final = re.compile(r"\d+(?:[.,]\d+)?")


@dataclass(frozen=True, slots=True)
class QuizRow:
    """One person's result: their best attempt when they answered more than once."""

    row_number: int  # the data row (1 = the first under the header)
    line: int  # the file's line, or the sheet's row
    email: str  # normalised: trimmed, NFC, case folded
    score: float  # percent, 0–100
    taken_on: date | None
    name: str = ""
    attempts: int = 1


@dataclass(frozen=True, slots=True)
class QuizResults:
    """A quiz's results file as read: the tool, each person's result, and every problem."""

    source_name: str
    tool: QuizTool
    rows: tuple[QuizRow, ...] = ()
    problems: tuple[RowProblem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def held_on(self) -> date | None:
        """The day the last person took the quiz: the session's date unless one is given."""
        dates = [row.taken_on for row in self.rows if row.taken_on is not None]
        return max(dates) if dates else None

    def error(self) -> InputError:
        """Every problem in one message, each with its row, column and value."""
        return ImportCheck(source_name=self.source_name, problems=self.problems).error()


@dataclass(frozen=True, slots=True)
class _Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    lines: tuple[int, ...]


def passed(score: float, pass_mark: float) -> bool:
    """Whether a score (percent) reaches the pass mark (percent); 2/3 reaches 66.67 %."""
    return round(score, 2) >= round(pass_mark, 2)


def parse_pass_mark(text: str) -> float:
    """A pass mark as typed: `80` or `80 %`, above 0 and at most 100."""
    cleaned = text.strip().removesuffix("%").strip().replace(",", ".")
    try:
        mark = float(cleaned)
    except ValueError:
        raise InputError(f"pass mark {text!r} is not a percentage (write it as 80)") from None
    if not 0 < mark <= 100 or not math.isfinite(mark):
        raise InputError(f"pass mark {text!r} must be above 0 and at most 100 (a percentage)")
    return mark


def read_quiz_results(
    source: Path | str | bytes,
    *,
    today: date,
    name: str = "the quiz results",
    out_of: float | None = None,
    date_order: DateOrder | None = None,
) -> QuizResults:
    """Read a quiz's results (CSV or .xlsx, told apart by their bytes); `InputError` if unusable.

    `name` names bytes in messages (a path names itself). `out_of` is the quiz's total points,
    which Microsoft Forms' export does not hold. `date_order` reads dates such as 03/04/2025
    when the column itself does not tell; dates after `today` are problems.
    """
    if isinstance(source, bytes):
        data = source
    else:
        path = Path(source)
        name = path.name
        data = read_file_bytes(path, MAX_RESULTS_BYTES, "a quiz's results")
    if not data:
        raise InputError(f"{name} is empty (0 bytes): download the quiz's results again")
    if data.startswith(_OLE2_MAGIC):
        raise InputError(
            f"{name} is an Excel 97–2003 workbook (.xls): save it as .xlsx or as CSV UTF-8"
        )
    if data.startswith(_ZIP_MAGIC):
        csv_data = _csv_in_zip(data)
        table = _read_workbook(data, name) if csv_data is None else _read_csv(csv_data, name)
    else:
        table = _read_csv(data, name)
    return _results(table, name, today=today, out_of=out_of, date_order=date_order)


def asks_total_points(error: InputError) -> bool:
    """Whether reading failed only for the total points Microsoft Forms' export lacks."""
    return ASKS_TOTAL_POINTS in str(error)


def asks_date_order(results: QuizResults) -> bool:
    """Whether the results can be read once told how the file writes dates such as 03/04."""
    return any(ASKS_DATE_ORDER in problem.why for problem in results.problems)


def import_notes(results: QuizResults, unmatched: Sequence[str]) -> str:
    """The session's notes for imported results: where they came from, and who matched nobody."""
    notes = f"Quiz results imported from {results.source_name} ({results.tool.value})."
    if unmatched:
        notes += f" Matched nobody: {', '.join(unmatched)}."
    return notes


def match_quiz(
    results: QuizResults, people: Iterable[Person]
) -> tuple[tuple[tuple[Person, QuizRow], ...], tuple[str, ...]]:
    """Each row with the person of its email (`match_by_email`), and the rest.

    Returns `(matched, unmatched)`: `(person, row)` pairs in the file's order, and the
    addresses no person in `people` has, in the file's order, never dropped silently.
    """
    return match_by_email(results.rows, lambda row: row.email, people)


def _read_csv(data: bytes, name: str) -> _Table:
    table = parse_people_csv(decode_export_text(data, name), name)
    return _Table(table.headers, tuple(table.rows), table.line_numbers)


def _csv_in_zip(data: bytes) -> bytes | None:
    """The CSV file inside a zip (Google Forms' "Download responses" zips its one CSV file)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [info for info in archive.infolist() if not info.is_dir()]
            if any(info.filename == "xl/workbook.xml" for info in members):
                return None
            found = [info for info in members if info.filename.lower().endswith(".csv")]
            # A file that unpacks far beyond any quiz's results is left to fail as a workbook.
            if len(found) != 1 or found[0].file_size > MAX_RESULTS_BYTES:
                return None
            return archive.read(found[0])
    except (zipfile.BadZipFile, OSError, EOFError):
        return None


def _read_workbook(data: bytes, name: str) -> _Table:
    """The first sheet of an .xlsx workbook, its first non-empty row as the header."""
    # Imported here: openpyxl is large and only this reader needs it.
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            values = [tuple(row) for row in sheet.iter_rows(values_only=True)]
        finally:
            workbook.close()
    # openpyxl raises whatever its zip, XML and style readers meet in a damaged file.
    except Exception:
        raise InputError(
            f"{name} is not an Excel workbook compdesk can read (it may be damaged or "
            "password-protected): open it in Excel and save it again, or export it as CSV"
        ) from None
    headers: tuple[str, ...] | None = None
    rows: list[tuple[Cell, ...]] = []
    lines: list[int] = []
    for sheet_row, raw in enumerate(values, start=1):
        cells = tuple(_cell(value) for value in raw)
        if not any(cell != "" for cell in cells):
            continue
        if headers is None:
            named = [str(cell).strip() for cell in cells]
            while named and not named[-1]:
                named.pop()
            headers = tuple(named)
            continue
        cells = cells[: len(headers)] + ("",) * (len(headers) - len(cells))
        rows.append(cells)
        lines.append(sheet_row)
    if headers is None:
        raise InputError(f"{name} is empty: its first sheet has no header row")
    return _Table(headers, tuple(rows), tuple(lines))


def _cell(value: object) -> Cell:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, date):  # a datetime is a date too
        return value
    if isinstance(value, time):
        return value.isoformat()
    return str(value)


def _columns(headers: Sequence[str]) -> dict[_Column, int]:
    """Column → index of the first header spelling it (in the order of its spellings)."""
    normal = [normal_header(header) for header in headers]
    found: dict[_Column, int] = {}
    for column, spellings in _SPELLINGS.items():
        for spelling in spellings:
            if spelling in normal:
                found[column] = normal.index(spelling)
                break
    return found


def _tool(headers: Sequence[str]) -> QuizTool:
    normal = {normal_header(header) for header in headers}
    if {"completion time", "total points"} <= normal:
        return QuizTool.MICROSOFT_FORMS
    if {"timestamp", "score"} <= normal:
        return QuizTool.GOOGLE_FORMS
    return QuizTool.PLAIN


def _results(
    table: _Table, name: str, *, today: date, out_of: float | None, date_order: DateOrder | None
) -> QuizResults:
    columns = _columns(table.headers)
    tool = _tool(table.headers)
    shown = ", ".join(table.headers[:8]) + (", …" if len(table.headers) > 8 else "")
    if _Column.SCORE not in columns:
        raise InputError(
            f"{name} has no score column, so it is not a quiz's results (its columns: {shown}); "
            f"{_EXPECTED_SHAPES}"
        )
    if _Column.EMAIL not in columns:
        raise InputError(
            f"{name} has no email column (its columns: {shown}): compdesk matches results to "
            "people by email, so collect email addresses in the quiz's settings and export again"
        )
    if tool is QuizTool.MICROSOFT_FORMS and out_of is None:
        raise InputError(
            f"{name} is Microsoft Forms' export, which gives each person's points but not what "
            f"the quiz is out of: {ASKS_TOTAL_POINTS}"
        )
    if out_of is not None and not (out_of > 0 and math.isfinite(out_of)):
        raise InputError(f"a quiz cannot be out of {out_of:g} points")
    if not table.rows:
        raise InputError(f"{name} holds no results: nobody has answered the quiz yet")

    problems: list[RowProblem] = []
    headers = table.headers
    orders = _date_order(table, columns.get(_Column.DATE), today, date_order, problems)
    # A date column no order reads is one problem, not one per row.
    read_dates = _Column.DATE in columns and not problems
    fractions = _scores_are_fractions(table, columns[_Column.SCORE], out_of)
    best: dict[str, QuizRow] = {}
    for index, cells in enumerate(table.rows):
        row_number, line = index + 1, table.lines[index]
        row_problems: list[RowProblem] = []

        def problem(column: _Column, value: str, why: str) -> None:
            # Bound at each iteration on purpose: the row's own numbers and list.
            row_problems.append(RowProblem(row_number, line, headers[columns[column]], value, why))  # noqa: B023

        email_text = _text(cells[columns[_Column.EMAIL]])
        email = normal_email(email_text)
        if not email:
            problem(_Column.EMAIL, email_text, "the email address is empty")
        elif email == "anonymous":
            problem(
                _Column.EMAIL,
                email_text,
                "the answer is anonymous: let only people in the organisation answer, and "
                "record their names, in the quiz's settings",
            )
        elif not looks_like_email(email):
            problem(_Column.EMAIL, email_text, f"{email_text.strip()!r} is not an email address")

        score_cell = cells[columns[_Column.SCORE]]
        score: float | None = None
        try:
            score = _score(score_cell, out_of=out_of, fraction=fractions)
        except ValueError as error:
            problem(_Column.SCORE, _text(score_cell), str(error))

        taken_on: date | None = None
        if read_dates:
            date_cell = cells[columns[_Column.DATE]]
            try:
                taken_on = _date(date_cell, orders)
            except ValueError as error:
                problem(_Column.DATE, _text(date_cell), str(error))
            if taken_on is not None and taken_on > today:
                problem(
                    _Column.DATE,
                    _text(date_cell),
                    f"{taken_on.isoformat()} is after today ({today.isoformat()})",
                )
                taken_on = None

        if row_problems or score is None:
            problems.extend(row_problems)
            continue
        row_name = _text(cells[columns[_Column.NAME]]).strip() if _Column.NAME in columns else ""
        result = QuizRow(row_number, line, email, score, taken_on, row_name)
        earlier = best.get(email)
        if earlier is None:
            best[email] = result
        else:
            kept = result if result.score > earlier.score else earlier
            best[email] = QuizRow(
                kept.row_number,
                kept.line,
                email,
                kept.score,
                kept.taken_on,
                kept.name or earlier.name or result.name,
                earlier.attempts + 1,
            )
    rows = tuple(sorted(best.values(), key=lambda row: row.row_number))
    return QuizResults(name, tool, rows, tuple(problems))


def _text(cell: Cell) -> str:
    if isinstance(cell, float):
        return f"{cell:g}"
    if isinstance(cell, date):
        return cell.isoformat()
    return unescape_formula(cell)


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def _scores_are_fractions(table: _Table, column: int, out_of: float | None) -> bool:
    """Plain numbers all within 0–1 (0.8, 1): the column writes fractions, not percents."""
    if out_of is not None:
        return False
    numbers: list[float] = []
    for cells in table.rows:
        cell = cells[column]
        if isinstance(cell, float):
            numbers.append(cell)
        elif isinstance(cell, str) and _NUMBER.fullmatch(text := _text(cell).strip()):
            numbers.append(_number(text))
    return bool(numbers) and all(0 <= number <= 1 for number in numbers)


def _score(cell: Cell, *, out_of: float | None, fraction: bool) -> float:
    """A score as a percentage 0–100; `ValueError` in words a user reads."""
    if isinstance(cell, date):
        raise ValueError(f"{cell.isoformat()} is a date, not a score")
    text = _text(cell).strip()
    if not text:
        raise ValueError("the score is empty (the quiz may not be marked yet)")
    if match := _FRACTION.fullmatch(text):
        points, total = _number(match[1]), _number(match[2])
        if total == 0:
            raise ValueError(f"{text!r} is out of 0 points")
        percent = points / total * 100
        what = f"{text!r} is more than {total:g}"
    elif text.endswith("%") and _NUMBER.fullmatch(text[:-1].strip()):
        percent = _number(text[:-1].strip())
        what = f"{text!r} is more than 100 %"
    elif _NUMBER.fullmatch(text):
        number = _number(text)
        if out_of is not None:
            percent = number / out_of * 100
            what = f"{text!r} is more than the {out_of:g} points the quiz is out of"
        else:
            percent = number * 100 if fraction else number
            what = f"{text!r} is more than 100 (scores are read as percentages)"
    else:
        raise ValueError(f"{text!r} is not a score (write it as 8 / 10, 80 % or 80)")
    if percent > 100 + 1e-9:
        raise ValueError(what)
    return min(percent, 100.0)


def _date(cell: Cell, order: DateOrder | None) -> date | None:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, float):
        raise ValueError(f"{cell:g} is a number, not a date")
    return parse_export_date(unescape_formula(cell), order)


def _date_order(
    table: _Table,
    column: int | None,
    today: date,
    chosen: DateOrder | None,
    problems: list[RowProblem],
) -> DateOrder | None:
    """How the date column writes 03/04/2025: as chosen, as its values show, or the one order
    under which no result is dated after today; a problem when neither tells."""
    if column is None or chosen is not None:
        return chosen
    texts = [cell for cells in table.rows if isinstance(cell := cells[column], str)]
    reading = read_date_column(texts)
    header = table.headers[column]
    if reading.contradicts_itself:
        problems.append(
            RowProblem(
                None,
                None,
                header,
                "",
                f"the dates are written both day first ({reading.day_first_example}) and month "
                f"first ({reading.month_first_example})",
            )
        )
        return None
    if not reading.needs_choice:
        return reading.order
    possible = [order for order in DateOrder if _all_by(texts, order, today)]
    if len(possible) == 1:
        return possible[0]
    problems.append(
        RowProblem(
            None,
            None,
            header,
            reading.ambiguous_example,
            f"dates such as {reading.ambiguous_example} can be read day first or month first: "
            + ASKS_DATE_ORDER,
        )
    )
    return None


def _all_by(texts: Iterable[str], order: DateOrder, today: date) -> bool:
    try:
        return all(
            (found := parse_export_date(text, order)) is None or found <= today for text in texts
        )
    except ValueError:
        return False
