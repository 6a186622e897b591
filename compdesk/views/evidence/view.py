"""The Evidence view: every evidence record, filterable, with its attached files and their preview."""

from __future__ import annotations

import enum
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Final

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from compdesk.models.gaps import GapStatus, evidence_expiry
from compdesk.models.records import Attachment, Competency, Evidence, EvidenceKind, Person
from compdesk.views.commands import (
    AttachFilesCommand,
    DeleteEvidenceCommand,
    RemoveAttachmentCommand,
    StoreCommand,
)
from compdesk.views.document import Document
from compdesk.views.evidence.dialog import EvidenceDialog, format_score
from compdesk.views.widgets.attachments import (
    AttachmentColumn,
    AttachmentPreview,
    AttachmentTableModel,
    file_size,
    open_attachment,
    run_attaching,
    save_attachment_as,
)
from compdesk.views.widgets.document_view import DocumentView
from compdesk.views.widgets.file_drops import FileDropFrame
from compdesk.views.widgets.forms import plain_tooltip
from compdesk.views.widgets.record_table import (
    RecordFilterProxy,
    RowTableModel,
    add_shortcut_action,
    connect_row_count_changes,
    fit_columns_to_contents,
    make_record_table,
    reselect_record_row,
    select_record_row,
    selected_item,
)
from compdesk.views.widgets.workers import LongWork

# Sorts after every real date, so "never expires" comes last.
_NEVER: Final = "9999-12-31"
# Clicks on the same file within this time open it only once.
_REOPEN_SECONDS: Final = 1.5


class Validity(enum.Enum):
    """Whether evidence is still valid on the document's as-of date."""

    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    NEVER_EXPIRES = "never expires"

    @property
    def symbol(self) -> str:
        # Not GapStatus.EXPIRING's hourglass: common fonts (DejaVu Sans) have no glyph for it.
        return {Validity.EXPIRING: "⚠", Validity.EXPIRED: GapStatus.EXPIRED.symbol}.get(self, "")


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    """One evidence record with what the list shows beside it."""

    evidence: Evidence
    person: Person
    competency: Competency
    expires_on: date | None
    expiry_derived: bool
    validity: Validity

    @property
    def expires_text(self) -> str:
        if self.expires_on is None:
            return "never"
        text = self.expires_on.isoformat()
        if self.validity in (Validity.EXPIRED, Validity.EXPIRING):
            text = f"{self.validity.symbol} {self.validity.value} {text}"
        return f"{text} (renewal)" if self.expiry_derived else text

    @property
    def expires_explained(self) -> str:
        if self.expires_on is None:
            return "Never expires: no expiry date, and the competency needs no renewal."
        how = (
            f"derived from the {self.competency.renewal_months}-month renewal interval of "
            f"{self.competency.name}"
            if self.expiry_derived
            else "its own expiry date"
        )
        return f"{self.expires_on.isoformat()}, {how} — {self.validity.value}"

    def search_text(self) -> str:
        evidence = self.evidence
        parts = [
            self.person.name,
            self.person.email,
            self.competency.name,
            evidence.kind.label,
            evidence.route.label,
            evidence.title,
            evidence.issuer,
            evidence.notes,
            evidence.verified_by,
            *(a.file_name for a in evidence.attachments),
        ]
        return "\n".join(parts).casefold()


def evidence_rows(
    evidence: Sequence[Evidence],
    people: Sequence[Person],
    competencies: Sequence[Competency],
    *,
    as_of: date,
    warning_days: int,
) -> list[EvidenceRow]:
    """Evidence joined with its person and competency, with its expiry as of a date."""
    people_by_id = {p.id: p for p in people}
    competencies_by_id = {c.id: c for c in competencies}
    rows = []
    for item in evidence:
        person = people_by_id.get(item.person_id)
        competency = competencies_by_id.get(item.competency_id)
        if person is None or competency is None:
            continue
        expires_on = evidence_expiry(item, competency)
        if expires_on is None:
            validity = Validity.NEVER_EXPIRES
        elif expires_on < as_of:
            validity = Validity.EXPIRED
        elif expires_on - as_of <= timedelta(days=warning_days):
            validity = Validity.EXPIRING
        else:
            validity = Validity.VALID
        derived = item.expires_on is None and expires_on is not None
        rows.append(EvidenceRow(item, person, competency, expires_on, derived, validity))
    return rows


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
                return str(len(evidence.attachments)) if evidence.attachments else ""

    def search_text(self, item: EvidenceRow) -> str:
        return item.search_text()

    def extra_data(self, item: EvidenceRow, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.display(item, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == EvidenceColumn.EXPIRES:
                return item.expires_explained
            if column == EvidenceColumn.FILES and item.evidence.attachments:
                return plain_tooltip("\n".join(a.file_name for a in item.evidence.attachments))
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
            return len(item.evidence.attachments)
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


# ---- the detail pane -------------------------------------------------------------------------


def _widest_characters(column: int) -> int:
    """A first width for a column, in characters."""
    return {
        EvidenceColumn.TITLE: 24,
        EvidenceColumn.EXPIRES: 24,
        EvidenceColumn.ROUTE: 10,
        EvidenceColumn.FILES: 5,
        EvidenceColumn.ACHIEVED: 11,
        EvidenceColumn.PERSON: 16,
    }.get(EvidenceColumn(column), 17)


def _value_label(name: str) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(name)
    return label


class EvidenceView(DocumentView):
    title = "Evidence"

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self._editable = document.editable
        self.dialog: EvidenceDialog | None = None
        self.pending: LongWork | None = None
        self._last_opened: tuple[int | None, float] = (None, 0.0)
        self._refreshing = False

        # ---- filters
        self.search_edit = self.make_search_edit(
            "Search names, titles, issuers, files…", "Search evidence"
        )
        self.person_filter = QComboBox()
        self.person_filter.setAccessibleName("Show evidence of person")
        self.competency_filter = QComboBox()
        self.competency_filter.setAccessibleName("Show evidence of competency")
        self.kind_filter = QComboBox()
        self.kind_filter.setAccessibleName("Show evidence of kind")
        self.kind_filter.addItem("All kinds", None)
        for kind in EvidenceKind:
            self.kind_filter.addItem(kind.label, kind)
        self.validity_filter = QComboBox()
        self.validity_filter.setAccessibleName("Show evidence by validity")
        for label, validities in (
            ("Any validity", frozenset()),
            ("Valid", frozenset({Validity.VALID, Validity.EXPIRING, Validity.NEVER_EXPIRES})),
            ("⚠ Expiring soon", frozenset({Validity.EXPIRING})),
            ("✘ Expired", frozenset({Validity.EXPIRED})),
        ):
            self.validity_filter.addItem(label, validities)
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Evidence shown")

        filters = QHBoxLayout()
        for text, widget in (
            ("&Search:", self.search_edit),
            ("&Person:", self.person_filter),
            ("&Competency:", self.competency_filter),
            ("&Kind:", self.kind_filter),
            ("Validit&y:", self.validity_filter),
        ):
            filter_label = QLabel(text)
            filter_label.setBuddy(widget)
            filters.addWidget(filter_label)
            filters.addWidget(widget, 2 if widget is self.search_edit else 1)
        filters.addWidget(self.count_label)

        # ---- buttons
        self.new_button = QPushButton("&New evidence…")
        self.new_button.clicked.connect(lambda: self.new_evidence())
        self.edit_button = QPushButton("Ed&it…")
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton("De&lete")
        self.delete_button.setToolTip(
            "Delete the selected evidence and its files (Delete; undo with Ctrl+Z)"
        )
        self.delete_button.clicked.connect(self.delete_selected)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        # ---- the list
        self.model = EvidenceTableModel(self)
        self.proxy = EvidenceFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_record_table(self.proxy, "Evidence")
        self.table.setTabKeyNavigation(True)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.sortByColumn(EvidenceColumn.ACHIEVED, Qt.SortOrder.DescendingOrder)
        self.table.activated.connect(self.on_table_activated)
        self.table.selectionModel().selectionChanged.connect(self.on_selection_changed)
        self._columns_sized = False
        add_shortcut_action(
            self.table, "Delete evidence", QKeySequence.StandardKey.Delete, self.delete_selected
        )

        # ---- the detail pane
        # The detail pane: files dropped on it are attached to the evidence shown.
        self.details = FileDropFrame()
        self.details.drops_enabled = False
        self.details.setAccessibleName("Evidence details")
        self.details.files_dropped.connect(self.attach_files)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        heading_font = self.heading.font()
        heading_font.setBold(True)
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.15)
        self.heading.setFont(heading_font)
        self.fields: dict[str, QLabel] = {}
        field_form = QFormLayout()
        field_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name in (
            "Person",
            "Competency",
            "Kind",
            "Route",
            "Issuer",
            "Achieved",
            "Expires",
            "Score",
            "Verified",
            "Notes",
        ):
            self.fields[name] = _value_label(name)
            field_form.addRow(f"{name}:", self.fields[name])
        fields_widget = QWidget()
        fields_layout = QVBoxLayout(fields_widget)
        fields_layout.setContentsMargins(0, 0, 0, 0)
        fields_layout.addWidget(self.heading)
        fields_layout.addLayout(field_form)
        fields_layout.addStretch(1)
        fields_scroll = QScrollArea()
        fields_scroll.setWidget(fields_widget)
        fields_scroll.setWidgetResizable(True)
        fields_scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        self.attachment_model = AttachmentTableModel(self)
        self.attachments = QTableView()
        self.attachments.setModel(self.attachment_model)
        self.attachments.setAccessibleName("Attached files")
        self.attachments.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.attachments.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.attachments.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.attachments.verticalHeader().hide()
        self.attachments.setShowGrid(False)
        self.attachments.setWordWrap(False)
        # The end of a file name (its extension, the person) says more than its middle.
        self.attachments.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.attachments.horizontalHeader()
        header.setSectionResizeMode(AttachmentColumn.FILE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(AttachmentColumn.SIZE, QHeaderView.ResizeMode.ResizeToContents)
        self.attachments.setMaximumHeight(self.fontMetrics().lineSpacing() * 7)
        self.attachments.activated.connect(self.on_attachment_activated)
        self.attachments.clicked.connect(self.on_attachment_clicked)
        self.attachments.selectionModel().currentRowChanged.connect(
            self.on_current_attachment_changed
        )
        add_shortcut_action(
            self.attachments,
            "Remove attachment",
            QKeySequence.StandardKey.Delete,
            self.remove_selected_attachment,
        )

        self.attach_button = QPushButton("A&ttach files…")
        self.attach_button.clicked.connect(self.on_attach_button_clicked)
        self.open_button = QPushButton("&Open")
        self.open_button.setToolTip("Open the selected file in its own application (Enter)")
        self.open_button.clicked.connect(self.open_selected_attachment)
        self.save_button = QPushButton("Save &as…")
        self.save_button.clicked.connect(self.save_selected_attachment_as)
        self.remove_button = QPushButton("Re&move")
        self.remove_button.setToolTip(
            "Remove the selected file from this evidence (undo with Ctrl+Z)"
        )
        self.remove_button.clicked.connect(self.remove_selected_attachment)
        attachment_buttons = QHBoxLayout()
        for button in (self.attach_button, self.open_button, self.save_button, self.remove_button):
            attachment_buttons.addWidget(button)
        attachment_buttons.addStretch(1)
        self.attachments_label = QLabel("Attached files:")
        self.attachments_label.setBuddy(self.attachments)
        self.attachments_hint = QLabel()
        self.attachments_hint.setWordWrap(True)
        self.preview = AttachmentPreview()

        files_widget = QWidget()
        files_layout = QVBoxLayout(files_widget)
        files_layout.setContentsMargins(0, 0, 0, 0)
        files_layout.addWidget(self.attachments_label)
        files_layout.addWidget(self.attachments)
        files_layout.addLayout(attachment_buttons)
        files_layout.addWidget(self.attachments_hint)
        files_layout.addWidget(self.preview, 1)

        self.detail_splitter = QSplitter(Qt.Orientation.Vertical)
        self.detail_splitter.addWidget(fields_scroll)
        self.detail_splitter.addWidget(files_widget)
        self.detail_splitter.setStretchFactor(0, 2)
        self.detail_splitter.setStretchFactor(1, 3)
        self.detail_splitter.setChildrenCollapsible(False)
        self.empty_label = QLabel("Select evidence in the list to see its details and files.")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        details_layout = QVBoxLayout(self.details)
        details_layout.setContentsMargins(4, 0, 0, 0)
        details_layout.addWidget(self.empty_label)
        details_layout.addWidget(self.detail_splitter, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([2000, 1000])
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(self.splitter, 1)

        self.search_edit.textChanged.connect(self._apply_filters)
        for combo in (
            self.person_filter,
            self.competency_filter,
            self.kind_filter,
            self.validity_filter,
        ):
            combo.currentIndexChanged.connect(self._apply_filters)
        connect_row_count_changes(self.proxy, self._update_count)

        self.set_editable(document.editable)
        self._show_details(None)

    # ---- loading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        store = self.document.store
        people, competencies = store.people.all(), store.competencies.all()
        selected = self.selected_row()
        selected_id = selected.evidence.id if selected else None
        selected_proxy_row = self.table.currentIndex().row()
        attachment = self.selected_attachment()
        self._fill_filter(self.person_filter, "All people", [(p.name, p.id) for p in people])
        self._fill_filter(
            self.competency_filter, "All competencies", [(c.name, c.id) for c in competencies]
        )
        rows = evidence_rows(
            store.evidence.list(),
            people,
            competencies,
            as_of=self.document.as_of,
            warning_days=store.settings.get().expiry_warning_days,
        )
        # The list is rebuilt under the selection: show the details once, at the end, so that
        # the previewed file is not let go and exported again on every edit.
        self._refreshing = True
        try:
            self.model.set_rows(rows)
            self.proxy.set_filters(**self._filters())
            if rows and not self._columns_sized:
                self._size_columns()
            if selected_id is not None:
                reselect_record_row(
                    self.table, self.model, self.proxy, selected_id, selected_proxy_row
                )
        finally:
            self._refreshing = False
        current = self.selected_row()
        self._show_details(current)
        if current is not None and attachment is not None:
            self.select_attachment(attachment.id)
        self._update_count()

    def _size_columns(self) -> None:
        self._columns_sized = True
        fit_columns_to_contents(self.table, _widest_characters)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # Audit mode enlarges the type: the columns follow.
        if event.type() == QEvent.Type.FontChange and self.model.rowCount():
            self._size_columns()

    @staticmethod
    def _fill_filter(combo: QComboBox, all_text: str, items: list[tuple[str, int]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        try:
            combo.clear()
            combo.addItem(all_text, None)
            for text, value in items:
                combo.addItem(text, value)
            index = combo.findData(current) if current is not None else 0
            combo.setCurrentIndex(max(index, 0))
        finally:
            combo.blockSignals(False)

    def _filters(self) -> dict[str, Any]:
        return {
            "person_id": self.person_filter.currentData(),
            "competency_id": self.competency_filter.currentData(),
            "kind": self.kind_filter.currentData(),
            "validities": self.validity_filter.currentData() or frozenset(),
            "text": self.search_edit.text(),
        }

    def _apply_filters(self, *_args: object) -> None:
        selected = self.selected_row()
        self.proxy.set_filters(**self._filters())
        if selected is not None and not self.select_evidence(selected.evidence.id):
            self.table.clearSelection()
            self.table.setCurrentIndex(QModelIndex())
            self._show_details(None)
        self._update_count()

    def clear_filters(self) -> None:
        for combo in (
            self.person_filter,
            self.competency_filter,
            self.kind_filter,
            self.validity_filter,
        ):
            combo.setCurrentIndex(0)
        self.search_edit.clear()

    def _update_count(self, *_args: object) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(f"{shown} of {total}" if shown != total else f"{total} records")

    # ---- selection ----------------------------------------------------------------------------

    def selected_row(self) -> EvidenceRow | None:
        item = selected_item(self.table)
        return item if isinstance(item, EvidenceRow) else None

    def selected_evidence(self) -> Evidence | None:
        item = self.selected_row()
        return item.evidence if item else None

    def select_evidence(self, evidence_id: int) -> bool:
        """Select a record in the list; False if it is not there (or filtered out)."""
        return select_record_row(self.table, self.model, self.proxy, evidence_id)

    def show_evidence(self, evidence_id: int) -> None:
        """Select a record, clearing the filters if they hide it (for other views to link here)."""
        if self.isVisible() and self._stale:
            self.refresh()
        if not self.select_evidence(evidence_id):
            self.clear_filters()
            self.select_evidence(evidence_id)

    def on_selection_changed(self, *_args: object) -> None:
        if not self._refreshing:
            self._show_details(self.selected_row())

    def selected_attachment(self) -> Attachment | None:
        index = self.attachments.currentIndex()
        if not index.isValid():
            return None
        return self.attachment_model.attachment(index.row())

    def select_attachment(self, attachment_id: int) -> bool:
        row = self.attachment_model.row_of(attachment_id)
        if row is None:
            return False
        self.attachments.selectionModel().setCurrentIndex(
            self.attachment_model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        return True

    def on_current_attachment_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        attachment = self.attachment_model.attachment(current.row()) if current.isValid() else None
        self.preview.show_attachment(self.document, attachment)
        self._update_buttons()

    # ---- the detail pane ----------------------------------------------------------------------

    def _show_details(self, item: EvidenceRow | None) -> None:
        self.empty_label.setVisible(item is None)
        self.detail_splitter.setVisible(item is not None)
        self.details.drops_enabled = item is not None and self._editable
        if item is None:
            self.attachment_model.set_attachments(())
            self.preview.clear()
            self._update_buttons()
            return
        evidence = item.evidence
        self.heading.setText(evidence.title or f"{evidence.kind.label}: {item.competency.name}")
        verified = " on ".join(
            part
            for part in (
                evidence.verified_by,
                evidence.verified_on.isoformat() if evidence.verified_on else "",
            )
            if part
        )
        values = {
            "Person": f"{item.person.name} <{item.person.email}>",
            "Competency": f"{item.competency.name} ({item.competency.level.label.lower()})",
            "Kind": evidence.kind.label,
            "Route": evidence.route.label,
            "Issuer": evidence.issuer or "—",
            "Achieved": evidence.achieved_on.isoformat() if evidence.achieved_on else "not dated",
            "Expires": (
                f"{item.validity.symbol} {item.expires_explained}".strip()
                if item.expires_on
                else "Never: no expiry date, and the competency needs no renewal"
            ),
            "Score": format_score(evidence.score) or "—",
            "Verified": verified or "not verified",
            "Notes": evidence.notes or "—",
        }
        for name, text in values.items():
            self.fields[name].setText(text)
        previous = self.selected_attachment()
        self.attachment_model.set_attachments(evidence.attachments)
        keep = previous is not None and self.select_attachment(previous.id)
        if not keep and evidence.attachments:
            # The first file is shown at once, and is one click from opening.
            self.select_attachment(evidence.attachments[0].id)
        elif not evidence.attachments:
            self.preview.clear()
        count = len(evidence.attachments)
        self.attachments_label.setText(
            f"Attached files ({count}):" if count else "No files attached."
        )
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_evidence = self.selected_row() is not None
        has_attachment = has_evidence and self.selected_attachment() is not None
        self.new_button.setEnabled(self._editable)
        self.edit_button.setEnabled(self._editable and has_evidence)
        self.delete_button.setEnabled(self._editable and has_evidence)
        self.attach_button.setEnabled(self._editable and has_evidence)
        self.remove_button.setEnabled(self._editable and has_attachment)
        self.open_button.setEnabled(has_attachment)
        self.save_button.setEnabled(has_attachment)
        if self.document.audit_mode:
            hint = "Click a file to open it."
        elif self._editable:
            hint = "Drop files here to attach them. Enter opens the selected file."
        else:
            hint = "Enter opens the selected file."
        self.attachments_hint.setText(hint)

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self.details.drops_enabled = editable and self.selected_row() is not None
        self._update_buttons()

    # ---- editing evidence ---------------------------------------------------------------------

    def _open_dialog(self, dialog: EvidenceDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda result: self.on_dialog_finished(dialog, result))
        dialog.open()

    def new_evidence(self, files: Sequence[Path] = ()) -> None:
        if not self._editable:
            return
        person_id = self.person_filter.currentData()
        competency_id = self.competency_filter.currentData()
        dialog = EvidenceDialog(self.document, files=files, parent=self)
        # Start from the person and competency the list is narrowed to, if any.
        if person_id is not None:
            dialog.person_combo.setCurrentIndex(dialog.person_combo.findData(person_id))
        if competency_id is not None:
            dialog.competency_combo.setCurrentIndex(dialog.competency_combo.findData(competency_id))
        self._open_dialog(dialog)

    def edit_selected(self) -> None:
        evidence = self.selected_evidence()
        if evidence is None or not self._editable:
            return
        self._open_dialog(EvidenceDialog(self.document, evidence=evidence, parent=self))

    def on_dialog_finished(self, dialog: EvidenceDialog, result: int) -> None:
        if result == EvidenceDialog.DialogCode.Accepted and dialog.saved_evidence_id is not None:
            self.show_evidence(dialog.saved_evidence_id)
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def delete_selected(self) -> None:
        evidence = self.selected_evidence()
        if evidence is None or not self._editable:
            return
        self.document.push_or_report(DeleteEvidenceCommand(self.document.store, evidence))

    def on_table_activated(self, index: QModelIndex) -> None:
        if self._editable:
            self.edit_selected()
        elif self.selected_attachment() is not None:
            self.open_selected_attachment()

    # ---- attachments --------------------------------------------------------------------------

    def on_attach_button_clicked(self) -> None:
        if self.selected_evidence() is None:
            return
        chosen, _ = QFileDialog.getOpenFileNames(self, "Files to attach")
        if chosen:
            self.attach_files([Path(name) for name in chosen])

    def attach_files(self, paths: Sequence[Path]) -> None:
        """Attach files to the selected evidence: one undo step per file."""
        evidence = self.selected_evidence()
        if evidence is None or not self._editable or not paths:
            return
        store = self.document.store
        commands: list[StoreCommand] = [AttachFilesCommand(store, evidence, path) for path in paths]
        sizes = [file_size(path) for path in paths]

        def on_finished(applied: list[StoreCommand], error: str | None) -> None:
            self.pending = None
            if applied and isinstance(applied[-1], AttachFilesCommand):
                record_id = applied[-1].record_id
                if record_id is not None:
                    self.select_attachment(record_id)
            if error is not None:
                self.document.failed.emit(error)

        self.pending = run_attaching(
            self.document,
            commands,
            sizes=sizes,
            parent=self,
            label=f"Attaching {len(paths)} file(s)…",
            on_finished=on_finished,
        )

    def remove_selected_attachment(self) -> None:
        attachment = self.selected_attachment()
        if attachment is None or not self._editable:
            return
        self.document.push_or_report(
            RemoveAttachmentCommand(self.document.store, attachment.id, attachment.file_name)
        )

    def open_selected_attachment(self) -> Path | None:
        attachment = self.selected_attachment()
        if attachment is None:
            return None
        return open_attachment(self.document, attachment.id, self)

    def save_selected_attachment_as(self) -> Path | None:
        attachment = self.selected_attachment()
        if attachment is None:
            return None
        return save_attachment_as(self.document, attachment.id, self)

    def on_attachment_activated(self, _index: QModelIndex) -> None:
        self._open_from_list()

    def on_attachment_clicked(self, index: QModelIndex) -> None:
        # In front of the auditor, one click shows the file.
        if self.document.audit_mode and index.isValid():
            self._open_from_list()

    def _open_from_list(self) -> None:
        """Open the selected file, once: a double click also counts as a click in audit mode."""
        attachment = self.selected_attachment()
        if attachment is None:
            return
        now = time.monotonic()
        last_id, last_time = self._last_opened
        if attachment.id == last_id and now - last_time < _REOPEN_SECONDS:
            return
        self._last_opened = (attachment.id, now)
        self.open_selected_attachment()
