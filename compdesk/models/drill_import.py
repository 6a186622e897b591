"""Reading a phishing drill's results from the file the drill tool exports.

Four kinds of file are recognised from their columns:

- Gophish's campaign results export (`<campaign> - Results.csv`): the campaign's `results`
  written by Papa Parse with formula escaping; `status` is the furthest step each person reached
  and `reported` is `true` or `false`.
- Gophish's campaign events export (`<campaign> - Events.csv`): the campaign's timeline, one
  event a line (`Email Sent`, `Email Opened`, `Clicked Link`, `Submitted Data`,
  `Email Reported`); the time from a person's `Email Sent` to their first `Email Reported`
  is their time to report.
- Microsoft Defender for Office 365 attack simulation training: a simulation's Users tab as
  exported (`Name`, `Compromised`, `Reported`, ..., `Username`).
- A plain CSV: `email, clicked, reported` and optionally `minutes` to report.

`read_drill_results` reads a file; every bad row is listed in `DrillImport.problems` at once,
so the user can fix the file in one go. `match_drill` pairs the rows with the document's
people by email and lists the addresses it cannot place; `drill_totals` gives the figures a
`Drill` record keeps. Nothing here writes to a document.
"""

from __future__ import annotations

import enum
import re
import statistics
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Final, NamedTuple

from compdesk.models.errors import InputError
from compdesk.models.export_cells import (
    looks_like_email,
    match_by_email,
    normal_email,
    normal_header,
    unescape_formula,
)
from compdesk.models.people_import import PeopleTable, read_people_csv
from compdesk.models.records import Person

# Gophish's `status` values that mean the person followed the link.
_GOPHISH_CLICKED: Final = frozenset({"clicked link", "submitted data"})
# Statuses of a result whose email never reached the person (still queued, or failed).
_GOPHISH_NOT_SENT: Final = frozenset(
    {"scheduled", "queued", "sending", "retrying", "error", "error sending email", "unknown"}
)
_GOPHISH_RESULTS_COLUMNS: Final = ("id", "status", "reported", "send date", "email")
_GOPHISH_EVENTS_COLUMNS: Final = ("email", "time", "message")
_DEFENDER_COLUMNS: Final = ("compromised", "reported", "username")

_YES: Final = frozenset({"yes", "y", "true", "1", "x", "ja", "oui", "sí", "si"})
_NO: Final = frozenset({"no", "n", "false", "0", "", "nein", "non"})

# A download of the same export again gets " (1)" from the browser.
_GOPHISH_FILE_NAME: Final = re.compile(r"(.+?) - (?:results|events)(?: \(\d+\))?\.csv", re.I)


class DrillSource(enum.Enum):
    """The tool that wrote a drill's results file."""

    GOPHISH_RESULTS = "Gophish campaign results"
    GOPHISH_EVENTS = "Gophish campaign events"
    DEFENDER = "Microsoft Defender attack simulation users"
    PLAIN = "plain CSV"


@dataclass(frozen=True, slots=True)
class DrillPersonResult:
    """What one person did in a drill, as the file says."""

    email: str
    clicked: bool = False
    reported: bool = False
    minutes_to_report: float | None = None
    # The file line the person's row (or first event) is on.
    line: int = 0


@dataclass(frozen=True, slots=True)
class DrillProblem:
    """A row the import cannot read, in the user's words."""

    line: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        shown = f" {self.value!r}" if self.value else ""
        return f"line {self.line}, {self.column}{shown}: {self.reason}"


@dataclass(frozen=True, slots=True)
class DrillTotals:
    """The figures a phishing `Drill` record keeps."""

    sent: int
    clicked: int
    reported: int
    median_minutes_to_report: float | None

    @property
    def click_rate(self) -> float | None:
        return self.clicked / self.sent if self.sent else None

    @property
    def report_rate(self) -> float | None:
        return self.reported / self.sent if self.sent else None


@dataclass(frozen=True, slots=True)
class DrillImport:
    """A drill's results file as read: who did what, and what could not be read."""

    source: DrillSource
    source_name: str
    results: tuple[DrillPersonResult, ...]
    # The campaign's date and name, where the file (or its name) holds them.
    held_on: date | None = None
    name: str = ""
    # Addresses the tool could not send the drill to (failed or still queued): not part of
    # the drill's figures, but shown, never dropped silently.
    not_sent: tuple[str, ...] = ()
    problems: tuple[DrillProblem, ...] = ()

    @property
    def totals(self) -> DrillTotals:
        return drill_totals(self.results)

    def raise_for_problems(self) -> None:
        """`InputError` listing every problem, for the command line; nothing if there is none."""
        if self.problems:
            count = len(self.problems)
            lines = "\n".join(f"  {problem}" for problem in self.problems)
            rows = "1 row" if count == 1 else f"{count} rows"
            raise InputError(f"{self.source_name}: {rows} cannot be read:\n{lines}")


class DrillMatch(NamedTuple):
    """A drill's rows paired with the document's people; `matched, unmatched = match_drill(...)`."""

    matched: tuple[tuple[Person, DrillPersonResult], ...]
    # Addresses in the file that belong to nobody in the document, as the file writes them.
    unmatched: tuple[str, ...]


def read_drill_results(path: Path | str, *, today: date) -> DrillImport:
    """Read a drill tool's results export (see the module's docstring for the four kinds).

    `InputError` when the file cannot be read or is none of the four; bad rows do not raise,
    they are listed in `problems`. A date after `today` is a problem.
    """
    table = read_people_csv(path)
    return drill_from_table(table, today=today)


def drill_from_table(table: PeopleTable, *, today: date) -> DrillImport:
    """The drill in a CSV table already read (see `read_drill_results`)."""
    columns = {normal_header(header): index for index, header in enumerate(table.headers)}
    reader = _Rows(table, columns)
    if all(name in columns for name in _GOPHISH_RESULTS_COLUMNS):
        return _gophish_results(reader, today)
    if all(name in columns for name in _GOPHISH_EVENTS_COLUMNS):
        return _gophish_events(reader, today)
    if all(name in columns for name in _DEFENDER_COLUMNS):
        return _defender(reader)
    if _plain_email_column(columns) is not None and "clicked" in columns:
        return _plain(reader)
    shown = ", ".join(table.headers)
    raise InputError(
        f"{table.source_name} is not a drill's results: compdesk reads Gophish's campaign "
        "Results or Events export, Microsoft Defender's attack simulation user report, or a "
        f"CSV with the columns email, clicked, reported (and optionally minutes); its columns "
        f"are {shown}"
    )


def match_drill(results: Iterable[DrillPersonResult], people: Iterable[Person]) -> DrillMatch:
    """Pair each row with the person of that email (`match_by_email`: case, spaces and
    Unicode form do not matter; a blank address matches no one)."""
    matched, unmatched = match_by_email(results, lambda result: result.email, people)
    return DrillMatch(matched, unmatched)


def drill_totals(results: Sequence[DrillPersonResult]) -> DrillTotals:
    """Sent, clicked, reported and the median time to report of those who reported."""
    minutes = [
        r.minutes_to_report for r in results if r.reported and r.minutes_to_report is not None
    ]
    return DrillTotals(
        sent=len(results),
        clicked=sum(1 for result in results if result.clicked),
        reported=sum(1 for result in results if result.reported),
        median_minutes_to_report=statistics.median(minutes) if minutes else None,
    )


class _Rows:
    """The table's cells by column name, unescaped, with their file lines and the problems."""

    def __init__(self, table: PeopleTable, columns: dict[str, int]) -> None:
        self.table = table
        self.columns = columns
        self.problems: list[DrillProblem] = []

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        for line, cells in zip(self.table.line_numbers, self.table.rows, strict=True):
            yield (
                line,
                {name: unescape_formula(cells[i]).strip() for name, i in self.columns.items()},
            )

    def header(self, name: str) -> str:
        return self.table.headers[self.columns[name]]

    def problem(self, line: int, name: str, value: str, reason: str) -> None:
        self.problems.append(DrillProblem(line, self.header(name), value, reason))

    def email(self, line: int, name: str, value: str) -> str | None:
        if not value:
            self.problem(line, name, "", "no email address")
            return None
        if not looks_like_email(value):
            self.problem(line, name, value, "not an email address")
            return None
        return value

    def yes_no(self, line: int, name: str, value: str) -> bool | None:
        wanted = value.lower()
        if wanted in _YES:
            return True
        if wanted in _NO:
            return False
        self.problem(line, name, value, "not yes or no")
        return None


def _timestamp(text: str) -> datetime | None:
    """A Gophish time (Go's RFC 3339, `2025-03-04T09:15:02.123456789Z`); None for Go's zero."""
    cleaned = text.strip()
    if not cleaned or cleaned.startswith("0001-01-01"):
        return None
    # Python reads at most microseconds.
    cleaned = re.sub(r"(\.\d{6})\d+", r"\1", cleaned)
    return datetime.fromisoformat(cleaned)


def _campaign_name(source_name: str) -> str:
    match = _GOPHISH_FILE_NAME.fullmatch(source_name)
    return match[1].strip() if match else ""


def _checked_day(reader: _Rows, line: int, name: str, value: str, today: date) -> datetime | None:
    try:
        moment = _timestamp(value)
    except ValueError:
        reader.problem(line, name, value, "not a date and time as Gophish writes it")
        return None
    if moment is not None and moment.date() > today:
        reader.problem(line, name, value, f"after today ({today.isoformat()})")
        return None
    return moment


def _merged(found: dict[str, DrillPersonResult], result: DrillPersonResult) -> None:
    """One row per person: a person in two of the campaign's groups counts once."""
    key = normal_email(result.email)
    earlier = found.get(key)
    if earlier is None:
        found[key] = result
        return
    minutes = [m for m in (earlier.minutes_to_report, result.minutes_to_report) if m is not None]
    found[key] = DrillPersonResult(
        earlier.email,
        clicked=earlier.clicked or result.clicked,
        reported=earlier.reported or result.reported,
        minutes_to_report=min(minutes) if minutes else None,
        line=earlier.line,
    )


def _gophish_results(reader: _Rows, today: date) -> DrillImport:
    found: dict[str, DrillPersonResult] = {}
    not_sent: list[str] = []
    sent_days: list[date] = []
    for line, cells in reader:
        email = reader.email(line, "email", cells["email"])
        reported = _gophish_bool(reader, line, cells["reported"])
        status = cells["status"].lower()
        moment = _checked_day(reader, line, "send date", cells["send date"], today)
        if email is None or reported is None:
            continue
        if status in _GOPHISH_NOT_SENT:
            not_sent.append(email)
            continue
        if moment is not None:
            sent_days.append(moment.date())
        _merged(found, DrillPersonResult(email, status in _GOPHISH_CLICKED, reported, line=line))
    return DrillImport(
        DrillSource.GOPHISH_RESULTS,
        reader.table.source_name,
        tuple(found.values()),
        held_on=min(sent_days, default=None),
        name=_campaign_name(reader.table.source_name),
        not_sent=tuple(not_sent),
        problems=tuple(reader.problems),
    )


def _gophish_bool(reader: _Rows, line: int, value: str) -> bool | None:
    if value.lower() in ("true", "false"):
        return value.lower() == "true"
    reader.problem(line, "reported", value, "not true or false")
    return None


@dataclass
class _Timeline:
    line: int
    email: str
    sent: datetime | None = None
    clicked: bool = False
    reported: datetime | None = None
    reported_without_time: bool = False


def _gophish_events(reader: _Rows, today: date) -> DrillImport:
    timelines: dict[str, _Timeline] = {}
    created: datetime | None = None
    for line, cells in reader:
        message = cells["message"].lower()
        moment = _checked_day(reader, line, "time", cells["time"], today)
        if not cells["email"]:
            # The campaign's own events (`Campaign Created`) name nobody.
            if message == "campaign created" and moment is not None:
                created = moment
            continue
        email = reader.email(line, "email", cells["email"])
        if email is None:
            continue
        timeline = timelines.setdefault(normal_email(email), _Timeline(line, email))
        _apply_event(timeline, message, moment)
    found: list[DrillPersonResult] = []
    not_sent: list[str] = []
    for timeline in timelines.values():
        if timeline.sent is None:
            not_sent.append(timeline.email)
            continue
        minutes = None
        if timeline.reported is not None and timeline.reported >= timeline.sent:
            minutes = round((timeline.reported - timeline.sent).total_seconds() / 60, 1)
        reported = timeline.reported is not None or timeline.reported_without_time
        found.append(
            DrillPersonResult(timeline.email, timeline.clicked, reported, minutes, timeline.line)
        )
    sent_days = [t.sent.date() for t in timelines.values() if t.sent is not None]
    held_on = min(sent_days, default=created.date() if created else None)
    return DrillImport(
        DrillSource.GOPHISH_EVENTS,
        reader.table.source_name,
        tuple(found),
        held_on=held_on,
        name=_campaign_name(reader.table.source_name),
        not_sent=tuple(not_sent),
        problems=tuple(reader.problems),
    )


def _apply_event(timeline: _Timeline, message: str, moment: datetime | None) -> None:
    if message == "email sent":
        # A retried send: the first one starts the clock.
        if moment is not None and (timeline.sent is None or moment < timeline.sent):
            timeline.sent = moment
    elif message in _GOPHISH_CLICKED:
        timeline.clicked = True
    elif message == "email reported":
        if moment is None:
            timeline.reported_without_time = True
        elif timeline.reported is None or moment < timeline.reported:
            timeline.reported = moment


def _defender(reader: _Rows) -> DrillImport:
    found: dict[str, DrillPersonResult] = {}
    not_sent: list[str] = []
    failed_column = "failed deliveries" if "failed deliveries" in reader.columns else None
    for line, cells in reader:
        email = reader.email(line, "username", cells["username"])
        compromised = reader.yes_no(line, "compromised", cells["compromised"])
        reported = reader.yes_no(line, "reported", cells["reported"])
        if email is None or compromised is None or reported is None:
            continue
        if (
            failed_column
            and _positive_count(cells[failed_column])
            and not (compromised or reported)
        ):
            not_sent.append(email)
            continue
        _merged(found, DrillPersonResult(email, compromised, reported, line=line))
    return DrillImport(
        DrillSource.DEFENDER,
        reader.table.source_name,
        tuple(found.values()),
        not_sent=tuple(not_sent),
        problems=tuple(reader.problems),
    )


def _positive_count(text: str) -> bool:
    return text.strip().isdigit() and int(text) > 0


_PLAIN_EMAIL: Final = ("email", "email address", "mail", "user", "username")
_PLAIN_MINUTES: Final = ("minutes", "minutes to report", "time to report", "minutes to report it")


def _plain_email_column(columns: dict[str, int]) -> str | None:
    return next((name for name in _PLAIN_EMAIL if name in columns), None)


def _plain(reader: _Rows) -> DrillImport:
    email_column = _plain_email_column(reader.columns)
    assert email_column is not None
    minutes_column = next((name for name in _PLAIN_MINUTES if name in reader.columns), None)
    has_reported = "reported" in reader.columns
    found: dict[str, DrillPersonResult] = {}
    for line, cells in reader:
        email = reader.email(line, email_column, cells[email_column])
        clicked = reader.yes_no(line, "clicked", cells["clicked"])
        reported = reader.yes_no(line, "reported", cells["reported"]) if has_reported else False
        readable, minutes = _minutes(reader, line, minutes_column, cells, bool(reported))
        if email is None or clicked is None or reported is None or not readable:
            continue
        result = DrillPersonResult(email, clicked, reported, minutes, line)
        earlier = found.get(normal_email(email))
        if earlier is not None and (earlier.clicked, earlier.reported) != (clicked, reported):
            reader.problem(
                line, email_column, email, f"also on line {earlier.line}, with other answers"
            )
            continue
        found.setdefault(normal_email(email), result)
    return DrillImport(
        DrillSource.PLAIN,
        reader.table.source_name,
        tuple(found.values()),
        problems=tuple(reader.problems),
    )


def _minutes(
    reader: _Rows, line: int, column: str | None, cells: dict[str, str], reported: bool
) -> tuple[bool, float | None]:
    """Whether a plain CSV row's minutes to report can be read, and the minutes if given."""
    if column is None or not cells[column]:
        return True, None
    text = cells[column]
    try:
        minutes = float(text.replace(",", "."))
    except ValueError:
        reader.problem(line, column, text, "not a number of minutes")
        return False, None
    if minutes < 0 or minutes != minutes:
        reader.problem(line, column, text, "minutes cannot be negative")
        return False, None
    if not reported:
        reader.problem(line, column, text, "a time to report for someone who did not report")
        return False, None
    return True, minutes
