"""SQLite's check of every page of a large document, run on a worker once the window has
painted it: opening checks only what the header and the file's size reveal, so that a document
holding hundreds of megabytes of attachments opens in the time its header takes. The check says
so in the status bar while it runs, and names any damage in a warning banner above the document;
it never blocks the user. `compdesk check` runs the full integrity check."""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import Final

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMainWindow, QStatusBar, QVBoxLayout, QWidget

from compdesk.models.errors import DamagedDocumentError, DocumentError
from compdesk.storage.opening import inspect_document, pages_checked_at_open

log = logging.getLogger(__name__)

STATUS_LABEL: Final = "pageCheckStatus"
WARNING_BANNER: Final = "pageCheckWarning"

def checked_in_background(path: Path) -> bool:
    """Whether the window checks this document's pages after opening it, not while."""
    return not pages_checked_at_open(path)


def damage_found(path: Path) -> str | None:
    """The sentence naming the damage in the document's pages; None when every page is sound.

    Reads through a connection of its own, read-only: the window's is never touched."""
    try:
        inspect_document(path)
    except DamagedDocumentError as error:
        return f"{error}. compdesk check lists what is damaged."
    except DocumentError as error:
        # Busy, or unreachable for a moment: not damage, and the next open checks again.
        log.info("the page check of %s did not run: %s", path.name, error)
    return None


class _Signals(QObject):
    checked = Signal(object, object)  # the path checked, the damage found (str) or None


class _PageCheck(QRunnable):
    def __init__(self, path: Path, signals: _Signals) -> None:
        super().__init__()
        self._path, self._signals = path, signals

    def run(self) -> None:
        damage = damage_found(self._path)
        # The window may have closed meanwhile: nobody is waiting.
        with contextlib.suppress(RuntimeError):
            self._signals.checked.emit(self._path, damage)


class BackgroundPageCheck(QObject):
    """The window's page checks: a status-bar label while one runs, and a warning banner at the
    top of the document page when it finds damage (hidden when another document opens)."""

    # Tests set this to check at once, on the calling thread.
    run_inline = False

    def __init__(self, status_bar: QStatusBar, document_page: QWidget) -> None:
        super().__init__(status_bar)
        self.label = QLabel("Checking the document…")
        self.label.setObjectName(STATUS_LABEL)
        self.label.setAccessibleName("Page check")
        self.label.hide()
        status_bar.addPermanentWidget(self.label)
        self.warning = QLabel()
        self.warning.setObjectName(WARNING_BANNER)
        self.warning.setStyleSheet(
            f"#{WARNING_BANNER} {{ background: #f8d7da; color: #58151c; padding: 6px; "
            "font-weight: bold; }"
        )
        self.warning.setAccessibleName("Document damage")
        self.warning.setWordWrap(True)
        self.warning.hide()
        layout = document_page.layout()
        if isinstance(layout, QVBoxLayout):
            layout.insertWidget(0, self.warning)
        self._checking: Path | None = None
        self._signals = _Signals(self)
        self._signals.checked.connect(self._show)

    def _show(self, path: object, damage: object) -> None:
        if path != self._checking:
            return  # another document is open now
        self._checking = None
        self.label.hide()
        if isinstance(damage, str):
            log.warning("%s", damage)
            self.warning.setText(f"Warning: {damage}")
            self.warning.show()

    def forget(self) -> None:
        """The document closed: what a check still running finds is no longer shown."""
        self._checking = None
        self.label.hide()
        self.warning.hide()

    def start(self, path: Path) -> None:
        self.forget()
        if not checked_in_background(path):
            return
        self._checking = path
        task = _PageCheck(path, self._signals)
        self.label.show()
        if self.run_inline:
            task.run()
            return
        # Once the event loop has painted the document, not on the way to the first paint.
        QTimer.singleShot(0, lambda: QThreadPool.globalInstance().start(task))


def start_page_check(window: QMainWindow, document_page: QWidget, path: Path) -> None:
    """Check the pages of a large document just opened, in the background."""
    checks = window.findChild(BackgroundPageCheck)
    if not isinstance(checks, BackgroundPageCheck):
        checks = BackgroundPageCheck(window.statusBar(), document_page)
    checks.start(path)


def forget_page_check(window: QMainWindow) -> None:
    """The window's document closed: any warning about it goes with it."""
    checks = window.findChild(BackgroundPageCheck)
    if isinstance(checks, BackgroundPageCheck):
        checks.forget()
