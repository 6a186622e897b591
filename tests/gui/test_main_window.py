"""Files, title, undo and audit mode in the main window."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pytestqt.qtbot import QtBot

from compdesk.models.store import Store
from compdesk.preferences import Preferences
from compdesk.views.commands import AddPersonCommand
from compdesk.views.document import Document
from compdesk.views.main_window import MainWindow


def test_the_title_names_the_document_and_there_is_no_save(window: MainWindow) -> None:
    assert window.windowTitle().startswith("starter")
    assert "there is no Save" in window.statusBar().currentMessage()


def test_an_edit_is_committed_at_once_and_can_be_undone_and_redone(
    window: MainWindow, document: Document, starter_path: Path
) -> None:
    document.push(AddPersonCommand(document.store, "Ana Ruiz", "ana@example.com"))
    # Another connection sees the edit: it is in the file, with no Save.
    with sqlite3.connect(starter_path) as other:
        assert other.execute("SELECT name FROM people").fetchall() == [("Ana Ruiz",)]
    assert window.undo_action.text() == "&Undo Add Ana Ruiz"

    window.undo_action.trigger()
    assert document.store.people() == []
    window.redo_action.trigger()
    assert [p.name for p in document.store.people()] == ["Ana Ruiz"]


def test_opening_a_corrupt_file_shows_the_error_and_keeps_running(
    qtbot: QtBot, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.compdesk"
    broken.write_bytes(b"this is not a database" * 100)
    main_window = MainWindow(Preferences())
    qtbot.addWidget(main_window)
    main_window.show()

    assert not main_window.open_path(broken)

    box = main_window.last_message_box
    assert box.isVisible()
    assert "not a compdesk document" in box.text()
    box.accept()
    assert main_window.pages.currentWidget() is main_window.welcome


def test_a_second_window_opens_a_document_in_use_read_only(
    qtbot: QtBot, window: MainWindow, starter_path: Path
) -> None:
    second = MainWindow(Preferences())
    qtbot.addWidget(second)
    second.show()
    assert second.open_path(starter_path)
    assert second.document is not None and second.document.read_only
    assert "already open for editing" in second.last_message_box.text()
    assert second.banner.isVisible()
    assert not second.document.push(AddPersonCommand(second.document.store, "X", "x@example.com"))
    second.close_document()


def test_audit_mode_locks_edits_and_enlarges_the_type(window: MainWindow, document: Document) -> None:
    size = window.font().pointSizeF()
    window.audit_action.trigger()
    assert document.audit_mode and not document.editable
    assert window.font().pointSizeF() > size
    assert window.banner.isVisible()
    assert not document.push(AddPersonCommand(document.store, "X", "x@example.com"))
    window.audit_action.trigger()
    assert document.editable and not window.banner.isVisible()


def test_save_a_copy_writes_the_whole_document(window: MainWindow, document: Document, tmp_path: Path) -> None:
    document.push(AddPersonCommand(document.store, "Ana Ruiz", "ana@example.com"))
    copy = tmp_path / "copy.compdesk"
    assert window.save_copy_to(copy)
    with Store.open(copy, read_only=True) as store:
        assert [p.name for p in store.people()] == ["Ana Ruiz"]


def test_recent_files_are_remembered(window: MainWindow, starter_path: Path) -> None:
    assert window.preferences.recent_files[0] == str(starter_path.resolve())
    window.close_document()
    assert window.pages.currentWidget() is window.welcome
    assert window.welcome.recent_list.count() == 1
