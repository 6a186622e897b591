"""The options of an audit binder, as the Binder view asks for them."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import date
from typing import Final

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from compdesk.models.records import Person
from compdesk.models.rules import is_active
from compdesk.reports.binder.options import BinderOptions, PageSize
from compdesk.views.binder.people_choice import PeopleChoice
from compdesk.views.widgets.date_edit import DATE_PLACEHOLDER, OptionalDateEdit
from compdesk.views.widgets.forms import FieldError

# Where Letter paper is the usual size; A4 everywhere else.
_LETTER_TERRITORIES: Final = frozenset({QLocale.Country.UnitedStates, QLocale.Country.Canada})
_LARGEST_SEED: Final = 2**31 - 1
# An auditor's usual sample, until the user asks for another.
DEFAULT_SAMPLE_SIZE: Final = 5


def default_page_size(locale: QLocale | None = None) -> PageSize:
    """Letter in the United States and Canada, A4 elsewhere (by the locale's territory)."""
    territory = (locale if locale is not None else QLocale()).territory()
    return PageSize.LETTER if territory in _LETTER_TERRITORIES else PageSize.A4


class PeopleMode(enum.Enum):
    EVERYONE = "everyone"
    CHOSEN = "chosen"
    SAMPLE = "sample"


class BinderOptionsPanel(QWidget):
    """As-of date, people, appendix, page size and contact details of the binder to build."""

    # Any option was changed by the user.
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._all_people: tuple[Person, ...] = ()
        self._default_as_of = date.today()
        self._as_of_edited = False
        self._sample_size_edited = False

        self.as_of_edit = OptionalDateEdit("as-of date")
        self.as_of_edit.line_edit.setPlaceholderText(DATE_PLACEHOLDER)
        # A binder always has a date: nothing to clear.
        self.as_of_edit.line_edit.setClearButtonEnabled(False)
        self.as_of_edit.line_edit.setToolTip(
            "The day the binder describes, as YYYY-MM-DD: validity, gaps and findings as of then"
        )
        self.as_of_edit.edited.connect(self.on_as_of_edit_edited)
        self.as_of_edit.editingFinished.connect(self._offer_active_people)
        as_of_label = QLabel("&As of:")
        as_of_label.setBuddy(self.as_of_edit.line_edit)

        self.everyone_button = QRadioButton("Eve&ryone active on that day")
        self.chosen_button = QRadioButton("&Chosen people")
        self.sample_button = QRadioButton("A sa&mple of")
        self.everyone_button.setChecked(True)
        self.mode_group = QButtonGroup(self)
        for button in (self.everyone_button, self.chosen_button, self.sample_button):
            self.mode_group.addButton(button)
        self.mode_group.buttonToggled.connect(self.on_mode_group_button_toggled)

        self.people_choice = PeopleChoice()
        self.people_choice.checks_changed.connect(self.changed)
        self.sample_size_spin = QSpinBox()
        self.sample_size_spin.setRange(1, 1)
        self.sample_size_spin.setAccessibleName("Number of people in the sample")
        self.sample_size_spin.valueChanged.connect(self.changed)
        self.sample_size_spin.editingFinished.connect(self.on_sample_size_spin_editing_finished)
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, _LARGEST_SEED)
        self.seed_spin.setAccessibleName("Seed of the sample")
        self.seed_spin.setToolTip(
            "The same seed draws the same people again, as an auditor samples"
        )
        self.seed_spin.valueChanged.connect(self.changed)
        seed_label = QLabel("people, see&d")
        seed_label.setBuddy(self.seed_spin)

        people_box = QGroupBox("People")
        people_layout = QGridLayout(people_box)
        people_layout.addWidget(self.everyone_button, 0, 0, 1, 4)
        people_layout.addWidget(self.chosen_button, 1, 0, 1, 4)
        people_layout.addWidget(self.people_choice, 2, 0, 1, 4)
        people_layout.addWidget(self.sample_button, 3, 0)
        people_layout.addWidget(self.sample_size_spin, 3, 1)
        people_layout.addWidget(seed_label, 3, 2)
        people_layout.addWidget(self.seed_spin, 3, 3)
        people_layout.setColumnStretch(1, 1)
        people_layout.setColumnStretch(3, 1)
        people_layout.setRowStretch(2, 1)

        self.appendix_check = QCheckBox("Include the evidence files (appendi&x)")
        self.appendix_check.setChecked(True)
        self.appendix_check.setToolTip(
            "Reproduce every attached file after the binder's sections: pictures and PDFs on "
            "pages, other files embedded"
        )
        self.appendix_check.toggled.connect(self.changed)
        self.page_size_combo = QComboBox()
        for page_size in PageSize:
            self.page_size_combo.addItem(page_size.label, page_size)
        self.set_page_size(default_page_size())
        self.page_size_combo.currentIndexChanged.connect(self.changed)
        page_size_label = QLabel("Page si&ze:")
        page_size_label.setBuddy(self.page_size_combo)
        self.hide_contacts_check = QCheckBox("H&ide contact details")
        self.hide_contacts_check.setToolTip("Leave out email addresses and other contact details")
        self.hide_contacts_check.toggled.connect(self.changed)

        date_row = QHBoxLayout()
        date_row.addWidget(as_of_label)
        date_row.addWidget(self.as_of_edit, 1)
        page_form = QFormLayout()
        page_form.setContentsMargins(0, 0, 0, 0)
        page_form.addRow(page_size_label, self.page_size_combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(date_row)
        layout.addWidget(people_box, 1)
        layout.addWidget(self.appendix_check)
        layout.addLayout(page_form)
        layout.addWidget(self.hide_contacts_check)
        self._update_enabled()

    # ---- what is offered ----------------------------------------------------------------

    def set_people(self, people: Sequence[Person], default_as_of: date) -> None:
        """The document's people, and the as-of date to show until the user types another."""
        self._all_people = tuple(people)
        self._default_as_of = default_as_of
        if not self._as_of_edited:
            self.as_of_edit.set_date(default_as_of)
        self._offer_active_people()

    def _offer_active_people(self) -> None:
        as_of = self._typed_as_of() or self._default_as_of
        active = [person for person in self._all_people if is_active(person, as_of)]
        self.people_choice.set_people(active)
        self.sample_size_spin.setMaximum(max(1, len(active)))
        if not self._sample_size_edited:
            self.sample_size_spin.setValue(min(DEFAULT_SAMPLE_SIZE, len(active)))

    def _typed_as_of(self) -> date | None:
        try:
            return self.as_of_edit.date()
        except FieldError:
            return None

    def set_page_size(self, page_size: PageSize) -> None:
        self.page_size_combo.setCurrentIndex(self.page_size_combo.findData(page_size))

    # ---- what the user chose ------------------------------------------------------------

    @property
    def people_mode(self) -> PeopleMode:
        if self.chosen_button.isChecked():
            return PeopleMode.CHOSEN
        if self.sample_button.isChecked():
            return PeopleMode.SAMPLE
        return PeopleMode.EVERYONE

    def options(self) -> BinderOptions:
        """The binder asked for; a FieldError names the field at fault."""
        as_of = self.as_of_edit.date()
        if as_of is None:
            raise FieldError(
                self.as_of_edit.line_edit,
                "Enter the day the binder describes, as YYYY-MM-DD (for example 2025-03-31).",
            )
        emails: tuple[str, ...] = ()
        sample_size: int | None = None
        mode = self.people_mode
        if mode is PeopleMode.CHOSEN:
            emails = tuple(person.email for person in self.people_choice.chosen())
            if not emails:
                raise FieldError(
                    self.people_choice.list_view,
                    "Tick at least one person for the binder, or choose everyone.",
                )
        elif mode is PeopleMode.SAMPLE:
            sample_size = self.sample_size_spin.value()
        page_size = self.page_size_combo.currentData()
        assert isinstance(page_size, PageSize)
        return BinderOptions(
            as_of=as_of,
            people=emails,
            sample_size=sample_size,
            seed=self.seed_spin.value() if sample_size is not None else 0,
            attachments=self.appendix_check.isChecked(),
            page_size=page_size,
            contact_details=not self.hide_contacts_check.isChecked(),
        )

    # ---- slots ------------------------------------------------------------------------------

    def on_as_of_edit_edited(self) -> None:
        self._as_of_edited = True
        self.changed.emit()

    def on_sample_size_spin_editing_finished(self) -> None:
        self._sample_size_edited = True

    def on_mode_group_button_toggled(self, _button: QRadioButton, checked: bool) -> None:
        if checked:
            self._update_enabled()
            self.changed.emit()

    def _update_enabled(self) -> None:
        mode = self.people_mode
        self.people_choice.setEnabled(mode is PeopleMode.CHOSEN)
        self.sample_size_spin.setEnabled(mode is PeopleMode.SAMPLE)
        self.seed_spin.setEnabled(mode is PeopleMode.SAMPLE)
