"""The window's part in the private copies of opened attachments: gone when the document
closes, and a crashed run's leftovers gone when compdesk starts."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from compdesk.preferences import TransientPreferences
from compdesk.views.main_window import MainWindow
from compdesk.views.widgets import private_copies


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache" / "open-attachments"
    monkeypatch.setattr(private_copies, "copies_root", lambda: folder)
    monkeypatch.setattr(private_copies, "_folder", None)
    return folder


def test_closing_the_document_removes_the_copies_of_its_attachments(
    window: MainWindow, root: Path
) -> None:
    copy = private_copies.private_copy(
        "ab" * 32, "certificate.pdf", lambda path: path.write_bytes(b"%PDF") and path
    )
    assert copy.is_file()

    window.close_document()

    assert not copy.exists()


def test_starting_compdesk_removes_the_copies_a_crashed_run_left(
    qtbot: QtBot, root: Path
) -> None:
    from compdesk.app import start_main_window

    crashed = root / "999999999-dead"
    crashed.mkdir(parents=True)
    (crashed / private_copies.OWNER_MARKER).write_text("999999999")
    (crashed / "certificate.pdf").write_bytes(b"personal")

    main_window = start_main_window(None, TransientPreferences(reopen_last_file=False))
    qtbot.addWidget(main_window)

    assert not crashed.exists()
