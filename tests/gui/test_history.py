"""Edit ▸ History…: the change log newest first, filtered by person and date, its chain judged
off the GUI thread, and the head to copy."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, time
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from compdesk.models.records import Person
from compdesk.preferences import Preferences
from compdesk.storage import Store
from compdesk.views.document import Document
from compdesk.views.history.dialog import MADE_BY, HistoryDialog
from compdesk.views.history.model import PAGE_SIZE
from compdesk.views.main_window import MainWindow
from tests.storage.test_change_log_page import write_entries


def _history(window: MainWindow, qtbot: QtBot) -> HistoryDialog:
    window.history_action.trigger()
    dialog = window.history_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.chain_verdict is not None, timeout=10_000)
    return dialog


def _whats(dialog: HistoryDialog) -> list[str]:
    return [dialog.model.entry(row).what for row in range(dialog.model.rowCount())]


def _noon(day: str) -> str:
    """Noon local time on `day`, as an entry stores it (UTC)."""
    local_noon = datetime.combine(date.fromisoformat(day), time(12)).astimezone()
    return local_noon.astimezone(UTC).isoformat(timespec="seconds")


def test_history_opens_from_the_edit_menu_newest_first_with_the_head(
    window: MainWindow, document: Document, ana: Person, qtbot: QtBot
) -> None:
    dialog = _history(window, qtbot)
    head_hash, head_length = document.store.change_log.head()
    assert _whats(dialog)[0] == document.store.change_log.page(0, 1)[0].what
    assert "Ana Ruiz" in _whats(dialog)[0]
    assert dialog.summary.text() == f"{head_length} entries · chain verified ✔"
    assert f"{head_hash} ({head_length} entries)" in dialog.head.text()
    dialog.copy_head()
    assert QGuiApplication.clipboard().text() == f"{head_hash} ({head_length} entries)"


def test_filters_by_person_about_and_made_by_and_by_date(
    window: MainWindow, document: Document, ana: Person, qtbot: QtBot
) -> None:
    write_entries(
        document.store,
        [
            (_noon("2026-02-01"), "tester", "Added evidence for Ana Ruiz, Secure coding"),
            (_noon("2026-02-10"), "Ana Ruiz", "Updated role Developer"),
            (_noon("2026-02-20"), "tester", "Updated person ana.ruiz@example.com"),
            (_noon("2026-02-25"), "tester", "Added person Bo Chen"),
        ],
    )
    dialog = _history(window, qtbot)
    dialog.person.setCurrentIndex(dialog.person.findText("Ana Ruiz"))
    about = _whats(dialog)
    assert about[:2] == [
        "Updated person ana.ruiz@example.com",
        "Added evidence for Ana Ruiz, Secure coding",
    ]
    assert all("ana" in what.lower() for what in about)
    assert "Updated role Developer" not in about

    dialog.person_role.setCurrentText(MADE_BY)
    assert _whats(dialog) == ["Updated role Developer"]
    assert dialog.summary.text().startswith("1 entry ·")

    dialog.person.setCurrentIndex(0)  # everyone
    dialog.since.setText("2026-02-05")
    dialog.since.edited.emit()
    dialog.until.setText("2026-02-20")
    dialog.until.edited.emit()
    assert _whats(dialog) == ["Updated person ana.ruiz@example.com", "Updated role Developer"]

    dialog.search.setText("ROLE")
    assert _whats(dialog) == ["Updated role Developer"]


def test_a_tampered_entry_is_named_under_the_log(qtbot: QtBot, starter_path: Path) -> None:
    with Store.open(starter_path, user="tester") as store:
        store.people.add("Ana Ruiz", "ana.ruiz@example.com")
        tampered_id = store.change_log.page(0, 1)[0].id
    connection = sqlite3.connect(starter_path)
    with connection:
        connection.execute(
            "UPDATE change_log SET what = 'Added person Nobody' WHERE id = ?", (tampered_id,)
        )
    connection.close()
    window = MainWindow(Preferences(user_name="tester"))
    qtbot.addWidget(window)
    window.show()
    assert window.open_path(starter_path)
    dialog = _history(window, qtbot)
    summary = dialog.summary.text()
    assert "chain verified" not in summary
    assert f"change log entry {tampered_id}" in summary
    assert "hash does not match its contents" in summary
    window.close_document()


def test_a_log_of_100000_entries_opens_without_reading_them_all(
    qtbot: QtBot, starter_path: Path
) -> None:
    with Store.open(starter_path, user="tester") as store:
        write_entries(
            store,
            [(_noon("2026-01-01"), "tester", f"Updated person {n}") for n in range(100_000)],
        )
    window = MainWindow(Preferences(user_name="tester"))
    qtbot.addWidget(window)
    window.show()
    assert window.open_path(starter_path)
    window.history_action.trigger()
    dialog = window.history_dialog
    assert dialog is not None
    dialog.show()
    qtbot.wait(50)
    assert dialog.model.rowCount() < 5000
    assert dialog.model.total > 100_000
    assert _whats(dialog)[0] == "Updated person 99999"
    dialog.table.scrollToBottom()
    qtbot.wait(50)
    assert dialog.model.rowCount() >= PAGE_SIZE
    qtbot.waitUntil(lambda: dialog.chain_verdict is not None, timeout=30_000)
    assert dialog.summary.text().endswith("chain verified ✔")
    window.close_document()


def test_save_a_copy_checks_it_and_names_its_change_log_head(
    window: MainWindow, document: Document, ana: Person, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.compdesk"
    assert window.save_copy_to(copy)
    with Store.open(copy, read_only=True) as store:
        head_hash, head_length = store.change_log.head()
    assert (head_hash, head_length) == document.store.change_log.head()
    box = window.last_message_box
    assert box is not None
    assert str(copy) in box.text()
    assert "checked: sound" in box.text()
    assert f"{head_hash} ({head_length} entries)" in box.text()


def test_an_edit_while_the_history_is_open_shows_at_the_top_with_the_new_head(
    window: MainWindow, document: Document, qtbot: QtBot
) -> None:
    from compdesk.views.commands.people import AddPersonCommand

    dialog = _history(window, qtbot)
    document.push(AddPersonCommand(document.store, "Cy Diaz", "cy@example.com"))
    assert "Cy Diaz" in _whats(dialog)[0]
    head_hash, head_length = document.store.change_log.head()
    assert f"{head_hash} ({head_length} entries)" in dialog.head.text()
    qtbot.waitUntil(lambda: dialog.summary.text().endswith("chain verified ✔"), timeout=10_000)
    assert dialog.summary.text().startswith(f"{head_length} entries")
