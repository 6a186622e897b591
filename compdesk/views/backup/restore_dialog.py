"""File ▸ Restore…: a backup (or its first part), its passphrase if it is encrypted, a new
document to write; then an offer to open it.

A wrong passphrase is the backup's own message, and the dialog asks again; an existing file
is replaced only once the user confirms, and never the document open in the window.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from compdesk.models.errors import DocumentError
from compdesk.storage.backup import RestoreResult, backup_header, restore_backup
from compdesk.views.backup.backup_dialog import BACKUP_FILTER
from compdesk.views.widgets.workers import LongWork

DOCUMENT_FILTER = "compdesk documents (*.compdesk);;All files (*)"


def suggested_restore_name(backup: Path, folder: Path) -> Path:
    stem = backup.name.split(".")[0] or "restored"
    return folder / f"{stem} restored {dt.date.today().isoformat()}.compdesk"


def _same_file(first: Path, second: Path | None) -> bool:
    return second is not None and first.resolve() == second.resolve()


class RestoreDialog(QDialog):
    # The restored document, when the user asks to open it.
    open_requested = Signal(object)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        source: Path | None = None,
        folder: Path | None = None,
        open_document: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore")
        # Wide enough to read a destination path whole.
        self.setMinimumWidth(560)
        self._folder = folder or Path.home()
        self._open_document = open_document
        self.work: LongWork | None = None
        self.outcome: RestoreResult | None = None

        self.source = QLineEdit()
        self.source.setAccessibleName("Backup to restore")
        self.source.textChanged.connect(self._on_source_changed)
        self.passphrase = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        self.passphrase.setEnabled(False)
        self.destination = QLineEdit()
        self.destination.setAccessibleName("Restore to")
        form = QFormLayout()
        # A row whose field is a layout has no buddy of its own: the label is given one, so
        # its Alt+key works and its & is not shown.
        form.addRow(_label("&Backup:", self.source), _with_button(self.source, self.choose_source))
        form.addRow("&Passphrase:", self.passphrase)
        form.addRow(
            _label("Restore &to:", self.destination),
            _with_button(self.destination, self.choose_destination),
        )
        self.message = QLabel(wordWrap=True)
        self.message.setAccessibleName("Restore outcome")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = self.buttons.addButton(
            "&Restore", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.open_button = self.buttons.addButton(
            "&Open the Restored Document", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_button.hide()
        self.open_button.clicked.connect(self._on_open_clicked)
        self.buttons.accepted.connect(self.start_restore)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        if source is not None:
            self.source.setText(str(source))

    def _on_source_changed(self, text: str) -> None:
        source = Path(text.strip()) if text.strip() else None
        encrypted = False
        self.message.clear()
        if source is not None:
            try:
                header = backup_header(source)
                encrypted = header is not None and header.encrypted
            except (DocumentError, OSError) as error:
                self.message.setText(str(error))
            if not self.destination.text():
                self.destination.setText(str(suggested_restore_name(source, self._folder)))
        self.passphrase.setEnabled(encrypted)
        if not encrypted:
            self.passphrase.clear()

    def choose_source(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Restore from", str(self._folder), BACKUP_FILTER
        )
        if chosen:
            self.source.setText(chosen)

    def choose_destination(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Restore to", self.destination.text(), DOCUMENT_FILTER
        )
        if chosen:
            self.destination.setText(chosen)

    def confirm_replace(self, target: Path) -> bool:
        answer = QMessageBox.question(
            self,
            "Replace the file?",
            f"{target.name} already exists. Replace it with the restored document?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def start_restore(self) -> None:
        source_text, target_text = self.source.text().strip(), self.destination.text().strip()
        if not source_text or not target_text:
            self.message.setText("Choose a backup and where to restore it.")
            return
        source, target = Path(source_text), Path(target_text)
        if target.exists() and _same_file(target, self._open_document):
            self.message.setText(
                "That is the document open in this window: restore to another file."
            )
            return
        if self.passphrase.isEnabled() and not self.passphrase.text():
            self.message.setText("This backup is encrypted: type its passphrase.")
            self.passphrase.setFocus()
            return
        force = target.exists()
        if force and not self.confirm_replace(target):
            return
        passphrase = self.passphrase.text() if self.passphrase.isEnabled() else None

        def work(progress: Callable[[int, int], None], cancel: threading.Event) -> RestoreResult:
            return restore_backup(
                source,
                target,
                passphrase=passphrase,
                force=force,
                report_progress=progress,
                cancelled=cancel.is_set,
            )

        self.message.setText("Restoring…")
        self.restore_button.setEnabled(False)
        self.work = LongWork(self, f"Restoring {source.name}…", work)
        self.work.succeeded.connect(self._on_succeeded)
        self.work.failed.connect(self._on_failed)
        self.work.cancelled.connect(self._on_cancelled)
        self.work.start()

    def _on_succeeded(self, result: object) -> None:
        assert isinstance(result, RestoreResult)
        self.outcome = result
        text = f"Restored to {result.path}."
        if result.attachments_left_out:
            count = result.attachments_left_out
            text += f" The bytes of {count} attachment{'' if count == 1 else 's'} were left out."
        if result.damage:
            text += " Its check found: " + "; ".join(result.damage[:3])
        self.message.setText(text)
        self.restore_button.hide()
        self.open_button.show()

    def _on_failed(self, message: str) -> None:
        # A wrong passphrase among them: the backup's own sentence, then the field again.
        self.message.setText(f"Not restored: {message}")
        self.restore_button.setEnabled(True)
        if self.passphrase.isEnabled():
            self.passphrase.selectAll()
            self.passphrase.setFocus()

    def _on_cancelled(self) -> None:
        self.message.setText("The restore was cancelled; nothing was written.")
        self.restore_button.setEnabled(True)

    def _on_open_clicked(self) -> None:
        if self.outcome is not None:
            self.open_requested.emit(self.outcome.path)
            self.accept()


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def _with_button(field: QLineEdit, choose: Callable[[], None]) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(field, 1)
    button = QPushButton("Choose…")
    button.clicked.connect(choose)
    row.addWidget(button)
    return row
