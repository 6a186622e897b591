"""A table of records beside a form: the model, its filter and the browsing logic they share.

People, roles and competencies are each a list of records with an id; the table shows them
sorted and filtered, the form edits the selected one, and every edit is one undo command.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import Any, Final

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from compdesk.views.commands import StoreCommand
from compdesk.views.document import Document
from compdesk.views.forms import RecordForm, ask_to_confirm

AnyIndex = QModelIndex | QPersistentModelIndex
_ROOT: Final = QModelIndex()


class RecordRole(enum.IntEnum):
    RECORD_ID = Qt.ItemDataRole.UserRole + 1
    RECORD = Qt.ItemDataRole.UserRole + 2
    SORT_KEY = Qt.ItemDataRole.UserRole + 3
    SEARCH_TEXT = Qt.ItemDataRole.UserRole + 4


class RecordTableModel(QAbstractTableModel):
    """Rows of frozen records that have an `id`, updated in place rather than reset.

    Rows keep their order across reloads (removed ones go, new ones are appended): the
    proxy sorts, and selections and the keyboard position survive an edit or an undo.
    """

    headers: tuple[str, ...] = ()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._records: list[Any] = []

    # ---- for subclasses -----------------------------------------------------------------

    def display(self, record: Any, column: int) -> str:
        raise NotImplementedError

    def sort_key(self, record: Any, column: int) -> Any:
        return self.display(record, column).casefold()

    def search_text(self, record: Any) -> str:
        return " ".join(self.display(record, c) for c in range(len(self.headers))).casefold()

    def extra_data(self, record: Any, column: int, role: int) -> Any:
        """Tooltips, fonts, accessible text: anything beyond the plain cell."""
        return None

    # ---- records ------------------------------------------------------------------------

    def set_records(self, records: Sequence[Any]) -> None:
        fresh = {record.id: record for record in records}
        row = len(self._records) - 1
        while row >= 0:
            if self._records[row].id in fresh:
                row -= 1
                continue
            last = row
            while row > 0 and self._records[row - 1].id not in fresh:
                row -= 1
            self.beginRemoveRows(QModelIndex(), row, last)
            del self._records[row : last + 1]
            self.endRemoveRows()
            row -= 1
        self._records = [fresh[record.id] for record in self._records]
        self.emit_all_changed()
        known = {record.id for record in self._records}
        added = [record for record in records if record.id not in known]
        if added:
            start = len(self._records)
            self.beginInsertRows(QModelIndex(), start, start + len(added) - 1)
            self._records.extend(added)
            self.endInsertRows()

    def emit_all_changed(self) -> None:
        """Everything shown may have changed (an edit, or the as-of date)."""
        if self._records and self.headers:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._records) - 1, len(self.headers) - 1)
            )

    def records(self) -> list[Any]:
        return list(self._records)

    def record(self, row: int) -> Any:
        return self._records[row]

    def row_of(self, record_id: int) -> int | None:
        for row, record in enumerate(self._records):
            if record.id == record_id:
                return row
        return None

    # ---- QAbstractTableModel --------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.headers)
        ):
            return self.headers[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        record, column = self._records[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(record, column)
        if role == RecordRole.RECORD_ID:
            return record.id
        if role == RecordRole.RECORD:
            return record
        if role == RecordRole.SORT_KEY:
            return self.sort_key(record, column)
        if role == RecordRole.SEARCH_TEXT:
            return self.search_text(record)
        return self.extra_data(record, column, role)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class RecordFilterProxy(QSortFilterProxyModel):
    """Sorts by each column's sort key; keeps the rows whose text holds every word searched."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()
        self.setSortRole(RecordRole.SORT_KEY)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setDynamicSortFilter(True)

    def set_search(self, text: str) -> None:
        words = tuple(text.casefold().split())
        if words != self._words:
            change_filter(self, lambda: setattr(self, "_words", words))

    def accepts_record(self, record: Any) -> bool:
        """Further conditions of a subclass (show leavers, for instance)."""
        return True

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if not self.accepts_record(model.data(index, RecordRole.RECORD)):
            return False
        text = model.data(index, RecordRole.SEARCH_TEXT) or ""
        return all(word in text for word in self._words)

    def refilter(self, change: Callable[[], None] | None = None) -> None:
        """Filter again, after `change` has changed the conditions."""
        change_filter(self, change or (lambda: None))



def change_filter(proxy: QSortFilterProxyModel, change: Callable[[], None]) -> None:
    """Change the conditions of a proxy's row filter, and filter again."""
    if hasattr(proxy, "beginFilterChange"):  # Qt 6.9 and later
        proxy.beginFilterChange()
        change()
        proxy.endFilterChange(QSortFilterProxyModel.Direction.Rows)
    else:
        change()
        proxy.invalidateRowsFilter()


class FontFollowingTableView(QTableView):
    """A table whose rows stay one line of text high when the font grows (audit mode)."""

    ROW_PADDING: Final = 10

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fit_to_font()

    def fit_to_font(self) -> None:
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + self.ROW_PADDING)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.fit_to_font()


def make_record_table(model: QSortFilterProxyModel, name: str) -> QTableView:
    table = FontFollowingTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.setSortingEnabled(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setHighlightSections(False)
    table.setTabKeyNavigation(False)
    return table


class RecordBrowser(QWidget):
    """A sortable table of records with New and Delete, driving a RecordForm.

    Moving to another record applies the form's pending changes first; if they are refused,
    the selection stays where it was and the form says why, so no typing is lost silently.
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
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.document, self.model, self.proxy, self.form = document, model, proxy, form
        self.noun, self.plural = noun, plural
        self._delete_command = delete_command
        self._deletion_warning = deletion_warning
        self._editable = True
        self._switching = False
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
        layout.addWidget(self.table)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().currentRowChanged.connect(self.on_table_current_row_changed)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
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
        first_load = self.model.rowCount() == 0
        self.model.set_records(records)
        if first_load and records:
            self.fit_columns()
        record = self.current_record()
        if record is None:
            if self.form.record is not None:
                self.form.load(None)
        elif not self.form.dirty or self.form.record is None or self.form.record.id != record.id:
            self.form.load(record)
        self._update_buttons()

    widest_column = 260

    def fit_columns(self) -> None:
        """Columns as wide as their contents, up to a limit; the last one stretches."""
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount() - 1):
            self.table.resizeColumnToContents(column)
            header.resizeSection(
                column, min(header.sectionSize(column) + 8, self.widest_column)
            )

    def current_record(self) -> Any | None:
        """The selected record, None when nothing is selected (a new one is being written)."""
        rows = self.table.selectionModel().selectedRows()
        return self.proxy.data(rows[0], RecordRole.RECORD) if rows else None

    def select_record(self, record_id: int | None) -> bool:
        """Select the record with that id (None: no selection); False if it is filtered out."""
        selection = self.table.selectionModel()
        if record_id is None:
            selection.clear()
            return True
        row = self.model.row_of(record_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        selection.setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        return True

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
                applied = self.form.apply()
                if not applied:
                    # Stay on the record whose changes were refused.
                    self.select_record(pending.id if pending is not None else None)
                    return
                current = self.table.currentIndex()
                record = self.proxy.data(current, RecordRole.RECORD) if current.isValid() else None
            finally:
                self._switching = False
        if current.isValid() and not self.table.selectionModel().isRowSelected(current.row()):
            # Focus arriving in the table makes a row current without selecting it.
            self.table.selectionModel().select(
                current,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        self.form.load(record)
        self._update_buttons()

    def on_form_applied(self, command: StoreCommand) -> None:
        if self._switching:
            return
        new_id = getattr(command, "record_id", None)
        if self.form.is_new and isinstance(new_id, int):
            if not self.select_record(new_id):
                # Hidden by the search: show it anyway, it is what the user just added.
                self.form.load(self._record_by_id(new_id))
            else:
                self.form.load(self._record_by_id(new_id))
        elif self.form.record is not None:
            self.form.load(self._record_by_id(self.form.record.id))
        self._update_buttons()

    def _record_by_id(self, record_id: int) -> Any | None:
        row = self.model.row_of(record_id)
        return self.model.record(row) if row is not None else None

    def start_new(self) -> None:
        if self.form.dirty and not self.form.apply():
            return
        self._switching = True
        try:
            self.table.selectionModel().clear()
        finally:
            self._switching = False
        self.form.load(None)
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
            self.document.push(self._delete_command(record))

        self.confirm_box = ask_to_confirm(self, f"Delete {self.noun}", text, "Delete", on_confirmed)

    # ---- state --------------------------------------------------------------------------

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self.form.set_editable(editable)
        self._update_buttons()

    def _update_buttons(self, *_args: object) -> None:
        self.new_button.setEnabled(self._editable)
        self.delete_button.setEnabled(self._editable and self.current_record() is not None)
