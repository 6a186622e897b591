"""Importing people from a CSV file: a preview, a field for each column, all or nothing.

The rules are those of `compdesk import-people` (models/people_import.py): every column must
be placed or ignored, the first bad cell is named by row and column, and one bad row imports
nobody.
"""

from __future__ import annotations

import ast
import logging
import re
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Final

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from compdesk.models.errors import CancelledError, InputError
from compdesk.models.people_import import (
    PeopleField,
    PeopleTable,
    PersonDraft,
    read_people_csv,
    validate_people,
)
from compdesk.views.commands.people import ImportPeopleCommand
from compdesk.views.document import Document
from compdesk.views.widgets.forms import FormMessage, plain_tooltip
from compdesk.views.widgets.workers import LongWork, apply_on_own_connection

log = logging.getLogger(__name__)

AnyIndex = QModelIndex | QPersistentModelIndex
_ROOT: Final = QModelIndex()
ERROR_BACKGROUND: Final = QColor("#fde7e9")
# How validate_people names the bad cell: "…, row 3 (line 4), column 'Hire Date': …".
_ERROR_PLACE: Final = re.compile(
    r"row (?P<row>\d+) \(line \d+\), column (?P<column>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"):"
)
IGNORE_LABEL: Final = "Ignore this column"
MAPPING_LINES_SHOWN: Final = 4
CSV_FILTER: Final = "CSV files (*.csv *.txt *.tsv);;All files (*)"


def error_place(message: str, headers: tuple[str, ...]) -> tuple[int | None, int | None]:
    """The 0-based row and column an import error names, where it names them."""
    match = _ERROR_PLACE.search(message)
    if match is None:
        return None, None
    row = int(match["row"]) - 1
    try:
        header = ast.literal_eval(match["column"])
    except (ValueError, SyntaxError):
        return row, None
    column = headers.index(header) if header in headers else None
    return row, column


class PeoplePreviewModel(QAbstractTableModel):
    """The rows of a people CSV as read, with the field each column goes to and the bad cell."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._table: PeopleTable | None = None
        self._mapping: Mapping[int, PeopleField | None] = {}
        self._error_cell: tuple[int | None, int | None] = (None, None)
        self._error = ""

    def set_table(self, table: PeopleTable | None) -> None:
        self.beginResetModel()
        self._table = table
        self._mapping = {}
        self._error_cell = (None, None)
        self._error = ""
        self.endResetModel()

    def set_mapping(self, mapping: Mapping[int, PeopleField | None]) -> None:
        self._mapping = dict(mapping)
        if self.columnCount():
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)

    def set_error(self, message: str, row: int | None, column: int | None) -> None:
        old_row = self._error_cell[0]
        self._error_cell, self._error = (row, column), message
        for changed in {old_row, row} - {None}:
            assert changed is not None
            if 0 <= changed < self.rowCount():
                self.dataChanged.emit(
                    self.index(changed, 0), self.index(changed, self.columnCount() - 1)
                )
                self.headerDataChanged.emit(Qt.Orientation.Vertical, changed, changed)

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() or self._table is None else len(self._table.rows)

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() or self._table is None else len(self._table.headers)

    def _field_text(self, column: int) -> str:
        if column not in self._mapping:
            return "? choose a field"
        field = self._mapping[column]
        return "(ignored)" if field is None else f"→ {field.label}"

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        table = self._table
        if table is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(table.headers):
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{table.headers[section]}\n{self._field_text(section)}"
            if role == Qt.ItemDataRole.ToolTipRole:
                return plain_tooltip(
                    f"Column “{table.headers[section]}”: {self._field_text(section)}"
                )
            return None
        if not 0 <= section < len(table.rows):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            # Row numbers as the error messages count them.
            marker = "⚠ " if section == self._error_cell[0] else ""
            return f"{marker}{section + 1}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Row {section + 1}, line {table.line_numbers[section]} of the file"
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        table = self._table
        if table is None or not index.isValid():
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < len(table.rows) and 0 <= column < len(table.headers)):
            return None
        value = table.rows[row][column]
        error_row, error_column = self._error_cell
        bad_row = row == error_row
        bad_cell = bad_row and (error_column is None or column == error_column)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"⚠ {value}" if bad_cell and error_column is not None else value
        if role == Qt.ItemDataRole.BackgroundRole and bad_cell:
            return QBrush(ERROR_BACKGROUND)
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                plain_tooltip(self._error if bad_cell else value) if (bad_cell or value) else None
            )
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{value}, error: {self._error}" if bad_cell else value
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class ImportPeopleDialog(QDialog):
    """Preview a people CSV, place its columns, and import everyone as one undoable step."""

    # (people imported, the file's name)
    imported = Signal(int, str)

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.table: PeopleTable | None = None
        self.drafts: list[PersonDraft] = []
        self.field_combos: list[QComboBox] = []
        self._work: LongWork | None = None
        self.setWindowTitle("Import people from CSV")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.resize(900, 620)

        layout = QVBoxLayout(self)
        self.file_label = QLabel("No file read yet.")
        self.file_label.setTextFormat(Qt.TextFormat.PlainText)
        self.file_label.setWordWrap(True)
        self.file_label.setAccessibleName("File")
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_label, 1)
        self.choose_button = QPushButton("Choose another &file…")
        self.choose_button.clicked.connect(self.choose_file)
        file_row.addWidget(self.choose_button)
        layout.addLayout(file_row)

        intro = QLabel(
            "Tell compdesk what each column of the file holds. Every column needs a field, or "
            "“Ignore this column”. One bad row imports nobody: fix the file or the mapping first."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.mapping_area = QWidget()
        self.mapping_layout = QGridLayout(self.mapping_area)
        self.mapping_layout.setContentsMargins(0, 0, 0, 0)
        self.mapping_scroll = QScrollArea()
        self.mapping_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.mapping_scroll.setWidgetResizable(True)
        self.mapping_scroll.setWidget(self.mapping_area)
        self.mapping_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.mapping_scroll.hide()
        layout.addWidget(self.mapping_scroll)

        self.preview_model = PeoplePreviewModel(self)
        self.preview = QTableView()
        self.preview.setModel(self.preview_model)
        self.preview.setAccessibleName("Preview of the file's rows")
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setAlternatingRowColors(True)
        self.preview.setWordWrap(False)
        self.preview.horizontalHeader().setStretchLastSection(True)
        self.preview.setTabKeyNavigation(False)
        layout.addWidget(self.preview, 1)

        self.message = FormMessage()
        self.message.setAccessibleName("Import check")
        layout.addWidget(self.message)

        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(
            "Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(False)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.import_people)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    # ---- reading the file -----------------------------------------------------------------

    def choose_file(self) -> None:
        start = str(Path.home())
        if self.table is not None:
            start = self.windowFilePath() or start
        path_text, _ = QFileDialog.getOpenFileName(
            self, "Import people from a CSV file", start, CSV_FILTER
        )
        if path_text:
            self.load_file(Path(path_text))

    def load_file(self, path: Path) -> None:
        """Read the file off the GUI thread; the preview appears when it is read."""
        self.setWindowFilePath(str(path))
        self.file_label.setText(f"Reading {path.name}…")
        self.import_button.setEnabled(False)
        self.message.clear_message()

        def work(_progress: Callable[[int, int], None], cancel: threading.Event) -> PeopleTable:
            table = read_people_csv(path)
            if cancel.is_set():
                raise CancelledError("reading was cancelled")
            return table

        self._run(f"Reading {path.name}…", work, self.on_file_read)

    def _run(
        self,
        label: str,
        work: Callable[[Callable[[int, int], None], threading.Event], Any],
        on_success: Callable[[Any], None],
    ) -> None:
        self._work = LongWork(self, label, work)
        self._work.succeeded.connect(on_success)
        self._work.failed.connect(self.on_work_failed)
        self._work.cancelled.connect(self.on_work_cancelled)
        self._work.start()

    def on_work_failed(self, message: str) -> None:
        self._work = None
        if self.table is None:
            self.file_label.setText("No file read.")
        self.message.show_error(message)
        self._update_import_button()

    def on_work_cancelled(self) -> None:
        self._work = None
        self.message.show_error("Cancelled; nothing was imported.")
        self._update_import_button()

    def on_file_read(self, table: object) -> None:
        self._work = None
        assert isinstance(table, PeopleTable)
        self.set_table(table)

    def set_table(self, table: PeopleTable) -> None:
        self.table = table
        separator = {",": "commas", ";": "semicolons", "\t": "tabs"}.get(
            table.delimiter, repr(table.delimiter)
        )
        rows = len(table.rows)
        self.file_label.setText(
            f"{table.source_name}: {rows} row{'s' if rows != 1 else ''} "
            f"and {len(table.headers)} columns, separated by {separator}."
        )
        self.preview_model.set_table(table)
        self._build_field_combos(table)
        self.preview.resizeColumnsToContents()
        self.validate()

    def _build_field_combos(self, table: PeopleTable) -> None:
        while self.mapping_layout.count():
            item = self.mapping_layout.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None:
                old.deleteLater()
        self.field_combos = []
        columns = 3
        for index, header in enumerate(table.headers):
            # A label with a buddy reads `&` as a mnemonic even in plain text: `&&` shows `&`.
            label = QLabel(header.replace("&", "&&"))
            label.setTextFormat(Qt.TextFormat.PlainText)
            combo = QComboBox()
            combo.setPlaceholderText("Choose a field…")
            combo.addItem(IGNORE_LABEL, None)
            for field in PeopleField:
                combo.addItem(field.label, field)
            placed = table.default_mapping.get(index)
            combo.setCurrentIndex(combo.findData(placed) if placed is not None else -1)
            combo.setAccessibleName(f"Field for the column {header}")
            combo.setToolTip(plain_tooltip(f"What the column “{header}” holds"))
            combo.currentIndexChanged.connect(self.validate)
            label.setBuddy(combo)
            grid_row, grid_column = divmod(index, columns)
            self.mapping_layout.addWidget(label, grid_row, grid_column * 2)
            self.mapping_layout.addWidget(combo, grid_row, grid_column * 2 + 1)
            self.field_combos.append(combo)
        for column in range(columns):
            self.mapping_layout.setColumnStretch(column * 2 + 1, 1)
        # Show every column's field at once, up to a few lines; more scroll.
        lines = min(MAPPING_LINES_SHOWN, -(-len(table.headers) // columns))
        line_height = self.field_combos[0].sizeHint().height() if self.field_combos else 0
        spacing = self.mapping_layout.verticalSpacing()
        self.mapping_scroll.setFixedHeight(lines * line_height + max(0, lines - 1) * spacing + 4)
        self.mapping_scroll.show()

    # ---- the mapping and the check --------------------------------------------------------

    def mapping(self) -> dict[int, PeopleField | None]:
        """Column → field, or None to ignore it; unplaced columns are left out."""
        return {
            index: combo.currentData()
            for index, combo in enumerate(self.field_combos)
            if combo.currentIndex() >= 0
        }

    def set_field(self, column: int, field: PeopleField | None) -> None:
        combo = self.field_combos[column]
        combo.setCurrentIndex(combo.findData(field))

    def validate(self, *_args: object) -> bool:
        """Check every row under the current mapping; show the first problem, if any."""
        table = self.table
        self.drafts = []
        if table is None:
            self._update_import_button()
            return False
        mapping = self.mapping()
        self.preview_model.set_mapping(mapping)
        store = self.document.store
        try:
            if not table.rows:
                raise InputError(f"{table.source_name} lists nobody: it has only a header line")
            drafts = validate_people(
                table, mapping, store.roles.all(), [person.email for person in store.people.all()]
            )
        except InputError as error:
            message = str(error)
            row, column = error_place(message, table.headers)
            self.preview_model.set_error(message, row, column)
            self.message.show_error(message)
            if row is not None:
                self.preview.scrollTo(self.preview_model.index(row, column or 0))
            self._update_import_button()
            return False
        self.preview_model.set_error("", None, None)
        self.drafts = drafts
        count = len(drafts)
        self.message.show_info(
            f"All {count} rows are valid: {count} {'person' if count == 1 else 'people'} "
            "will be added."
        )
        self._update_import_button()
        return True

    def _update_import_button(self) -> None:
        count = len(self.drafts)
        self.import_button.setText(
            f"Import {count} {'person' if count == 1 else 'people'}" if count else "Import"
        )
        self.import_button.setEnabled(bool(count) and self._work is None and self.document.editable)

    # ---- importing ------------------------------------------------------------------------

    def import_people(self) -> None:
        """Add everyone in one transaction, off the GUI thread, as one undoable step."""
        if self.table is None or not self.drafts or self._work is not None:
            return
        if not self.document.editable:
            self.message.show_error("This document cannot be changed now; nothing was imported.")
            return
        if not self.validate():
            return
        command = ImportPeopleCommand(
            self.document.store,
            [draft.as_person() for draft in self.drafts],
            self.table.source_name,
        )
        count, source = len(self.drafts), self.table.source_name
        self.import_button.setEnabled(False)
        window_store = self.document.store

        def work(_progress: Callable[[int, int], None], _cancel: threading.Event) -> None:
            apply_on_own_connection(window_store, [command], [])

        def on_imported(_result: object) -> None:
            self._work = None
            self.document.push_applied(command)
            self.imported.emit(count, source)
            self.accept()

        self._run(f"Importing {count} people…", work, on_imported)
