"""The window opens a document holding planted SQL read-only, says why, and removes it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from compdesk.preferences import Preferences
from compdesk.views.main_window import MainWindow
from tests.cli.helpers import acme_document
from tests.storage.test_planted_sql import FOREVER, GHOST, plant


def test_the_window_opens_it_read_only_and_the_remove_button_repairs_it(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = acme_document(tmp_path)
    plant(path, FOREVER, GHOST)
    window = MainWindow(Preferences(user_name="tester"))
    qtbot.addWidget(window)
    window.show()

    assert window.open_path(path)

    assert window.document is not None and window.document.read_only
    assert "trigger 'forever', view 'people_v'" in window.banner.text()
    assert window.banner.isVisible() and window.remove_planted_button.isVisible()

    window.remove_planted_button.click()
    box = window.planted_sql_box
    assert box is not None and "before-repair" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()

    qtbot.waitUntil(lambda: window.document is not None and not window.document.read_only)
    assert not window.remove_planted_button.isVisible()
    notice = window.last_message_box
    assert notice is not None and "before-repair" in notice.text()
    (backup,) = tmp_path.glob("acme.compdesk.before-repair-*.bak")
    assert str(backup) in notice.text()
    window.close_document()


def test_cancelling_removes_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    path = acme_document(tmp_path)
    plant(path, FOREVER)
    window = MainWindow(Preferences(user_name="tester"))
    qtbot.addWidget(window)
    window.show()
    assert window.open_path(path)

    window.remove_planted_button.click()
    assert window.planted_sql_box is not None
    window.planted_sql_box.button(QMessageBox.StandardButton.Cancel).click()

    assert window.document is not None and window.document.read_only
    assert list(tmp_path.glob("*.bak")) == []
    window.close_document()
