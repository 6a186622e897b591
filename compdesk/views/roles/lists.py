"""The lists of roles and of competencies beside the requirement grid: what their columns
show, how they sort, and their tooltips."""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget

from compdesk.models.records import Competency, Level, Role
from compdesk.models.rules import review_state
from compdesk.reports.formatting import renewal_text
from compdesk.views.widgets.forms import format_date, plain_tooltip
from compdesk.views.widgets.record_table import RecordTableModel

LEVEL_ORDER: Final = {level: order for order, level in enumerate(Level)}


def competency_lines(competency: Competency) -> list[str]:
    """A competency's tooltip, line by line: name, level and renewal, description."""
    lines = [competency.name, f"{competency.level.label}, renews {renewal_text(competency)}"]
    if competency.description:
        lines.append(competency.description)
    return lines


class RoleTableModel(RecordTableModel):
    headers = ("Role", "Owner", "Next review")
    NAME, OWNER, NEXT_REVIEW = range(3)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.as_of = date.today()

    def display(self, record: Any, column: int) -> str:
        role: Role = record
        if column == self.NAME:
            return role.name
        if column == self.OWNER:
            return role.owner
        if column == self.NEXT_REVIEW:
            return review_state(role, self.as_of).text()
        return ""

    def sort_key(self, record: Any, column: int) -> Any:
        role: Role = record
        if column == self.NEXT_REVIEW:
            state = review_state(role, self.as_of)
            # Most urgent first: never reviewed, then the oldest due date.
            return "" if state.never_reviewed else format_date(state.next_review) or "~"
        return super().sort_key(record, column)

    def extra_data(self, record: Any, column: int, role: int) -> Any:
        role_record: Role = record
        if role == Qt.ItemDataRole.ToolTipRole:
            state = review_state(role_record, self.as_of)
            lines = [role_record.name]
            if role_record.description:
                lines.append(role_record.description)
            lines.append(f"Last reviewed: {format_date(role_record.last_reviewed) or 'never'}")
            lines.append(f"Next review: {state.text()}")
            return plain_tooltip("\n".join(lines))
        if (
            role == Qt.ItemDataRole.FontRole
            and column == self.NEXT_REVIEW
            and review_state(role_record, self.as_of).due
        ):
            font = QFont()
            font.setBold(True)
            return font
        return None


class CompetencyTableModel(RecordTableModel):
    headers = ("Competency", "Level", "Renewal")
    NAME, LEVEL, RENEWAL = range(3)

    def display(self, record: Any, column: int) -> str:
        competency: Competency = record
        if column == self.NAME:
            return competency.name
        if column == self.LEVEL:
            return competency.level.label
        if column == self.RENEWAL:
            return renewal_text(competency)
        return ""

    def sort_key(self, record: Any, column: int) -> Any:
        competency: Competency = record
        if column == self.LEVEL:
            return f"{LEVEL_ORDER[competency.level]} {competency.name.casefold()}"
        if column == self.RENEWAL:
            return f"{competency.renewal_months or 9999:05d}"
        return super().sort_key(record, column)

    def extra_data(self, record: Any, column: int, role: int) -> Any:
        competency: Competency = record
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = competency_lines(competency)
            if competency.accepted_kinds:
                kinds = ", ".join(kind.label for kind in competency.accepted_kinds)
                lines.append(f"Accepted evidence: {kinds}")
            return plain_tooltip("\n".join(lines))
        return None
