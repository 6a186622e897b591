"""The Evidence view: every evidence record, filterable, with its attached files and their preview."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from compdesk.models.records import Evidence, EvidenceKind
from compdesk.models.rules import Validity
from compdesk.views.commands.base import Change
from compdesk.views.commands.evidence import DeleteEvidenceCommand
from compdesk.views.document import Document
from compdesk.views.evidence.details import EvidenceDetails
from compdesk.views.evidence.dialog import EvidenceDialog
from compdesk.views.evidence.rows import EvidenceRow, evidence_rows
from compdesk.views.evidence.table import (
    EvidenceColumn,
    EvidenceFilterProxy,
    EvidenceTableModel,
    narrowest_characters,
    widest_characters,
)
from compdesk.views.widgets.document_view import DocumentView
from compdesk.views.widgets.record_table import (
    add_shortcut_action,
    connect_row_count_changes,
    fit_columns_to_contents,
    make_record_table,
    reselect_record_row,
    select_record_row,
    selected_item,
)


class EvidenceView(DocumentView):
    title = "Evidence"
    shows = Change.EVIDENCE | Change.PEOPLE | Change.COMPETENCIES | Change.AS_OF

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self._editable = document.editable
        self.dialog: EvidenceDialog | None = None
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

        for combo in (
            self.person_filter,
            self.competency_filter,
            self.kind_filter,
            self.validity_filter,
        ):
            keep_combo_narrow(combo)

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
        self.details_button = QPushButton("&Details")
        self.details_button.setCheckable(True)
        self.details_button.setChecked(True)
        self.details_button.setToolTip(
            "Show or hide the pane with the selected record, its files and their preview"
        )
        self.details_button.toggled.connect(self.on_details_button_toggled)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        # Here rather than after the filters, which need every pixel in audit mode.
        buttons.addWidget(self.count_label)
        buttons.addWidget(self.details_button)

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

        self.details = EvidenceDetails(document)

        # The list comes first: it gets the width its columns need, the details pane the rest
        # (never below its minimum; dragged to the edge, it folds away).
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setCollapsible(0, False)
        self.splitter.setCollapsible(1, True)
        self.splitter.splitterMoved.connect(self.on_splitter_moved)
        self._width_shared_by_user = False

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
        self.details.show_row(None)

    # ---- loading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        store = self.document.store
        people, competencies = store.people.all(), store.competencies.all()
        selected = self.selected_row()
        selected_id = selected.evidence.id if selected else None
        selected_proxy_row = self.table.currentIndex().row()
        attachment = self.details.selected_attachment()
        self._fill_filter(self.person_filter, "All people", [(p.name, p.id) for p in people])
        self._fill_filter(
            self.competency_filter, "All competencies", [(c.name, c.id) for c in competencies]
        )
        rows = evidence_rows(
            store.evidence.listed(),
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
            self.details.select_attachment(attachment.id)
        self._update_count()

    def _size_columns(self) -> None:
        self._columns_sized = True
        fit_columns_to_contents(
            self.table, widest_characters, narrowest_characters=narrowest_characters
        )
        self._share_width()

    def _share_width(self) -> None:
        """The list as wide as its columns, as far as the details pane keeps its minimum."""
        total = self.splitter.width() - self.splitter.handleWidth()
        if self._width_shared_by_user or not self.details_button.isChecked() or total <= 0:
            return
        table = self.table
        wanted = (
            table.wanted_columns_width()
            + (table.verticalHeader().width() if table.verticalHeader().isVisible() else 0)
            + table.verticalScrollBar().sizeHint().width()
            + 2 * table.frameWidth()
        )
        details = max(total - wanted, self.details.minimumSizeHint().width(), total // 4)
        self.splitter.setSizes([total - details, details])

    def on_splitter_moved(self, _position: int, _index: int) -> None:
        self._width_shared_by_user = True
        # Dragged to the edge, the pane is folded away as the button folds it.
        self.details_button.setChecked(self.splitter.sizes()[1] > 0)

    def on_details_button_toggled(self, shown: bool) -> None:
        if shown == (self.splitter.sizes()[1] > 0):
            return
        if shown:
            self._width_shared_by_user = False
            self._share_width()
        else:
            self.splitter.setSizes([self.splitter.width(), 0])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._share_width()

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
        self.count_label.setText(
            f"{shown} of {total}"
            if shown != total
            else f"{total} record{'' if total == 1 else 's'}"
        )

    # ---- selection ----------------------------------------------------------------------------

    def selected_row(self) -> EvidenceRow | None:
        item = selected_item(self.table)
        return item if isinstance(item, EvidenceRow) else None

    def selected_evidence(self) -> Evidence | None:
        """The selected record in full, with its attachments."""
        item = self.selected_row()
        return self.document.store.evidence.get(item.evidence.id) if item else None

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

    def _show_details(self, item: EvidenceRow | None) -> None:
        self.details.show_row(item)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_evidence = self.selected_row() is not None
        self.new_button.setEnabled(self._editable)
        self.edit_button.setEnabled(self._editable and has_evidence)
        self.delete_button.setEnabled(self._editable and has_evidence)

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self.details.set_editable(editable)
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
        dialog.guard.take_as_opened()
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
        item = self.selected_row()
        evidence = item.evidence if item else None
        if evidence is None or not self._editable:
            return
        self.document.push_or_report(DeleteEvidenceCommand(self.document.store, evidence))

    def on_table_activated(self, index: QModelIndex) -> None:
        if self._editable:
            self.edit_selected()
        else:
            self.details.open_selected_attachment()


def keep_combo_narrow(combo: QComboBox) -> None:
    """A filter as narrow as a few characters when the row is short of room (audit mode at
    1024 pixels); its list still shows every choice whole, and so does its tooltip."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(6)
    combo.currentTextChanged.connect(combo.setToolTip)
