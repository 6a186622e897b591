"""What the yearly management review judges (ISO/IEC 27001 9.3, 7.2 c): the figures that show
training works, each against its target and against a year before, the open gaps by competency,
and the completed actions whose effectiveness is not yet evaluated.

One rule for every place that shows the review: the binder's page
(reports/binder/sections/review.py, also `compdesk review`) and the window's dialog
(views/metrics/review.py) draw these rows and only format them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from compdesk.models.metrics import CompetencyCompletion, DrillFigures, Metrics
from compdesk.models.records import Action, ActionStatus, Effectiveness

# Shown where a figure has no value (no drill, no previous year, no target).
NO_VALUE = "—"


@dataclass(frozen=True, slots=True)
class ReviewFigure:
    """One row of the review's table; `met` is None where there is no target to judge."""

    name: str
    before: str
    now: str
    target: str
    met: bool | None


@dataclass(frozen=True, slots=True)
class ManagementReview:
    metrics: Metrics
    previous: Metrics | None
    figures: tuple[ReviewFigure, ...]
    # Competencies with fewer required cells met than required, in the matrix's order.
    open_gaps: tuple[CompetencyCompletion, ...]
    # Done, effectiveness not yet evaluated, in the order given.
    unevaluated: tuple[Action, ...]


def management_review(
    metrics: Metrics, previous: Metrics | None, actions: Iterable[Action]
) -> ManagementReview:
    """The review as of `metrics.as_of`; `previous` is the same figures a year before (None
    when not known) and `actions` the people's improvement actions."""
    return ManagementReview(
        metrics=metrics,
        previous=previous,
        figures=review_figures(metrics, previous),
        open_gaps=tuple(
            entry for entry in metrics.per_competency
            if entry.required and entry.met < entry.required
        ),
        unevaluated=tuple(
            action for action in actions
            if action.status is ActionStatus.DONE
            and action.effectiveness is Effectiveness.NOT_YET_EVALUATED
        ),
    )


def review_figures(metrics: Metrics, previous: Metrics | None) -> tuple[ReviewFigure, ...]:
    """Completion, the latest phishing and incident drills' figures (left out without such a
    drill), training hours per person and the open gaps."""
    rows: list[ReviewFigure] = []
    rate = metrics.completion_rate
    rows.append(ReviewFigure(
        "Completion of mandatory training",
        percent(previous.completion_rate if previous else None), percent(rate),
        f"≥ {metrics.completion_target:.0%}",
        None if rate is None else rate >= metrics.completion_target,
    ))
    latest = _latest(metrics.phishing())
    earlier = _latest(previous.phishing()) if previous else None
    if latest is not None:
        drill = latest.drill
        rows.append(ReviewFigure(
            "Phishing click rate (latest drill)",
            percent(earlier.click_rate if earlier else None), percent(latest.click_rate),
            NO_VALUE if drill.click_target is None else f"≤ {drill.click_target:.0%}",
            latest.click_target_met,
        ))
        rows.append(ReviewFigure(
            "Phishing report rate (latest drill)",
            percent(earlier.report_rate if earlier else None), percent(latest.report_rate),
            NO_VALUE if drill.report_target is None else f"≥ {drill.report_target:.0%}",
            latest.report_target_met,
        ))
    incident = _latest(metrics.incidents())
    incident_before = _latest(previous.incidents()) if previous else None
    if incident is not None:
        target = incident.drill.minutes_target
        rows.append(ReviewFigure(
            "Minutes to report (latest incident drill)",
            _minutes(incident_before.minutes_to_report if incident_before else None),
            _minutes(incident.minutes_to_report),
            NO_VALUE if target is None else f"≤ {target:g}",
            incident.minutes_target_met,
        ))
    per_person = metrics.training_hours.per_person
    before_hours = previous.training_hours.per_person if previous else None
    rows.append(ReviewFigure(
        "Training hours per person (12 months)",
        NO_VALUE if before_hours is None else f"{before_hours:.1f}",
        NO_VALUE if per_person is None else f"{per_person:.1f}", NO_VALUE, None,
    ))
    open_now = metrics.gaps_over_time[-1].open
    rows.append(ReviewFigure(
        "Open gaps (required cells not met)",
        str(previous.gaps_over_time[-1].open) if previous else NO_VALUE,
        str(open_now), "0", open_now == 0,
    ))
    return tuple(rows)


def percent(value: float | None) -> str:
    return NO_VALUE if value is None else f"{value:.0%}"


def _latest(drills: tuple[DrillFigures, ...]) -> DrillFigures | None:
    return drills[-1] if drills else None


def _minutes(value: float | None) -> str:
    return NO_VALUE if value is None else f"{value:g}"


__all__ = ["ManagementReview", "ReviewFigure", "management_review", "review_figures"]
