"""The Actions view and the action dialog, driven through real widgets."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from compdesk.models.records import (
    Action,
    ActionStatus,
    ActionType,
    Competency,
    Effectiveness,
    Person,
)
from compdesk.models.rules import Attention, action_is_open
from compdesk.views.actions.dialog import ActionDialog
from compdesk.views.actions.view import ActionColumn, ActionsView
from compdesk.views.commands.actions import AddActionCommand
from compdesk.views.commands.roles import SetRequirementCommand
from compdesk.views.document import Document
from compdesk.views.main_window import MainWindow
from tests.gui.conftest import shown_view
from tests.gui.reloads import count_reloads, push_and_undo

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
