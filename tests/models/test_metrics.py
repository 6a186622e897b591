"""The metrics: completion, drills, training hours and gaps over time, as of any date."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from compdesk.models.metrics import Metrics, compute_metrics, drill_figures, training_hours
from compdesk.models.records import (
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

AS_OF = date(2026, 11, 30)
ROLE = 1
PASSWORDS = Competency(10, "Passwords and MFA", renewal_months=12)
PHISHING = Competency(11, "Phishing recognition", renewal_months=12)
AUDIT = Competency(12, "Internal audit")  # required by no role
COMPETENCIES = (PASSWORDS, PHISHING, AUDIT)
REQUIREMENTS = {(ROLE, PASSWORDS.id), (ROLE, PHISHING.id)}
PEOPLE = tuple(
    Person(i, name, f"{name.split()[0].lower()}@example.com", start_date=date(2020, 1, 6),
           role_ids=(ROLE,))
    for i, name in enumerate(["Ana Ruiz", "Bo Chen", "Cy Diaz", "Di Eze"], start=1)
)
EVIDENCE: list[EvidenceDates] = [
    (1, 1, PASSWORDS.id, date(2026, 1, 20), None),
    (2, 2, PASSWORDS.id, date(2026, 1, 20), None),
    (3, 3, PASSWORDS.id, date(2026, 6, 1), None),
    (4, 1, PHISHING.id, date(2026, 3, 15), None),
]


def metrics(as_of: date = AS_OF, **rows: object) -> Metrics:
    values: dict[str, object] = {
        "people": PEOPLE, "competencies": COMPETENCIES, "requirements": REQUIREMENTS,
        "evidence": EVIDENCE, "actions": (), "settings": Settings(), "as_of": as_of,
    }
    values.update(rows)
    return compute_metrics(**values)  # type: ignore[arg-type]


def test_completion_of_mandatory_training_overall_and_per_competency() -> None:
    figures = metrics()
    assert (figures.required, figures.met, figures.completion_rate) == (8, 4, 0.5)
    assert figures.completion_target == 0.95
    assert [(c.competency, c.required, c.met, c.rate) for c in figures.per_competency] == [
        (PASSWORDS, 4, 3, 0.75), (PHISHING, 4, 1, 0.25)
    ]
    assert [c.meets_target for c in figures.per_competency] == [False, False]


def test_completion_as_of_a_past_date_counts_only_what_was_achieved_by_then() -> None:
    figures = metrics(as_of=date(2026, 2, 1))
    assert [(c.competency.name, c.met) for c in figures.per_competency] == [
        ("Passwords and MFA", 2), ("Phishing recognition", 0)
    ]
    assert figures.completion_rate == 2 / 8


def test_completion_with_nothing_required_is_none() -> None:
    figures = metrics(requirements=())
    assert figures.completion_rate is None
    assert figures.per_competency == ()
    assert figures.as_json()["completion_rate"] is None


def test_gaps_over_time_are_monthly_to_the_as_of_date() -> None:
    series = metrics().gaps_over_time
    assert len(series) == 13
    assert [p.on for p in series[:3]] == [date(2025, 11, 30), date(2025, 12, 30), date(2026, 1, 30)]
    assert series[3].on == date(2026, 2, 28)  # 30 March less one month: the month's end
    assert series[-1].on == AS_OF
    assert [p.open for p in series] == [8, 8, 6, 6, 5, 5, 5, 4, 4, 4, 4, 4, 4]
    assert series[0].missing == 8 and series[-1].missing == 4


PHISH_MARCH = Drill(1, DrillKind.PHISHING, date(2026, 3, 10), "March campaign", sent=20,
                    clicked=4, reported=6, click_target=0.10, report_target=0.25)
PHISH_SEPTEMBER = Drill(2, DrillKind.PHISHING, date(2026, 9, 10), "September campaign",
                        click_target=0.10, report_target=0.25)
INCIDENT = Drill(3, DrillKind.INCIDENT, date(2026, 9, 20), "Ransomware tabletop",
                 minutes_target=15)
LATER = Drill(4, DrillKind.PHISHING, date(2026, 12, 1), "December", sent=10, clicked=1)
RESULTS = [
    DrillResult(2, 1, clicked=False, reported=True, minutes_to_report=4),
    DrillResult(2, 2, clicked=True, reported=True, minutes_to_report=30),
    DrillResult(2, 3, clicked=False, reported=False),
    DrillResult(2, 4, clicked=False, reported=True, minutes_to_report=10),
    DrillResult(3, 1, reported=True, minutes_to_report=12),
    DrillResult(3, 2, reported=True, minutes_to_report=20),
]


def test_drill_totals_are_their_own_figures_else_counted_from_results() -> None:
    march, september, incident = drill_figures([LATER, INCIDENT, PHISH_SEPTEMBER, PHISH_MARCH],
                                                RESULTS, AS_OF)
    assert (march.sent, march.clicked, march.reported) == (20, 4, 6)
    assert (march.click_rate, march.report_rate) == (0.2, 0.3)
    assert (march.click_target_met, march.report_target_met) == (False, True)
    assert (september.sent, september.clicked, september.reported) == (4, 1, 3)
    assert september.click_rate == 0.25
    assert september.minutes_to_report == 10  # the median of 4, 10 and 30
    assert (incident.participants, incident.minutes_to_report) == (2, 16)
    assert incident.minutes_target_met is False


@pytest.mark.parametrize(
    ("minutes", "met"), [(15.0, True), (15.5, False)], ids=["at-target", "over-target"]
)
def test_the_minutes_target_is_met_at_or_under_it(minutes: float, met: bool) -> None:
    drill = replace(INCIDENT, minutes_to_report=minutes, participants=5)
    (figures,) = drill_figures([drill], (), AS_OF)
    assert figures.minutes_target_met is met


def test_a_drill_without_recipients_has_no_rates() -> None:
    (figures,) = drill_figures([Drill(9, DrillKind.PHISHING, date(2026, 1, 1), sent=0)], (), AS_OF)
    assert (figures.click_rate, figures.report_rate, figures.click_target_met) == (None, None, None)


def test_drills_after_the_as_of_date_are_left_out() -> None:
    assert [d.drill for d in drill_figures([PHISH_MARCH, LATER], (), AS_OF)] == [PHISH_MARCH]
    assert [d.drill for d in drill_figures([PHISH_MARCH, LATER], (), date(2026, 3, 9))] == []


SESSIONS = [
    TrainingSession(1, PASSWORDS.id, date(2025, 12, 1), minutes=90),  # in the window: first day
    TrainingSession(2, PHISHING.id, date(2025, 11, 30), minutes=60),  # a day too early
    TrainingSession(3, PHISHING.id, date(2026, 6, 1), minutes=30),
    TrainingSession(4, PHISHING.id, date(2026, 7, 1)),  # no length
]
ATTENDANCE = [
    Attendance(1, 1), Attendance(1, 2), Attendance(1, 3, attended=False),
    Attendance(2, 1), Attendance(3, 1), Attendance(4, 2),
    Attendance(3, 99),  # someone no longer active
]


def test_training_hours_per_active_person_in_the_twelve_months() -> None:
    hours = training_hours(PEOPLE, SESSIONS, ATTENDANCE, AS_OF)
    assert hours.since == date(2025, 12, 1)
    assert [(e.person.name, e.hours) for e in hours.by_person] == [
        ("Ana Ruiz", 2.0), ("Bo Chen", 1.5), ("Cy Diaz", 0.0), ("Di Eze", 0.0)
    ]
    assert (hours.total, hours.per_person) == (3.5, 3.5 / 4)
    assert (hours.sessions, hours.sessions_without_length) == (3, 1)


def test_training_hours_as_of_a_past_date_and_with_nobody_active() -> None:
    past = training_hours(PEOPLE, SESSIONS, ATTENDANCE, date(2026, 5, 31))
    assert past.total == 1.5 + 1.5 + 1.0  # sessions 1 and 2 only
    assert training_hours((), SESSIONS, ATTENDANCE, AS_OF).per_person is None


def test_the_json_has_the_documented_shape() -> None:
    figures = metrics(drills=[PHISH_MARCH, INCIDENT], drill_results=RESULTS, sessions=SESSIONS,
                      attendance=ATTENDANCE)
    document = json.loads(json.dumps(figures.as_json()))
    assert document["as_of"] == "2026-11-30"
    assert document["completion_rate"] == 0.5
    assert document["per_competency"][0] == {
        "competency": "Passwords and MFA", "level": "basic", "required": 4, "met": 3,
        "completion_rate": 0.75, "target": 0.95, "meets_target": False,
    }
    phishing, incident = document["drills"]
    assert {k: phishing[k] for k in ("kind", "date", "name", "sent", "clicked", "reported",
                                     "click_rate", "report_rate")} == {
        "kind": "phishing", "date": "2026-03-10", "name": "March campaign", "sent": 20,
        "clicked": 4, "reported": 6, "click_rate": 0.2, "report_rate": 0.3,
    }
    assert {k: incident[k] for k in ("kind", "participants", "minutes_to_report")} == {
        "kind": "incident", "participants": 2, "minutes_to_report": 16,
    }
    assert document["training_hours"]["per_person"] == 0.88
    assert document["gaps_over_time"][-1] == {
        "date": "2026-11-30", "open": 4, "required": 8, "completion_rate": 0.5, "due": 0,
        "planned": 0, "expired": 0, "missing": 4,
    }
