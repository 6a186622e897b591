"""Section 5's drills and metrics: each drill held up to the as-of date with its figures
against its targets, completion per competency and the phishing rates as charts, and the
training hours (models/metrics.py computes every figure, of the binder's people)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from reportlab.platypus import Flowable, Spacer

from compdesk.models.metrics import DrillFigures, Metrics
from compdesk.models.records import DrillKind
from compdesk.reports.binder.sections.common import LATE_MARK, day, paragraph
from compdesk.reports.binder.text import markup
from compdesk.reports.charts import completion_chart, phishing_chart

if TYPE_CHECKING:
    from compdesk.reports.binder.content import BinderContent
    from compdesk.reports.binder.layout import Layout

_COLUMNS: Final = (0.12, 0.26, 0.31, 0.31)


def drills_and_metrics(content: BinderContent, layout: Layout) -> list[Flowable]:
    metrics = content.metrics
    if metrics is None:
        return []
    width = layout.portrait.width
    story: list[Flowable] = [paragraph(_completion_summary(metrics), layout, "Small")]
    if any(entry.required for entry in metrics.per_competency):
        story += [Spacer(1, 3), completion_chart(metrics, width)]
    story.append(Spacer(1, 6))
    if not metrics.drills:
        story.append(paragraph("No drill was held up to the as-of date.", layout, "Body"))
    else:
        rows: list[list[Flowable | str]] = [
            [
                paragraph(f"<b>{h}</b>", layout, "CellBold")
                for h in ("Date", "Drill", "Result", "Against the targets")
            ]
        ]
        for figures in reversed(metrics.drills):
            rows.append(
                [
                    paragraph(day(figures.drill.held_on), layout),
                    paragraph(
                        f"{figures.kind.value.capitalize()}: {markup(figures.drill.name)}",
                        layout,
                    ),
                    paragraph(drill_result(figures), layout),
                    paragraph(drill_targets(figures), layout),
                ]
            )
        story.append(layout.table(rows, [share * width for share in _COLUMNS]))
        chart = phishing_chart(metrics, width)
        if chart is not None:
            story += [Spacer(1, 6), chart]
    hours = metrics.training_hours
    per_person = hours.per_person
    story += [
        Spacer(1, 6),
        paragraph(
            f"Training hours since {day(hours.since)}: {hours.total:.1f} in total over "
            f"{len(hours.by_person)} people, "
            + ("—" if per_person is None else f"{per_person:.1f}")
            + f" per person, from {hours.sessions} sessions"
            + (
                f" ({hours.sessions_without_length} without a recorded length)"
                if hours.sessions_without_length
                else ""
            )
            + ".",
            layout,
            "Small",
        ),
    ]
    return story


def _completion_summary(metrics: Metrics) -> str:
    rate = metrics.completion_rate
    shown = "—" if rate is None else f"{rate:.1%}"
    below = sum(entry.meets_target is False for entry in metrics.per_competency)
    return (
        f"Completion of mandatory training: <b>{shown}</b> of {metrics.required} required "
        f"cells met, target {metrics.completion_target:.0%}; {below} "
        f"competenc{'y' if below == 1 else 'ies'} below target."
    )


def drill_result(figures: DrillFigures) -> str:
    """A drill's figures in words."""
    if figures.kind is DrillKind.PHISHING:
        return (
            f"sent {_count(figures.sent)}, clicked {_count(figures.clicked)} "
            f"({_rate(figures.click_rate)}), reported {_count(figures.reported)} "
            f"({_rate(figures.report_rate)})"
        )
    minutes = figures.minutes_to_report
    return (
        f"{_count(figures.participants)} participants, "
        + ("no time to report" if minutes is None else f"{minutes:g} minutes to report")
    )


def drill_targets(figures: DrillFigures) -> str:
    """Each target of a drill, met or missed."""
    drill = figures.drill
    parts = []
    if figures.kind is DrillKind.PHISHING:
        if drill.click_target is not None:
            parts.append(_judged(f"click ≤ {drill.click_target:.0%}", figures.click_target_met))
        if drill.report_target is not None:
            parts.append(_judged(f"report ≥ {drill.report_target:.0%}", figures.report_target_met))
    elif drill.minutes_target is not None:
        parts.append(_judged(f"≤ {drill.minutes_target:g} minutes", figures.minutes_target_met))
    return "; ".join(parts) or "no target set"


def _judged(target: str, met: bool | None) -> str:
    if met is None:
        return f"{target}: no figure"
    return f"{target}: met" if met else f"<b>{LATE_MARK} {target}: missed</b>"


def _count(value: int | None) -> str:
    return "—" if value is None else str(value)


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"
