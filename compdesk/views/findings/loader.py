"""The findings of the open document, computed on a worker thread.

They read every person, evidence date and action (about 0.11 s for 1000 people here), too long
for the GUI thread at each edit. The worker reads on a connection of its own (a store serves
only the thread that opened it) and sees what the window has committed, which is every edit.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from PySide6.QtCore import QObject, Qt, QThreadPool, QTimer, Signal

from compdesk.models.findings import Finding
from compdesk.storage import Store
from compdesk.views.widgets.workers import ReadOnOwnConnection, ReadSignals

# Requests closer together than this (a burst of edits, a date typed) compute once; at start
# the first paint of the matrix comes before the worker competes with it for the interpreter.
COALESCE_MS: Final = 150


class FindingsLoader(QObject):
    """Keeps the findings as of the latest date asked for; `loaded` or `failed` follow each
    `request` (requests in quick succession are answered once, with the latest)."""

    loaded = Signal(object)  # tuple[Finding, ...]
    failed = Signal(str)
    # A request is waiting or running: the findings shown may be out of date.
    started = Signal()

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._as_of: date | None = None
        self._requested = 0
        # The number and date of the request being computed.
        self._running: tuple[int, date] | None = None
        self.findings: tuple[Finding, ...] | None = None
        # The date the findings are as of (None until the first are loaded).
        self.as_of: date | None = None
        # The signals object is kept by each computation too: it must outlive this loader
        # when the document closes while a worker is still reading.
        self._signals = ReadSignals()
        self._signals.computed.connect(self.on_computed, Qt.ConnectionType.QueuedConnection)
        self._signals.failed.connect(self.on_failed, Qt.ConnectionType.QueuedConnection)
        self._timer = QTimer(self, singleShot=True, interval=COALESCE_MS)
        self._timer.timeout.connect(self._start)

    @property
    def busy(self) -> bool:
        """A request is waiting or being computed."""
        return self._timer.isActive() or self._running is not None

    @property
    def computing(self) -> bool:
        """A worker is computing them now."""
        return self._running is not None

    def request(self, as_of: date) -> None:
        """Compute the findings as of `as_of` (again: the document may have changed)."""
        self._as_of = as_of
        self._requested += 1
        if not self._timer.isActive() and self._running is None:
            self.started.emit()
        self._timer.start()

    def _start(self) -> None:
        if self._running is not None or self._as_of is None:
            return  # started again when the one running ends
        self._running = (self._requested, self._as_of)
        as_of = self._as_of
        computation = ReadOnOwnConnection(
            self._store, lambda own: own.findings(as_of), self._requested, self._signals, "findings"
        )
        QThreadPool.globalInstance().start(computation)

    def _finish(self, number: int) -> date | None:
        """The computation `number` has ended: its date if its answer is the latest asked
        for, None if a later request is still to be answered."""
        assert self._running is not None and self._running[0] == number
        as_of = self._running[1]
        self._running = None
        if number == self._requested:
            return as_of
        if not self._timer.isActive():
            self._start()
        return None

    def on_computed(self, number: int, findings: tuple[Finding, ...]) -> None:
        as_of = self._finish(number)
        if as_of is not None:
            self.findings, self.as_of = findings, as_of
            self.loaded.emit(findings)

    def on_failed(self, number: int, message: str) -> None:
        if self._finish(number) is not None:
            self.failed.emit(message)
