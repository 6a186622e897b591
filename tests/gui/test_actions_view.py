"""The Actions view and the action dialog, driven through real widgets."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from compdesk.models.gaps import GapStatus
from compdesk.models.records import (
    Action,
    ActionStatus,
    ActionType,
    Competency,
    Effectiveness,
    EvidenceKind,
    Person,
    Route,
)
from compdesk.models.rules import Attention, action_is_open
from compdesk.views.actions.dialog import ActionDialog
from compdesk.views.actions.view import ActionColumn, ActionsView
from compdesk.views.commands.actions import AddActionCommand
from compdesk.views.commands.roles import SetRequirementCommand
from compdesk.views.document import Document
from compdesk.views.main_window import MainWindow
from compdesk.views.matrix.view import MatrixView
from tests.conftest import make_evidence, make_person
from tests.gui.conftest import shown_view
from tests.gui.reloads import count_reloads, push_and_undo
from tests.gui.test_evidence_dialog import discard_changes

MATRIX_TAB = 0
ACTIONS_TAB = 4
AS_OF = date(2026, 6, 1)


@pytest.fixture
def view(window: MainWindow, document: Document) -> ActionsView:
    document.set_as_of(AS_OF)
    return shown_view(window, ACTIONS_TAB, "actions", ActionsView)


def add_action(
    document: Document,
    person: Person,
    competency: Competency,
    description: str,
    **values: Any,
) -> Action:
    action = document.store.actions.add(
        person.id, competency.id, ActionType.TRAINING, description=description, **values
    )
    document.refresh()
    return action


def shown(view: ActionsView) -> dict[str, tuple[str, str]]:
    """Description → (status, effectiveness) as the list shows them."""
    proxy = view.proxy
    return {
        proxy.index(row, ActionColumn.DESCRIPTION).data(): (
            proxy.index(row, ActionColumn.STATUS).data(),
            proxy.index(row, ActionColumn.EFFECTIVENESS).data(),
        )
        for row in range(proxy.rowCount())
    }


@pytest.fixture
def four_actions(document: Document, ana: Person, secure_coding: Competency) -> None:
    add_action(document, ana, secure_coding, "late course", due_date=AS_OF - timedelta(days=3))
    add_action(
        document,
        ana,
        secure_coding,
        "done, never judged",
        due_date=AS_OF - timedelta(days=30),
        status=ActionStatus.DONE,
        completed_on=AS_OF - timedelta(days=31),
    )
    add_action(
        document,
        ana,
        secure_coding,
        "done and judged",
        due_date=AS_OF - timedelta(days=60),
        status=ActionStatus.DONE,
        effectiveness=Effectiveness.EFFECTIVE,
        evaluation="code review found no injection flaws",
        evaluated_on=AS_OF - timedelta(days=20),
    )
    add_action(
        document,
        ana,
        secure_coding,
        "cancelled late",
        due_date=AS_OF - timedelta(days=90),
        status=ActionStatus.CANCELLED,
    )
    add_action(document, ana, secure_coding, "next month", due_date=AS_OF + timedelta(days=30))


@pytest.mark.usefixtures("four_actions")
def test_overdue_and_not_evaluated_actions_are_marked_in_words(view: ActionsView) -> None:
    assert shown(view) == {
        "late course": ("Overdue (planned)", "—"),
        "done, never judged": ("Done", "Not evaluated"),
        "done and judged": ("Done", "✔ Effective"),
        "cancelled late": ("Cancelled", "—"),
        "next month": ("Planned", "—"),
    }
    overdue_row = next(
        row
        for row in range(view.model.rowCount())
        if view.model.index(row, ActionColumn.DESCRIPTION).data() == "late course"
    )
    status = view.model.index(overdue_row, ActionColumn.STATUS)
    assert "3 days ago" in status.data(Qt.ItemDataRole.ToolTipRole)
    assert status.data(Qt.ItemDataRole.DecorationRole) is not None
    assert "⚠ 1 overdue" in view.summary_label.text()
    assert "⚠ 1 not evaluated" in view.summary_label.text()


@pytest.mark.usefixtures("four_actions")
def test_filters_show_open_overdue_or_not_evaluated_actions(
    qtbot: QtBot, window: MainWindow, view: ActionsView
) -> None:
    qtbot.mouseClick(view.open_check, Qt.MouseButton.LeftButton)
    assert set(shown(view)) == {"late course", "done, never judged", "next month"}
    view.open_check.setChecked(False)
    view.overdue_check.setChecked(True)
    assert set(shown(view)) == {"late course"}
    view.overdue_check.setChecked(False)
    view.not_evaluated_check.setChecked(True)
    assert set(shown(view)) == {"done, never judged"}
    view.not_evaluated_check.setChecked(False)
    window.find_action.trigger()
    assert view.search_edit.hasFocus()
    qtbot.keyClicks(view.search_edit, "judged")
    assert set(shown(view)) == {"done, never judged", "done and judged"}


@pytest.mark.usefixtures("four_actions")
def test_recording_an_evaluation_through_the_dialog_closes_the_action(
    qtbot: QtBot, window: MainWindow, document: Document, view: ActionsView
) -> None:
    view.not_evaluated_check.setChecked(True)
    view.table.selectRow(0)
    action = view.selected_action()
    assert action is not None and action.description == "done, never judged"

    qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, ActionDialog) and dialog.isVisible()
    dialog.effectiveness_combo.setFocus()
    qtbot.keyClicks(dialog.effectiveness_combo, "Effective")
    assert dialog.effectiveness_combo.currentData() is Effectiveness.EFFECTIVE
    assert dialog.evaluated_edit.text() == date.today().isoformat()

    # A result without saying how it was judged is refused.
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "how the effectiveness was judged" in dialog.message.text()
    assert document.store.actions.get(action.id).effectiveness is Effectiveness.NOT_YET_EVALUATED

    qtbot.keyClicks(dialog.evaluation_edit, "Quiz after the course: 95 %")
    dialog.evaluated_edit.setText("2026-05-20")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()

    saved = document.store.actions.get(action.id)
    assert saved.effectiveness is Effectiveness.EFFECTIVE
    assert saved.evaluation == "Quiz after the course: 95 %"
    assert saved.evaluated_on == date(2026, 5, 20)
    assert not action_is_open(saved)
    # No longer "not evaluated": the filter drops it, the selection follows it anyway.
    assert view.selected_action() == saved
    assert "⚠" not in view.summary_label.text().split("overdue")[-1]

    window.undo_action.trigger()
    assert document.store.actions.get(action.id) == action


def test_a_new_action_is_planned_through_the_dialog_and_deleted_with_undo(
    qtbot: QtBot,
    window: MainWindow,
    document: Document,
    view: ActionsView,
    ana: Person,
    secure_coding: Competency,
) -> None:
    document.refresh()
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert dialog is not None
    dialog.person_combo.setCurrentIndex(dialog.person_combo.findData(ana.id))
    dialog.competency_combo.setCurrentIndex(dialog.competency_combo.findData(secure_coding.id))
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData(ActionType.MENTORING))
    qtbot.keyClicks(dialog.description_edit, "Pair reviews with a senior developer")
    qtbot.keyClicks(dialog.owner_edit, "Zoe Muller")
    qtbot.keyClicks(dialog.due_edit.line_edit, "2026-07-15")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()

    (action,) = document.store.actions.list()
    assert action.type is ActionType.MENTORING and action.owner == "Zoe Muller"
    assert action.due_date == date(2026, 7, 15) and action.status is ActionStatus.PLANNED
    assert view.selected_action() == action
    assert shown(view) == {"Pair reviews with a senior developer": ("Planned", "—")}

    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert document.store.actions.list() == []
    window.undo_action.trigger()
    assert document.store.actions.list() == [action]


def test_a_due_date_in_the_wrong_form_is_refused(
    qtbot: QtBot, document: Document, ana: Person, secure_coding: Competency
) -> None:
    dialog = ActionDialog(document, person=ana, competency=secure_coding)
    qtbot.addWidget(dialog)
    dialog.open()
    assert not dialog.person_combo.isEnabled()
    qtbot.keyClicks(dialog.due_edit.line_edit, "next friday")
    dialog.accept()
    assert dialog.isVisible() and "next friday" in dialog.message.text()
    assert document.store.actions.list() == []
    dialog.reject()


def test_marking_an_action_done_fills_in_the_completion_date(
    qtbot: QtBot, document: Document, ana: Person, secure_coding: Competency
) -> None:
    action = add_action(document, ana, secure_coding, "course")
    dialog = ActionDialog(document, action=action)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.status_combo.setFocus()
    qtbot.keyClicks(dialog.status_combo, "Done")
    assert dialog.completed_edit.text() == date.today().isoformat()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert document.store.actions.get(action.id).completed_on == date.today()


def test_editing_is_disabled_in_audit_mode(
    window: MainWindow,
    view: ActionsView,
    document: Document,
    ana: Person,
    secure_coding: Competency,
) -> None:
    add_action(document, ana, secure_coding, "course")
    view.table.selectRow(0)
    assert view.edit_button.isEnabled()
    window.audit_action.trigger()
    for button in (view.new_button, view.edit_button, view.delete_button):
        assert not button.isEnabled()
    view.edit_selected()
    assert view.dialog is None


@pytest.mark.usefixtures("four_actions")
def test_the_action_models_pass_the_model_tester(qtmodeltester: Any, view: ActionsView) -> None:
    assert {row.attention for row in view.model.rows()} == set(Attention)
    qtmodeltester.check(view.model)
    qtmodeltester.check(view.proxy)


def test_enter_edits_and_delete_removes_the_selected_action(
    qtbot: QtBot,
    window: MainWindow,
    document: Document,
    view: ActionsView,
    ana: Person,
    secure_coding: Competency,
) -> None:
    add_action(document, ana, secure_coding, "course")
    view.table.selectRow(0)
    window.activateWindow()
    view.table.setFocus()
    qtbot.waitUntil(view.table.hasFocus)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert view.dialog is not None and view.dialog.isVisible()
    view.dialog.reject()
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert document.store.actions.list() == []
    window.undo_action.trigger()
    assert [a.description for a in document.store.actions.list()] == ["course"]


def test_a_date_label_mnemonic_moves_the_focus_to_the_date(qtbot: QtBot, view: ActionsView) -> None:
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert dialog is not None
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is dialog.due_edit.line_edit


def test_a_requirement_edit_leaves_the_actions_view_as_it_is(
    view: ActionsView,
    document: Document,
    ana: Person,
    secure_coding: Competency,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reloads = count_reloads(view, monkeypatch)
    role = document.store.roles.add("Auditor")

    push_and_undo(document, SetRequirementCommand(document.store, role, secure_coding, True))
    assert reloads == []

    push_and_undo(
        document, AddActionCommand(document.store, ana, secure_coding, ActionType.TRAINING)
    )
    assert len(reloads) == 2


# ---- an action that worked, and the evidence that closes its gap ---------------------------


@pytest.fixture
def developer(document: Document) -> Person:
    """A developer, so that secure coding is required of her."""
    store = document.store
    return make_person(store, "Bea Lind", roles=(store.roles.by_name("Developer"),))


def matrix_status(window: MainWindow, person: Person, competency: Competency) -> GapStatus:
    window.show_view(MATRIX_TAB)
    matrix = window.view("matrix")
    assert isinstance(matrix, MatrixView)
    status = matrix.status_of(person.id, competency.id)
    window.show_view(ACTIONS_TAB)
    assert status is not None
    return status


def document_has_evidence(document: Document, person: Person, competency: Competency) -> bool:
    return bool(document.store.evidence.list(person_id=person.id, competency_id=competency.id))


def mark_done_and_effective(
    qtbot: QtBot, window: MainWindow, person: Person, competency: Competency
) -> tuple[ActionsView, Action]:
    """Plan a course for the person, then mark it done and effective through the dialog."""
    view = shown_view(window, ACTIONS_TAB, "actions", ActionsView)
    assert window.document is not None
    action = add_action(
        window.document, person, competency, "OWASP Top 10 course", due_date=date.today()
    )
    if not document_has_evidence(window.document, person, competency):
        assert matrix_status(window, person, competency) is GapStatus.PLANNED
    assert view.show_action(action.id)
    qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, ActionDialog)
    dialog.status_combo.setFocus()
    qtbot.keyClicks(dialog.status_combo, "Done")
    dialog.effectiveness_combo.setFocus()
    qtbot.keyClicks(dialog.effectiveness_combo, "Effective")
    qtbot.keyClicks(dialog.evaluation_edit, "Code review found no injection flaws")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    return view, action


def test_an_action_done_and_effective_offers_its_evidence_and_recording_it_meets_the_cell(
    qtbot: QtBot,
    window: MainWindow,
    document: Document,
    developer: Person,
    secure_coding: Competency,
) -> None:
    view, action = mark_done_and_effective(qtbot, window, developer, secure_coding)
    # Correct, but not a next step by itself: the competence is shown by evidence.
    assert matrix_status(window, developer, secure_coding) is GapStatus.MISSING
    offer = view.evidence_offer
    assert offer is not None and offer.question.isVisible()
    assert developer.name in offer.question.text()

    qtbot.mouseClick(offer.record_button, Qt.MouseButton.LeftButton)
    form = offer.dialog
    assert form is not None and form.isVisible()
    assert form.person_combo.currentData() == developer.id
    assert form.competency_combo.currentData() == secure_coding.id
    assert form.kind_combo.currentData() is EvidenceKind.TRAINING_RECORD
    assert form.route_combo.currentData() is Route.TRAINING
    assert form.achieved_edit.text() == date.today().isoformat()
    assert form.title_edit.text() == "OWASP Top 10 course"

    qtbot.mouseClick(form.ok_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    (evidence,) = document.store.evidence.list(person_id=developer.id)
    assert (evidence.competency_id, evidence.kind, evidence.route, evidence.achieved_on) == (
        secure_coding.id,
        EvidenceKind.TRAINING_RECORD,
        Route.TRAINING,
        date.today(),
    )
    assert matrix_status(window, developer, secure_coding) is GapStatus.MET

    window.undo_action.trigger()
    assert document.store.evidence.list(person_id=developer.id) == []
    assert matrix_status(window, developer, secure_coding) is GapStatus.MISSING
    assert document.store.actions.get(action.id).status is ActionStatus.DONE


def test_declining_the_evidence_offer_changes_nothing(
    qtbot: QtBot,
    window: MainWindow,
    document: Document,
    developer: Person,
    secure_coding: Competency,
) -> None:
    view, action = mark_done_and_effective(qtbot, window, developer, secure_coding)
    offer = view.evidence_offer
    assert offer is not None
    undo_text = document.undo_stack.undoText()
    qtbot.mouseClick(offer.later_button, Qt.MouseButton.LeftButton)
    assert not offer.question.isVisible() and offer.dialog is None
    assert document.store.evidence.list(person_id=developer.id) == []
    assert document.undo_stack.undoText() == undo_text
    assert document.store.actions.get(action.id).effectiveness is Effectiveness.EFFECTIVE
    assert matrix_status(window, developer, secure_coding) is GapStatus.MISSING


def test_no_evidence_is_offered_when_the_gap_is_already_met(
    qtbot: QtBot,
    window: MainWindow,
    document: Document,
    developer: Person,
    secure_coding: Competency,
) -> None:
    make_evidence(document.store, developer, secure_coding, achieved_on=date.today())
    view, _action = mark_done_and_effective(qtbot, window, developer, secure_coding)
    assert view.evidence_offer is None


# ---- the dialog's ways out ------------------------------------------------------------------


def test_the_edit_button_says_it_applies_rather_than_saves(
    qtbot: QtBot, document: Document, ana: Person, secure_coding: Competency
) -> None:
    action = add_action(document, ana, secure_coding, "course")
    for dialog, text in (
        (ActionDialog(document, action=action), "Apply changes"),
        (ActionDialog(document, person=ana, competency=secure_coding), "Add action"),
    ):
        qtbot.addWidget(dialog)
        assert dialog.ok_button.text() == text


@pytest.fixture
def course(document: Document, ana: Person, secure_coding: Competency) -> Action:
    return add_action(document, ana, secure_coding, "course")


def open_edit_dialog(qtbot: QtBot, view: ActionsView, action: Action) -> ActionDialog:
    assert view.show_action(action.id)
    qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, ActionDialog) and dialog.isVisible()
    return dialog


def type_owner_and_escape(qtbot: QtBot, view: ActionsView, action: Action) -> ActionDialog:
    """Edit the action's owner, then press Esc: the dialog asks before dropping it."""
    dialog = open_edit_dialog(qtbot, view, action)
    qtbot.keyClicks(dialog.owner_edit, "Zoe Muller")
    qtbot.keyClick(dialog.owner_edit, Qt.Key.Key_Escape)
    question = dialog.guard.question
    assert question is not None and question.isVisible() and dialog.isVisible()
    assert question.windowTitle() == "Discard changes?"
    return dialog


def test_escape_with_a_change_asks_before_discarding_it(
    qtbot: QtBot, document: Document, view: ActionsView, course: Action
) -> None:
    dialog = type_owner_and_escape(qtbot, view, course)
    # Keep editing: the dialog and what was typed stay.
    assert dialog.guard.question is not None
    qtbot.keyClick(dialog.guard.question, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.owner_edit.text() == "Zoe Muller"

    qtbot.keyClick(dialog.owner_edit, Qt.Key.Key_Escape)
    discard_changes(qtbot, dialog.guard)
    assert not dialog.isVisible()
    assert document.store.actions.get(course.id) == course


def test_closing_the_window_applies_a_valid_change_and_asks_about_an_invalid_one(
    qtbot: QtBot, document: Document, view: ActionsView, course: Action
) -> None:
    dialog = open_edit_dialog(qtbot, view, course)
    qtbot.keyClicks(dialog.owner_edit, "Zoe Muller")
    dialog.close()
    assert not dialog.isVisible() and dialog.guard.question is None
    assert document.store.actions.get(course.id).owner == "Zoe Muller"

    dialog = open_edit_dialog(qtbot, view, course)
    qtbot.keyClicks(dialog.due_edit.line_edit, "next friday")
    dialog.close()
    assert dialog.isVisible()
    discard_changes(qtbot, dialog.guard)
    assert not dialog.isVisible()
    assert document.store.actions.get(course.id).due_date is None


def test_applying_from_the_question_keeps_the_change(
    qtbot: QtBot, document: Document, view: ActionsView, course: Action
) -> None:
    dialog = type_owner_and_escape(qtbot, view, course)
    assert dialog.guard.apply_button is not None
    qtbot.mouseClick(dialog.guard.apply_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert document.store.actions.get(course.id).owner == "Zoe Muller"


def test_escape_without_a_change_closes_at_once(
    qtbot: QtBot, view: ActionsView, course: Action
) -> None:
    dialog = open_edit_dialog(qtbot, view, course)
    qtbot.keyClick(dialog.owner_edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.guard.question is None


@pytest.mark.usefixtures("four_actions")
def test_sorting_by_status_puts_overdue_first_then_the_order_statuses_are_declared(
    view: ActionsView,
) -> None:
    view.table.sortByColumn(ActionColumn.STATUS, Qt.SortOrder.AscendingOrder)
    proxy = view.proxy
    statuses = [proxy.index(row, ActionColumn.STATUS).data() for row in range(proxy.rowCount())]
    assert statuses == ["Overdue (planned)", "Planned", "Done", "Done", "Cancelled"]
    view.table.sortByColumn(ActionColumn.EFFECTIVENESS, Qt.SortOrder.AscendingOrder)
    marks = [
        proxy.index(row, ActionColumn.EFFECTIVENESS).data() for row in range(proxy.rowCount())
    ]
    assert marks == ["Not evaluated", "—", "—", "—", "✔ Effective"]


@pytest.mark.usefixtures("four_actions")
def test_only_the_overdue_or_unjudged_cell_is_coloured_and_marked(view: ActionsView) -> None:
    model = view.model
    flagged = {
        (model.index(row, ActionColumn.DESCRIPTION).data(), column)
        for row in range(model.rowCount())
        for column in ActionColumn
        if model.index(row, column).data(Qt.ItemDataRole.ForegroundRole) is not None
        or model.index(row, column).data(Qt.ItemDataRole.DecorationRole) is not None
    }
    assert flagged == {
        ("late course", ActionColumn.STATUS),
        ("done, never judged", ActionColumn.EFFECTIVENESS),
    }
