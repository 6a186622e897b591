"""Opening an attachment: a private copy, reused, removed when the document closes and on exit
(and a crashed run's at the next start); programs never opened."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from pytestqt.qtbot import QtBot

from compdesk.preferences import TransientPreferences
from compdesk.views.document import Document
from compdesk.views.main_window import MainWindow
from compdesk.views.widgets import attachments, private_copies
from tests.conftest import make_competency, make_evidence, make_person


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache" / "open-attachments"
    monkeypatch.setattr(private_copies, "copies_root", lambda: folder)
    monkeypatch.setattr(private_copies, "_folder", None)
    return folder


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    paths: list[Path] = []
    monkeypatch.setattr(
        attachments, "open_url", lambda url: paths.append(Path(QUrl(url).toLocalFile())) or True
    )
    return paths


def _attach(document: Document, name: str, data: bytes) -> int:
    store = document.store
    evidence = make_evidence(store, make_person(store, "Copy Tester"), make_competency(store, "Copies"))
    return store.attachments.attach_bytes(evidence.id, name, data).id


def test_an_opened_attachment_is_a_private_copy_reused_and_removed(
    document: Document, root: Path, opened: list[Path]
) -> None:
    attachment_id = _attach(document, "../../certificate.pdf", b"%PDF-1.4 private")

    first = attachments.open_attachment(document, attachment_id, None)
    again = attachments.open_attachment(document, attachment_id, None)

    assert first is not None and first == again and opened == [first, first]
    assert first.name == "certificate.pdf" and first.is_relative_to(root)
    assert first.read_bytes() == b"%PDF-1.4 private"
    folder = private_copies.own_folder()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(first.stat().st_mode) == 0o600
    assert (folder / private_copies.OWNER_MARKER).read_text() == str(os.getpid())

    private_copies.remove_own_copies()

    assert not folder.exists()


def test_copies_a_crashed_run_left_are_removed_at_the_next_start(root: Path) -> None:
    crashed = root / "999999999-dead"
    crashed.mkdir(parents=True)
    (crashed / private_copies.OWNER_MARKER).write_text("999999999")
    (crashed / "certificate.pdf").write_bytes(b"personal")
    running = root / "1-init"
    running.mkdir()
    (running / private_copies.OWNER_MARKER).write_text("1")

    private_copies.own_folder()

    assert not crashed.exists()
    assert running.exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [("run.sh", b"echo hello"), ("certificate.pdf", b"MZ\x90\x00 renamed program")],
)
def test_a_program_is_never_handed_to_the_system(
    document: Document,
    root: Path,
    opened: list[Path],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    data: bytes,
) -> None:
    offered: list[str] = []
    monkeypatch.setattr(
        attachments, "offer_save_instead", lambda parent, text: offered.append(text) or False
    )
    attachment_id = _attach(document, name, data)

    assert attachments.open_attachment(document, attachment_id, None) is None

    assert opened == []
    assert len(offered) == 1 and "program or a script" in offered[0]
    assert not root.exists() or not any(root.rglob(name))


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
