"""The people a binder is chosen for: the active people with a check box each, and a filter."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from compdesk.models.records import Person
from compdesk.views.widgets.check_list import CheckListModel, make_check_list_view
from compdesk.views.widgets.record_table import change_filter


class _PeopleFilter(QSortFilterProxyModel):
    """The people whose name or email holds the filter text, in any case."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._search_text: dict[int, str] = {}

    def set_people(self, people: Sequence[Person]) -> None:
        search_text = {p.id: f"{p.name}\n{p.email}".casefold() for p in people}
        change_filter(self, lambda: setattr(self, "_search_text", search_text))

    def set_text(self, text: str) -> None:
        change_filter(self, lambda: setattr(self, "_text", text.strip().casefold()))

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        if not self._text:
            return True
        source = self.sourceModel()
        person_id = source.data(
            source.index(source_row, 0, source_parent), Qt.ItemDataRole.UserRole
        )
        return self._text in self._search_text.get(person_id, "")


class PeopleChoice(QWidget):
    """A checkable list of people with a filter box and buttons to tick or untick those shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._people: dict[int, Person] = {}
        self.model = CheckListModel(self)
        self.filter = _PeopleFilter(self)
        self.filter.setSourceModel(self.model)
        self.checks_changed = self.model.checks_changed

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Name or email")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter the people")
        self.filter_edit.textChanged.connect(self.filter.set_text)
        filter_label = QLabel("Fi&lter:")
        filter_label.setBuddy(self.filter_edit)

        self.list_view = make_check_list_view(self.model, "People in the binder")
        self.list_view.setModel(self.filter)
        self.list_view.setMinimumHeight(80)

        self.tick_button = QPushButton("&Tick all shown")
        self.tick_button.setToolTip("Tick every person the filter shows")
        self.tick_button.clicked.connect(self.on_tick_button_clicked)
        self.untick_button = QPushButton("&Untick all")
        self.untick_button.setToolTip("Untick everyone, shown or not")
        self.untick_button.clicked.connect(lambda: self.set_chosen(()))
        self.model.checks_changed.connect(self._update_buttons)

        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(filter_label, 0, 0)
        layout.addWidget(self.filter_edit, 0, 1, 1, 2)
        layout.addWidget(self.list_view, 1, 0, 1, 3)
        layout.addWidget(self.tick_button, 2, 0, 1, 2)
        layout.addWidget(self.untick_button, 2, 2)
        layout.setColumnStretch(1, 1)

    def set_people(self, people: Sequence[Person]) -> None:
        """Offer `people` (by name); ticks of those still offered are kept."""
        ordered = sorted(people, key=lambda p: (p.name.casefold(), p.email.casefold()))
        self._people = {p.id: p for p in ordered}
        self.filter.set_people(ordered)
        self.model.set_items((p.id, p.name, p.email) for p in ordered)
        self.model.checks_changed.emit()

    def chosen(self) -> tuple[Person, ...]:
        """The people ticked, by name."""
        return tuple(self._people[person_id] for person_id in self.model.checked())

    def set_chosen(self, people_ids: Sequence[int]) -> None:
        self.model.set_checked(people_ids)
        self.model.checks_changed.emit()

    def on_tick_button_clicked(self) -> None:
        shown = [
            self.filter.data(self.filter.index(row, 0), Qt.ItemDataRole.UserRole)
            for row in range(self.filter.rowCount())
        ]
        self.set_chosen([*self.model.checked(), *shown])

    def _update_buttons(self) -> None:
        self.untick_button.setEnabled(bool(self.model.checked()))
