"""The requirement grid: roles as rows, competencies as columns grouped by level, a ticked
cell required. Its header writes the competency names upwards under a band naming each level."""

from __future__ import annotations

import enum
from datetime import date
from typing import Any, Final

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QFont, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyleOptionHeader, QWidget

from compdesk.models.records import Competency, Level, Role
from compdesk.models.rules import REVIEW_DUE_MARK, review_state
from compdesk.views.commands.roles import SetRequirementCommand
from compdesk.views.document import Document
from compdesk.views.roles.lists import competency_lines
from compdesk.views.widgets.check_list import checkable_flags, requested_check
from compdesk.views.widgets.forms import plain_tooltip
from compdesk.views.widgets.level_header import LevelBandHeader

AnyIndex = QModelIndex | QPersistentModelIndex

_ROOT: Final = QModelIndex()


class RequirementRole(enum.IntEnum):
    """Data of the grid beyond its check boxes."""

    ROLE_ID = Qt.ItemDataRole.UserRole + 30
    COMPETENCY_ID = Qt.ItemDataRole.UserRole + 31
    # Header data: a competency's Level (columns), whether a role's review is due (rows).
    LEVEL = Qt.ItemDataRole.UserRole + 32
    REVIEW_DUE = Qt.ItemDataRole.UserRole + 33


class RequirementModel(QAbstractTableModel):
    """Roles as rows, competencies as columns (grouped by level); a checked cell is required.

    Ticking a cell pushes one SetRequirementCommand through the document, so it can be undone.
    """

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.roles: list[Role] = []
        self.competencies: list[Competency] = []
        self._required: set[tuple[int, int]] = set()
        self._as_of = document.as_of
        self._editable = True

    def load(
        self,
        roles: list[Role],
        competencies: list[Competency],
        required: set[tuple[int, int]],
        as_of: date,
    ) -> None:
        """Show the record; rows and columns are reset only when they change."""
        same_shape = [r.id for r in roles] == [r.id for r in self.roles] and [
            c.id for c in competencies
        ] == [c.id for c in self.competencies]
        if not same_shape:
            self.beginResetModel()
        self.roles, self.competencies = list(roles), list(competencies)
        self._required, self._as_of = set(required), as_of
        if not same_shape:
            self.endResetModel()
            return
        self._emit_all_changed()
        if self.roles:
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(self.roles) - 1)
        if self.competencies:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.competencies) - 1)

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self._emit_all_changed()

    def _emit_all_changed(self) -> None:
        if self.roles and self.competencies:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.roles) - 1, len(self.competencies) - 1)
            )

    def is_required(self, row: int, column: int) -> bool:
        return (self.roles[row].id, self.competencies[column].id) in self._required

    def index_of(self, role_id: int, competency_id: int) -> QModelIndex:
        rows = [i for i, role in enumerate(self.roles) if role.id == role_id]
        columns = [i for i, c in enumerate(self.competencies) if c.id == competency_id]
        if not rows or not columns:
            return QModelIndex()
        return self.index(rows[0], columns[0])

    # ---- QAbstractTableModel --------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.roles)

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.competencies)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (
            0 <= index.row() < len(self.roles) and 0 <= index.column() < len(self.competencies)
        ):
            return None
        role_record, competency = self.roles[index.row()], self.competencies[index.column()]
        required = self.is_required(index.row(), index.column())
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if required else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            verb = "requires" if required else "does not require"
            text = f"{role_record.name} {verb} {competency.name}"
            return plain_tooltip(text) if role == Qt.ItemDataRole.ToolTipRole else text
        if role == RequirementRole.ROLE_ID:
            return role_record.id
        if role == RequirementRole.COMPETENCY_ID:
            return competency.id
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return checkable_flags(index, self._editable)

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        required = requested_check(index, value, role, self._editable)
        if required is None:
            return False
        if required == self.is_required(index.row(), index.column()):
            return True
        role_record, competency = self.roles[index.row()], self.competencies[index.column()]
        command = SetRequirementCommand(self.document.store, role_record, competency, required)
        # The document's change signal reloads this model, which emits dataChanged.
        return self.document.push_or_report(command)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self.competencies):
                return None
            competency = self.competencies[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return competency.name
            if role == RequirementRole.LEVEL:
                return competency.level
            if role == Qt.ItemDataRole.ToolTipRole:
                return plain_tooltip("\n".join(competency_lines(competency)))
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return f"{competency.name}, {competency.level.label}"
            return None
        if not 0 <= section < len(self.roles):
            return None
        role_record = self.roles[section]
        state = review_state(role_record, self._as_of)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{REVIEW_DUE_MARK} {role_record.name}" if state.due else role_record.name
        if role == RequirementRole.REVIEW_DUE:
            return state.due
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [role_record.name, f"Review: {state.text()}"]
            if role_record.description:
                lines.append(role_record.description)
            return plain_tooltip("\n".join(lines))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            suffix = f", review {state.text().removeprefix(REVIEW_DUE_MARK).strip()}"
            return role_record.name + (suffix if state.due else "")
        return None


class CompetencyHeaderView(LevelBandHeader):
    """Competency names written upwards, under a band that names each level's group."""

    # Longer names are elided (the tooltip has them whole).
    MAX_TEXT_CHARACTERS: Final = 34

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.fit_to_font()

    def fit_to_font(self) -> None:
        self.setMinimumSectionSize(self.fontMetrics().height() + 8)
        self.setDefaultSectionSize(self.fontMetrics().height() + 16)
        self.updateGeometry()
        # The table takes the header's height from its size hint when told that it changed.
        self.geometriesChanged.emit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.fit_to_font()

    def section_level(self, logical_index: int) -> Level | None:
        model = self.model()
        if model is None:
            return None
        level = model.headerData(logical_index, self.orientation(), RequirementRole.LEVEL)
        return level if isinstance(level, Level) else None

    def _text_room(self) -> int:
        model = self.model()
        widest = 40
        if model is not None:
            metrics = self.fontMetrics()
            for section in range(model.columnCount()):
                text = str(model.headerData(section, self.orientation()) or "")
                widest = max(widest, metrics.horizontalAdvance(text))
        return min(widest, self.fontMetrics().averageCharWidth() * self.MAX_TEXT_CHARACTERS) + 16

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        hint.setHeight(self.band_height() + self._text_room())
        return hint

    def sectionSizeFromContents(self, logicalIndex: int) -> QSize:
        return QSize(self.defaultSectionSize(), self.band_height() + self._text_room())

    def paintSection(self, painter: QPainter, rect: QRect, logicalIndex: int) -> None:
        if not rect.isValid():
            return
        band = self.band_height()
        option = QStyleOptionHeader()
        self.initStyleOptionForIndex(option, logicalIndex)
        option.rect = QRect(rect.left(), rect.top() + band, rect.width(), rect.height() - band)
        option.text = ""
        painter.save()
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        text = str(self.model().headerData(logicalIndex, self.orientation()) or "")
        font = QFont(self.font())
        if option.state & QStyle.StateFlag.State_Sunken or option.state & QStyle.StateFlag.State_On:
            font.setBold(True)
        painter.setFont(font)
        metrics = painter.fontMetrics()
        room = option.rect.height() - 12
        elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
        painter.setPen(self.palette().color(QPalette.ColorRole.ButtonText))
        x = option.rect.left() + (option.rect.width() + metrics.ascent() - metrics.descent()) / 2
        painter.translate(x, option.rect.bottom() - 6)
        painter.rotate(-90)
        painter.drawText(0, 0, elided)
        painter.restore()
