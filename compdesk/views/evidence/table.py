"""The evidence list: a table model over EvidenceRows, and the filters above it."""

from __future__ import annotations

import enum
from typing import Final

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor

from compdesk.models.records import EvidenceKind
from compdesk.models.rules import Validity
from compdesk.views.evidence.rows import EvidenceRow
from compdesk.views.widgets.forms import plain_tooltip
from compdesk.views.widgets.record_table import RecordFilterProxy, RowTableModel

# Sorts after every real date, so "never expires" comes last.
_NEVER: Final = "9999-12-31"


class EvidenceRole(enum.IntEnum):
    """Data the evidence table gives beyond its cells (see also RecordRole)."""

    VALIDITY = Qt.ItemDataRole.UserRole + 20


class EvidenceColumn(enum.IntEnum):
    PERSON = 0
    COMPETENCY = 1
    KIND = 2
    ROUTE = 3
    TITLE = 4
    ISSUER = 5
    ACHIEVED = 6
    EXPIRES = 7
    FILES = 8


_VALIDITY_COLOURS: Final = {Validity.EXPIRED: "#a4262c", Validity.EXPIRING: "#8a5a00"}


class EvidenceTableModel(RowTableModel):
    """Every evidence record of the document, one per row (an EvidenceRow)."""

    headers = (
        "Person",
        "Competency",
        "Kind",
        "Route",
        "Title",
        "Issuer",
        "Achieved",
        "Expires",
        "Files",
    )

    def row_id(self, item: EvidenceRow) -> int:
        return item.evidence.id

    def display(self, item: EvidenceRow, column: int) -> str:
        evidence = item.evidence
        match EvidenceColumn(column):
            case EvidenceColumn.PERSON:
                return item.person.name
            case EvidenceColumn.COMPETENCY:
                return item.competency.name
            case EvidenceColumn.KIND:
                return evidence.kind.label
            case EvidenceColumn.ROUTE:
                return evidence.route.label
            case EvidenceColumn.TITLE:
                return evidence.title
            case EvidenceColumn.ISSUER:
                return evidence.issuer
            case EvidenceColumn.ACHIEVED:
                return evidence.achieved_on.isoformat() if evidence.achieved_on else ""
            case EvidenceColumn.EXPIRES:
                return item.expires_text
            case EvidenceColumn.FILES:
                return str(len(item.file_names)) if item.file_names else ""

    def search_text(self, item: EvidenceRow) -> str:
        return item.search_text()

    def extra_data(self, item: EvidenceRow, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.display(item, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == EvidenceColumn.EXPIRES:
                # The cell may be cut short: its text leads the explanation.
                return plain_tooltip(f"{item.expires_text}\n{item.expires_explained}")
            if column == EvidenceColumn.FILES and item.file_names:
                return plain_tooltip("\n".join(item.file_names))
            text = self.display(item, column)
            return plain_tooltip(text) if text else None
        if role == Qt.ItemDataRole.ForegroundRole and column == EvidenceColumn.EXPIRES:
            colour = _VALIDITY_COLOURS.get(item.validity)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == EvidenceColumn.FILES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == EvidenceRole.VALIDITY:
            return item.validity
        return None

    def sort_key(self, item: EvidenceRow, column: int) -> object:
        if column == EvidenceColumn.ACHIEVED:
            return item.evidence.achieved_on.isoformat() if item.evidence.achieved_on else ""
        if column == EvidenceColumn.EXPIRES:
            return item.expires_on.isoformat() if item.expires_on else _NEVER
        if column == EvidenceColumn.FILES:
            return len(item.file_names)
        return self.display(item, column).casefold()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.ToolTipRole
            and section == EvidenceColumn.EXPIRES
        ):
            return "(renewal): derived from the competency's renewal interval; ✘ expired; ⚠ expiring soon"
        return super().headerData(section, orientation, role)


class EvidenceFilterProxy(RecordFilterProxy):
    """Evidence of one person, competency, kind or validity, matching a search text."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.person_id: int | None = None
        self.competency_id: int | None = None
        self.kind: EvidenceKind | None = None
        self.validities: frozenset[Validity] = frozenset()

    def set_filters(
        self,
        *,
        person_id: int | None,
        competency_id: int | None,
        kind: EvidenceKind | None,
        validities: frozenset[Validity],
        text: str,
    ) -> None:
        def change() -> None:
            self.person_id, self.competency_id, self.kind = person_id, competency_id, kind
            self.validities = validities

        self.refilter(change, search=text)

    def accepts_record(self, record: EvidenceRow) -> bool:
        evidence = record.evidence
        if self.person_id is not None and evidence.person_id != self.person_id:
            return False
        if self.competency_id is not None and evidence.competency_id != self.competency_id:
            return False
        if self.kind is not None and evidence.kind is not self.kind:
            return False
        return not self.validities or record.validity in self.validities


def widest_characters(column: int) -> int:
    """A first width for a column, in characters: every column fits beside the details pane
    at 1280 pixels; a longer value is in the cell's tooltip."""
    return {
        EvidenceColumn.TITLE: 20,
        EvidenceColumn.EXPIRES: 20,
        EvidenceColumn.ROUTE: 10,
        EvidenceColumn.FILES: 5,
        EvidenceColumn.ACHIEVED: 11,
    }.get(EvidenceColumn(column), 14)


def narrowest_characters(column: int) -> int:
    """How far a column gives way when the list is short of room (audit mode at 1024
    pixels): dates and file counts stay whole; the expiry keeps its date, names a few
    letters."""
    return {
        EvidenceColumn.ACHIEVED: 10,
        EvidenceColumn.EXPIRES: 10,
        EvidenceColumn.FILES: 3,
    }.get(EvidenceColumn(column), 4)
