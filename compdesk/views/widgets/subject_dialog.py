"""Dialogs over one record about a person and a competency (evidence, a gap-closure action).

Both start with the same two pickers, end with a message area and OK / Cancel, and refuse to
save until a person and a competency are chosen; this module holds that frame once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLayout,
    QVBoxLayout,
    QWidget,
)

from compdesk.models.records import Action, Competency, Evidence, Person
from compdesk.views.document import Document
from compdesk.views.widgets.forms import (
    FieldError,
    FormMessage,
    fit_dialog_to_wrapped_text,
    focus_first_enabled,
    make_dialog_buttons,
)
from compdesk.views.widgets.record_form import add_labelled_rows

# (label with its & mnemonic, field, the field's accessible name or None), as add_labelled_rows.
FormRow = tuple[str, QWidget, str | None]


def person_label(person: Person) -> str:
    left = f" — left {person.end_date.isoformat()}" if person.end_date else ""
    return f"{person.name} <{person.email}>{left}"


def fill_people(combo: QComboBox, people: Sequence[Person], selected_id: int | None) -> None:
    combo.clear()
    for person in people:
        combo.addItem(person_label(person), person.id)
    combo.setCurrentIndex(max(combo.findData(selected_id), 0) if selected_id is not None else -1)


def fill_competencies(
    combo: QComboBox, competencies: Sequence[Competency], selected_id: int | None
) -> None:
    combo.clear()
    for competency in competencies:
        combo.addItem(f"{competency.name} ({competency.level.label.lower()})", competency.id)
    combo.setCurrentIndex(max(combo.findData(selected_id), 0) if selected_id is not None else -1)


def make_subject_combos(
    people: Sequence[Person],
    competencies: Sequence[Competency],
    *,
    person: Person | None,
    competency: Competency | None,
    record: Evidence | Action | None,
) -> tuple[QComboBox, QComboBox]:
    """Pickers for the person and the competency a record is about: the ones given are fixed,
    the others start at the record's (at nothing, for a new record)."""
    person_id = person.id if person else record.person_id if record else None
    competency_id = competency.id if competency else record.competency_id if record else None
    person_combo = QComboBox()
    fill_people(person_combo, people, person_id)
    person_combo.setEnabled(person is None)
    competency_combo = QComboBox()
    fill_competencies(competency_combo, competencies, competency_id)
    competency_combo.setEnabled(competency is None)
    return person_combo, competency_combo


class SubjectDialog(QDialog):
    """Add a record about a person and a competency (`record` None), or edit one.

    A subclass builds its own fields, then calls `subject_form` for the form that starts with
    the two pickers and `finish_layout` once everything is in place.
    """

    def __init__(
        self,
        document: Document,
        *,
        noun: str,
        people: Sequence[Person],
        competencies: Sequence[Competency],
        person: Person | None,
        competency: Competency | None,
        record: Evidence | Action | None,
        parent: QWidget | None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self._has_subjects = bool(people) and bool(competencies)
        self.setWindowTitle(f"Edit {noun}" if record else f"New {noun}")
        self.person_combo, self.competency_combo = make_subject_combos(
            people, competencies, person=person, competency=competency, record=record
        )
        self.message = FormMessage()
        self.buttons = make_dialog_buttons(self, "Save" if record else f"Add {noun}")
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def subject_form(self, rows: Iterable[FormRow]) -> QFormLayout:
        """The form: the person, the competency, then `rows`."""
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        add_labelled_rows(
            form,
            (
                ("&Person:", self.person_combo, "Person"),
                ("&Competency:", self.competency_combo, "Competency"),
                *rows,
            ),
        )
        return form

    def finish_layout(
        self, parts: Iterable[QLayout | QWidget], *, first_field: QWidget, why_subjects: str
    ) -> None:
        """Lay out `parts` above the message and the buttons, and put the focus in the first
        field that can take it. Without people or competencies nothing can be saved: the
        message says so, ending with `why_subjects` (why the record needs both)."""
        layout = QVBoxLayout(self)
        for part in parts:
            if isinstance(part, QLayout):
                layout.addLayout(part)
            else:
                layout.addWidget(part)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        if not self._has_subjects:
            self.message.show_error(f"Add people and competencies first: {why_subjects}")
            self.ok_button.setEnabled(False)
        fit_dialog_to_wrapped_text(self, layout)
        focus_first_enabled((self.person_combo, self.competency_combo, first_field))

    def chosen_subject_ids(self, *, no_person: str, no_competency: str) -> tuple[int, int]:
        """The ids of the person and the competency chosen, or a FieldError saying which is
        missing (`no_person`, `no_competency`)."""
        person_id = self.person_combo.currentData()
        if person_id is None:
            raise FieldError(self.person_combo, no_person)
        competency_id = self.competency_combo.currentData()
        if competency_id is None:
            raise FieldError(self.competency_combo, no_competency)
        return int(person_id), int(competency_id)
