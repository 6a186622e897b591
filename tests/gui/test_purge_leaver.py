"""People view: a selected leaver's personal data is purged after a confirmation."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from compdesk.views.document import Document
from compdesk.views.main_window import MainWindow
from compdesk.views.people.view import PeopleView
from tests.gui.conftest import shown_view
from tests.gui.test_people_view import PEOPLE_TAB, add_person

LEFT = date.today() - timedelta(days=30)


def _view(window: MainWindow) -> PeopleView:
    return shown_view(window, PEOPLE_TAB, "people", PeopleView)


def test_a_leaver_is_purged_after_the_confirmation(
    qtbot: QtBot, window: MainWindow, document: Document
) -> None:
    view = _view(window)
    leaver = add_person(document, "Zelda Leaver", end_date=LEFT)
    add_person(document, "Sam Stayer")
    assert view.show_person(leaver.id)
    assert view.purge_button.isEnabled()
    qtbot.mouseClick(view.purge_button, Qt.MouseButton.LeftButton)
    box = view.purge_button.confirmation
    assert box is not None and "cannot be undone" in box.text() and "Zelda Leaver" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    assert document.store.people.get(leaver.id).name == f"Purged leaver {leaver.id}"
    assert not document.undo_stack.canUndo()
    assert "Zelda Leaver" not in [p.name for p in document.store.people.all()]


def test_cancelling_purges_nothing_and_someone_still_here_cannot_be_purged(
    qtbot: QtBot, window: MainWindow, document: Document
) -> None:
    view = _view(window)
    leaver = add_person(document, "Zelda Leaver", end_date=LEFT)
    stayer = add_person(document, "Sam Stayer")
    assert view.show_person(stayer.id)
    assert not view.purge_button.isEnabled()
    assert view.show_person(leaver.id)
    qtbot.mouseClick(view.purge_button, Qt.MouseButton.LeftButton)
    box = view.purge_button.confirmation
    assert box is not None
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert document.store.people.get(leaver.id).name == "Zelda Leaver"


def test_the_retention_is_set_in_the_preferences(
    qtbot: QtBot, window: MainWindow, document: Document
) -> None:
    from tests.gui.test_preferences_dialog import _open_preferences, _press_ok, _retype

    dialog = _open_preferences(qtbot, window)
    assert dialog.retention_box.value() == 24
    _retype(qtbot, dialog.retention_box, "36")
    _press_ok(qtbot, dialog)
    assert document.store.settings.get().leaver_retention_months == 36
