"""A table of records beside the form that edits the selected one: New, Delete, and the rule
that the form always shows what the table has selected.

A way out of the form (another row, New, or the view's `commit_pending`) saves what the form
holds first; refused, the selection goes back to the record (or the draft) the form shows, so a
row is never selected, nor offered for deletion, while the form shows another.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from compdesk.views.commands.base import StoreCommand
from compdesk.views.document import Document
from compdesk.views.widgets.forms import ask_to_confirm
from compdesk.views.widgets.record_form import RecordForm
from compdesk.views.widgets.record_table import (
    RecordFilterProxy,
    RecordRole,
    RecordTableModel,
    make_record_table,
    select_record_row,
)


class RecordBrowser(QWidget):
    """A sortable table of records with New and Delete, driving a RecordForm.

    Moving to another record saves the form's pending changes first; if they are refused, the
    selection goes back to what the form shows and the form says why, so no typing is lost.
    With `several`, rows can be selected together (the form then steps aside: it edits one).
    """

    def __init__(
        self,
        document: Document,
        model: RecordTableModel,
        proxy: RecordFilterProxy,
        form: RecordForm,
        *,
        noun: str,
        plural: str,
        delete_command: Callable[[Any], StoreCommand],
        deletion_warning: Callable[[Any], str],
        several: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.document, self.model, self.proxy, self.form = document, model, proxy, form
        self.noun, self.plural = noun, plural
        self._delete_command = delete_command
        self._deletion_warning = deletion_warning
        self._editable = True
        self._switching = False
        # A change was refused: until the click that asked for another row is handled, the
        # selection stays on what the form shows.
        self._holding = False
        self.confirm_box: Any = None
        proxy.setSourceModel(model)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.toolbar = QHBoxLayout()
        self.new_button = QPushButton(f"New {noun}")
        self.new_button.setToolTip(f"Empty the form to add a new {noun}")
        self.new_button.clicked.connect(self.start_new)
        self.delete_button = QPushButton(f"Delete {noun}…")
        self.delete_button.setToolTip(f"Delete the selected {noun} (Delete key); you can undo it")
        self.delete_button.clicked.connect(self.delete_current)
        self.toolbar.addWidget(self.new_button)
        self.toolbar.addWidget(self.delete_button)
        self.toolbar.addStretch(1)
        layout.addLayout(self.toolbar)
        self.table = make_record_table(proxy, plural.capitalize())
        if several:
            self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        layout.addWidget(self.table)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().currentRowChanged.connect(self.on_table_current_row_changed)
        self.table.selectionModel().selectionChanged.connect(self.on_table_selection_changed)
        delete_shortcut = QShortcut(QKeySequence.StandardKey.Delete, self.table)
        delete_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_shortcut.activated.connect(self.delete_current)
        form.applied.connect(self.on_form_applied)
        form.load(None)
        self._update_buttons()

    def order_tab_chain(self, before: list[QWidget]) -> None:
        """Tab through `before`, then New, Delete, the table and the form, top to bottom.

        Call it once the form is placed: Qt links only widgets of the same window.
        """
        chain = [*before, self.new_button, self.delete_button]
        for position in range(2, self.toolbar.count()):
            item = self.toolbar.itemAt(position)
            extra = item.widget() if item is not None else None
            if extra is not None:
                chain.append(extra)
        chain.append(self.table)
        chain += self.form.order_tab_chain()
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    # ---- records ------------------------------------------------------------------------

    def reload(self, records: Sequence[Any]) -> None:
        known = {self.model.row_id(record) for record in self.model.rows()}
        self.model.set_records(records)
        if any(record.id not in known for record in records):
            # Added or imported: the new values may be wider than the columns.
            self.fit_columns()
        record = self.current_record()
        if record is None:
            if self.form.record is not None and not self.selected_records():
                self.form.load(None)
        elif not self.form.dirty or self.form.record is None or self.form.record.id != record.id:
            self.form.load(record)
        self._show_selection_in_form()
        self._update_buttons()

    widest_column = 260

    def fit_columns(self) -> None:
        """Columns as wide as their contents, up to a limit; the last one stretches."""
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount() - 1):
            self.table.resizeColumnToContents(column)
            header.resizeSection(column, min(header.sectionSize(column) + 8, self.widest_column))

    def selected_records(self) -> list[Any]:
        """The records of the selected rows, in the table's order."""
        rows = sorted(self.table.selectionModel().selectedRows(), key=lambda index: index.row())
        return [self.proxy.data(index, RecordRole.RECORD) for index in rows]

    def current_record(self) -> Any | None:
        """The one selected record; None when none is (a new one is being written) or when
        several are."""
        records = self.selected_records()
        return records[0] if len(records) == 1 else None

    def select_record(self, record_id: int | None) -> bool:
        """Select the record with that id (None: no selection); False if it is filtered out."""
        if record_id is None:
            self.table.selectionModel().clear()
            return True
        return select_record_row(self.table, self.model, self.proxy, record_id)

    def commit_pending(self) -> bool:
        """Save what the form holds before a way out of it; False (the form says why, the
        focus in the field at fault) if it does not validate."""
        return self.form.commit_pending()

    # ---- slots --------------------------------------------------------------------------

    def on_table_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._switching:
            return
        record = self.proxy.data(current, RecordRole.RECORD) if current.isValid() else None
        pending = self.form.record
        same = record is not None and pending is not None and record.id == pending.id
        if self.form.dirty and not same:
            self._switching = True
            try:
                if not self.form.commit_pending():
                    # Stay on the record (or the draft) whose changes were refused.
                    self._holding = True
                    self._select_what_the_form_shows()
                    return
                current = self.table.currentIndex()
                record = self.proxy.data(current, RecordRole.RECORD) if current.isValid() else None
            finally:
                self._switching = False
        # Focus arriving in the table makes a row current without selecting it. A click
        # (Ctrl+click too) selects its row itself once the current one has changed.
        if QApplication.mouseButtons() == Qt.MouseButton.NoButton:
            self._select_current_row_if_none()
        self.form.load(record)
        self._show_selection_in_form()
        self._update_buttons()

    def _select_current_row_if_none(self) -> None:
        current = self.table.currentIndex()
        if current.isValid() and not self.table.selectionModel().hasSelection():
            self.table.selectionModel().select(
                current,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def on_table_selection_changed(self, *_args: object) -> None:
        if self._holding and not self._switching and not self._selection_is_the_form():
            # A click selects its row after the current row has changed: a refused change
            # (kept in the form, dirty) takes the selection back to what the form shows.
            self._switching = True
            try:
                self._select_what_the_form_shows()
            finally:
                self._switching = False
        self._show_selection_in_form()
        self._update_buttons()

    def _selection_is_the_form(self) -> bool:
        ids = [record.id for record in self.selected_records()]
        shown = self.form.record
        return ids == ([] if shown is None else [shown.id])

    def _select_what_the_form_shows(self) -> None:
        shown = self.form.record
        if shown is None or not self.select_record(shown.id):
            self.table.selectionModel().clear()
        # The next event may still select the row clicked: check again once it is handled.
        QTimer.singleShot(0, self, self._recheck_selection)

    def _recheck_selection(self) -> None:
        if not self._selection_is_the_form():
            self.on_table_selection_changed()
        self._holding = False

    def _show_selection_in_form(self) -> None:
        """Several rows selected: the form, which edits one record, steps aside."""
        count = len(self.table.selectionModel().selectedRows())
        several = count > 1
        self.form.setEnabled(not several)
        if several:
            self.form.heading.setText(f"{count} {self.plural} selected")
        elif self.form.record is not None:
            self.form.heading.setText(self.form.title_of(self.form.record))

    def on_form_applied(self, command: StoreCommand) -> None:
        if self._switching:
            return
        new_id = getattr(command, "record_id", None)
        if self.form.is_new and isinstance(new_id, int):
            # Shown even when the search hides it from the table: the user just added it.
            self.select_record(new_id)
            self.form.load(self._record_by_id(new_id))
        elif self.form.record is not None:
            self.form.load(self._record_by_id(self.form.record.id))
        self._update_buttons()

    def _record_by_id(self, record_id: int) -> Any | None:
        row = self.model.row_of(record_id)
        return self.model.row(row) if row is not None else None

    def start_new(self) -> None:
        if not self.form.commit_pending():
            return
        self._switching = True
        try:
            self.table.selectionModel().clear()
        finally:
            self._switching = False
        self.form.load(None)
        self._show_selection_in_form()
        self._update_buttons()
        first = self.form.fields.itemAt(0, self.form.fields.ItemRole.FieldRole)
        field = first.widget() if first is not None else None
        if field is not None:
            field.setFocus(Qt.FocusReason.OtherFocusReason)

    def delete_current(self) -> None:
        record = self.current_record()
        if record is None or not self._editable or not self.document.editable:
            return
        name = getattr(record, "name", self.noun)
        warning = self._deletion_warning(record)
        text = f"Delete the {self.noun} “{name}”?"
        if warning:
            text += f"\n\n{warning}"
        text += "\n\nYou can undo this with Edit ▸ Undo."

        def on_confirmed() -> None:
            self.document.push_or_report(self._delete_command(record))

        self.confirm_box = ask_to_confirm(self, f"Delete {self.noun}", text, "Delete", on_confirmed)

    # ---- state --------------------------------------------------------------------------

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self.form.set_editable(editable)
        self._update_buttons()

    def _update_buttons(self, *_args: object) -> None:
        self.new_button.setEnabled(self._editable)
        # Only the record the form shows can be deleted: never a row selected beside a draft.
        record = self.current_record()
        shown = self.form.record
        self.delete_button.setEnabled(
            self._editable and record is not None and shown is not None and shown.id == record.id
        )
