"""The Calendar view over the demo: a year's activities with the sessions and drills that
fulfilled them; adding, editing and deleting activities; a session's link to its activity."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from compdesk.models.calendar import activity_label
from compdesk.views.calendar.dialog import ActivityDialog
from compdesk.views.calendar.view import ActivityColumn, CalendarView
from compdesk.views.document import Document
from compdesk.views.main_window import MainWindow
from compdesk.views.names import VIEW_NAMES
from compdesk.views.training.dialog import SessionDialog
from compdesk.views.training.view import TrainingView
from tests.gui.conftest import DEMO_AS_OF, shown_view

CALENDAR_TAB = VIEW_NAMES.index("calendar")
AS_OF = DEMO_AS_OF


@pytest.fixture
def document(demo_document: Document) -> Document:
    return demo_document


@pytest.fixture
def view(demo_window: MainWindow) -> CalendarView:
    return shown_view(demo_window, CALENDAR_TAB, "calendar", CalendarView)


def cell(view: CalendarView, activity_name: str, column: ActivityColumn) -> str:
    for row in range(view.proxy.rowCount()):
        if view.proxy.index(row, ActivityColumn.ACTIVITY).data() == activity_name:
            return str(view.proxy.index(row, column).data())
    raise AssertionError(f"{activity_name} is not shown")


def activity_names(view: CalendarView) -> list[str]:
    return [
        str(view.proxy.index(row, ActivityColumn.ACTIVITY).data())
        for row in range(view.proxy.rowCount())
    ]


def click_ok(qtbot: QtBot, buttons: QDialogButtonBox) -> None:
    qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def open_dialog(qtbot: QtBot, view: CalendarView, button_name: str) -> ActivityDialog:
    qtbot.mouseClick(getattr(view, button_name), Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, ActivityDialog)
    return dialog


def select(qtbot: QtBot, view: CalendarView, activity_name: str) -> None:
    row = activity_names(view).index(activity_name)
    rect = view.table.visualRect(view.proxy.index(row, ActivityColumn.ACTIVITY))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_the_demo_year_shows_its_sessions_and_drills_under_fulfilled_by(
    view: CalendarView, document: Document
) -> None:
    assert view.year_combo.currentText() == "2026"
    store = document.store
    activities = store.calendar.all(year=2026)
    assert len(activities) == view.proxy.rowCount()
    drill = next(d for d in store.drills.all() if d.calendar_id is not None)
    session = next(s for s in store.training.sessions() if s.calendar_id is not None)
    drill_activity = store.calendar.get(drill.calendar_id or 0)
    session_activity = store.calendar.get(session.calendar_id or 0)
    fulfilled = cell(view, drill_activity.activity, ActivityColumn.FULFILLED_BY)
    assert store.drills.label(drill) in fulfilled
    fulfilled = cell(view, session_activity.activity, ActivityColumn.FULFILLED_BY)
    assert store.training.label(session) in fulfilled
    done = sum(a.status == "done" for a in activities)
    assert view.summary_label.text().startswith(f"{done} of {len(activities)} done this year")


def test_an_activity_added_through_the_form_is_shown_and_undo_takes_it_back(
    qtbot: QtBot, view: CalendarView, document: Document
) -> None:
    dialog = open_dialog(qtbot, view, "add_button")
    qtbot.keyClicks(dialog.activity_edit, "Clean desk walk-through")
    dialog.month_combo.setCurrentIndex(dialog.month_combo.findText("February"))
    qtbot.keyClicks(dialog.owner_edit, "Office manager")
    click_ok(qtbot, dialog.buttons)

    assert "Clean desk walk-through" in activity_names(view)
    assert cell(view, "Clean desk walk-through", ActivityColumn.MONTH) == "February"
    # Planned for a month already over: late.
    assert cell(view, "Clean desk walk-through", ActivityColumn.STATUS) == "planned ⚠ late"
    assert "1 late" in view.summary_label.text()
    assert view.selected_row() is not None

    document.undo_stack.undo()
    assert "Clean desk walk-through" not in activity_names(view)


def test_editing_the_status_with_enter_shows_it(
    qtbot: QtBot, view: CalendarView, document: Document
) -> None:
    name = activity_names(view)[0]
    select(qtbot, view, name)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    dialog = view.dialog
    assert isinstance(dialog, ActivityDialog)
    dialog.status_combo.setCurrentIndex(dialog.status_combo.findText("in progress"))
    dialog.result_edit.clear()
    qtbot.keyClicks(dialog.result_edit, "half the teams so far")
    click_ok(qtbot, dialog.buttons)

    assert cell(view, name, ActivityColumn.STATUS) == "in progress"
    assert cell(view, name, ActivityColumn.RESULT) == "half the teams so far"
    document.undo_stack.undo()
    assert cell(view, name, ActivityColumn.STATUS) == "done"


def test_deleting_an_activity_keeps_its_session_unlinked_and_undo_links_it_again(
    qtbot: QtBot, view: CalendarView, document: Document
) -> None:
    store = document.store
    session = next(s for s in store.training.sessions() if s.calendar_id is not None)
    activity = store.calendar.get(session.calendar_id or 0)
    select(qtbot, view, activity.activity)
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)

    assert activity.activity not in activity_names(view)
    assert store.training.get(session.id).calendar_id is None

    document.undo_stack.undo()
    assert activity.activity in activity_names(view)
    assert store.training.get(session.id).calendar_id == activity.id
    assert store.training.label(session) in cell(
        view, activity.activity, ActivityColumn.FULFILLED_BY
    )


def test_a_new_session_picks_the_activity_of_its_month_and_saves_the_link(
    qtbot: QtBot, demo_window: MainWindow, document: Document
) -> None:
    store = document.store
    activity = store.calendar.add(4, "Phishing refresher", year=2026)  # April has none
    training = shown_view(demo_window, VIEW_NAMES.index("training"), "training", TrainingView)
    qtbot.mouseClick(training.new_button, Qt.MouseButton.LeftButton)
    dialog = training.dialog
    assert isinstance(dialog, SessionDialog)
    assert dialog.calendar_choice.currentText() != activity_label(activity)  # December
    date_field = dialog.date_edit.line_edit
    date_field.selectAll()
    qtbot.keyClicks(date_field, "2026-04-20")
    assert dialog.date_edit.date() == date(2026, 4, 20)
    assert dialog.calendar_choice.currentText() == activity_label(activity)
    dialog.topic_combo.setCurrentIndex(1)  # the first competency
    if not dialog.model.rowCount():
        qtbot.mouseClick(dialog.add_person_button, Qt.MouseButton.LeftButton)
    click_ok(qtbot, dialog.buttons)

    assert dialog.saved_session_id is not None, dialog.message.text()
    assert store.training.get(dialog.saved_session_id).calendar_id == activity.id


def test_editing_a_session_changes_its_calendar_activity(
    qtbot: QtBot, demo_window: MainWindow, document: Document
) -> None:
    store = document.store
    session = next(s for s in store.training.sessions() if s.calendar_id is not None)
    training = shown_view(demo_window, VIEW_NAMES.index("training"), "training", TrainingView)
    assert training.show_session(session.id)
    qtbot.keyClick(training.table, Qt.Key.Key_Return)
    dialog = training.dialog
    assert isinstance(dialog, SessionDialog)
    assert dialog.calendar_choice.activity_id() == session.calendar_id
    dialog.calendar_choice.setCurrentIndex(0)  # not in the calendar
    click_ok(qtbot, dialog.buttons)

    assert store.training.get(session.id).calendar_id is None
    document.undo_stack.undo()
    assert store.training.get(session.id).calendar_id == session.calendar_id
