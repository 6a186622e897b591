"""File ▸ Automatic Backups…: the automatic copies of the open document, newest first; one
restored to a new file (never over the open document), or their folder shown."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from compdesk.models.sizes import file_size_text
from compdesk.storage.automatic_backups import AutomaticCopy, automatic_copies, automatic_folder
from compdesk.views.backup.restore_dialog import RestoreDialog


def _kind(copy: AutomaticCopy) -> str:
    if copy.before_format is None:
        return "the day's copy"
    return f"before the upgrade from format {copy.before_format}"


class AutomaticBackupsDialog(QDialog):
    open_requested = Signal(object)

    def __init__(self, document: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Automatic Backups")
        self._document = document
        self.copies = automatic_copies(document)
        self.restore_dialog: RestoreDialog | None = None
        self.table = QTableWidget(len(self.copies), 3)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setHorizontalHeaderLabels(["Date", "Size", "Taken"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for row, copy in enumerate(self.copies):
            cells = (copy.day.isoformat(), file_size_text(copy.size), _kind(copy))
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        if self.copies:
            self.table.selectRow(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = buttons.addButton("&Restore…", QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.setEnabled(bool(self.copies))
        self.restore_button.clicked.connect(self.restore_selected)
        folder_button = buttons.addButton("Show in &Folder", QDialogButtonBox.ButtonRole.ActionRole)
        folder_button.clicked.connect(self.show_folder)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if self.copies:
            intro = f"Copies of {document.name} this computer took automatically:"
        else:
            intro = f"No automatic copies of {document.name} yet: one is taken each day it is opened for editing."
        layout.addWidget(QLabel(intro, wordWrap=True))
        layout.addWidget(self.table)
        layout.addWidget(buttons)

    def selected_copy(self) -> AutomaticCopy | None:
        rows = self.table.selectionModel().selectedRows()
        return self.copies[rows[0].row()] if rows else None

    def restore_selected(self) -> None:
        copy = self.selected_copy()
        if copy is None:
            return
        dialog = RestoreDialog(
            self, source=copy.path, folder=self._document.parent, open_document=self._document
        )
        dialog.destination.setText(
            str(self._document.with_name(f"{self._document.stem} as of {copy.day}.compdesk"))
        )
        dialog.open_requested.connect(self.open_requested.emit)
        self.restore_dialog = dialog
        dialog.open()

    def show_folder(self) -> None:
        folder = automatic_folder(self._document)
        QDesktopServices.openUrl(
            QUrl.fromLocalFile(str(folder if folder.exists() else folder.parent))
        )
