"""File ▸ Back Up…, Restore… and Automatic Backups…, driven as a user would."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu
from pytestqt.qtbot import QtBot

from compdesk.models.records import EvidenceKind, Route
from compdesk.models.templates import Template
from compdesk.preferences import Preferences, TransientPreferences
from compdesk.storage import Store
from compdesk.storage.automatic_backups import automatic_copies, backups_root
from compdesk.storage.templates import create_document
from compdesk.views.backup.automatic import STATUS_LABEL
from compdesk.views.backup.automatic_dialog import AutomaticBackupsDialog
from compdesk.views.backup.backup_dialog import BackupDialog
from compdesk.views.backup.restore_dialog import RestoreDialog
from compdesk.views.main_window import MainWindow
from compdesk.views.widgets.workers import LongWork
from tests.storage.old_formats import write_old_document

PASSPHRASE = "plum tractor umbrella nineteen"


@pytest.fixture
def inline_work(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(LongWork, "run_inline", True)


@pytest.fixture
def large_document(tmp_path: Path) -> Path:
    """A document holding 21 MB of attachments that no compression shrinks."""
    path = tmp_path / "large.compdesk"
    with create_document(path, Template.STARTUP, user="tester") as store:
        person = store.people.add("Ada Lovelace", "ada@example.com")
        competency = store.competencies.by_name("Phishing recognition")
        evidence = store.evidence.add(
            person.id,
            competency.id,
            EvidenceKind.TRAINING_RECORD,
            Route.TRAINING,
            achieved_on=date(2026, 4, 1),
        )
        for number in range(3):
            store.attachments.attach_bytes(evidence.id, f"scan{number}.pdf", os.urandom(7_000_000))
    return path


def _type_twice(dialog: BackupDialog, qtbot: QtBot, first: str, second: str) -> None:
    dialog.encrypt.setChecked(True)
    qtbot.keyClicks(dialog.passphrase.first, first)
    qtbot.keyClicks(dialog.passphrase.second, second)


def test_an_encrypted_backup_restores_with_its_passphrase(
    qtbot: QtBot, window: MainWindow, starter_path: Path, tmp_path: Path, inline_work: None
) -> None:
    with Store.open(starter_path) as store:
        store.people.add("Grace Hopper", "grace@example.com")
    dialog = BackupDialog(starter_path, window)
    qtbot.addWidget(dialog)
    target = tmp_path / "kept.cdbackup"
    dialog.destination.setText(str(target))
    _type_twice(dialog, qtbot, PASSPHRASE, PASSPHRASE + "x")
    assert dialog.passphrase.strength.text().startswith("Strength:")
    dialog.back_up_button.click()
    assert "differ" in dialog.message.text() and not target.exists()

    dialog.passphrase.second.setText(PASSPHRASE)
    dialog.back_up_button.click()
    qtbot.waitUntil(lambda: "Change-log head:" in dialog.message.text())
    assert target.exists() and str(target) in dialog.message.text()

    restore = RestoreDialog(window, folder=tmp_path, open_document=starter_path)
    qtbot.addWidget(restore)
    restore.source.setText(str(target))
    assert restore.passphrase.isEnabled()
    restored = tmp_path / "restored.compdesk"
    restore.destination.setText(str(restored))
    restore.passphrase.setText("not the passphrase")
    restore.restore_button.click()
    qtbot.waitUntil(lambda: "Not restored" in restore.message.text())
    assert "passphrase" in restore.message.text() and not restored.exists()
    restore.passphrase.setText(PASSPHRASE)
    restore.restore_button.click()
    qtbot.waitUntil(lambda: not restore.open_button.isHidden())
    assert restored.exists()
    with (
        Store.open(restored, read_only=True) as copy,
        Store.open(starter_path, read_only=True) as original,
    ):
        assert [p.name for p in copy.people.all()] == [p.name for p in original.people.all()]
    with qtbot.waitSignal(restore.open_requested):
        restore.open_button.click()


def _plain_backup(qtbot: QtBot, window: MainWindow, document: Path, target: Path) -> None:
    """An unencrypted backup of `document` through the dialog."""
    dialog = BackupDialog(document, window)
    qtbot.addWidget(dialog)
    dialog.destination.setText(str(target))
    dialog.back_up_button.click()
    qtbot.waitUntil(lambda: dialog.outcome is not None)


def test_restore_never_replaces_a_file_unless_confirmed(
    qtbot: QtBot, window: MainWindow, starter_path: Path, tmp_path: Path, inline_work: None
) -> None:
    _plain_backup(qtbot, window, starter_path, tmp_path / "plain.cdbackup")
    existing = tmp_path / "existing.compdesk"
    existing.write_bytes(b"keep me")
    restore = RestoreDialog(window, folder=tmp_path)
    qtbot.addWidget(restore)
    restore.confirm_replace = lambda _target: False  # type: ignore[method-assign]
    restore.source.setText(str(tmp_path / "plain.cdbackup"))
    restore.destination.setText(str(existing))
    restore.restore_button.click()
    qtbot.wait(100)
    assert existing.read_bytes() == b"keep me"


def test_above_20_mb_the_dialog_proposes_parts(qtbot: QtBot, large_document: Path) -> None:
    dialog = BackupDialog(large_document)
    qtbot.addWidget(dialog)
    assert dialog.split.isChecked()
    assert "above the 20.0 MB many mail services accept" in dialog.size_line.text()
    assert "split it into parts or leave out the attachments" in dialog.size_line.text()


def test_a_small_document_is_not_split(qtbot: QtBot, starter_path: Path) -> None:
    dialog = BackupDialog(starter_path)
    qtbot.addWidget(dialog)
    assert not dialog.split.isChecked() and "above" not in dialog.size_line.text()


def test_a_cancelled_backup_leaves_nothing(
    qtbot: QtBot, large_document: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    dialog = BackupDialog(large_document)
    qtbot.addWidget(dialog)
    dialog.destination.setText(str(folder / "large.cdbackup"))
    dialog.split.setChecked(False)
    dialog.back_up_button.click()
    assert dialog.work is not None
    with qtbot.waitSignal(dialog.work.finished, timeout=60_000):
        dialog.cancel_backup()
    assert "cancelled" in dialog.message.text()
    assert list(folder.iterdir()) == []


def test_opening_for_editing_takes_one_copy_a_day(
    qtbot: QtBot, starter_path: Path, tmp_path: Path
) -> None:
    first = MainWindow(Preferences(user_name="tester"))
    qtbot.addWidget(first)
    first.show()
    assert first.open_path(starter_path)
    qtbot.waitUntil(lambda: len(automatic_copies(starter_path)) == 1, timeout=20_000)
    label = first.findChild(QLabel, STATUS_LABEL)
    assert isinstance(label, QLabel)
    qtbot.waitUntil(lambda: "automatic copy of starter.compdesk is kept" in label.text())
    first.close_document()
    assert first.open_path(starter_path)
    qtbot.wait(200)
    assert len(automatic_copies(starter_path)) == 1

    dialog = AutomaticBackupsDialog(starter_path, first)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    dialog.restore_selected()
    assert dialog.restore_dialog is not None
    assert dialog.restore_dialog.destination.text() != str(starter_path)


def test_a_read_only_open_takes_no_copy(qtbot: QtBot, starter_path: Path) -> None:
    window = MainWindow(Preferences(user_name="tester"))
    qtbot.addWidget(window)
    window.show()
    assert window.open_path(starter_path, read_only=True)
    qtbot.wait(300)
    assert automatic_copies(starter_path) == []


def test_a_copy_that_cannot_be_written_still_opens_the_document(
    qtbot: QtBot, starter_path: Path
) -> None:
    backups_root().parent.mkdir(parents=True, exist_ok=True)
    backups_root().write_text("not a folder")
    window = MainWindow(Preferences(user_name="tester"))
    qtbot.addWidget(window)
    window.show()
    assert window.open_path(starter_path)
    assert window.document is not None and not window.document.read_only
    label = window.findChild(QLabel, STATUS_LABEL)
    assert isinstance(label, QLabel)
    qtbot.waitUntil(lambda: label.text().startswith("Warning: no automatic copy"))


def test_an_older_format_opened_in_the_window_is_copied_first(qtbot: QtBot, tmp_path: Path) -> None:
    path = write_old_document(
        tmp_path / "format4.compdesk", 4, "", created_at="2025-01-01T00:00:00Z"
    )
    window = MainWindow(Preferences(user_name="tester"))
    qtbot.addWidget(window)
    window.show()
    assert window.open_path(path)
    assert 4 in [copy.before_format for copy in automatic_copies(path)]


def test_a_screenshots_window_keeps_no_copies(qtbot: QtBot, starter_path: Path) -> None:
    window = MainWindow(TransientPreferences())
    qtbot.addWidget(window)
    window.show()
    assert window.open_path(starter_path)
    qtbot.wait(300)
    assert automatic_copies(starter_path) == []


def _file_action(window: MainWindow, text: str) -> QAction:
    menu = window.menuBar().actions()[0].menu()
    assert isinstance(menu, QMenu)
    menu.aboutToShow.emit()
    for action in menu.actions():
        if action.text().replace("&", "") == text:
            return action
    raise AssertionError(f"no {text} in the File menu")


def test_the_file_menu_opens_the_backup_dialogs(qtbot: QtBot, window: MainWindow) -> None:
    for text, kind in (
        ("Back Up…", BackupDialog),
        ("Restore…", RestoreDialog),
        ("Automatic Backups…", AutomaticBackupsDialog),
    ):
        action = _file_action(window, text)
        assert action.isEnabled()
        action.trigger()
        assert isinstance(window.backup_dialog, kind)
        window.backup_dialog.close()


def test_restore_refuses_the_open_document_as_its_destination(
    qtbot: QtBot, window: MainWindow, starter_path: Path, tmp_path: Path, inline_work: None
) -> None:
    _plain_backup(qtbot, window, starter_path, tmp_path / "plain.cdbackup")
    before = starter_path.read_bytes()
    restore = RestoreDialog(window, folder=tmp_path, open_document=starter_path)
    qtbot.addWidget(restore)
    restore.confirm_replace = lambda _target: True  # type: ignore[method-assign]
    restore.source.setText(str(tmp_path / "plain.cdbackup"))
    restore.destination.setText(str(starter_path))
    restore.restore_button.click()
    assert "open in this window" in restore.message.text()
    assert starter_path.read_bytes() == before


def test_a_backup_without_attachments_restores_saying_once_what_was_left_out(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, inline_work: None
) -> None:
    path = tmp_path / "small.compdesk"
    with create_document(path, Template.STARTUP, user="tester") as store:
        person = store.people.add("Ada Lovelace", "ada@example.com")
        competency = store.competencies.by_name("Phishing recognition")
        evidence = store.evidence.add(
            person.id, competency.id, EvidenceKind.TRAINING_RECORD, Route.TRAINING,
            achieved_on=date(2026, 4, 1),
        )
        store.attachments.attach_bytes(evidence.id, "scan.pdf", b"%PDF-1.4 a scan")
    dialog = BackupDialog(path, window)
    qtbot.addWidget(dialog)
    target = tmp_path / "light.cdbackup"
    dialog.destination.setText(str(target))
    dialog.without_attachments.setChecked(True)
    dialog.back_up_button.click()
    qtbot.waitUntil(lambda: dialog.outcome is not None)

    restore = RestoreDialog(window, folder=tmp_path)
    qtbot.addWidget(restore)
    restore.source.setText(str(target))
    restore.destination.setText(str(tmp_path / "restored.compdesk"))
    restore.restore_button.click()
    qtbot.waitUntil(lambda: not restore.open_button.isHidden())
    text = restore.message.text()
    assert "The bytes of 1 attachment were left out." in text
    assert text.count("left out") == 1
    assert "Its check found" not in text


def test_the_restore_dialogs_labels_show_their_access_keys_not_an_ampersand(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    restore = RestoreDialog(window, folder=tmp_path)
    qtbot.addWidget(restore)
    labelled = [label for label in restore.findChildren(QLabel) if "&" in label.text()]
    assert {label.text() for label in labelled} >= {"&Backup:", "Restore &to:"}
    # Without a buddy a label shows its "&" and its Alt+key does nothing.
    assert all(label.buddy() is not None for label in labelled)
    backup_label = next(label for label in labelled if label.text() == "&Backup:")
    assert backup_label.buddy() is restore.source
