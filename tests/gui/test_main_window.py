"""Files, title, undo and audit mode in the main window."""

from __future__ import annotations

import sqlite3
import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QPushButton
from pytestqt.qtbot import QtBot

from compdesk.models.errors import CancelledError
from compdesk.models.templates import Template
from compdesk.preferences import Preferences
from compdesk.storage import Store, opening
from compdesk.storage.opening import journal_path
from compdesk.views.commands.people import AddPersonCommand
from compdesk.views.document import Document
from compdesk.views.main_window import MainWindow
from compdesk.views.names import VIEW_NAMES
from compdesk.views.people.view import PeopleView
from compdesk.views.widgets.workers import LongWork
from tests.conftest import make_person
from tests.gui.conftest import shown_view
from tests.other_programs import (
    HOLD_A_LOCK,
    another_program,
    document_with_roles,
    interrupt_an_edit,
    role_names,
)


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
    assert document.store.people.all() == []
    window.redo_action.trigger()
    assert [p.name for p in document.store.people.all()] == ["Ana Ruiz"]


def test_the_window_uses_only_a_store_opened_on_its_own_thread(
    qtbot: QtBot, starter_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[tuple[Store, threading.Thread]] = []
    open_store = Store.open

    def recording_open(*args: Any, **kwargs: Any) -> Store:
        store = open_store(*args, **kwargs)
        opened.append((store, threading.current_thread()))
        return store

    monkeypatch.setattr(Store, "open", recording_open)
    main_window = MainWindow(Preferences(user_name="tester"))
    qtbot.addWidget(main_window)
    main_window.show()

    assert main_window.open_path(starter_path)

    assert main_window.document is not None
    threads = {store: thread for store, thread in opened}
    assert threads.pop(main_window.document.store) is threading.main_thread()
    # The file was checked on a worker, with a store of the worker's own.
    assert [thread is threading.main_thread() for thread in threads.values()] == [False]
    main_window.close_document()


def test_the_page_check_that_reads_the_whole_file_runs_on_the_worker_only(
    qtbot: QtBot, starter_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked_pages_on: list[threading.Thread] = []
    inspect = opening._inspect

    def recording_inspect(*args: Any, check_pages: bool = True, **kwargs: Any) -> int:
        if check_pages:
            checked_pages_on.append(threading.current_thread())
        return inspect(*args, check_pages=check_pages, **kwargs)

    monkeypatch.setattr(opening, "_inspect", recording_inspect)
    main_window = MainWindow(Preferences(user_name="tester"))
    qtbot.addWidget(main_window)
    main_window.show()

    assert main_window.open_path(starter_path)

    assert checked_pages_on
    assert threading.main_thread() not in checked_pages_on
    main_window.close_document()


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


def test_after_a_crash_the_window_opens_the_document_as_it_was_before_the_interrupted_edit(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = document_with_roles(tmp_path)
    committed = role_names(path)
    interrupt_an_edit(path)
    main_window = MainWindow(Preferences(user_name="tester"))
    qtbot.addWidget(main_window)
    main_window.show()

    assert main_window.open_path(path)

    assert main_window.document is not None and not main_window.document.read_only
    assert [role.name for role in main_window.document.store.roles.all()] == committed
    assert main_window.last_message_box is None
    assert not journal_path(path).exists()
    main_window.close_document()


@pytest.mark.usefixtures("short_busy_timeout")
def test_a_document_another_program_has_locked_is_in_use_not_damaged(
    qtbot: QtBot, starter_path: Path
) -> None:
    main_window = MainWindow(Preferences(user_name="tester"))
    qtbot.addWidget(main_window)
    main_window.show()

    with another_program(HOLD_A_LOCK, starter_path, "locked"):
        assert not main_window.open_path(starter_path)

    box = main_window.last_message_box
    assert box is not None and box.isVisible()
    assert "in use by another program" in box.text() and "try again" in box.text()
    assert "damaged" not in box.text()
    box.accept()
    # Once the other program is done, the same file opens.
    assert main_window.open_path(starter_path)
    main_window.close_document()


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
    refusal = second.document.push(AddPersonCommand(second.document.store, "X", "x@example.com"))
    assert refusal is not None and "read-only" in refusal
    second.close_document()


def test_audit_mode_locks_edits_and_enlarges_the_type(
    window: MainWindow, document: Document
) -> None:
    size = window.font().pointSizeF()
    window.audit_action.trigger()
    assert document.audit_mode and not document.editable
    assert window.font().pointSizeF() > size
    assert window.banner.isVisible()
    assert window.statusBar().currentMessage().startswith("Audit mode")
    assert document.push(AddPersonCommand(document.store, "X", "x@example.com")) is not None
    window.audit_action.trigger()
    assert document.editable and not window.banner.isVisible()
    assert "there is no Save" in window.statusBar().currentMessage()


def test_save_a_copy_writes_the_whole_document(
    window: MainWindow, document: Document, tmp_path: Path
) -> None:
    document.push(AddPersonCommand(document.store, "Ana Ruiz", "ana@example.com"))
    copy = tmp_path / "copy.compdesk"
    assert window.save_copy_to(copy)
    with Store.open(copy, read_only=True) as store:
        assert [p.name for p in store.people.all()] == ["Ana Ruiz"]


def test_recent_files_are_remembered(window: MainWindow, starter_path: Path) -> None:
    assert window.preferences.recent_files[0] == str(starter_path.resolve())
    window.close_document()
    assert window.pages.currentWidget() is window.welcome
    assert window.welcome.recent_list.count() == 1


def _welcome_button(window: MainWindow, text: str) -> QPushButton:
    for button in window.welcome.findChildren(QPushButton):
        if button.text().replace("&", "").startswith(text):
            return button
    raise AssertionError(f"no button {text!r}")


def test_the_welcome_page_creates_a_document_from_the_starter_template(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "acme"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    main_window = MainWindow(Preferences())
    qtbot.addWidget(main_window)
    main_window.show()

    qtbot.mouseClick(
        _welcome_button(main_window, "New from starter template"), Qt.MouseButton.LeftButton
    )

    assert main_window.document is not None
    assert main_window.document.store.path == tmp_path / "acme.compdesk"
    assert len(main_window.document.store.roles.all()) == 7
    assert main_window.windowTitle().startswith("acme")
    main_window.close_document()


def test_the_sample_organisation_is_generated_off_the_gui_thread_and_opened(qtbot: QtBot) -> None:
    main_window = MainWindow(Preferences())
    qtbot.addWidget(main_window)
    main_window.show()

    with qtbot.waitSignal(main_window.document_opened, timeout=30_000):
        qtbot.mouseClick(
            _welcome_button(main_window, "Open the sample organisation"), Qt.MouseButton.LeftButton
        )

    assert main_window.document is not None
    assert len(main_window.document.store.people.all()) == 15
    main_window.close_document()


def test_cancelled_long_work_reports_cancelled_and_nothing_else(qtbot: QtBot) -> None:
    started = threading.Event()

    def work(report_progress: object, cancel: threading.Event) -> None:
        started.set()
        while not cancel.wait(0.01):
            pass
        raise CancelledError("stopped")

    long_work = LongWork(None, "Working…", work)
    succeeded: list[object] = []
    long_work.succeeded.connect(succeeded.append)
    with qtbot.waitSignal(long_work.cancelled, timeout=5000):
        long_work.start()
        assert started.wait(5)
        long_work.cancel()
    assert succeeded == []


def test_the_application_starts_on_the_last_file(qtbot: QtBot, starter_path: Path) -> None:
    from compdesk.app import start_main_window
    from compdesk.preferences import TransientPreferences

    preferences = TransientPreferences(recent_files=[str(starter_path)])
    main_window = start_main_window(None, preferences)
    qtbot.addWidget(main_window)
    assert main_window.document is not None
    assert main_window.document.store.path == starter_path
    assert main_window.current_view() is main_window.view("matrix")
    main_window.close_document()


def _foreign_database(path: Path) -> Path:
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE notes (text TEXT)")
    return path


def _broken_file(path: Path) -> Path:
    path.write_bytes(b"this is not a database" * 100)
    return path


@pytest.mark.parametrize("make_refused", [_broken_file, _foreign_database])
def test_a_refused_file_leaves_the_open_document_open_and_showing_as_it_was(
    qtbot: QtBot, window: MainWindow, document: Document, tmp_path: Path, make_refused: Any
) -> None:
    make_person(document.store, "Ana Ruiz")
    make_person(document.store, "Bo Chen")
    document.refresh()
    people = shown_view(window, 1, "people", PeopleView)
    people.table.selectRow(1)
    selected = people.table.selectionModel().selectedRows()
    document.set_as_of(date(2025, 6, 30))
    refused = make_refused(tmp_path / "refused.compdesk")

    assert not window.open_path(refused)

    assert window.document is document
    assert [person.name for person in document.store.people.all()] == ["Ana Ruiz", "Bo Chen"]
    assert window.pages.currentWidget() is window.document_page
    assert window.tabs.currentIndex() == 1 and window.view("people") is people
    assert people.table.selectionModel().selectedRows() == selected
    assert document.as_of == date(2025, 6, 30)
    assert window.windowTitle().startswith("starter")
    box = window.last_message_box
    assert box is not None and box.isVisible() and "refused.compdesk" in box.text()
    assert "SQLite" not in box.text()
    box.accept()


def test_size_place_and_view_are_restored_on_the_next_start(
    qtbot: QtBot, starter_path: Path
) -> None:
    first = MainWindow(Preferences.load())
    qtbot.addWidget(first)
    first.show()
    first.resize(760, 580)
    assert first.open_path(starter_path)
    first.show_view(3)
    first.close()

    second = MainWindow(Preferences.load())
    qtbot.addWidget(second)
    second.show()
    assert second.open_path(starter_path)

    assert (second.width(), second.height()) == (760, 580)
    assert second.tabs.currentIndex() == 3
    assert second.current_view() is second.view("evidence")
    second.close_document()


def _recent_item_centre(main_window: MainWindow) -> Any:
    recent = main_window.welcome.recent_list
    return recent.visualItemRect(recent.item(0)).center()


def test_a_recent_file_opens_on_a_single_click(qtbot: QtBot, starter_path: Path) -> None:
    main_window = MainWindow(Preferences(recent_files=[str(starter_path)]))
    qtbot.addWidget(main_window)
    main_window.show()
    recent = main_window.welcome.recent_list
    assert recent.item(0).text().splitlines() == [starter_path.name, str(starter_path.parent)]

    qtbot.mouseClick(
        recent.viewport(), Qt.MouseButton.LeftButton, pos=_recent_item_centre(main_window)
    )

    assert main_window.document is not None
    assert main_window.document.store.path == starter_path
    main_window.close_document()


def test_a_recent_file_opens_on_enter(qtbot: QtBot, starter_path: Path) -> None:
    main_window = MainWindow(Preferences(recent_files=[str(starter_path)]))
    qtbot.addWidget(main_window)
    main_window.show()
    recent = main_window.welcome.recent_list
    recent.setFocus()
    recent.setCurrentRow(0)

    qtbot.keyClick(recent, Qt.Key.Key_Return)

    assert main_window.document is not None
    assert main_window.document.store.path == starter_path
    main_window.close_document()


def test_the_sample_organisation_is_labelled_temporary_and_not_a_recent_file(
    qtbot: QtBot,
) -> None:
    main_window = MainWindow(Preferences())
    qtbot.addWidget(main_window)
    main_window.show()

    with qtbot.waitSignal(main_window.document_opened, timeout=30_000):
        main_window.open_sample()

    assert "(temporary)" in main_window.windowTitle()
    assert main_window.banner.isVisible() and "Save a Copy As" in main_window.banner.text()
    assert main_window.preferences.recent_files == []
    main_window.close_document()


def test_file_dialogs_start_in_the_open_document_folder(
    window: MainWindow, starter_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    starts: list[str] = []

    def recording_dialog(_parent: object, _title: str, start: str, _filter: str) -> tuple[str, str]:
        starts.append(start)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", recording_dialog)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", recording_dialog)
    window.choose_and_open()
    window.new_document(Template.STARTUP)

    assert Path(starts[0]) == starter_path.parent
    assert Path(starts[1]).parent == starter_path.parent


@pytest.mark.parametrize("audit_mode", [False, True], ids=["normal", "audit-mode"])
def test_at_1024_by_700_no_view_makes_the_window_wider_than_the_screen(
    qtbot: QtBot, window: MainWindow, audit_mode: bool
) -> None:
    window.set_audit_mode(audit_mode)
    for index, name in enumerate(VIEW_NAMES):
        window.show_view(index)
        window.resize(1024, 700)
        qtbot.wait(1)
        assert window.width() <= 1024, name
        assert window.height() <= 700, name
