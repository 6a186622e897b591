"""The metrics as text for a terminal (`compdesk metrics`, format text): each figure beside its
target and whether it is met, so a rate that rounds to its target is never read as meeting it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from compdesk.models.metrics import DrillFigures, Metrics
from compdesk.reports.findings_text import terminal_line
from compdesk.reports.formatting import percent

_NO_TARGET: Final = "—"


def _verdict(met: bool | None) -> str:
    if met is None:
        return _NO_TARGET
    return "met" if met else "NOT MET"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Columns as wide as their widest cell, the first left-aligned and the others right."""
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        first, *others = cells
        parts = [first.ljust(widths[0])]
        parts += [cell.rjust(width) for cell, width in zip(others, widths[1:], strict=True)]
        return "  " + "  ".join(parts).rstrip()

    return [line(header), "  " + "  ".join("-" * width for width in widths), *map(line, rows)]


def _minutes(value: float | None) -> str:
    return _NO_TARGET if value is None else f"{value:g} min"


def _count(value: int | None) -> str:
    return _NO_TARGET if value is None else str(value)


def _drill_name(figures: DrillFigures) -> str:
    drill = figures.drill
    name = f" {terminal_line(drill.name)}" if drill.name else ""
    return f"{drill.held_on.isoformat()}{name}"


def metrics_as_text(metrics: Metrics, document_name: str) -> list[str]:
    """The lines of `compdesk metrics` (format text), without their line ends."""
    target = metrics.completion_target
    overall_met = None if metrics.completion_rate is None else metrics.completion_rate >= target
    lines = [
        f"Metrics of {terminal_line(document_name)} as of {metrics.as_of.isoformat()}",
        "",
        f"Completion of mandatory training: {percent(metrics.completion_rate)} "
        f"({metrics.met} of {metrics.required} required cells met; target {percent(target)}, "
        f"{_verdict(overall_met)})",
    ]
    if metrics.per_competency:
        lines += ["", "Per competency:"]
        lines += _table(
            ("Competency", "Met", "Required", "Rate", "Target", ""),
            [
                (
                    terminal_line(entry.competency.name),
                    str(entry.met),
                    str(entry.required),
                    percent(entry.rate),
                    percent(entry.target),
                    _verdict(entry.meets_target),
                )
                for entry in metrics.per_competency
            ],
        )
    phishing, incidents = metrics.phishing(), metrics.incidents()
    if phishing:
        lines += ["", "Phishing drills (oldest first):"]
        lines += _table(
            (
                "Drill",
                "Sent",
                "Clicked",
                "Click rate",
                "Target",
                "",
                "Reported",
                "Report rate",
                "Target",
                "",
            ),
            [
                (
                    _drill_name(d),
                    _count(d.sent),
                    _count(d.clicked),
                    percent(d.click_rate),
                    _at_most(d.drill.click_target),
                    _verdict(d.click_target_met),
                    _count(d.reported),
                    percent(d.report_rate),
                    _at_least(d.drill.report_target),
                    _verdict(d.report_target_met),
                )
                for d in phishing
            ],
        )
    if incidents:
        lines += ["", "Incident drills (oldest first):"]
        lines += _table(
            ("Drill", "Participants", "Time to report", "Target", ""),
            [
                (
                    _drill_name(d),
                    _count(d.participants),
                    _minutes(d.minutes_to_report),
                    _NO_TARGET
                    if d.drill.minutes_target is None
                    else f"≤ {_minutes(d.drill.minutes_target)}",
                    _verdict(d.minutes_target_met),
                )
                for d in incidents
            ],
        )
    if not metrics.drills:
        lines += ["", "No drills held up to this date."]
    hours = metrics.training_hours
    per_person = _NO_TARGET if hours.per_person is None else f"{hours.per_person:.1f} h"
    without_length = (
        f"; {hours.sessions_without_length} without a length, not counted"
        if hours.sessions_without_length
        else ""
    )
    lines += [
        "",
        f"Training hours per person since {hours.since.isoformat()}: {per_person} "
        f"({hours.total:.1f} h over {len(hours.by_person)} people, "
        f"{hours.sessions} session{'' if hours.sessions == 1 else 's'}{without_length})",
        "",
        "Open gaps over time:",
    ]
    lines += _table(
        ("Date", "Open", "Required", "Completion"),
        [
            (p.on.isoformat(), str(p.open), str(p.required), percent(p.completion_rate))
            for p in metrics.gaps_over_time
        ],
    )
    return lines


def _at_most(target: float | None) -> str:
    return _NO_TARGET if target is None else f"≤ {percent(target)}"


def _at_least(target: float | None) -> str:
    return _NO_TARGET if target is None else f"≥ {percent(target)}"
