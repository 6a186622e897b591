"""A column header with a band across its top naming the level of each run of columns.

Competencies are grouped by level (basic, role-specific, advanced) in the matrix and in the
requirement grid; the band names each group once, across all of its columns.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QEvent, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QToolTip, QWidget

from compdesk.models.records import Level

# Level names on the light band colours; the colours keep a contrast above 7:1 with it.
BAND_TEXT_COLOUR = "#000000"
BAND_LINE_COLOUR = "#8a8a8a"


class LevelBandHeader(QHeaderView):
    """A horizontal header whose sections sit under a band naming their level.

    With `band_colours`, each level's band is filled with its colour, its name kept in view
    while the group is scrolled partly off to the left; without, each band is drawn as one
    header section of the style. Subclasses say which level a section shows
    (`section_level`) and draw the sections under the band.
    """

    def __init__(
        self, parent: QWidget | None = None, *, band_colours: Mapping[Level, str] | None = None
    ) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.band_colours = band_colours
        self.setSectionsClickable(True)
        self.setHighlightSections(True)
        self.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)

    def band_height(self) -> int:
        return self.fontMetrics().height() + 8

    def section_level(self, logical_index: int) -> Level | None:
        """The level of the competency shown in a section; None for one that is no competency."""
        raise NotImplementedError

    def level_groups(self) -> list[tuple[Level | None, int, int]]:
        """(level, left, right) in viewport coordinates of each run of shown sections that
        share a level, left to right."""
        groups: list[tuple[Level | None, int, int]] = []
        for visual in range(self.count()):
            logical = self.logicalIndex(visual)
            if self.isSectionHidden(logical):
                continue
            level = self.section_level(logical)
            left = self.sectionViewportPosition(logical)
            right = left + self.sectionSize(logical)
            if groups and groups[-1][0] == level:
                groups[-1] = (level, groups[-1][1], right)
            else:
                groups.append((level, left, right))
        return groups

    def level_at(self, position: QPoint) -> Level | None:
        """The level whose band is at a point of the viewport; None below the band or beside
        every group."""
        if not 0 <= position.y() < self.band_height():
            return None
        for level, left, right in self.level_groups():
            if left <= position.x() < right:
                return level
        return None

    def viewportEvent(self, event: QEvent) -> bool:
        # A band one or two columns wide shows its name cut short ("Adva…"): the tooltip says it.
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            level = self.level_at(event.pos())
            if level is not None:
                QToolTip.showText(event.globalPos(), f"{level.label} competencies", self)
                return True
        return super().viewportEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        # The bands span several sections, so they are drawn over the whole header.
        if self.model() is None or self.count() == 0:
            return
        painter = QPainter(self.viewport())
        band = self.band_height()
        for level, left, right in self.level_groups():
            area = QRect(left, 0, right - left, band)
            if self.band_colours is None:
                self._paint_styled_band(painter, level, area)
            else:
                self._paint_coloured_band(painter, level, area)
        painter.end()

    def _paint_coloured_band(self, painter: QPainter, level: Level | None, area: QRect) -> None:
        assert self.band_colours is not None
        if level is None:
            painter.fillRect(area, self.palette().color(QPalette.ColorRole.Window))
            return
        painter.fillRect(area, QColor(self.band_colours[level]))
        painter.setPen(QColor(BAND_TEXT_COLOUR))
        visible = area.intersected(QRect(0, 0, self.viewport().width(), area.height()))
        text = self.fontMetrics().elidedText(
            level.label, Qt.TextElideMode.ElideRight, visible.width() - 6
        )
        painter.drawText(visible.adjusted(3, 0, -3, 0), Qt.AlignmentFlag.AlignCenter, text)
        painter.setPen(QPen(QColor(BAND_LINE_COLOUR), 1))
        painter.drawLine(area.left(), 0, area.left(), area.height())
        painter.drawLine(area.left(), area.height() - 1, area.right(), area.height() - 1)

    def _paint_styled_band(self, painter: QPainter, level: Level | None, area: QRect) -> None:
        option = QStyleOptionHeader()
        option.initFrom(self)
        option.rect = area
        label = level.label if level is not None else ""
        option.text = painter.fontMetrics().elidedText(
            label, Qt.TextElideMode.ElideRight, max(0, area.width() - 6)
        )
        option.textAlignment = Qt.AlignmentFlag.AlignCenter
        option.position = QStyleOptionHeader.SectionPosition.OnlyOneSection
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
