"""Importing people from a CSV file in one round: a preview, every problem at once, all or nothing.

The rules are those of `compdesk import-people` (models/people_check.py). The dialog lists
every problem with its row, column, value and why; keeps the column mapping (and the other
choices) when a corrected file is chosen; lets the user update or skip the people already in
the document; shows how day-first or month-first dates were read, asking where the column
does not tell; and maps a Department or Job title column's values to roles. One problem
left imports nobody.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, Final

from PySide6.QtCore import QModelIndex, Qt, Signal
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
    QStyle,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from compdesk.models.errors import CancelledError
from compdesk.models.people_check import (
    ImportCheck,
    ImportOptions,
    check_people,
    default_role_values,
    export_date_for,
)
from compdesk.models.people_import import (
    ROLE_SOURCE_FIELDS,
    PeopleField,
    PeopleTable,
    read_people_csv,
)
from compdesk.views.commands.people import ImportPeopleCommand
from compdesk.views.document import Document
from compdesk.views.people.import_models import PeoplePreviewModel, ProblemsModel
from compdesk.views.people.import_sections import (
    DateOrderSection,
    ExistingPeopleSection,
    RoleValuesSection,
)
from compdesk.views.widgets.forms import FormMessage, plain_tooltip
from compdesk.views.widgets.workers import LongWork, apply_on_own_connection

log = logging.getLogger(__name__)

IGNORE_LABEL: Final = "Ignore this column"
MAPPING_LINES_SHOWN: Final = 4
# The width of each field choice, in characters ("Start date" and a little more).
MAPPING_COMBO_CHARACTERS: Final = 14
CSV_FILTER: Final = "CSV files (*.csv *.txt *.tsv);;All files (*)"


def _people(count: int) -> str:
    return f"{count} {'person' if count == 1 else 'people'}"


class ImportPeopleDialog(QDialog):
    """Preview a people CSV, place its columns, and import everyone as one undoable step."""

    # (people added and updated, the file's name)
    imported = Signal(int, str)

    def __init__(
        self, document: Document, parent: QWidget | None = None, *, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.today = today or date.today()
        self.table: PeopleTable | None = None
        self.check: ImportCheck | None = None
        self.field_combos: list[QComboBox] = []
        # Header → field the user chose: kept when a corrected file is chosen.
        self.chosen_fields: dict[str, PeopleField | None] = {}
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
        self.choose_button.setToolTip(
            plain_tooltip("A corrected file keeps the fields and other choices made here.")
        )
        self.choose_button.clicked.connect(self.choose_file)
        file_row.addWidget(self.choose_button)
        layout.addLayout(file_row)

        intro = QLabel(
            "Tell compdesk what each column of the file holds (or “Ignore this column”). "
            "Every problem is listed at once; nobody is imported until none is left."
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
        self.mapping_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.mapping_scroll.hide()
        layout.addWidget(self.mapping_scroll)

        self.tabs = QTabWidget()
        self.preview_model = PeoplePreviewModel(self)
        self.preview = self._table_view(self.preview_model, "Preview of the file's rows")
        self.preview.setWordWrap(False)
        self.problems_model = ProblemsModel(self)
        self.problems_view = self._table_view(self.problems_model, "Problems found in the file")
        self.problems_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.problems_view.activated.connect(self.on_problems_view_activated)
        self.existing_section = ExistingPeopleSection()
        self.existing_section.changed.connect(self.validate)
        self.roles_section = RoleValuesSection()
        self.roles_section.changed.connect(self.validate)
        self.dates_section = DateOrderSection()
        self.dates_section.changed.connect(self.validate)
        self.tabs.addTab(self.preview, "&Preview")
        self.tabs.addTab(self.problems_view, "Pro&blems")
        self.tabs.addTab(self.existing_section, "Already in the &document")
        roles_scroll = QScrollArea()
        roles_scroll.setWidgetResizable(True)
        roles_scroll.setWidget(self.roles_section)
        self.tabs.addTab(roles_scroll, "&Roles from values")
        self.tabs.addTab(self.dates_section, "Da&tes")
        layout.addWidget(self.tabs, 1)

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

    @staticmethod
    def _table_view(model: Any, name: str) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setAccessibleName(name)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.horizontalHeader().setStretchLastSection(True)
        view.setTabKeyNavigation(False)
        return view

    # ---- reading the file -----------------------------------------------------------------

    def choose_file(self) -> None:
        start = str(Path.home())
        if self.windowFilePath():
            start = str(Path(self.windowFilePath()).parent)
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
        self.validate()
        self.preview.resizeColumnsToContents()

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
            # As wide as a short field name, not the longest: three to a line fit the dialog.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(MAPPING_COMBO_CHARACTERS)
            combo.setPlaceholderText("Choose a field…")
            combo.addItem(IGNORE_LABEL, None)
            for field in PeopleField:
                combo.addItem(field.label, field)
            if header in self.chosen_fields:
                combo.setCurrentIndex(combo.findData(self.chosen_fields[header]))
            elif index in table.default_mapping:
                combo.setCurrentIndex(combo.findData(table.default_mapping[index]))
            else:
                combo.setCurrentIndex(-1)
            combo.setAccessibleName(f"Field for the column {header}")
            combo.setToolTip(plain_tooltip(f"What the column “{header}” holds"))
            # Remembered by header, so that a corrected file of the same export keeps it.
            combo.currentIndexChanged.connect(
                lambda _i, header=header, combo=combo: self._remember(header, combo)
            )
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
        if spacing < 0:  # the style decides it: ask the style
            spacing = self.style().pixelMetric(QStyle.PixelMetric.PM_LayoutVerticalSpacing)
        self.mapping_scroll.setFixedHeight(lines * line_height + max(0, lines - 1) * spacing + 4)
        self.mapping_scroll.show()

    def _remember(self, header: str, combo: QComboBox) -> None:
        if combo.currentIndex() >= 0:
            self.chosen_fields[header] = combo.currentData()

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
        """Check every row under the current choices; list every problem, or say what importing does."""
        table = self.table
        self.check = None
        if table is None:
            self._update_import_button()
            return False
        mapping = self.mapping()
        store = self.document.store
        roles = store.roles.all()
        role_defaults = {
            column: default_role_values(table, column, roles)
            for column, field in mapping.items()
            if field in ROLE_SOURCE_FIELDS
        }
        self.roles_section.show_columns(table, mapping, roles, role_defaults)
        export_date, export_source = export_date_for(table.source_name, self.today)
        people = store.people.all()

        def options() -> ImportOptions:
            return ImportOptions(
                mapping,
                export_date,
                export_source,
                date_orders=self.dates_section.orders(),
                role_values=self.roles_section.role_values(),
                existing=self.existing_section.default,
                row_choices=self.existing_section.row_choices(),
            )

        asked = options()
        check = check_people(table, asked, roles, people)
        # The sections learn the file's date columns and existing people from the check; what
        # they remember (by header, by email) from an earlier file then applies to this one.
        self.existing_section.show_people(check.existing_rows)
        self.dates_section.show_readings(table, check.date_readings)
        if options() != asked:
            check = check_people(table, options(), roles, people)
        self.check = check
        self.preview_model.set_check(mapping, check, self.existing_section.row_choices())
        self.preview.resizeColumnToContents(len(table.headers))
        self.problems_model.set_problems(check.problems)
        self._update_tabs(check)
        if not check.ok:
            count = len(check.problems)
            first = check.problems[0].text()
            self.message.show_error(
                f"{count} problem{'s' if count != 1 else ''} to fix before anyone is imported "
                f"(see Problems): {first}" + (" …" if count > 1 else "")
            )
        else:
            self.message.show_info(self._summary(check))
        self._update_import_button()
        return check.ok

    def _summary(self, check: ImportCheck) -> str:
        changed = check.changed_updates
        parts = [f"{_people(len(check.new_people))} will be added"]
        if check.updates:
            unchanged = len(check.updates) - len(changed)
            parts.append(
                f"{len(changed)} updated"
                + (f" ({unchanged} already up to date)" if unchanged else "")
            )
        if check.skipped:
            parts.append(f"{len(check.skipped)} already in the document skipped")
        text = ", ".join(parts) + "."
        if check.leaver_rows:
            leavers = len(check.leaver_rows)
            text += (
                f" {_people(leavers)} with a disabled or inactive account "
                f"{'is' if leavers == 1 else 'are'} recorded as leaving, on "
                f"{check.export_date_source} where the file gives no end date."
            )
        table = self.table
        if table is not None:
            for column, order in sorted(check.date_orders.items()):
                text += f" “{table.headers[column]}” is read {order.value}."
        return text

    def _update_tabs(self, check: ImportCheck) -> None:
        problems = len(check.problems)
        self.tabs.setTabText(1, f"Pro&blems ({problems})" if problems else "Pro&blems")
        existing = len(check.existing_rows)
        self.tabs.setTabText(
            2, f"Already in the &document ({existing})" if existing else "Already in the &document"
        )

    def on_problems_view_activated(self, index: QModelIndex) -> None:
        """Show the bad cell of a problem in the preview."""
        table = self.table
        if table is None or not 0 <= index.row() < len(self.problems_model.problems):
            return
        problem = self.problems_model.problems[index.row()]
        if problem.row_number is None:
            return
        column = table.headers.index(problem.column) if problem.column in table.headers else 0
        self.tabs.setCurrentWidget(self.preview)
        cell = self.preview_model.index(problem.row_number - 1, column)
        self.preview.setCurrentIndex(cell)
        self.preview.scrollTo(cell)

    def _update_import_button(self) -> None:
        check = self.check
        added = len(check.new_people) if check else 0
        updated = len(check.changed_updates) if check else 0
        text = "Import"
        if added:
            text = f"Import {_people(added)}" + (f" and update {updated}" if updated else "")
        elif updated:
            text = f"Update {_people(updated)}"
        self.import_button.setText(text)
        ready = check is not None and check.ok and bool(added or updated)
        self.import_button.setEnabled(ready and self._work is None and self.document.editable)

    # ---- importing ------------------------------------------------------------------------

    def import_people(self) -> None:
        """Add and update everyone in one transaction, off the GUI thread, as one undoable step."""
        if self.table is None or self._work is not None:
            return
        if not self.document.editable:
            self.message.show_error("This document cannot be changed now; nothing was imported.")
            return
        if not self.validate() or self.check is None:
            return
        check = self.check
        updates = [(update.before, update.after) for update in check.changed_updates]
        if not check.new_people and not updates:
            return
        command = ImportPeopleCommand(
            self.document.store,
            [draft.as_person() for draft in check.new_people],
            self.table.source_name,
            updates,
        )
        count, source = len(check.new_people) + len(updates), self.table.source_name
        self.import_button.setEnabled(False)
        window_store = self.document.store

        def work(_progress: Callable[[int, int], None], _cancel: threading.Event) -> None:
            apply_on_own_connection(window_store, [command], [])

        def on_imported(_result: object) -> None:
            self._work = None
            self.document.push_applied(command)
            self.imported.emit(count, source)
            self.accept()

        self._run(f"Importing {_people(count)}…", work, on_imported)
