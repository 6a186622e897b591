"""The pane beside the evidence list: the selected record's fields, its files and a preview."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
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

from compdesk.models.records import Attachment
from compdesk.views.commands.base import StoreCommand
from compdesk.views.commands.evidence import AttachFilesCommand, RemoveAttachmentCommand
from compdesk.views.document import Document
from compdesk.views.evidence.dialog import attaching_label, format_score
from compdesk.views.evidence.rows import EvidenceRow
from compdesk.views.widgets.attachments import (
    AttachmentColumn,
    AttachmentPreview,
    AttachmentTableModel,
    file_size,
    open_attachment,
    run_attaching,
    save_attachment_as,
)
from compdesk.views.widgets.file_drops import FileDropFrame
from compdesk.views.widgets.record_table import add_shortcut_action
from compdesk.views.widgets.workers import LongWork

# Clicks on the same file within this time open it only once.
_REOPEN_SECONDS: Final = 1.5
_FIELD_NAMES: Final = (
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
)


def _value_label(name: str) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(name)
    return label


def _field_texts(item: EvidenceRow) -> dict[str, str]:
    evidence = item.evidence
    verified = " on ".join(
        part
        for part in (
            evidence.verified_by,
            evidence.verified_on.isoformat() if evidence.verified_on else "",
        )
        if part
    )
    return {
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


class EvidenceDetails(FileDropFrame):
    """One evidence record in full, with its attached files: open, save, remove, preview, and
    attach more (also by dropping files on the pane)."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.row: EvidenceRow | None = None
        self._editable = document.editable
        # The attaching under way, when it runs off the GUI thread.
        self.pending: LongWork | None = None
        self._last_opened: tuple[int | None, float] = (None, 0.0)
        self.drops_enabled = False
        self.setAccessibleName("Evidence details")
        self.files_dropped.connect(self.attach_files)

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
        for name in _FIELD_NAMES:
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
        self.attachments = self._make_attachment_table()

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
        details_layout = QVBoxLayout(self)
        details_layout.setContentsMargins(4, 0, 0, 0)
        details_layout.addWidget(self.empty_label)
        details_layout.addWidget(self.detail_splitter, 1)

    def _make_attachment_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.attachment_model)
        table.setAccessibleName("Attached files")
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.setShowGrid(False)
        table.setWordWrap(False)
        # The end of a file name (its extension, the person) says more than its middle.
        table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = table.horizontalHeader()
        header.setSectionResizeMode(AttachmentColumn.FILE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(AttachmentColumn.SIZE, QHeaderView.ResizeMode.ResizeToContents)
        table.setMaximumHeight(self.fontMetrics().lineSpacing() * 7)
        table.activated.connect(self.on_attachments_activated)
        table.clicked.connect(self.on_attachments_clicked)
        table.selectionModel().currentRowChanged.connect(self.on_current_attachment_changed)
        add_shortcut_action(
            table,
            "Remove attachment",
            QKeySequence.StandardKey.Delete,
            self.remove_selected_attachment,
        )
        return table

    # ---- what is shown ------------------------------------------------------------------------

    def show_row(self, item: EvidenceRow | None) -> None:
        """Show a record (None: say how to choose one)."""
        self.row = item
        self.empty_label.setVisible(item is None)
        self.detail_splitter.setVisible(item is not None)
        self.drops_enabled = item is not None and self._editable
        if item is None:
            self.attachment_model.set_attachments(())
            self.preview.clear()
            self._update_buttons()
            return
        evidence = item.evidence
        # The list's rows name their files only; the one shown is read with its attachments.
        attachments = self.document.store.attachments.by_evidence(evidence.id).get(evidence.id, [])
        self.heading.setText(evidence.title or f"{evidence.kind.label}: {item.competency.name}")
        for name, text in _field_texts(item).items():
            self.fields[name].setText(text)
        previous = self.selected_attachment()
        self.attachment_model.set_attachments(attachments)
        keep = previous is not None and self.select_attachment(previous.id)
        if not keep and attachments:
            # The first file is shown at once, and is one click from opening.
            self.select_attachment(attachments[0].id)
        elif not attachments:
            self.preview.clear()
        count = len(attachments)
        self.attachments_label.setText(
            f"Attached files ({count}):" if count else "No files attached."
        )
        self._update_buttons()

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self.drops_enabled = editable and self.row is not None
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_attachment = self.row is not None and self.selected_attachment() is not None
        self.attach_button.setEnabled(self._editable and self.row is not None)
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

    # ---- the selected file --------------------------------------------------------------------

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

    def on_attachments_activated(self, _index: QModelIndex) -> None:
        self._open_from_list()

    def on_attachments_clicked(self, index: QModelIndex) -> None:
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

    # ---- changing the files -------------------------------------------------------------------

    def on_attach_button_clicked(self) -> None:
        if self.row is None:
            return
        chosen, _ = QFileDialog.getOpenFileNames(self, "Files to attach", str(self.document.folder))
        if chosen:
            self.attach_files([Path(name) for name in chosen])

    def attach_files(self, paths: Sequence[Path]) -> None:
        """Attach files to the evidence shown: one undo step per file."""
        if self.row is None or not self._editable or not paths:
            return
        store = self.document.store
        evidence = self.row.evidence
        commands: list[StoreCommand] = [AttachFilesCommand(store, evidence, path) for path in paths]

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
            sizes=[file_size(path) for path in paths],
            parent=self,
            label=attaching_label(len(paths)),
            on_finished=on_finished,
        )

    def remove_selected_attachment(self) -> None:
        attachment = self.selected_attachment()
        if attachment is None or not self._editable:
            return
        self.document.push_or_report(
            RemoveAttachmentCommand(self.document.store, attachment.id, attachment.file_name)
        )
