"""The findings as a tree: each kind (its title, clause and count), its findings (summary, then
what to do), and under each finding the records behind it, which are links.

PERF: the tree is read from the findings tuple as the view asks for rows; no item is built per
record (a 1000-person document has thousands of them, most never shown).
"""

from __future__ import annotations

import bisect
import enum
from collections.abc import Sequence
from typing import Any, Final

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QFont, QGuiApplication, QPalette

from compdesk.models.findings import Finding, FindingKind, RecordKind, RecordRef, shared_advice
from compdesk.views.findings import WARNING
from compdesk.views.widgets.forms import plain_tooltip
from compdesk.views.widgets.record_table import AnyIndex

_ROOT: Final = QModelIndex()

# What a record is, in words: a link is known by its text as well as by its colour.
RECORD_NOUNS: Final = {
    RecordKind.PERSON: "Person",
    RecordKind.ROLE: "Role",
    RecordKind.COMPETENCY: "Competency",
    RecordKind.EVIDENCE: "Evidence",
    RecordKind.ACTION: "Action",
}
# Where following a record's link leads, as the tooltip says.
RECORD_PLACES: Final = {
    RecordKind.PERSON: "the People view",
    RecordKind.ROLE: "Roles & competencies",
    RecordKind.COMPETENCY: "Roles & competencies",
    RecordKind.EVIDENCE: "the Evidence view",
    RecordKind.ACTION: "the Actions view",
}
LINK_MARK: Final = "→"

# The internal id of an index names its parent: 0 for a kind (its parent is the root), 1 + the
# kind's row for a finding, RECORDS_BASE + the finding's position in the whole list for a record.
RECORDS_BASE: Final = 1 << 24


class FindingsRole(enum.IntEnum):
    KIND = Qt.ItemDataRole.UserRole + 1  # FindingKind, on every row
    FINDING = Qt.ItemDataRole.UserRole + 2  # Finding, on findings and their records
    RECORD = Qt.ItemDataRole.UserRole + 3  # RecordRef, on records only


class FindingsModel(QAbstractItemModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._findings: tuple[Finding, ...] = ()
        self._kinds: list[FindingKind] = []
        # The position in `_findings` of each kind's first finding, and how many it has.
        self._starts: list[int] = []
        self._counts: list[int] = []
        # What to do about every finding of a kind, when it is the same for all: said once,
        # on the kind's row, rather than on each of its findings.
        self._shared_advice: list[str | None] = []

    def set_findings(self, findings: Sequence[Finding]) -> None:
        self.beginResetModel()
        # Grouped by kind in FindingKind order, each kind keeping the order it was given in.
        order = {kind: position for position, kind in enumerate(FindingKind)}
        self._findings = tuple(sorted(findings, key=lambda finding: order[finding.kind]))
        self._kinds, self._starts, self._counts = [], [], []
        for position, finding in enumerate(self._findings):
            if not self._kinds or self._kinds[-1] is not finding.kind:
                self._kinds.append(finding.kind)
                self._starts.append(position)
                self._counts.append(0)
            self._counts[-1] += 1
        self._shared_advice = []
        for start, count in zip(self._starts, self._counts, strict=True):
            self._shared_advice.append(shared_advice(self._findings[start : start + count]))
        self.endResetModel()

    @property
    def findings(self) -> tuple[Finding, ...]:
        """The findings shown, grouped by kind."""
        return self._findings

    @property
    def kinds(self) -> list[FindingKind]:
        """The kinds shown, in order."""
        return list(self._kinds)

    # ---- look-ups --------------------------------------------------------------------------

    def kind_index(self, kind: FindingKind) -> QModelIndex:
        if kind not in self._kinds:
            return QModelIndex()
        return self.index(self._kinds.index(kind), 0)

    def finding_index(self, position: int) -> QModelIndex:
        """The row of the finding at `position` in `findings`."""
        kind_row = self._kind_row_of(position)
        return self.createIndex(position - self._starts[kind_row], 0, 1 + kind_row)

    def _kind_row_of(self, position: int) -> int:
        return bisect.bisect_right(self._starts, position) - 1

    def _position(self, index: AnyIndex) -> int | None:
        """The position in `findings` of a finding's row or of a record's finding."""
        parent_id = index.internalId()
        if parent_id == 0:
            return None
        if parent_id < RECORDS_BASE:
            return self._starts[parent_id - 1] + index.row()
        return parent_id - RECORDS_BASE

    def finding(self, index: AnyIndex) -> Finding | None:
        """The finding of a finding's row or of a record's row; None for a kind."""
        if not index.isValid():
            return None
        position = self._position(index)
        return None if position is None else self._findings[position]

    def record(self, index: AnyIndex) -> RecordRef | None:
        if not index.isValid() or index.internalId() < RECORDS_BASE:
            return None
        finding = self._findings[index.internalId() - RECORDS_BASE]
        return finding.records[index.row()]

    def shared_advice(self, kind: FindingKind) -> str | None:
        """What to do about every finding of a kind, when it is the same for all."""
        return self._shared_advice[self._kinds.index(kind)] if kind in self._kinds else None

    def kind(self, index: AnyIndex) -> FindingKind | None:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return self._kinds[index.row()]
        finding = self.finding(index)
        return finding.kind if finding is not None else None

    # ---- QAbstractItemModel ------------------------------------------------------------------

    def index(self, row: int, column: int, parent: AnyIndex = _ROOT) -> QModelIndex:
        if column != 0 or row < 0 or row >= self.rowCount(parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, 0)
        if parent.internalId() == 0:
            return self.createIndex(row, 0, 1 + parent.row())
        position = self._position(parent)
        assert position is not None, "a finding's row has a position"
        return self.createIndex(row, 0, RECORDS_BASE + position)

    def parent(self, index: AnyIndex = _ROOT) -> QModelIndex:  # type: ignore[override]
        # PySide6 also declares the QObject's parent() here; a model's is this one.
        if not index.isValid():
            return QModelIndex()
        parent_id = index.internalId()
        if parent_id == 0:
            return QModelIndex()
        if parent_id < RECORDS_BASE:
            return self.createIndex(parent_id - 1, 0, 0)
        return self.finding_index(parent_id - RECORDS_BASE)

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        if not parent.isValid():
            return len(self._kinds)
        if parent.column() != 0:
            return 0
        parent_id = parent.internalId()
        if parent_id == 0:
            return self._counts[parent.row()]
        if parent_id < RECORDS_BASE:
            return len(self._findings[self._starts[parent_id - 1] + parent.row()].records)
        return 0

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 1

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return self._kind_data(index.row(), role)
        position = self._position(index)
        assert position is not None, "a row below a kind has a finding"
        finding = self._findings[position]
        record = self.record(index)
        if record is None:
            shared_advice = self._shared_advice[self._kind_row_of(position)]
            return _finding_data(finding, role, with_advice=shared_advice is None)
        return _record_data(finding, record, role)

    def _kind_data(self, row: int, role: int) -> Any:
        kind, count, advice = self._kinds[row], self._counts[row], self._shared_advice[row]
        # The count before the clause: a narrow panel cuts the end of the line.
        heading = f"{WARNING} {kind.title} ({count}) · {kind.clause}"
        if role == Qt.ItemDataRole.DisplayRole:
            return heading if advice is None else f"{heading}\nWhat to do: {advice}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return heading if advice is None else f"{heading}. What to do: {advice}"
        if role == Qt.ItemDataRole.ToolTipRole:
            text = f"{kind_heading(kind)}: {count} finding{'' if count == 1 else 's'}"
            return plain_tooltip(text if advice is None else f"{text}\n\nWhat to do: {advice}")
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == FindingsRole.KIND:
            return kind
        return None


def kind_heading(kind: FindingKind) -> str:
    """A kind's title with the clause it is raised against ("Action overdue · 7.2 c")."""
    return f"{kind.title} · ISO/IEC 27001 {kind.clause}"


def _finding_data(finding: Finding, role: int, *, with_advice: bool) -> Any:
    if role == Qt.ItemDataRole.DisplayRole:
        # Cut to the panel's width; the tooltip and the details have it all.
        return (
            f"{finding.summary}\nWhat to do: {finding.advice}" if with_advice else finding.summary
        )
    if role == Qt.ItemDataRole.AccessibleTextRole:
        return f"{finding.summary}. What to do: {finding.advice}"
    if role == Qt.ItemDataRole.ToolTipRole:
        return plain_tooltip(f"{finding.summary}\n\nWhat to do: {finding.advice}")
    if role == FindingsRole.KIND:
        return finding.kind
    if role == FindingsRole.FINDING:
        return finding
    return None


def record_text(record: RecordRef) -> str:
    return f"{RECORD_NOUNS[record.kind]}: {record.label} {LINK_MARK}"


def _record_data(finding: Finding, record: RecordRef, role: int) -> Any:
    if role == Qt.ItemDataRole.DisplayRole:
        return record_text(record)
    if role == Qt.ItemDataRole.AccessibleTextRole:
        return f"{RECORD_NOUNS[record.kind]} {record.label}, link to {RECORD_PLACES[record.kind]}"
    if role == Qt.ItemDataRole.ToolTipRole:
        return plain_tooltip(f"Enter opens {record.label} in {RECORD_PLACES[record.kind]}")
    if role == Qt.ItemDataRole.FontRole:
        font = QFont()
        font.setUnderline(True)
        return font
    if role == Qt.ItemDataRole.ForegroundRole:
        return QGuiApplication.palette().brush(QPalette.ColorRole.Link)
    if role == FindingsRole.KIND:
        return finding.kind
    if role == FindingsRole.FINDING:
        return finding
    if role == FindingsRole.RECORD:
        return record
    return None
