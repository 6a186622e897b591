"""The import dialog's choices beside the column mapping: dates, roles by value, existing people.

Each section keeps what the user chose by column header (or by email), so that choosing a
corrected file of the same export keeps every choice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from compdesk.models.export_dates import DateColumnReading, DateOrder
from compdesk.models.people_check import ExistingChoice, distinct_values
from compdesk.models.people_import import PeopleField, PeopleTable
from compdesk.models.records import Person, Role
from compdesk.models.text import normal_email

NO_ROLE_LABEL = "No role"


def _clear(layout: QVBoxLayout | QFormLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.deleteLater()


def _plain_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class DateOrderSection(QWidget):
    """For each date column: how its dates were read, or a choice where the values do not tell."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QFormLayout(self)
        self.combos: dict[int, QComboBox] = {}
        self.notes: dict[int, QLabel] = {}
        self.remembered: dict[str, DateOrder] = {}
        self._columns: tuple[tuple[int, str], ...] = ()

    def orders(self) -> dict[int, DateOrder]:
        return {
            column: combo.currentData()
            for column, combo in self.combos.items()
            if combo.isEnabled() and combo.currentIndex() >= 0
        }

    def show_readings(self, table: PeopleTable, readings: Mapping[int, DateColumnReading]) -> None:
        columns = tuple((column, table.headers[column]) for column in sorted(readings))
        if columns == self._columns and all(c in self.combos for c, _h in columns):
            self._describe(readings)
            return
        self._columns = columns
        _clear(self.layout_)
        self.combos, self.notes = {}, {}
        if not columns:
            self.layout_.addRow(_plain_label("No column holds dates."))
        for column, header in columns:
            combo = QComboBox()
            combo.setPlaceholderText("Choose how the dates are written…")
            for order in DateOrder:
                combo.addItem(f"{order.value.capitalize()} ({order.example})", order)
            combo.setAccessibleName(f"How the column {header} writes its dates")
            remembered = self.remembered.get(header)
            combo.setCurrentIndex(combo.findData(remembered) if remembered else -1)
            combo.currentIndexChanged.connect(self.on_combo_changed)
            label = _plain_label(f"{header}:")
            label.setBuddy(combo)
            self.layout_.addRow(label, combo)
            self.notes[column] = _plain_label("")
            self.layout_.addRow("", self.notes[column])
            self.combos[column] = combo
        self._describe(readings)

    def _describe(self, readings: Mapping[int, DateColumnReading]) -> None:
        for column, combo in self.combos.items():
            reading = readings.get(column, DateColumnReading())
            combo.blockSignals(True)
            if reading.order is not None:
                combo.setCurrentIndex(combo.findData(reading.order))
                combo.setEnabled(False)
                why = f"Read {reading.order.value}, as the column's values show."
            elif reading.needs_choice:
                combo.setEnabled(True)
                why = f"{reading.ambiguous_example} could be either: nothing in the column tells."
            else:
                combo.setCurrentIndex(-1)
                combo.setEnabled(False)
                why = "Written year first (2025-01-15), or empty."
            combo.setToolTip(why)
            note = self.notes.get(column)
            if note is not None:
                note.setText(why)
            combo.blockSignals(False)

    def on_combo_changed(self) -> None:
        for column, header in self._columns:
            combo = self.combos.get(column)
            if combo is not None and combo.isEnabled() and combo.currentIndex() >= 0:
                self.remembered[header] = combo.currentData()
        self.changed.emit()


class RoleValuesSection(QWidget):
    """Map values to roles: each department (or job title) gives a role, or none."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QVBoxLayout(self)
        self.boxes: dict[int, QGroupBox] = {}
        self.combos: dict[int, dict[str, QComboBox]] = {}
        # Header → value → role id (None: no role); header → whether roles are given by it.
        self.remembered: dict[str, dict[str, int | None]] = {}
        self.remembered_on: dict[str, bool] = {}
        self._key: tuple[object, ...] = ()

    def role_values(self) -> dict[int, dict[str, int | None]]:
        return {
            column: {value: combo.currentData() for value, combo in combos.items()}
            for column, combos in self.combos.items()
            if self.boxes[column].isChecked()
        }

    def show_columns(
        self,
        table: PeopleTable,
        mapping: Mapping[int, PeopleField | None],
        roles: Iterable[Role],
        defaults: Mapping[int, Mapping[str, int | None]],
    ) -> None:
        roles = list(roles)
        columns = [column for column in sorted(defaults) if column in mapping]
        key = (table, tuple((c, mapping.get(c)) for c in columns), tuple(roles))
        if key == self._key:
            return
        self._key = key
        _clear(self.layout_)
        self.boxes, self.combos = {}, {}
        if not columns:
            self.layout_.addWidget(
                _plain_label("Place a Department or Job title column to give roles by its values.")
            )
        for column in columns:
            header = table.headers[column]
            box = QGroupBox(f"Give roles by the values of “{header}”")
            box.setCheckable(True)
            on = self.remembered_on.get(header, mapping.get(column) is PeopleField.DEPARTMENT)
            box.setChecked(on)
            box.toggled.connect(self.on_changed)
            form = QFormLayout(box)
            remembered = self.remembered.get(header, {})
            self.combos[column] = {}
            for value in distinct_values(table, column):
                combo = QComboBox()
                combo.addItem(NO_ROLE_LABEL, None)
                for role in roles:
                    combo.addItem(role.name, role.id)
                chosen = remembered.get(value, defaults[column].get(value))
                combo.setCurrentIndex(max(combo.findData(chosen), 0))
                combo.setAccessibleName(f"Role for {header} {value}")
                combo.currentIndexChanged.connect(self.on_changed)
                label = _plain_label(value.replace("&", "&&"))
                label.setBuddy(combo)
                form.addRow(label, combo)
                self.combos[column][value] = combo
            self.boxes[column] = box
            self.layout_.addWidget(box)
        self.layout_.addStretch(1)

    def set_role(self, column: int, value: str, role_id: int | None) -> None:
        combo = self.combos[column][value]
        combo.setCurrentIndex(combo.findData(role_id))

    def on_changed(self) -> None:
        table_key = self._key[0]
        if isinstance(table_key, PeopleTable):
            for column, combos in self.combos.items():
                header = table_key.headers[column]
                self.remembered[header] = {v: c.currentData() for v, c in combos.items()}
                self.remembered_on[header] = self.boxes[column].isChecked()
        self.changed.emit()


class ExistingPeopleSection(QWidget):
    """The rows whose email is already in the document: update each, or skip it."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.all_combo = QComboBox()
        for choice in (ExistingChoice.SKIP, ExistingChoice.UPDATE):
            self.all_combo.addItem(f"For everyone: {choice.label.lower()}", choice)
        self.all_combo.setAccessibleName("For everyone already in the document")
        self.all_combo.currentIndexChanged.connect(self.on_all_changed)
        layout.addWidget(self.all_combo)
        layout.addWidget(
            _plain_label(
                "Ticked people are brought up to date from the file: what the file gives "
                "replaces their details, roles are added to those they hold. Unticked are skipped."
            )
        )
        self.list = QListWidget()
        self.list.setAccessibleName("People already in the document")
        self.list.itemChanged.connect(self.on_item_changed)
        layout.addWidget(self.list, 1)
        # Email (case-folded) → the choice made for that person, over the one for everyone.
        self.choices: dict[str, ExistingChoice] = {}
        self._rows: dict[int, str] = {}
        self._people: Mapping[int, Person] = {}

    @property
    def default(self) -> ExistingChoice:
        choice = self.all_combo.currentData()
        assert isinstance(choice, ExistingChoice)
        return choice

    def row_choices(self) -> dict[int, ExistingChoice]:
        return {row: self.choices.get(key, self.default) for row, key in self._rows.items()}

    def show_people(self, existing_rows: Mapping[int, Person]) -> None:
        rows = {row: normal_email(person.email) for row, person in existing_rows.items()}
        if rows == self._rows:
            return
        self._rows, self._people = rows, dict(existing_rows)
        self.list.blockSignals(True)
        self.list.clear()
        for row, person in sorted(existing_rows.items()):
            item = QListWidgetItem(f"Row {row}: {person.name} <{person.email}>")
            item.setData(Qt.ItemDataRole.UserRole, row)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            choice = self.choices.get(rows[row], self.default)
            item.setCheckState(
                Qt.CheckState.Checked
                if choice is ExistingChoice.UPDATE
                else Qt.CheckState.Unchecked
            )
            self.list.addItem(item)
        self.list.blockSignals(False)

    def set_choice(self, row: int, choice: ExistingChoice) -> None:
        for index in range(self.list.count()):
            item = self.list.item(index)
            if item.data(Qt.ItemDataRole.UserRole) == row:
                checked = choice is ExistingChoice.UPDATE
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def on_item_changed(self, item: QListWidgetItem) -> None:
        row = item.data(Qt.ItemDataRole.UserRole)
        key = self._rows.get(row)
        if key is not None:
            checked = item.checkState() == Qt.CheckState.Checked
            self.choices[key] = ExistingChoice.UPDATE if checked else ExistingChoice.SKIP
            self.changed.emit()

    def on_all_changed(self) -> None:
        self.choices.clear()
        people, self._rows = self._people, {}
        self.show_people(people)
        self.changed.emit()
