"""Repeat clickers and a person's history across drills, at their boundaries."""

from __future__ import annotations

from datetime import date

from compdesk.models.drill_history import (
    drill_histories,
    latest_targets,
    phishing_competency,
    repeat_clickers,
    same_drill,
)
from compdesk.models.records import Competency, Drill, DrillKind, DrillResult, Person

ANA = Person(id=1, name="Ana Ruiz", email="ana@example.com")
BEN = Person(id=2, name="Ben Okafor", email="ben@example.com")
MARCH = Drill(
    id=1,
    kind=DrillKind.PHISHING,
    held_on=date(2026, 3, 3),
    name="March payroll",
    click_target=0.1,
    report_target=0.5,
)
INCIDENT = Drill(id=2, kind=DrillKind.INCIDENT, held_on=date(2026, 4, 1))
JUNE = Drill(
    id=3,
    kind=DrillKind.PHISHING,
    held_on=date(2026, 6, 1),
    name="Parcel",
    click_target=0.05,
    report_target=0.6,
)


def _result(drill: Drill, person: Person, clicked: bool) -> DrillResult:
    return DrillResult(drill.id, person.id, clicked, False, None)


def test_two_clicks_make_a_repeat_clicker_and_one_does_not() -> None:
    results = [
        _result(JUNE, ANA, True),
        _result(MARCH, ANA, True),
        _result(MARCH, BEN, True),
        _result(JUNE, BEN, False),
    ]
    histories = drill_histories([ANA, BEN], [MARCH, JUNE], results)
    assert [h.person for h in repeat_clickers(histories)] == [ANA]
    # Oldest drill first, whatever order the results came in.
    assert [drill for drill, _ in histories[0].results] == [MARCH, JUNE]


def test_an_incident_drill_is_no_click() -> None:
    results = [_result(MARCH, ANA, True), _result(INCIDENT, ANA, True)]
    (history,) = drill_histories([ANA, BEN], [MARCH, INCIDENT], results)
    assert history.clicks == 1 and not history.is_repeat_clicker


def test_a_new_drill_keeps_the_latest_phishing_targets_and_the_same_drill_is_found() -> None:
    assert latest_targets([JUNE, MARCH, INCIDENT]) == (0.05, 0.6)
    assert latest_targets([INCIDENT]) == (None, None)
    assert same_drill([MARCH, JUNE], date(2026, 3, 3), "march PAYROLL") is MARCH
    assert same_drill([MARCH, JUNE], date(2026, 3, 4), "March payroll") is None


def test_the_phishing_competency_is_found_by_its_name() -> None:
    competencies = [
        Competency(id=1, name="Secure coding"),
        Competency(id=2, name="Phishing recognition"),
    ]
    assert phishing_competency(competencies) == competencies[1]
    assert phishing_competency(competencies[:1]) is None
