"""A large document's pages are checked in the background once the window shows it."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from compdesk.preferences import Preferences
from compdesk.storage import opening
from compdesk.views import integrity_check
from compdesk.views.integrity_check import STATUS_LABEL, WARNING_BANNER
from compdesk.views.main_window import MainWindow


def _with_damaged_free_pages(path: Path) -> Path:
    """Damage that only a page check finds: the document's records all read as before."""
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE scratch (data BLOB)")
    connection.execute("INSERT INTO scratch VALUES (randomblob(200000))")
    connection.commit()
    connection.execute("DROP TABLE scratch")
    connection.commit()
    connection.close()
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    first_free = int.from_bytes(data[32:36], "big")
    assert first_free
    start = (first_free - 1) * page_size
    data[start : start + page_size] = b"\xff" * page_size
    path.write_bytes(bytes(data))
    return path


@pytest.fixture
def large(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every document counts as large, so that a small one is checked in the background."""
    monkeypatch.setattr(opening, "PAGE_CHECK_AT_OPEN_UP_TO", 0)


def _window(qtbot: QtBot) -> MainWindow:
    window = MainWindow(Preferences(user_name="tester"))
    qtbot.addWidget(window)
    window.show()
    return window


def test_a_large_documents_damaged_pages_are_named_in_a_banner_after_it_opens(
    qtbot: QtBot, starter_path: Path, large: None
) -> None:
    window = _window(qtbot)
    status = window.findChild(integrity_check.QLabel, STATUS_LABEL)
    assert status is None or status.isHidden()

    assert window.open_path(_with_damaged_free_pages(starter_path))

    # The document is open and usable while its pages are checked.
    assert window.document is not None
    assert window.findChild(integrity_check.QLabel, STATUS_LABEL).isVisible()
    warning = window.findChild(integrity_check.QLabel, WARNING_BANNER)
    qtbot.waitUntil(lambda: warning.isVisible(), timeout=5000)
    assert "is damaged" in warning.text()
    assert "compdesk check" in warning.text()
    assert window.findChild(integrity_check.QLabel, STATUS_LABEL).isHidden()

    window.close_document()
    assert warning.isHidden()


def test_a_sound_large_document_shows_no_warning_once_checked(
    qtbot: QtBot, starter_path: Path, large: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked_pages_on: list[threading.Thread] = []
    inspect = opening._inspect

    def recording_inspect(*args: Any, check_pages: bool, **kwargs: Any) -> int:
        if check_pages:
            checked_pages_on.append(threading.current_thread())
        return inspect(*args, check_pages=check_pages, **kwargs)

    monkeypatch.setattr(opening, "_inspect", recording_inspect)
    window = _window(qtbot)

    assert window.open_path(starter_path)

    status = window.findChild(integrity_check.QLabel, STATUS_LABEL)
    assert status.text() == "Checking the document…"
    qtbot.waitUntil(lambda: status.isHidden(), timeout=5000)
    assert window.findChild(integrity_check.QLabel, WARNING_BANNER).isHidden()
    # Checked after the window's open, and never on the GUI thread.
    assert checked_pages_on
    assert threading.main_thread() not in checked_pages_on
    window.close_document()


def test_a_small_documents_damaged_pages_are_still_refused_at_open(
    qtbot: QtBot, starter_path: Path
) -> None:
    window = _window(qtbot)

    assert not window.open_path(_with_damaged_free_pages(starter_path))

    assert window.document is None
    assert window.last_message_box is not None
    assert "is damaged" in window.last_message_box.text()
