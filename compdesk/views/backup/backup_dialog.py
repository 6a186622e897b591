"""File ▸ Back Up…: where, encrypted or not, with or without attachments, in parts or whole.

Above the 20 MB many mail services accept, the dialog proposes parts of 20 MB (or leaving the
attachments out) before the backup is written; at the end it shows the size, the files and
the change-log head, the anchor that `compdesk check --since` proves later.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from compdesk.models.sizes import file_size_text
from compdesk.storage.backup import MAIL_LIMIT, BackupResult, take_backup
from compdesk.storage.change_log import head_text
from compdesk.views.backup.passphrase import NewPassphrase
from compdesk.views.widgets.workers import LongWork

BACKUP_SUFFIX = ".cdbackup"
BACKUP_FILTER = "compdesk backups (*.cdbackup *.part1of*);;All files (*)"


def suggested_backup_name(document: Path, today: dt.date | None = None) -> Path:
    day = (today or dt.date.today()).isoformat()
    return document.with_name(f"{document.stem}-{day}{BACKUP_SUFFIX}")


def result_text(result: BackupResult) -> str:
    names = "\n".join(str(path) for path in result.paths)
    text = f"Backed up: {file_size_text(result.size)} in\n{names}\n"
    text += f"Change-log head: {head_text((result.head_hash, result.head_length))}"
    if result.attachments_left_out:
        text += f"\nThe bytes of {result.attachments_left_out} attachments were left out."
    return text


class BackupDialog(QDialog):
    def __init__(self, document: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Back Up")
        # Wide enough to read a destination path whole.
        self.setMinimumWidth(560)
        self._document = document
        self.work: LongWork | None = None
        self.outcome: BackupResult | None = None

        self.destination = QLineEdit(str(suggested_backup_name(document)))
        self.destination.setAccessibleName("Backup file")
        choose = QPushButton("&Choose…")
        choose.clicked.connect(self.choose_destination)
        where = QHBoxLayout()
        where.addWidget(self.destination, 1)
        where.addWidget(choose)

        self.encrypt = QCheckBox("&Encrypt with a passphrase")
        self.passphrase = NewPassphrase()
        self.passphrase.setEnabled(False)
        self.encrypt.toggled.connect(self.passphrase.setEnabled)
        self.without_attachments = QCheckBox("&Leave out the attachments")
        self.without_attachments.setToolTip(
            "Their names, sizes and SHA-256 are kept: a restore says which files are missing"
        )
        self.split = QCheckBox(f"&Split into parts of {file_size_text(MAIL_LIMIT)}")
        self.size_line = QLabel(wordWrap=True)
        self.message = QLabel(wordWrap=True)
        self.message.setAccessibleName("Backup outcome")

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.back_up_button = self.buttons.addButton(
            "&Back Up", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.start_backup)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"A compressed, checked copy of {document.name}, to:"))
        layout.addLayout(where)
        layout.addWidget(self.encrypt)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.without_attachments)
        layout.addWidget(self.split)
        layout.addWidget(self.size_line)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._propose_for_mail()

    def estimated_size(self) -> int:
        # Attachments (most of a large document) are mostly compressed already: the file's
        # size is a fair ceiling of the backup's.
        try:
            return self._document.stat().st_size
        except OSError:
            return 0

    def _propose_for_mail(self) -> None:
        size = self.estimated_size()
        if size > MAIL_LIMIT:
            self.split.setChecked(True)
            self.size_line.setText(
                f"About {file_size_text(size)}: above the {file_size_text(MAIL_LIMIT)} many "
                "mail services accept. To send it by email, split it into parts or leave out "
                "the attachments."
            )
        else:
            self.size_line.setText(f"About {file_size_text(size)}.")

    def choose_destination(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Back up to", self.destination.text(), BACKUP_FILTER
        )
        if chosen:
            self.destination.setText(chosen)

    def problem(self) -> str | None:
        if not self.destination.text().strip():
            return "Choose where to write the backup."
        if self.encrypt.isChecked():
            return self.passphrase.problem()
        return None

    def start_backup(self) -> None:
        problem = self.problem()
        if problem is not None:
            self.message.setText(problem)
            return
        source, target = self._document, Path(self.destination.text().strip())
        passphrase = self.passphrase.passphrase() if self.encrypt.isChecked() else None
        without = self.without_attachments.isChecked()
        split_size = MAIL_LIMIT if self.split.isChecked() else None

        def work(progress: Callable[[int, int], None], cancel: threading.Event) -> BackupResult:
            return take_backup(
                source,
                target,
                passphrase=passphrase,
                without_attachments=without,
                split_size=split_size,
                report_progress=progress,
                cancelled=cancel.is_set,
                open_in_this_process=True,
            )

        self.message.setText("Backing up…")
        self.back_up_button.setEnabled(False)
        self.work = LongWork(self, f"Backing up {source.name}…", work)
        self.work.succeeded.connect(self._on_succeeded)
        self.work.failed.connect(self._on_failed)
        self.work.cancelled.connect(self._on_cancelled)
        self.work.start()

    def cancel_backup(self) -> None:
        if self.work is not None:
            self.work.cancel()

    def _on_succeeded(self, result: object) -> None:
        assert isinstance(result, BackupResult)
        self.outcome = result
        self.message.setText(result_text(result))
        self.back_up_button.hide()

    def _on_failed(self, message: str) -> None:
        self.message.setText(f"Not backed up: {message}")
        self.back_up_button.setEnabled(True)

    def _on_cancelled(self) -> None:
        self.message.setText("The backup was cancelled; nothing was written.")
        self.back_up_button.setEnabled(True)
