"""The row of controls above the matrix: role, person type, gaps only, search, the as-of date
with Today, and the CSV export."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from compdesk.models.records import PersonType, Role
from compdesk.views.widgets.date_edit import DateEdit

_PLURALS = {
    PersonType.EMPLOYEE: "Employees",
    PersonType.CONTRACTOR: "Contractors",
    PersonType.THIRD_PARTY: "Third parties",
}


class MatrixFilterRow(QHBoxLayout):
    """The controls, laid out in a row; the view connects to their signals."""

    def __init__(self, as_of: date) -> None:
        super().__init__()
        self.role_combo = QComboBox()
        self.role_combo.setAccessibleName("Filter by role")
        # As wide as a usual role name, not the longest: the row must fit 1024 pixels in audit
        # mode; the list that opens shows every name whole.
        self.role_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.role_combo.setMinimumContentsLength(8)
        self.role_combo.addItem("All roles", None)
        self.addWidget(_buddy("&Role:", self.role_combo))
        self.addWidget(self.role_combo)

        self.type_combo = QComboBox()
        self.type_combo.setAccessibleName("Filter by person type")
        self.type_combo.addItem("Everyone", None)
        for person_type in PersonType:
            self.type_combo.addItem(_PLURALS[person_type], person_type.value)
        self.addWidget(_buddy("T&ype:", self.type_combo))
        self.addWidget(self.type_combo)

        self.gaps_check = QCheckBox("&Gaps only")
        self.gaps_check.setToolTip(
            "Show only people with a gap (due, planned, expired or missing), "
            "and only the competencies where someone shown has one"
        )
        self.addWidget(self.gaps_check)

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Name, email, job title or role (Ctrl+F)")
        self.search_edit.setAccessibleName("Search people")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(80)
        self.addWidget(_buddy("&Search:", self.search_edit))
        self.addWidget(self.search_edit, 1)

        # Typed whole and taken with Enter (or picked from its calendar), so the matrix is
        # recomputed once, for the date typed, and never for half of one.
        self.as_of_edit = DateEdit("as-of date", as_of)
        self.as_of_edit.line_edit.setAccessibleName("Matrix as of date")
        self.as_of_edit.set_help(
            "Show the matrix as it stood (or will stand) on this date, typed as YYYY-MM-DD and "
            "taken with Enter: what an auditor would have seen that day"
        )
        self.addWidget(_buddy("As &of:", self.as_of_edit.line_edit))
        self.addWidget(self.as_of_edit)
        self.today_button = QPushButton("&Today")
        self.today_button.setAccessibleName("Show the matrix as of today")
        self.today_button.clicked.connect(self.on_today_button_clicked)
        self.addWidget(self.today_button)

        self.export_button = QPushButton("E&xport CSV…")
        self.export_button.setToolTip("Save the matrix as shown (filters applied) as a CSV file")
        self.addWidget(self.export_button)

    def chosen_role_id(self) -> int | None:
        role_id = self.role_combo.currentData()
        return None if role_id is None else int(role_id)

    def chosen_person_type(self) -> PersonType | None:
        value = self.type_combo.currentData()
        return None if value is None else PersonType(value)

    def fill_roles(self, roles: Iterable[Role]) -> bool:
        """Offer these roles, keeping the one chosen; False if it is gone (all roles shown)."""
        chosen = self.role_combo.currentData()
        self.role_combo.blockSignals(True)
        self.role_combo.clear()
        self.role_combo.addItem("All roles", None)
        for role in roles:
            self.role_combo.addItem(role.name, role.id)
        found = self.role_combo.findData(chosen)
        self.role_combo.setCurrentIndex(max(found, 0))
        self.role_combo.blockSignals(False)
        return found >= 0

    def show_as_of(self, as_of: date) -> None:
        """Show the date without asking for it again (the document already has it); a date
        being typed, or refused, stays as typed while the document's date is unchanged."""
        if as_of != self.as_of_edit.value():
            self.as_of_edit.set_date(as_of)

    def on_today_button_clicked(self) -> None:
        self.as_of_edit.choose(date.today())


def _buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    label.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
    return label
