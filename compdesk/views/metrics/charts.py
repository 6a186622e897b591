"""Charts painted with QPainter: horizontal bars and lines over time, each with a target line.

Readable without colour: every bar and point has its value written beside it, each target line
is dashed and labelled, and the series of a line chart differ in marker shape and dash as well
as colour (named in a legend that shows the same marker).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

ValueFormat = Callable[[float], str]

_BAR_COLOUR: Final = QColor("#2b6cb0")
_TARGET_COLOUR: Final = QColor("#a4262c")
_SERIES_COLOURS: Final = (QColor("#2b6cb0"), QColor("#2f855a"), QColor("#805ad5"))
_PAD: Final = 8


def percent(value: float) -> str:
    return f"{value:.0%}"


@dataclass(frozen=True, slots=True)
class Target:
    value: float
    label: str  # written beside the line, e.g. "target 95%"


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float | None  # None: nothing to show (written as "no data")
    text: str = ""  # the value as written; formatted from value when empty


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: tuple[float | None, ...]  # one per x label; None leaves a gap


class _Chart(QWidget):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.empty_text = "Nothing to show yet."
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(title)

    def _start(self) -> tuple[QPainter, QFontMetrics, float]:
        """A painter with the title drawn; the y below the title."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        bold = self.font()
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(self.palette().windowText().color())
        painter.drawText(QPointF(_PAD, _PAD + metrics.ascent()), self.title)
        painter.setFont(self.font())
        return painter, metrics, _PAD + metrics.height() * 1.6

    def _draw_empty(self, painter: QPainter, top: float) -> None:
        painter.drawText(QPointF(_PAD, top + QFontMetrics(self.font()).ascent()), self.empty_text)


class BarChart(_Chart):
    """One horizontal bar per item, label on the left and value on the right of its bar."""

    def __init__(
        self, title: str, value_format: ValueFormat = percent, parent: QWidget | None = None
    ) -> None:
        super().__init__(title, parent)
        self.value_format = value_format
        self.bars: tuple[Bar, ...] = ()
        self.target: Target | None = None
        self.maximum = 1.0
        self.note = ""  # a line under the bars (what was left out)

    def set_bars(
        self,
        bars: Sequence[Bar],
        target: Target | None,
        maximum: float | None = None,
        note: str = "",
    ) -> None:
        self.bars, self.target, self.note = tuple(bars), target, note
        values = [b.value for b in self.bars if b.value is not None]
        if target is not None:
            values.append(target.value)
        self.maximum = maximum if maximum is not None else max([*values, 0.0]) * 1.1 or 1.0
        self.setToolTip("\n".join(f"{b.label}: {self.bar_text(b)}" for b in self.bars))
        self.updateGeometry()
        self.update()

    def bar_text(self, bar: Bar) -> str:
        if bar.text:
            return bar.text
        return "no data" if bar.value is None else self.value_format(bar.value)

    def _row_height(self) -> int:
        return QFontMetrics(self.font()).height() + 6

    def sizeHint(self) -> QSize:
        metrics = QFontMetrics(self.font())
        rows = max(len(self.bars), 1) + (1 if self.note else 0)
        return QSize(420, int(metrics.height() * 3.4 + rows * self._row_height() + 2 * _PAD))

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter, metrics, top = self._start()
        top += metrics.height()  # room for the target's label above the bars
        if not self.bars:
            self._draw_empty(painter, top)
            painter.end()
            return
        text_colour = self.palette().windowText().color()
        label_width = min(
            max(metrics.horizontalAdvance(b.label) for b in self.bars) + _PAD,
            int(self.width() * 0.42),
        )
        value_width = max(metrics.horizontalAdvance(self.bar_text(b)) for b in self.bars) + _PAD
        left = _PAD + label_width
        span = max(self.width() - left - value_width - 2 * _PAD, 10)
        row = self._row_height()

        def x_of(value: float) -> float:
            return left + span * max(0.0, min(value / self.maximum, 1.0))

        value_ends: list[float] = []
        for index, bar in enumerate(self.bars):
            y = top + index * row
            painter.setPen(text_colour)
            label = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, label_width - _PAD)
            painter.drawText(
                QRectF(_PAD, y, label_width - _PAD, row), Qt.AlignmentFlag.AlignVCenter, label
            )
            end = float(left)
            if bar.value is not None:
                end = x_of(bar.value)
                painter.fillRect(QRectF(left, y + 3, end - left, row - 6), _BAR_COLOUR)
            value_ends.append(end)
        bottom = top + len(self.bars) * row
        painter.setPen(QPen(text_colour, 1))
        painter.drawLine(QPointF(left, top), QPointF(left, bottom))
        if self.target is not None:
            x = x_of(self.target.value)
            painter.setPen(QPen(_TARGET_COLOUR, 2, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(x, top - 2), QPointF(x, bottom + 2))
        # The values over the target line, on the window's colour, so both stay readable.
        background = self.palette().window()
        painter.setPen(text_colour)
        for index, (bar, end) in enumerate(zip(self.bars, value_ends, strict=True)):
            text = self.bar_text(bar)
            box = QRectF(
                end + 2, top + index * row + 2, metrics.horizontalAdvance(text) + 4, row - 4
            )
            painter.fillRect(box, background)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        if self.target is not None:
            x = x_of(self.target.value)
            painter.setPen(_TARGET_COLOUR)
            width = metrics.horizontalAdvance(self.target.label)
            painter.drawText(
                QPointF(min(x - width / 2, self.width() - width - _PAD), top - 4), self.target.label
            )
        painter.setPen(text_colour)
        # The scale under the bars: 0 and the maximum.
        scale_y = bottom + metrics.ascent() + 2
        painter.drawText(QPointF(left, scale_y), self.value_format(0))
        end_text = self.value_format(self.maximum)
        painter.drawText(
            QPointF(left + span - metrics.horizontalAdvance(end_text), scale_y), end_text
        )
        if self.note:
            painter.drawText(QPointF(_PAD, scale_y + metrics.height()), self.note)
        painter.end()


class LineChart(_Chart):
    """Series of values over labelled points in time, with a target line per series."""

    _MARKERS: Final = ("circle", "square", "triangle")

    def __init__(
        self, title: str, value_format: ValueFormat = percent, parent: QWidget | None = None
    ) -> None:
        super().__init__(title, parent)
        self.value_format = value_format
        self.x_labels: tuple[str, ...] = ()
        self.series: tuple[Series, ...] = ()
        self.targets: tuple[Target, ...] = ()
        self.maximum = 1.0
        self.y_title = ""

    def set_data(
        self,
        x_labels: Sequence[str],
        series: Sequence[Series],
        targets: Sequence[Target] = (),
        maximum: float | None = None,
        y_title: str = "",
    ) -> None:
        self.x_labels, self.series, self.targets = tuple(x_labels), tuple(series), tuple(targets)
        self.y_title = y_title
        values = [v for s in self.series for v in s.values if v is not None]
        values += [t.value for t in self.targets]
        self.maximum = maximum if maximum is not None else (max([*values, 0.0]) * 1.15 or 1.0)
        self.setToolTip(
            "\n".join(
                f"{s.name}: "
                + ", ".join(
                    f"{x} {'—' if v is None else self.value_format(v)}"
                    for x, v in zip(self.x_labels, s.values, strict=True)
                )
                for s in self.series
            )
        )
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, QFontMetrics(self.font()).height() * 16)

    def _marker(self, painter: QPainter, index: int, at: QPointF, colour: QColor) -> None:
        painter.setPen(QPen(colour, 1.5))
        painter.setBrush(colour)
        shape = self._MARKERS[index % len(self._MARKERS)]
        if shape == "circle":
            painter.drawEllipse(at, 4, 4)
        elif shape == "square":
            painter.drawRect(QRectF(at.x() - 4, at.y() - 4, 8, 8))
        else:
            path = QPainterPath(QPointF(at.x(), at.y() - 5))
            path.lineTo(at.x() + 5, at.y() + 4)
            path.lineTo(at.x() - 5, at.y() + 4)
            path.closeSubpath()
            painter.drawPath(path)
        painter.setBrush(Qt.BrushStyle.NoBrush)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter, metrics, top = self._start()
        if not self.x_labels or not self.series:
            self._draw_empty(painter, top)
            painter.end()
            return
        text_colour = self.palette().windowText().color()
        # The legend: each series' marker and name.
        x = float(_PAD)
        for index, series in enumerate(self.series):
            colour = _SERIES_COLOURS[index % len(_SERIES_COLOURS)]
            self._marker(painter, index, QPointF(x + 5, top + metrics.height() / 2 - 2), colour)
            painter.setPen(text_colour)
            painter.drawText(QPointF(x + 14, top + metrics.ascent()), series.name)
            x += 14 + metrics.horizontalAdvance(series.name) + 2 * _PAD
        top += metrics.height() * 2
        axis_width = metrics.horizontalAdvance(self.value_format(self.maximum)) + _PAD
        left = _PAD + axis_width
        target_width = max((metrics.horizontalAdvance(t.label) for t in self.targets), default=0)
        right = self.width() - _PAD - target_width - _PAD
        bottom = self.height() - _PAD - metrics.height() * (2 if self.y_title else 1) - 4
        count = len(self.x_labels)
        step = (right - left) / count

        def point(index: int, value: float) -> QPointF:
            share = max(0.0, min(value / self.maximum, 1.0))
            return QPointF(left + step * (index + 0.5), bottom - (bottom - top) * share)

        painter.setPen(QPen(text_colour, 1))
        painter.drawLine(QPointF(left, top), QPointF(left, bottom))
        painter.drawLine(QPointF(left, bottom), QPointF(right, bottom))
        for tick in (0.0, self.maximum / 2, self.maximum):
            y = point(0, tick).y()
            text = self.value_format(tick)
            painter.drawText(
                QPointF(left - 4 - metrics.horizontalAdvance(text), y + metrics.ascent() / 2), text
            )
        # Write only as many x labels as fit.
        widest = max(metrics.horizontalAdvance(label) for label in self.x_labels) + _PAD
        widest = max(widest, metrics.horizontalAdvance(self.value_format(self.maximum)) + _PAD)
        every = max(1, int(widest / step) + 1) if step else 1
        for index, label in enumerate(self.x_labels):
            if index % every and index != count - 1:
                continue
            cx = left + step * (index + 0.5)
            painter.drawText(
                QPointF(cx - metrics.horizontalAdvance(label) / 2, bottom + metrics.ascent() + 2),
                label,
            )
        if self.y_title:
            painter.drawText(QPointF(left, self.height() - _PAD), self.y_title)
        for target in self.targets:
            y = point(0, target.value).y()
            painter.setPen(QPen(_TARGET_COLOUR, 1.5, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(left, y), QPointF(right, y))
            painter.setPen(_TARGET_COLOUR)
            painter.drawText(QPointF(right + 4, y + metrics.ascent() / 2), target.label)
        styles = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashDotLine, Qt.PenStyle.DotLine)
        for index, series in enumerate(self.series):
            colour = _SERIES_COLOURS[index % len(_SERIES_COLOURS)]
            points = [(i, point(i, v)) for i, v in enumerate(series.values) if v is not None]
            painter.setPen(QPen(colour, 2, styles[index % len(styles)]))
            for (_, a), (_, b) in itertools.pairwise(points):
                painter.drawLine(a, b)
            for i, at in points:
                self._marker(painter, index, at, colour)
                value = series.values[i]
                assert value is not None
                if i % every and i != count - 1:
                    continue  # as the x labels: the values that fit (all in the tooltip)
                painter.setPen(text_colour)
                text = self.value_format(value)
                # Alternate series write above and below their points, so values do not overlap.
                dy = -8 if index % 2 == 0 else metrics.ascent() + 6
                painter.drawText(
                    QPointF(at.x() - metrics.horizontalAdvance(text) / 2, at.y() + dy), text
                )
        painter.end()
