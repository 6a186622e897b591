"""The Findings panel: the findings grouped by kind, the one selected in full, its records as
links. Enter (or a double click) on a record follows its link; on a kind or a finding it
opens or closes it."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date
from typing import Final, NamedTuple

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from compdesk.models.findings import Finding, FindingKind, RecordRef
from compdesk.views.findings.model import RECORD_PLACES, FindingsModel, kind_heading

# Up to this many records in all, every finding opens with its records shown; beyond it (a
# large organisation) only the kinds open, and the user opens the findings they look into.
OPEN_ALL_UP_TO: Final = 200


class _Place(NamedTuple):
    """A row of the tree, by what it shows: it survives a reload that rebuilds the rows."""

    kind: FindingKind
    summary: str | None
    record: tuple[object, int] | None


class FindingsPanel(QFrame):
    record_activated = Signal(object)  # RecordRef
    close_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Findings")
        self.as_of: date | None = None
        # Whether each kind and finding was open, kept across reloads.
        self._kinds_open: dict[FindingKind, bool] = {}
        self._findings_open: dict[tuple[FindingKind, str], bool] = {}

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        # Emphasis in rich text rather than fonts set on the labels, so that the larger type
        # of audit mode still reaches them.
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setWordWrap(True)
        top.addWidget(self.heading, 1)
        self.close_button = QPushButton("Close")
        self.close_button.setToolTip("Close the findings (Esc)")
        self.close_button.setAccessibleName("Close the findings")
        self.close_button.clicked.connect(self.close_requested)
        top.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)

        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName("Findings status")
        layout.addWidget(self.status_label)

        self.model = FindingsModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setAccessibleName("Findings by kind")
        self.tree.setHeaderHidden(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # One line per kind and record, two per finding, each cut to the panel's width; the
        # tooltip and the details below have it all.
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.setWordWrap(False)
        self.tree.setAlternatingRowColors(True)
        # Enter and a double click do the same: follow a link, or open or close a row.
        self.tree.setExpandsOnDoubleClick(False)
        self.tree.activated.connect(self.on_tree_activated)
        self.tree.selectionModel().currentChanged.connect(self.on_tree_current_changed)
        layout.addWidget(self.tree, 3)

        self.details = QLabel()
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAccessibleName("The finding selected")
        details_scroll = QScrollArea()
        details_scroll.setWidget(self.details)
        details_scroll.setWidgetResizable(True)
        details_scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout.addWidget(details_scroll, 1)
        self.setFocusProxy(self.tree)
        self._show_details(QModelIndex())

    # ---- what is shown ----------------------------------------------------------------------

    def show_findings(self, as_of: date, findings: Sequence[Finding]) -> None:
        place = self._place(self.tree.currentIndex())
        self._remember_open_rows()
        self.as_of = as_of
        self.model.set_findings(findings)
        self._open_rows()
        self._go_to(place)
        self._show_heading()
        self.show_status(_count_text(len(findings), as_of))
        self._show_details(self.tree.currentIndex())

    def show_status(self, text: str) -> None:
        """A line under the heading: the count, or why the list may be out of date."""
        self.status_label.setText(text)

    def _show_heading(self) -> None:
        when = f" as of {self.as_of.isoformat()}" if self.as_of is not None else ""
        self.heading.setText(f"<b><big>Findings{html.escape(when)}</big></b>")

    def _show_details(self, index: QModelIndex) -> None:
        kind = self.model.kind(index)
        finding = self.model.finding(index)
        if kind is None:
            self.details.setText(
                "What an auditor would raise as of the matrix's date, by kind. Select a finding "
                "to read it in full; Enter on a record opens it in its own view."
            )
            return
        lines = [f"<b>{html.escape(kind_heading(kind))}</b>"]
        if finding is None:
            advice = self.model.shared_advice(kind)
            if advice is not None:
                lines.append(f"<b>What to do:</b> {html.escape(advice)}")
            lines.append("Select a finding to read it in full.")
        else:
            lines.append(html.escape(finding.summary))
            lines.append(f"<b>What to do:</b> {html.escape(finding.advice)}")
            record = self.model.record(index)
            if record is not None:
                lines.append(
                    f"Enter opens {html.escape(record.label)} in {RECORD_PLACES[record.kind]}."
                )
            else:
                count = len(finding.records)
                lines.append(
                    f"{count} record{'' if count == 1 else 's'} behind it, listed below it."
                )
        self.details.setText("<br>".join(lines))

    # ---- rows open and current, across reloads --------------------------------------------------

    def _remember_open_rows(self) -> None:
        model = self.model
        kinds_open, findings_open = {}, {}
        for kind_row in range(model.rowCount()):
            kind_index = model.index(kind_row, 0)
            kind = model.kinds[kind_row]
            kinds_open[kind] = self.tree.isExpanded(kind_index)
            for row in range(model.rowCount(kind_index)):
                finding_index = model.index(row, 0, kind_index)
                finding = model.finding(finding_index)
                assert finding is not None
                findings_open[(kind, finding.summary)] = self.tree.isExpanded(finding_index)
        if model.rowCount():
            self._kinds_open, self._findings_open = kinds_open, findings_open

    def _open_rows(self) -> None:
        model = self.model
        open_findings = sum(len(f.records) for f in model.findings) <= OPEN_ALL_UP_TO
        for kind_row, kind in enumerate(model.kinds):
            kind_index = model.index(kind_row, 0)
            self.tree.setExpanded(kind_index, self._kinds_open.get(kind, True))
            for row in range(model.rowCount(kind_index)):
                finding_index = model.index(row, 0, kind_index)
                finding = model.finding(finding_index)
                assert finding is not None
                is_open = self._findings_open.get((kind, finding.summary), open_findings)
                if is_open:
                    self.tree.setExpanded(finding_index, True)

    def _place(self, index: QModelIndex) -> _Place | None:
        kind = self.model.kind(index)
        if kind is None:
            return None
        finding = self.model.finding(index)
        record = self.model.record(index)
        return _Place(
            kind,
            finding.summary if finding is not None else None,
            (record.kind, record.id) if record is not None else None,
        )

    def _go_to(self, place: _Place | None) -> None:
        """Make current the row showing `place`, or the nearest still there."""
        model = self.model
        target = model.index(0, 0)
        if place is not None and model.kind_index(place.kind).isValid():
            target = model.kind_index(place.kind)
            for position, finding in enumerate(model.findings):
                if finding.kind is place.kind and finding.summary == place.summary:
                    target = model.finding_index(position)
                    for row, record in enumerate(finding.records):
                        if (record.kind, record.id) == place.record:
                            target = model.index(row, 0, target)
                            break
                    break
        if target.isValid():
            self.tree.setCurrentIndex(target)
            self.tree.scrollTo(target)

    # ---- look-ups (also for tests) -----------------------------------------------------------

    def record_index(self, record: RecordRef, kind: FindingKind | None = None) -> QModelIndex:
        """The first row of this record (under a finding of `kind`, if given)."""
        for position, finding in enumerate(self.model.findings):
            if kind is not None and finding.kind is not kind:
                continue
            for row, candidate in enumerate(finding.records):
                if (candidate.kind, candidate.id) == (record.kind, record.id):
                    return self.model.index(row, 0, self.model.finding_index(position))
        return QModelIndex()

    # ---- slots ----------------------------------------------------------------------------

    def on_tree_activated(self, index: QModelIndex) -> None:
        record = self.model.record(index)
        if record is not None:
            self.record_activated.emit(record)
        elif self.model.rowCount(index):
            self.tree.setExpanded(index, not self.tree.isExpanded(index))

    def on_tree_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_details(current)


def _count_text(count: int, as_of: date) -> str:
    if count == 0:
        return f"Nothing an auditor would raise as of {as_of.isoformat()}."
    return (
        f"{count} finding{'' if count == 1 else 's'} an auditor would raise, by kind and the "
        "clause of ISO/IEC 27001 each is raised against, with the records behind each."
    )
