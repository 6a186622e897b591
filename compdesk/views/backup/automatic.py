"""The day's automatic copy of the document just opened, written on a worker once the window
has painted, its progress and outcome in the status bar; a failure is a warning there and in
the log, never a reason to refuse the document."""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMainWindow, QStatusBar

from compdesk.models.errors import DocumentError
from compdesk.storage.automatic_backups import daily_copy_due, take_daily_copy

log = logging.getLogger(__name__)

STATUS_LABEL = "automaticCopyStatus"
MESSAGE_MS = 8000


class _Signals(QObject):
    written = Signal(str)  # the status-bar line once done


class _DailyCopy(QRunnable):
    def __init__(self, document: Path, keep: int, signals: _Signals) -> None:
        super().__init__()
        self._document, self._keep, self._signals = document, keep, signals

    def run(self) -> None:
        name = self._document.name
        try:
            take_daily_copy(self._document, keep=self._keep, open_in_this_process=True)
            message = f"Today's automatic copy of {name} is kept (File ▸ Automatic Backups…)."
        except (DocumentError, OSError) as error:
            log.warning("no automatic copy of %s today: %s", name, error)
            message = f"Warning: no automatic copy of {name} today: {error}"
        # The window may have closed meanwhile: nobody is waiting.
        with contextlib.suppress(RuntimeError):
            self._signals.written.emit(message)


class DailyCopies(QObject):
    """Starts the day's copy of a document after the window has painted; says so in a label
    of the status bar of its own, leaving the window's status message as it is."""

    # Tests set this to write the copy at once, on the calling thread.
    run_inline = False

    def __init__(self, status_bar: QStatusBar) -> None:
        super().__init__(status_bar)
        self.label = QLabel()
        self.label.setObjectName(STATUS_LABEL)
        self.label.setAccessibleName("Automatic copy")
        self.label.hide()
        status_bar.addPermanentWidget(self.label)
        self._hide_timer = QTimer(self, singleShot=True, interval=MESSAGE_MS)
        self._hide_timer.timeout.connect(self.label.hide)
        self._signals = _Signals(self)
        self._signals.written.connect(self._show)

    def _show(self, message: str) -> None:
        self.label.setText(message)
        self.label.show()
        self._hide_timer.start()

    def start(self, document: Path, keep: int) -> None:
        if not daily_copy_due(document):
            return
        task = _DailyCopy(document, keep, self._signals)
        if self.run_inline:
            task.run()
            return

        def begin() -> None:
            self.label.setText(f"Writing today's automatic copy of {document.name}…")
            self.label.show()
            QThreadPool.globalInstance().start(task)

        # Once the event loop has painted the document, not on the way to the first paint.
        QTimer.singleShot(0, begin)


def start_daily_copy(window: QMainWindow, document: Path, keep: int) -> None:
    """The day's automatic copy of a document just opened for editing, in the background."""
    copies = window.findChild(DailyCopies)
    if not isinstance(copies, DailyCopies):
        copies = DailyCopies(window.statusBar())
    copies.start(document, keep)
