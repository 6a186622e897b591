"""The welcome page: its recent files open on one click or Enter, name above folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from compdesk.preferences import Preferences
from compdesk.views.main_window import MainWindow
from compdesk.views.welcome import WelcomePage


def _welcome(qtbot: QtBot, files: list[Path]) -> WelcomePage:
    page = WelcomePage()
    qtbot.addWidget(page)
    page.set_recent_files(files)
    page.show()
    return page


def test_each_recent_file_shows_its_name_above_its_folder(qtbot: QtBot, tmp_path: Path) -> None:
    page = _welcome(qtbot, [tmp_path / "acme.compdesk", tmp_path / "sub" / "beta.compdesk"])

    lines = [page.recent_list.item(row).text().splitlines() for row in range(2)]
    assert lines == [["acme.compdesk", str(tmp_path)], ["beta.compdesk", str(tmp_path / "sub")]]


def test_one_click_asks_for_the_file_once(qtbot: QtBot, tmp_path: Path) -> None:
    page = _welcome(qtbot, [tmp_path / "acme.compdesk", tmp_path / "beta.compdesk"])
    requested: list[Path] = []
    page.recent_requested.connect(requested.append)
    recent = page.recent_list

    qtbot.mouseClick(
        recent.viewport(),
        Qt.MouseButton.LeftButton,
        pos=recent.visualItemRect(recent.item(1)).center(),
    )

    assert requested == [tmp_path / "beta.compdesk"]


def test_enter_asks_for_the_current_file(qtbot: QtBot, tmp_path: Path) -> None:
    page = _welcome(qtbot, [tmp_path / "acme.compdesk", tmp_path / "beta.compdesk"])
    requested: list[Path] = []
    page.recent_requested.connect(requested.append)
    page.recent_list.setFocus()
    page.recent_list.setCurrentRow(0)
    qtbot.keyClick(page.recent_list, Qt.Key.Key_Down)

    qtbot.keyClick(page.recent_list, Qt.Key.Key_Return)

    assert requested == [tmp_path / "beta.compdesk"]


def test_without_recent_files_the_list_is_hidden(qtbot: QtBot) -> None:
    page = _welcome(qtbot, [])
    assert not page.recent_list.isVisible() and not page.recent_label.isVisible()


def test_a_double_click_on_a_recent_file_opens_it_once_without_an_error(
    qtbot: QtBot, starter_path: Path
) -> None:
    main_window = MainWindow(Preferences(recent_files=[str(starter_path)]))
    qtbot.addWidget(main_window)
    main_window.show()
    opened: list[object] = []
    main_window.document_opened.connect(opened.append)
    recent = main_window.welcome.recent_list

    centre = recent.visualItemRect(recent.item(0)).center()

    # A real double click: a click, then the second press arriving as a double click.
    qtbot.mouseClick(recent.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(recent.viewport(), Qt.MouseButton.LeftButton, pos=centre)

    assert len(opened) == 1 and main_window.document is not None
    assert main_window.last_message_box is None
    main_window.close_document()
