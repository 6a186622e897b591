"""The figures that show training works (DOMAIN: "Metrics that show training works").

A pure function of a document's plain rows and an as-of date, so the Metrics view, `compdesk
metrics` and the binder's charts show the same numbers; as of a past date it shows what was
known that day (evidence, sessions and drills after it are left out). Rates are fractions 0-1;
a rate with nothing to divide by is None.

- Completion of mandatory training: the share of required person × competency cells that are
  met (expiring still counts), overall and per competency, against `Settings.completion_target`.
- Drills, oldest first: a phishing drill's click rate (clicked / sent) and report rate
  (reported / sent), an incident drill's participants; each drill's minutes to report (its own
  figure, else the median of its people's). A drill's totals are its own figures where given,
  else counted from its per-person results. Targets are met at or below the click target and
  the minutes target, at or above the report target.
- Training hours per person: hours of the sessions attended in the twelve months to the as-of
  date, over the people active on it (sessions without a length are counted apart).
- Gaps over time: the required cells not met, monthly over the twelve months to the as-of date.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from compdesk.models.dates import add_months
from compdesk.models.gaps import GapMatrix, GapStatus, compute_matrix
from compdesk.models.onboarding import recent_since
from compdesk.models.records import (
    ActionState,
    Attendance,
    Competency,
    Drill,
    DrillKind,
    DrillResult,
    EvidenceDates,
    Person,
    Settings,
    TrainingSession,
)
from compdesk.models.rules import is_active

# The months the series of gaps goes back, and the window of training hours.
SERIES_MONTHS = 12


@dataclass(frozen=True, slots=True)
class CompetencyCompletion:
    competency: Competency
    required: int
    met: int
    target: float

    @property
    def rate(self) -> float | None:
        return self.met / self.required if self.required else None

    @property
    def meets_target(self) -> bool | None:
        rate = self.rate
        return None if rate is None else rate >= self.target


@dataclass(frozen=True, slots=True)
class DrillFigures:
    """One drill's figures; the fields of the other kind are None."""

    drill: Drill
    sent: int | None
    clicked: int | None
    reported: int | None
    participants: int | None
    minutes_to_report: float | None

    @property
    def kind(self) -> DrillKind:
        return self.drill.kind

    @property
    def click_rate(self) -> float | None:
        return _rate(self.clicked, self.sent)

    @property
    def report_rate(self) -> float | None:
        return _rate(self.reported, self.sent)

    @property
    def click_target_met(self) -> bool | None:
        return _at_most(self.click_rate, self.drill.click_target)

    @property
    def report_target_met(self) -> bool | None:
        target = self.drill.report_target
        rate = self.report_rate
        return None if rate is None or target is None else rate >= target

    @property
    def minutes_target_met(self) -> bool | None:
        return _at_most(self.minutes_to_report, self.drill.minutes_target)


@dataclass(frozen=True, slots=True)
class PersonHours:
    person: Person
    hours: float


@dataclass(frozen=True, slots=True)
class TrainingHours:
    since: date  # the first day of the twelve months counted
    by_person: tuple[PersonHours, ...]  # every active person, in the order given
    sessions: int  # sessions held in the window
    sessions_without_length: int

    @property
    def total(self) -> float:
        return sum(entry.hours for entry in self.by_person)

    @property
    def per_person(self) -> float | None:
        return self.total / len(self.by_person) if self.by_person else None


@dataclass(frozen=True, slots=True)
class GapPoint:
    """The matrix's open gaps on one day of the series."""

    on: date
    required: int
    met: int
    due: int
    planned: int
    expired: int
    missing: int

    @property
    def open(self) -> int:
        return self.required - self.met

    @property
    def completion_rate(self) -> float | None:
        return self.met / self.required if self.required else None


@dataclass(frozen=True, slots=True)
class Metrics:
    as_of: date
    completion_target: float
    required: int
    met: int
    per_competency: tuple[CompetencyCompletion, ...]  # the matrix's competencies, in order
    drills: tuple[DrillFigures, ...]  # held up to the as-of date, oldest first
    training_hours: TrainingHours
    gaps_over_time: tuple[GapPoint, ...]  # oldest first, the as-of date last

    @property
    def completion_rate(self) -> float | None:
        return self.met / self.required if self.required else None

    def phishing(self) -> tuple[DrillFigures, ...]:
        return tuple(d for d in self.drills if d.kind is DrillKind.PHISHING)

    def incidents(self) -> tuple[DrillFigures, ...]:
        return tuple(d for d in self.drills if d.kind is DrillKind.INCIDENT)

    def as_json(self) -> dict[str, Any]:
        """The shape of `compdesk metrics --format json` (DESIGN.md): dates as ISO text,
        rates as fractions rounded to four places, None as null."""
        hours = self.training_hours
        return {
            "as_of": self.as_of.isoformat(),
            "completion_rate": _rounded(self.completion_rate),
            "completion_target": self.completion_target,
            "required": self.required,
            "met": self.met,
            "per_competency": [_completion_json(c) for c in self.per_competency],
            "drills": [_drill_json(d) for d in self.drills],
            "training_hours": {
                "since": hours.since.isoformat(),
                "per_person": _rounded(hours.per_person, 2),
                "total": _rounded(hours.total, 2),
                "people": len(hours.by_person),
                "sessions": hours.sessions,
                "sessions_without_length": hours.sessions_without_length,
                "by_person": [
                    {"email": e.person.email, "name": e.person.name, "hours": _rounded(e.hours, 2)}
                    for e in hours.by_person
                ],
            },
            "gaps_over_time": [
                {
                    "date": p.on.isoformat(),
                    "open": p.open,
                    "required": p.required,
                    "completion_rate": _rounded(p.completion_rate),
                    "due": p.due,
                    "planned": p.planned,
                    "expired": p.expired,
                    "missing": p.missing,
                }
                for p in self.gaps_over_time
            ],
        }


def compute_metrics(
    *,
    people: Iterable[Person],
    competencies: Iterable[Competency],
    requirements: Iterable[tuple[int, int]],
    evidence: Iterable[EvidenceDates],
    actions: Iterable[ActionState],
    settings: Settings,
    as_of: date,
    sessions: Iterable[TrainingSession] = (),
    attendance: Iterable[Attendance] = (),
    drills: Iterable[Drill] = (),
    drill_results: Iterable[DrillResult] = (),
    evidence_versions: Mapping[int, str] | None = None,
    fixed_since: Mapping[int, date] | None = None,
) -> Metrics:
    """Every figure as of a date, from the rows `compute_matrix` takes plus the sessions with
    their attendance and the drills with their per-person results."""
    person_list = tuple(people)
    competency_list = tuple(competencies)
    requirement_list = tuple(requirements)
    evidence_list = tuple(evidence)
    action_list = tuple(actions)

    def matrix_on(day: date) -> GapMatrix:
        return compute_matrix(
            people=person_list, competencies=competency_list, requirements=requirement_list,
            evidence=evidence_list, actions=action_list, settings=settings, as_of=day,
            evidence_versions=evidence_versions, fixed_since=fixed_since,
        )

    matrix = matrix_on(as_of)
    series = tuple(
        _gap_point(matrix if months == 0 else matrix_on(add_months(as_of, -months)))
        for months in range(SERIES_MONTHS, -1, -1)
    )
    now = series[-1]
    return Metrics(
        as_of=as_of,
        completion_target=settings.completion_target,
        required=now.required,
        met=now.met,
        per_competency=_per_competency(matrix, settings.completion_target),
        drills=drill_figures(drills, drill_results, as_of),
        training_hours=training_hours(person_list, sessions, attendance, as_of),
        gaps_over_time=series,
    )


def drill_figures(
    drills: Iterable[Drill], results: Iterable[DrillResult], as_of: date
) -> tuple[DrillFigures, ...]:
    """The figures of every drill held up to `as_of`, oldest first (then by id)."""
    by_drill: dict[int, list[DrillResult]] = {}
    for result in results:
        by_drill.setdefault(result.drill_id, []).append(result)
    figures = []
    for drill in sorted(drills, key=lambda d: (d.held_on, d.id)):
        if drill.held_on > as_of:
            continue
        own = by_drill.get(drill.id, [])
        counted = len(own) if own else None
        minutes = drill.minutes_to_report
        if minutes is None:
            reported_minutes = [r.minutes_to_report for r in own
                                if r.minutes_to_report is not None]
            minutes = statistics.median(reported_minutes) if reported_minutes else None
        if drill.kind is DrillKind.PHISHING:
            figures.append(DrillFigures(
                drill,
                sent=_given_or(drill.sent, counted),
                clicked=_given_or(drill.clicked, _counted(own, [r.clicked for r in own])),
                reported=_given_or(drill.reported, _counted(own, [r.reported for r in own])),
                participants=None,
                minutes_to_report=minutes,
            ))
        else:
            figures.append(DrillFigures(
                drill, None, None, None, _given_or(drill.participants, counted), minutes
            ))
    return tuple(figures)


def training_hours(
    people: Iterable[Person],
    sessions: Iterable[TrainingSession],
    attendance: Iterable[Attendance],
    as_of: date,
) -> TrainingHours:
    """Hours of training attended in the twelve months to `as_of`, per person active on it."""
    since = recent_since(as_of)
    in_window = {s.id: s for s in sessions if since <= s.held_on <= as_of}
    minutes: dict[int, float] = {}
    for entry in attendance:
        session = in_window.get(entry.session_id)
        if session is None or not entry.attended or session.minutes is None:
            continue
        minutes[entry.person_id] = minutes.get(entry.person_id, 0) + session.minutes
    active = [p for p in people if is_active(p, as_of)]
    return TrainingHours(
        since,
        tuple(PersonHours(p, minutes.get(p.id, 0) / 60) for p in active),
        len(in_window),
        sum(1 for s in in_window.values() if s.minutes is None),
    )


def _per_competency(matrix: GapMatrix, target: float) -> tuple[CompetencyCompletion, ...]:
    required: dict[int, int] = {}
    met: dict[int, int] = {}
    for (_, competency_id), cell in matrix.cells.items():
        required[competency_id] = required.get(competency_id, 0) + 1
        met[competency_id] = met.get(competency_id, 0) + cell.status.counts_as_met
    return tuple(
        CompetencyCompletion(c, required[c.id], met[c.id], target)
        for c in matrix.competencies
        if c.id in required
    )


def _gap_point(matrix: GapMatrix) -> GapPoint:
    counts = matrix.counts()
    return GapPoint(
        matrix.as_of,
        required=len(matrix.cells),
        met=counts[GapStatus.MET] + counts[GapStatus.EXPIRING],
        due=counts[GapStatus.DUE],
        planned=counts[GapStatus.PLANNED],
        expired=counts[GapStatus.EXPIRED],
        missing=counts[GapStatus.MISSING],
    )


def _counted(results: list[DrillResult], flags: list[bool]) -> int | None:
    """How many of the per-person results have the flag; None without results."""
    return sum(flags) if results else None


def _given_or(given: int | None, counted: int | None) -> int | None:
    return given if given is not None else counted


def _rate(part: int | None, whole: int | None) -> float | None:
    if part is None or not whole:
        return None
    return part / whole


def _at_most(value: float | None, target: float | None) -> bool | None:
    return None if value is None or target is None else value <= target


def _rounded(value: float | None, places: int = 4) -> float | None:
    return None if value is None else round(value, places)


def _completion_json(entry: CompetencyCompletion) -> dict[str, Any]:
    return {
        "competency": entry.competency.name,
        "level": entry.competency.level.value,
        "required": entry.required,
        "met": entry.met,
        "completion_rate": _rounded(entry.rate),
        "target": entry.target,
        "meets_target": entry.meets_target,
    }


def _drill_json(figures: DrillFigures) -> dict[str, Any]:
    drill = figures.drill
    shared: dict[str, Any] = {
        "kind": drill.kind.value,
        "date": drill.held_on.isoformat(),
        "name": drill.name,
    }
    if drill.kind is DrillKind.PHISHING:
        return shared | {
            "sent": figures.sent,
            "clicked": figures.clicked,
            "reported": figures.reported,
            "click_rate": _rounded(figures.click_rate),
            "report_rate": _rounded(figures.report_rate),
            "click_target": drill.click_target,
            "report_target": drill.report_target,
            "click_target_met": figures.click_target_met,
            "report_target_met": figures.report_target_met,
            "minutes_to_report": figures.minutes_to_report,
            "minutes_target": drill.minutes_target,
        }
    return shared | {
        "participants": figures.participants,
        "minutes_to_report": figures.minutes_to_report,
        "minutes_target": drill.minutes_target,
        "minutes_target_met": figures.minutes_target_met,
    }
