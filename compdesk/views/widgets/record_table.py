"""A table of records: the model, its filter and the table helpers the views share (the table
beside a form, `RecordBrowser`, is in `record_browser`).

People, roles and competencies are each a list of records with an id; the table shows them
sorted and filtered, the form edits the selected one, and every edit is one undo command.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from typing import Any, Final

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QScrollArea,
    QTableView,
    QWidget,
)

from compdesk.storage import Store

AnyIndex = QModelIndex | QPersistentModelIndex
_ROOT: Final = QModelIndex()


class RecordRole(enum.IntEnum):
    RECORD_ID = Qt.ItemDataRole.UserRole + 1
    RECORD = Qt.ItemDataRole.UserRole + 2
    SORT_KEY = Qt.ItemDataRole.UserRole + 3
    SEARCH_TEXT = Qt.ItemDataRole.UserRole + 4


class RowTableModel(QAbstractTableModel):
    """Rows of items under a row of headers, each item known by its `row_id`.

    `set_rows` replaces them all (a reset); RecordTableModel updates them in place.
    """

    headers: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    # ---- for subclasses -----------------------------------------------------------------

    def row_id(self, item: Any) -> int:
        return int(item.id)

    def display(self, item: Any, column: int) -> str:
        raise NotImplementedError

    def sort_key(self, item: Any, column: int) -> Any:
        return self.display(item, column).casefold()

    def search_text(self, item: Any) -> str:
        return " ".join(self.display(item, c) for c in range(len(self.headers))).casefold()

    def extra_data(self, item: Any, column: int, role: int) -> Any:
        """Tooltips, fonts, accessible text: anything beyond the plain cell."""
        return None

    # ---- rows ---------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row(self, row: int) -> Any:
        return self._rows[row]

    def row_of(self, record_id: int) -> int | None:
        for row, item in enumerate(self._rows):
            if self.row_id(item) == record_id:
                return row
        return None

    # ---- QAbstractTableModel --------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

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
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(item, column)
        if role == RecordRole.RECORD_ID:
            return self.row_id(item)
        if role == RecordRole.RECORD:
            return item
        if role == RecordRole.SORT_KEY:
            return self.sort_key(item, column)
        if role == RecordRole.SEARCH_TEXT:
            return self.search_text(item)
        return self.extra_data(item, column, role)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class RecordTableModel(RowTableModel):
    """Rows of frozen records that have an `id`, updated in place rather than reset.

    Rows keep their order across reloads (removed ones go, new ones are appended): the
    proxy sorts, and selections and the keyboard position survive an edit or an undo.
    """

    def set_records(self, records: Sequence[Any]) -> None:
        fresh = {record.id: record for record in records}
        row = len(self._rows) - 1
        while row >= 0:
            if self._rows[row].id in fresh:
                row -= 1
                continue
            last = row
            while row > 0 and self._rows[row - 1].id not in fresh:
                row -= 1
            self.beginRemoveRows(QModelIndex(), row, last)
            del self._rows[row : last + 1]
            self.endRemoveRows()
            row -= 1
        self._rows = [fresh[record.id] for record in self._rows]
        self.emit_all_changed()
        known = {record.id for record in self._rows}
        added = [record for record in records if record.id not in known]
        if added:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(added) - 1)
            self._rows.extend(added)
            self.endInsertRows()

    def emit_all_changed(self) -> None:
        """Everything shown may have changed (an edit, or the as-of date)."""
        if self._rows and self.headers:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(self.headers) - 1)
            )


class RecordFilterProxy(QSortFilterProxyModel):
    """Sorts by each column's sort key; keeps the rows whose text holds every word searched."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()
        self.setSortRole(RecordRole.SORT_KEY)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setDynamicSortFilter(True)

    def set_search(self, text: str) -> None:
        if tuple(text.casefold().split()) != self._words:
            self.refilter(search=text)

    def accepts_record(self, record: Any) -> bool:
        """Further conditions of a subclass (show leavers, for instance)."""
        return True

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if not self.accepts_record(model.data(index, RecordRole.RECORD)):
            return False
        if not self._words:
            # PERF: no search words, no search text to build (one per row, on every refilter).
            return True
        text = model.data(index, RecordRole.SEARCH_TEXT) or ""
        return all(word in text for word in self._words)

    def refilter(
        self, change: Callable[[], None] | None = None, *, search: str | None = None
    ) -> None:
        """Filter again, after `change` has changed the conditions (and `search` the words)."""

        def change_all() -> None:
            if change is not None:
                change()
            if search is not None:
                self._words = tuple(search.casefold().split())

        change_filter(self, change_all)


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
    """A table whose rows stay one line of text high when the font grows (audit mode).

    After `keep_columns_within_width`, its columns also follow its width: as wide as they
    were last made (by the view, or dragged by the user) while they fit, and, when they do
    not, the widest give way first (their text elided, the whole of it in the cell's
    tooltip), so that the table does not scroll sideways.
    """

    ROW_PADDING: Final = 10
    # Narrower than this, a column would show too little of its text to be worth a look.
    NARROWEST_COLUMN_CHARACTERS: Final = 4

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._wanted_widths: list[int] | None = None
        self._narrowest_characters: Callable[[int], int] = lambda _column: (
            self.NARROWEST_COLUMN_CHARACTERS
        )
        self._fitting = False
        # Sized by code several times in a row (every column to its contents): fit once.
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self._fit_columns_to_width)
        self.fit_to_font()
        self.horizontalHeader().sectionResized.connect(self._on_section_resized)

    def fit_to_font(self) -> None:
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + self.ROW_PADDING)

    def keep_columns_within_width(
        self, narrowest_characters: Callable[[int], int] | None = None
    ) -> None:
        """From now on, fit the columns' present widths into the table's width, and again
        whenever either changes; column c no narrower than `narrowest_characters(c)` digits
        (a date stays whole) unless its contents are."""
        if narrowest_characters is not None:
            self._narrowest_characters = narrowest_characters
        if self._wanted_widths is None:
            self._wanted_widths = self._present_widths()
        self._fit_columns_to_width()

    def _present_widths(self) -> list[int]:
        header = self.horizontalHeader()
        widths = [header.sectionSize(column) for column in range(header.count())]
        if widths and header.stretchLastSection():
            # The last column takes what is left; what it wants is its contents, as far as
            # the widest of the others.
            last = len(widths) - 1
            contents = max(self.sizeHintForColumn(last), header.sectionSizeHint(last))
            widths[last] = min(contents, max(widths[:last], default=contents))
        return widths

    def wanted_columns_width(self) -> int:
        """How wide the columns would be with room for all of them."""
        if self._wanted_widths is None:
            return self.horizontalHeader().length()
        return sum(self._wanted_widths)

    def _on_section_resized(self, column: int, _old: int, new: int) -> None:
        wanted = self._wanted_widths
        header = self.horizontalHeader()
        if self._fitting or wanted is None:
            return
        if len(wanted) != header.count():
            self._wanted_widths = wanted = self._present_widths()
        stretched = header.stretchLastSection() and column == header.count() - 1
        if column < len(wanted) and not stretched:
            wanted[column] = new
        # A column the user drags keeps its width until the table's width changes; one the
        # view sized to its contents is fitted at once.
        if QApplication.mouseButtons() == Qt.MouseButton.NoButton:
            self._fit_timer.start()

    def _fit_columns_to_width(self) -> None:
        wanted = self._wanted_widths
        header = self.horizontalHeader()
        if wanted is None or len(wanted) != header.count():
            return
        # In digits, the widest of the common characters, plus the cell's margins.
        metrics = self.fontMetrics()
        narrowest = [
            max(
                header.minimumSectionSize(),
                metrics.horizontalAdvance("0" * self._narrowest_characters(column)) + 16,
            )
            for column in range(len(wanted))
        ]
        widths = widths_within(wanted, self.viewport().width(), narrowest)
        self._fitting = True
        try:
            for column, width in enumerate(widths):
                if header.sectionSize(column) != width:
                    header.resizeSection(column, width)
        finally:
            self._fitting = False

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns_to_width()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.fit_to_font()


def widths_within(wanted: Sequence[int], available: int, narrowest: Sequence[int]) -> list[int]:
    """Column widths that add up to no more than `available` (if their `narrowest` allow):
    the wanted ones if they fit, otherwise each capped at one width, as high as fits, so that
    only the widest shrink; none below its narrowest (or its wanted width, if narrower)."""
    floors = [min(width, floor) for width, floor in zip(wanted, narrowest, strict=True)]

    def capped(cap: int) -> list[int]:
        return [max(floor, min(width, cap)) for width, floor in zip(wanted, floors, strict=True)]

    if sum(wanted) <= available or not wanted:
        return list(wanted)
    low, high = 0, max(wanted)
    # The highest cap at which the columns fit: a binary search over whole pixels.
    while low < high:
        cap = (low + high + 1) // 2
        if sum(capped(cap)) <= available:
            low = cap
        else:
            high = cap - 1
    return capped(low)


def make_record_table(model: QAbstractItemModel, name: str) -> FontFollowingTableView:
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
    # PERF: sizing a column to its contents samples 200 rows (Qt's default 1000), each cell
    # asked through Python; a list that short is measured whole, as before.
    table.horizontalHeader().setResizeContentsPrecision(200)
    table.setTabKeyNavigation(False)
    return table


def select_table_row(table: QTableView, row: int) -> None:
    """Make `row` of the table current and the only row selected, and scroll it into view."""
    index = table.model().index(row, 0)
    table.selectionModel().setCurrentIndex(
        index,
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    table.scrollTo(index)


def select_record_row(
    table: QTableView, model: RowTableModel, proxy: QSortFilterProxyModel, record_id: int
) -> bool:
    """Select the row of a record; False if it is not there, or filtered out."""
    row = model.row_of(record_id)
    if row is None:
        return False
    index = proxy.mapFromSource(model.index(row, 0))
    if not index.isValid():
        return False
    select_table_row(table, index.row())
    return True


def reselect_record_row(
    table: QTableView,
    model: RowTableModel,
    proxy: QSortFilterProxyModel,
    record_id: int,
    old_row: int,
) -> None:
    """Select a record again after a reload; if it is gone (deleted, undone), the row now at
    its place, so that the place in the list is kept."""
    if not select_record_row(table, model, proxy, record_id):
        row = min(old_row, proxy.rowCount() - 1)
        if row >= 0:
            select_table_row(table, row)


def selected_item(table: QTableView) -> Any | None:
    """The item (RecordRole.RECORD) of the current row, None if that row is not selected."""
    index = table.currentIndex()
    if not index.isValid() or not table.selectionModel().isRowSelected(index.row()):
        return None
    return index.data(RecordRole.RECORD)


def fit_columns_to_contents(
    table: QTableView,
    characters: Callable[[int], int | None],
    *,
    narrowest_characters: Callable[[int], int] | None = None,
) -> None:
    """Columns as wide as their contents, each up to a number of average characters (None: no
    limit): enough for most values, the rest in the tooltip. With `narrowest_characters`,
    narrower still, down to those, where the table is too narrow for them all (see
    FontFollowingTableView.keep_columns_within_width)."""
    table.resizeColumnsToContents()
    character_width = table.fontMetrics().averageCharWidth()
    for column in range(table.model().columnCount()):
        limit = characters(column)
        if limit is not None:
            widest = character_width * limit + 16
            table.setColumnWidth(column, min(table.columnWidth(column), widest))
    if narrowest_characters is not None and isinstance(table, FontFollowingTableView):
        table.keep_columns_within_width(narrowest_characters)


def add_shortcut_action(
    widget: QWidget, text: str, key: QKeySequence.StandardKey, slot: Callable[[], object]
) -> QAction:
    """An action on `widget` alone, triggered by `key` while it has the focus."""
    action = QAction(text, widget)
    action.setShortcut(QKeySequence(key))
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.triggered.connect(slot)
    widget.addAction(action)
    return action


def make_form_scroll(form: QWidget) -> QScrollArea:
    """A frameless scroll area around a record form."""
    scroll = QScrollArea()
    # Tab moves through the fields inside; the area itself need not be a stop.
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    scroll.setWidgetResizable(True)
    scroll.setWidget(form)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    return scroll


def evidence_and_actions_text(
    store: Store, *, person_id: int | None = None, competency_id: int | None = None
) -> str:
    """The evidence and actions of a person or a competency, counted: "2 evidence records and
    1 action" ("" when there are none), for the warning before deleting it."""
    evidence = len(store.evidence.list(person_id=person_id, competency_id=competency_id))
    actions = len(store.actions.list(person_id=person_id, competency_id=competency_id))
    parts = []
    if evidence:
        parts.append(f"{evidence} evidence record{'s' if evidence != 1 else ''}")
    if actions:
        parts.append(f"{actions} action{'s' if actions != 1 else ''}")
    return " and ".join(parts)


def connect_row_count_changes(proxy: QAbstractItemModel, slot: Callable[..., object]) -> None:
    """Call `slot` whenever the number of rows the proxy shows may have changed."""
    proxy.rowsInserted.connect(slot)
    proxy.rowsRemoved.connect(slot)
    proxy.modelReset.connect(slot)
    proxy.layoutChanged.connect(slot)
