"""After an action has worked: the offer to record the evidence that closes the gap.

An action done and judged effective no longer counts as planned, so its cell turns back to
missing until evidence of the competence is recorded (the competence is shown by evidence, not
by the action). The offer asks whether to record it now and opens the evidence form filled in
from the action; declining leaves everything as it is.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from compdesk.models.records import Action
from compdesk.models.rules import action_worked, evidence_of_action
from compdesk.views.document import Document
from compdesk.views.evidence.dialog import EvidenceDialog


def gap_needs_evidence(document: Document, before: Action | None, after: Action) -> bool:
    """The action has just been marked done and effective, and its gap is still open."""
    if not action_worked(after) or (before is not None and action_worked(before)):
        return False
    status = document.store.gap_matrix(document.as_of).status(after.person_id, after.competency_id)
    return not status.counts_as_met


class EvidenceOffer(QObject):
    """The question "record the evidence now?", then the evidence form pre-filled: the person,
    the competency, the kind and route the action's type usually leaves, the action's
    description as title and its completion date (else today) as the date achieved."""

    def __init__(self, document: Document, action: Action, parent: QWidget) -> None:
        super().__init__(parent)
        self.document, self.action = document, action
        self._parent = parent
        store = document.store
        self.person = store.people.get(action.person_id)
        self.competency = store.competencies.get(action.competency_id)
        self.dialog: EvidenceDialog | None = None

        self.question = QMessageBox(
            QMessageBox.Icon.Question,
            "Record the evidence?",
            f"The action worked: {self.person.name} now needs evidence of "
            f"{self.competency.name} for the matrix to show it as met.",
            parent=parent,
        )
        self.question.setTextFormat(Qt.TextFormat.PlainText)
        self.question.setInformativeText(
            "Record the evidence now, filled in from the action? You can also add it later "
            "from the matrix or the Evidence view."
        )
        self.record_button = self.question.addButton(
            "&Record evidence…", QMessageBox.ButtonRole.AcceptRole
        )
        self.later_button = self.question.addButton("&Not now", QMessageBox.ButtonRole.RejectRole)
        self.question.setDefaultButton(self.record_button)
        self.question.setEscapeButton(self.later_button)
        self.question.setWindowModality(Qt.WindowModality.WindowModal)
        self.question.finished.connect(self.on_question_finished)

    def start(self) -> None:
        self.question.open()

    def on_question_finished(self, _result: int) -> None:
        recording = self.question.clickedButton() is self.record_button
        self.question.deleteLater()
        if not recording or not self.document.editable:
            self.deleteLater()
            return
        self.dialog = self._evidence_dialog()
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.destroyed.connect(self.deleteLater)
        self.dialog.open()

    def _evidence_dialog(self) -> EvidenceDialog:
        kind, route = evidence_of_action(self.action.type)
        description = self.action.description.strip()
        return EvidenceDialog(
            self.document,
            person=self.person,
            competency=self.competency,
            kind=kind,
            route=route,
            title=description.splitlines()[0] if description else "",
            achieved_on=self.action.completed_on or date.today(),
            parent=self._parent,
        )
