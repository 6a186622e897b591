"""Charts of the figures that show training works, as ReportLab drawings (models/metrics.py).

Horizontal bars, one per row, on a 0-100 % scale with each row's target drawn across it, so
the binder's section 5 and the management review show the same picture of the same numbers.
Drawings hold no date or random id: the same figures give the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors

from compdesk.models.metrics import Metrics
from compdesk.reports.binder.text import FONT, FONT_BOLD, fit, register_fonts

BAR_COLOUR: Final = colors.HexColor("#4f7cac")
SECOND_BAR_COLOUR: Final = colors.HexColor("#9cb86b")
MISSED_COLOUR: Final = colors.HexColor("#c0504d")
TARGET_COLOUR: Final = colors.HexColor("#222222")
GRID_COLOUR: Final = colors.HexColor("#cccccc")

_LABEL_SIZE: Final = 7
_ROW_HEIGHT: Final = 14
_BAR_HEIGHT: Final = 9
_SCALE_HEIGHT: Final = 14
_LABEL_SHARE: Final = 0.34


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar: a rate 0-1 (None: nothing to divide by), its target, and whether missing the
    target means being above it (a click rate) rather than below (a completion rate)."""

    rate: float | None
    target: float | None
    lower_is_better: bool = False
    colour: colors.Color = BAR_COLOUR

    @property
    def misses_target(self) -> bool:
        if self.rate is None or self.target is None:
            return False
        return self.rate > self.target if self.lower_is_better else self.rate < self.target


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    bars: tuple[Bar, ...]


def bar_chart(title: str, rows: Sequence[Row], width: float) -> Drawing:
    """Rows of bars with their labels on the left, a 0-100 % scale below and each bar's target
    as a vertical tick across it; a bar that misses its target is drawn in red."""
    register_fonts()
    bars_per_row = max((len(row.bars) for row in rows), default=1)
    row_height = max(_ROW_HEIGHT, bars_per_row * _BAR_HEIGHT + 5)
    height = 14 + len(rows) * row_height + _SCALE_HEIGHT
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 9, title, fontName=FONT_BOLD, fontSize=8))
    left = width * _LABEL_SHARE
    plot = width - left - 24
    top = height - 14
    for tenth in range(0, 11, 2):
        x = left + plot * tenth / 10
        drawing.add(Line(x, _SCALE_HEIGHT, x, top, strokeColor=GRID_COLOUR, strokeWidth=0.4))
        drawing.add(
            String(x, 4, f"{tenth * 10}%", fontName=FONT, fontSize=6, textAnchor="middle")
        )
    for index, row in enumerate(rows):
        row_top = top - index * row_height
        drawing.add(
            String(0, row_top - row_height / 2 - 2.5, _fitted(row.label, left - 4),
                   fontName=FONT, fontSize=_LABEL_SIZE)
        )
        bar_height = (row_height - 4) / len(row.bars) if row.bars else 0
        for position, bar in enumerate(row.bars):
            y = row_top - 2 - (position + 1) * bar_height
            _add_bar(drawing, bar, left, plot, y, bar_height - 1)
    return drawing


def completion_chart(metrics: Metrics, width: float) -> Drawing:
    """Completion of each required competency against the completion target."""
    rows = [
        Row(entry.competency.name, (Bar(entry.rate, entry.target),))
        for entry in metrics.per_competency
        if entry.required
    ]
    return bar_chart(
        f"Completion per competency (target {metrics.completion_target:.0%})", rows, width
    )


def phishing_chart(metrics: Metrics, width: float) -> Drawing | None:
    """Each phishing drill's click rate (blue) and report rate (green) against its targets;
    None without a phishing drill."""
    drills = metrics.phishing()
    if not drills:
        return None
    rows = [
        Row(
            f"{figures.drill.held_on.isoformat()} {figures.drill.name}".strip(),
            (
                Bar(figures.click_rate, figures.drill.click_target, lower_is_better=True),
                Bar(figures.report_rate, figures.drill.report_target, colour=SECOND_BAR_COLOUR),
            ),
        )
        for figures in drills
    ]
    return bar_chart("Phishing drills: click rate (upper) and report rate (lower)", rows, width)


def _add_bar(drawing: Drawing, bar: Bar, left: float, plot: float, y: float, h: float) -> None:
    if bar.rate is None:
        drawing.add(String(left + 2, y + 1, "no figure", fontName=FONT, fontSize=6))
    else:
        length = plot * min(max(bar.rate, 0.0), 1.0)
        colour = MISSED_COLOUR if bar.misses_target else bar.colour
        drawing.add(Rect(left, y, length, h, fillColor=colour, strokeColor=None))
        drawing.add(
            String(left + length + 2, y + h / 2 - 2, f"{bar.rate:.0%}", fontName=FONT,
                   fontSize=6)
        )
    if bar.target is not None:
        x = left + plot * min(max(bar.target, 0.0), 1.0)
        drawing.add(Line(x, y - 1, x, y + h + 1, strokeColor=TARGET_COLOUR, strokeWidth=1.2))


def _fitted(text: str, width: float) -> str:
    """The label cut with an ellipsis to fit the label column."""
    return fit(text, size=_LABEL_SIZE, width=width)


__all__ = ["Bar", "Row", "bar_chart", "completion_chart", "phishing_chart"]
