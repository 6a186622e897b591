"""The action form: what is done about a competence gap, and whether it worked (clause 7.2 c)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QWidget,
)

from compdesk.models.records import (
    Action,
    ActionStatus,
    ActionType,
    Competency,
    Effectiveness,
    Person,
)
from compdesk.views.actions.evidence_offer import EvidenceOffer, gap_needs_evidence
from compdesk.views.commands.actions import AddActionCommand, UpdateActionCommand
from compdesk.views.commands.base import StoreCommand
from compdesk.views.document import Document
from compdesk.views.evidence.form_guard import FormGuard
from compdesk.views.widgets.date_edit import OptionalDateEdit
from compdesk.views.widgets.forms import FieldError, format_date, make_text_box
from compdesk.views.widgets.record_form import add_labelled_rows
from compdesk.views.widgets.subject_dialog import SubjectDialog


class ActionDialog(SubjectDialog):
    """Plan a gap-closure action, or edit one: its progress and its effectiveness evaluation.

    Accepting pushes AddActionCommand or UpdateActionCommand; when the document refuses, the
    dialog stays open and says why. An action accepted as done and effective while its gap is
    still open is followed by the offer to record its evidence (`evidence_offer`).
    """

    def __init__(
        self,
        document: Document,
        *,
        person: Person | None = None,
        competency: Competency | None = None,
        action: Action | None = None,
        parent: QWidget | None = None,
    ) -> None:
        store = document.store
        people = store.people.all()
        super().__init__(
            document,
            noun="action",
            people=people,
            competencies=store.competencies.all(),
            person=person,
            competency=competency,
            record=action,
            parent=parent,
        )
        self.action = action
        # The id of the action added or edited, once accepted.
        self.saved_action_id: int | None = action.id if action is not None else None
        self.evidence_offer: EvidenceOffer | None = None
        if action is not None:
            # Every edit is saved as it is applied: the button says what it does.
            self.ok_button.setText("Apply changes")
        self.setMinimumWidth(520)

        self.type_combo = QComboBox()
        for action_type in ActionType:
            self.type_combo.addItem(action_type.label, action_type)
        self.description_edit = make_text_box(3, self)
        self.description_edit.setPlaceholderText("What will be done, e.g. OWASP Top 10 course")
        self.owner_edit = QLineEdit()
        self.owner_edit.setPlaceholderText("Who sees that it happens")
        owners = sorted(
            {a.owner for a in store.actions.list() if a.owner} | {p.name for p in people}
        )
        completer = QCompleter(owners, self.owner_edit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.owner_edit.setCompleter(completer)
        self.due_edit = OptionalDateEdit("due date")
        self.status_combo = QComboBox()
        for status in ActionStatus:
            self.status_combo.addItem(status.label, status)
        self.completed_edit = OptionalDateEdit("completion date")

        self.effectiveness_combo = QComboBox()
        for result in Effectiveness:
            self.effectiveness_combo.addItem(result.label, result)
        self.evaluation_edit = make_text_box(3, self)
        self.evaluation_edit.setPlaceholderText(
            "How it was judged, e.g. quiz score 90 %, no findings in the next code review"
        )
        self.evaluated_edit = OptionalDateEdit("evaluation date")

        form = self.subject_form(
            (
                ("&Type:", self.type_combo, "Type of action"),
                ("&Description:", self.description_edit, "Description"),
                ("&Owner:", self.owner_edit, "Owner"),
                ("D&ue on:", self.due_edit, None),
                ("&Status:", self.status_combo, "Status"),
                ("Comp&leted on:", self.completed_edit, None),
            )
        )
        self.evaluation_box = QGroupBox("Effectiveness: did the action work?")
        evaluation_form = QFormLayout(self.evaluation_box)
        evaluation_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        add_labelled_rows(
            evaluation_form,
            (
                ("&Result:", self.effectiveness_combo, "Effectiveness"),
                ("&How it was judged:", self.evaluation_edit, "How it was judged"),
                ("E&valuated on:", self.evaluated_edit, None),
            ),
        )

        if action is not None:
            self._fill(action)
        self.status_combo.activated.connect(self.on_status_activated)
        self.effectiveness_combo.activated.connect(self.on_effectiveness_activated)
        self.finish_layout(
            (form, self.evaluation_box),
            first_field=self.type_combo,
            why_subjects="an action closes a person's gap in a competency.",
        )
        self.guard = FormGuard(
            self,
            self.message,
            self.ok_button,
            (
                self.person_combo,
                self.competency_combo,
                self.type_combo,
                self.description_edit,
                self.owner_edit,
                self.due_edit,
                self.status_combo,
                self.completed_edit,
                self.effectiveness_combo,
                self.evaluation_edit,
                self.evaluated_edit,
            ),
            noun="action",
            check=self.values,
        )

    def _fill(self, action: Action) -> None:
        self.type_combo.setCurrentIndex(self.type_combo.findData(action.type))
        self.description_edit.setPlainText(action.description)
        self.owner_edit.setText(action.owner)
        self.due_edit.setText(format_date(action.due_date))
        self.status_combo.setCurrentIndex(self.status_combo.findData(action.status))
        self.completed_edit.setText(format_date(action.completed_on))
        self.effectiveness_combo.setCurrentIndex(
            self.effectiveness_combo.findData(action.effectiveness)
        )
        self.evaluation_edit.setPlainText(action.evaluation)
        self.evaluated_edit.setText(format_date(action.evaluated_on))

    # The dates that follow from a choice are filled in, visibly, for the user to correct.

    def on_status_activated(self, _index: int) -> None:
        if self.status_combo.currentData() is ActionStatus.DONE and not self.completed_edit.text():
            self.completed_edit.set_date(date.today())

    def on_effectiveness_activated(self, _index: int) -> None:
        evaluated = self.effectiveness_combo.currentData() is not Effectiveness.NOT_YET_EVALUATED
        if evaluated and not self.evaluated_edit.text():
            self.evaluated_edit.set_date(date.today())

    # ---- accepting ------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """The action's fields as typed, or a FieldError saying what is wrong."""
        person_id, competency_id = self.chosen_subject_ids(
            no_person="Choose the person whose gap this action closes.",
            no_competency="Choose the competency it is about.",
        )
        due_date = self.due_edit.date()
        completed_on = self.completed_edit.date()
        evaluated_on = self.evaluated_edit.date()
        status = self.status_combo.currentData()
        effectiveness = self.effectiveness_combo.currentData()
        evaluation = self.evaluation_edit.toPlainText().strip()
        if effectiveness is not Effectiveness.NOT_YET_EVALUATED and not evaluation:
            raise FieldError(
                self.evaluation_edit,
                "Say how the effectiveness was judged (for example a quiz score, a drill "
                "result or what a review found): the auditor asks for it.",
            )
        return {
            "person_id": person_id,
            "competency_id": competency_id,
            "type": self.type_combo.currentData(),
            "description": self.description_edit.toPlainText().strip(),
            "owner": self.owner_edit.text().strip(),
            "due_date": due_date,
            "status": status,
            "completed_on": completed_on,
            "effectiveness": effectiveness,
            "evaluation": evaluation,
            "evaluated_on": evaluated_on,
        }

    def command(self) -> StoreCommand | None:
        """The edit accepting asks for (None when nothing changed)."""
        values = self.values()
        store = self.document.store
        if self.action is None:
            person = store.people.get(values.pop("person_id"))
            competency = store.competencies.get(values.pop("competency_id"))
            return AddActionCommand(store, person, competency, values.pop("type"), **values)
        after = replace(self.action, **values)
        return UpdateActionCommand(store, self.action, after) if after != self.action else None

    def accept(self) -> None:
        self.message.clear_message()
        try:
            command = self.command()
        except FieldError as error:
            self.guard.show_field_error(error)
            return
        if command is None:
            super().accept()
            return
        refusal = self.document.push(command)
        if refusal is not None:
            self.message.show_error(f"Not saved: {refusal or 'refused'}")
            return
        if isinstance(command, AddActionCommand):
            self.saved_action_id = command.record_id
        assert self.saved_action_id is not None
        after = self.document.store.actions.get(self.saved_action_id)
        if gap_needs_evidence(self.document, self.action, after):
            # The offer outlives this dialog: it belongs to the view that opened it.
            self.evidence_offer = EvidenceOffer(self.document, after, self.parentWidget() or self)
        super().accept()
        if self.evidence_offer is not None:
            self.evidence_offer.start()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.guard.close(event):
            super().closeEvent(event)

    def reject(self) -> None:
        self.guard.reject(super().reject)
