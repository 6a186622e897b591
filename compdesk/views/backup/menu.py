"""The File menu's Back Up…, Restore… and Automatic Backups…, and the day's copy on open."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from compdesk.views.backup.automatic_dialog import AutomaticBackupsDialog
from compdesk.views.backup.backup_dialog import BackupDialog
from compdesk.views.backup.restore_dialog import RestoreDialog

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    from compdesk.views.main_window import MainWindow


def _open_path(window: MainWindow, path: object) -> None:
    window.open_path(Path(str(path)))


def _show(window: MainWindow, dialog: QDialog) -> None:
    # Kept on the window: tests and the accessibility checks find the dialog on show.
    window.backup_dialog = dialog
    dialog.open()


def show_backup(window: MainWindow) -> None:
    if window.document is not None:
        _show(window, BackupDialog(window.document.store.path, window))


def show_restore(window: MainWindow) -> None:
    document = window.document.store.path if window.document is not None else None
    dialog = RestoreDialog(window, folder=window.dialog_folder(), open_document=document)
    dialog.open_requested.connect(lambda path: _open_path(window, path))
    _show(window, dialog)


def show_automatic_backups(window: MainWindow) -> None:
    if window.document is None:
        return
    dialog = AutomaticBackupsDialog(window.document.store.path, window)
    dialog.open_requested.connect(lambda path: _open_path(window, path))
    _show(window, dialog)
