"""The management review's figures: each against its target and a year before."""

from __future__ import annotations

from datetime import date

from compdesk.models.management_review import ReviewFigure, management_review
from compdesk.models.metrics import Metrics, compute_metrics
from compdesk.models.records import (
    Action,
    ActionStatus,
    ActionType,
    Competency,
    Drill,
    DrillKind,
    EvidenceDates,
    Person,
    Settings,
)

AS_OF = date(2026, 11, 30)
YEAR_BEFORE = date(2025, 11, 30)
ROLE = 1
PASSWORDS = Competency(10, "Passwords and MFA")
PHISHING = Competency(11, "Phishing recognition")
PEOPLE = tuple(
    Person(i, name, f"{name.split()[0].lower()}@example.com", start_date=date(2020, 1, 6),
           role_ids=(ROLE,))
    for i, name in enumerate(["Ana Ruiz", "Bo Chen"], start=1)
)
# A year before only Ana had passwords; now both have, and Ana phishing too: 3 of 4.
EVIDENCE: list[EvidenceDates] = [
    (1, 1, PASSWORDS.id, date(2025, 6, 1), None),
    (2, 2, PASSWORDS.id, date(2026, 2, 1), None),
    (3, 1, PHISHING.id, date(2026, 3, 1), None),
]
MARCH_2025 = Drill(1, DrillKind.PHISHING, date(2025, 3, 10), "March 2025", sent=20, clicked=6,
                   reported=2, click_target=0.10, report_target=0.25)
MARCH_2026 = Drill(2, DrillKind.PHISHING, date(2026, 3, 10), "March 2026", sent=20, clicked=1,
                   reported=4, click_target=0.10, report_target=0.25)
TABLETOP = Drill(3, DrillKind.INCIDENT, date(2026, 9, 20), "Ransomware tabletop",
                 participants=2, minutes_to_report=20, minutes_target=15)


def metrics(as_of: date, drills: tuple[Drill, ...] = ()) -> Metrics:
    return compute_metrics(
        people=PEOPLE, competencies=(PASSWORDS, PHISHING),
        requirements=frozenset({(ROLE, PASSWORDS.id), (ROLE, PHISHING.id)}),
        evidence=EVIDENCE, actions=(), settings=Settings(), as_of=as_of, drills=drills,
    )


def by_name(figures: tuple[ReviewFigure, ...]) -> dict[str, ReviewFigure]:
    return {figure.name: figure for figure in figures}


def test_figures_are_judged_against_their_targets_and_the_year_before() -> None:
    drills = (MARCH_2025, MARCH_2026, TABLETOP)
    review = management_review(metrics(AS_OF, drills), metrics(YEAR_BEFORE, drills), ())
    figures = by_name(review.figures)
    assert figures["Completion of mandatory training"] == ReviewFigure(
        "Completion of mandatory training", "25%", "75%", "≥ 95%", False)
    assert figures["Phishing click rate (latest drill)"] == ReviewFigure(
        "Phishing click rate (latest drill)", "30%", "5%", "≤ 10%", True)
    assert figures["Phishing report rate (latest drill)"] == ReviewFigure(
        "Phishing report rate (latest drill)", "10%", "20%", "≥ 25%", False)
    # No incident drill a year before; 20 minutes now against 15.
    assert figures["Minutes to report (latest incident drill)"] == ReviewFigure(
        "Minutes to report (latest incident drill)", "—", "20", "≤ 15", False)
    assert figures["Open gaps (required cells not met)"] == ReviewFigure(
        "Open gaps (required cells not met)", "3", "1", "0", False)
    assert figures["Training hours per person (12 months)"].met is None


def test_without_drills_the_drill_rows_are_left_out() -> None:
    review = management_review(metrics(AS_OF), metrics(YEAR_BEFORE), ())
    assert [figure.name for figure in review.figures] == [
        "Completion of mandatory training",
        "Training hours per person (12 months)",
        "Open gaps (required cells not met)",
    ]


def test_without_a_previous_year_every_before_is_a_dash() -> None:
    review = management_review(metrics(AS_OF, (MARCH_2026,)), None, ())
    assert {figure.before for figure in review.figures} == {"—"}
    assert by_name(review.figures)["Completion of mandatory training"].now == "75%"


def test_everything_met_is_judged_met() -> None:
    evidence = [*EVIDENCE, (4, 2, PHISHING.id, date(2026, 4, 1), None)]
    complete = compute_metrics(
        people=PEOPLE, competencies=(PASSWORDS, PHISHING),
        requirements=frozenset({(ROLE, PASSWORDS.id), (ROLE, PHISHING.id)}),
        evidence=evidence, actions=(), settings=Settings(), as_of=AS_OF, drills=(MARCH_2026,),
    )
    review = management_review(complete, None, ())
    assert by_name(review.figures)["Completion of mandatory training"].met is True
    assert by_name(review.figures)["Open gaps (required cells not met)"].met is True
    assert review.open_gaps == ()


def test_open_gaps_by_competency_and_unevaluated_done_actions() -> None:
    done = Action(1, 2, PHISHING.id, ActionType.TRAINING, status=ActionStatus.DONE,
                  completed_on=date(2026, 10, 1))
    planned = Action(2, 2, PHISHING.id, ActionType.TRAINING)
    review = management_review(metrics(AS_OF), None, (done, planned))
    assert [(g.competency, g.met, g.required) for g in review.open_gaps] == [(PHISHING, 1, 2)]
    assert review.unevaluated == (done,)
