"""Files dragged in from a file manager: which drags carry only local files, accepting them,
and a frame that takes them.

A drop is always taken as a copy: the file goes into the document, the original stays where
it was (a file manager told "move" would delete it).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QFrame, QWidget


def local_files(mime_data: QMimeData) -> list[Path]:
    """The local files dragged in `mime_data`, or nothing if anything else is dragged."""
    if not mime_data.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime_data.urls() if url.isLocalFile()]
    if len(paths) != len(mime_data.urls()) or not all(path.is_file() for path in paths):
        return []
    return paths


def accept_file_drop(event: QDropEvent, accepting: bool = True) -> list[Path]:
    """Accept a drag or drop of local files as a copy (while `accepting`), ignore anything
    else; returns the files."""
    paths = local_files(event.mimeData()) if accepting else []
    if paths:
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
    else:
        event.ignore()
    return paths


class FileDropFrame(QFrame):
    """A frame that takes local files dropped on it while `drops_enabled`."""

    files_dropped = Signal(list)  # list[Path]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.drops_enabled = True
        self.setAcceptDrops(True)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        accept_file_drop(event, self.drops_enabled)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        accept_file_drop(event, self.drops_enabled)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = accept_file_drop(event, self.drops_enabled)
        if paths:
            self.files_dropped.emit(paths)
