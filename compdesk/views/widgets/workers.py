"""Long work off the GUI thread, behind a progress dialog with Cancel.

Work that edits the document runs on a connection of its worker's own
(`apply_on_own_connection`): the window's connection never sees a row before it is committed,
and a store is only ever used on the thread that opened it.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, SignalInstance
from PySide6.QtWidgets import QProgressDialog, QWidget

from compdesk.models.errors import CancelledError, DocumentError
from compdesk.storage import Store
from compdesk.views.commands.base import StoreCommand

log = logging.getLogger(__name__)

# Work that finishes sooner never shows a dialog (it would only flicker).
PROGRESS_DELAY_MS = 500

Work = Callable[[Callable[[int, int], None], threading.Event], Any]

# Workers applying commands on their own connection right now.
_edits_running = 0
_edits_lock = threading.Lock()


def apply_on_own_connection(
    window_store: Store, commands: Iterable[StoreCommand], applied: list[StoreCommand]
) -> None:
    """Apply `commands` in turn on a connection of the calling worker thread's own.

    Each command commits before the next starts and is appended to `applied` once it took
    effect; the first that fails stops the rest, and its error is raised. Every command ends
    pointed at `window_store` again, where undo and redo run: the ids it recorded are the same
    in every connection to the file.
    """
    global _edits_running
    with _edits_lock:
        _edits_running += 1
    try:
        with window_store.open_another() as worker_store:
            for command in commands:
                command.store = worker_store
                try:
                    command.apply()
                finally:
                    command.store = window_store
                applied.append(command)
    finally:
        with _edits_lock:
            _edits_running -= 1


def background_edit_running() -> bool:
    """True while a worker applies commands on its own connection: until it has committed,
    nothing else of this process may close a file handle on the document (POSIX drops all
    of a process's locks on a file when any of its handles on it is closed)."""
    with _edits_lock:
        return _edits_running > 0


class ReadSignals(QObject):
    """The answers of a `ReadOnOwnConnection`, each with the number of its request."""

    computed = Signal(int, object)  # request number, what was read
    failed = Signal(int, str)  # request number, the message for the user


class ReadOnOwnConnection(QRunnable):
    """Runs `read(store)` on a connection of the worker's own (a store serves only the thread
    that opened it) and answers on `signals` with `number`, so the asker can drop answers
    to requests it has since replaced. `what` names the read in the log."""

    def __init__(
        self,
        store: Store,
        read: Callable[[Store], object],
        number: int,
        signals: ReadSignals,
        what: str,
    ) -> None:
        super().__init__()
        self._store, self._read, self._number = store, read, number
        self._signals, self._what = signals, what

    def run(self) -> None:
        try:
            with self._store.open_another() as own_store:
                answer = self._read(own_store)
        except DocumentError as error:
            self._tell(self._signals.failed, str(error))
        except Exception as error:  # a bug: log it whole, tell the user briefly
            log.exception("computing the %s failed", self._what)
            self._tell(self._signals.failed, f"Unexpected error: {error}")
        else:
            self._tell(self._signals.computed, answer)

    def _tell(self, signal: SignalInstance, answer: object) -> None:
        # The application may have quit meanwhile (a screenshot taken): nobody is waiting.
        with contextlib.suppress(RuntimeError):
            signal.emit(self._number, answer)


class _Signals(QObject):
    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()


class _Task(QRunnable):
    def __init__(self, work: Work, signals: _Signals, cancel: threading.Event) -> None:
        super().__init__()
        self._work, self._signals, self._cancel = work, signals, cancel

    def run(self) -> None:
        try:
            result = self._work(self._signals.progressed.emit, self._cancel)
        except CancelledError:
            self._signals.cancelled.emit()
        except DocumentError as error:
            self._signals.failed.emit(str(error))
        except Exception as error:  # a bug: log it whole, tell the user briefly
            log.exception("background work failed")
            self._signals.failed.emit(f"Unexpected error: {error}")
        else:
            self._signals.succeeded.emit(result)


class LongWork(QObject):
    """Runs `work(report_progress, cancel)` on the thread pool; results come back as signals."""

    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    finished = Signal()

    # Tests set this to run work inline, for determinism.
    run_inline = False

    def __init__(self, parent: QWidget | None, label: str, work: Work) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self._signals = _Signals()
        self._signals.progressed.connect(self.on_progressed, Qt.ConnectionType.QueuedConnection)
        self._signals.succeeded.connect(self.on_succeeded, Qt.ConnectionType.QueuedConnection)
        self._signals.failed.connect(self.on_failed, Qt.ConnectionType.QueuedConnection)
        self._signals.cancelled.connect(self.on_cancelled, Qt.ConnectionType.QueuedConnection)
        self._task = _Task(work, self._signals, self._cancel)
        self._task.setAutoDelete(False)
        # The dialog is built only if the work outlasts the delay: most work ends sooner, and
        # building a QProgressDialog costs a few milliseconds on the way to the first paint.
        self._parent, self._label = parent, label
        self._dialog: QProgressDialog | None = None
        self._progress: tuple[int, int] | None = None
        self._show_timer = QTimer(self, singleShot=True, interval=PROGRESS_DELAY_MS)
        self._show_timer.timeout.connect(self.on_show_timer_timeout)

    def start(self) -> None:
        if self.run_inline:
            self._task.run()
            return
        self._show_timer.start()
        QThreadPool.globalInstance().start(self._task)

    def cancel(self) -> None:
        self._cancel.set()

    def on_show_timer_timeout(self) -> None:
        dialog = QProgressDialog(self._label, "Cancel", 0, 0, self._parent)
        dialog.setWindowTitle("compdesk")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self._cancel.set)
        self._dialog = dialog
        if self._progress is not None:
            self._show_progress(*self._progress)
        dialog.show()

    def on_progressed(self, done: int, total: int) -> None:
        if total > 0:
            self._progress = (done, total)
            if self._dialog is not None:
                self._show_progress(done, total)

    def _show_progress(self, done: int, total: int) -> None:
        assert self._dialog is not None
        # QProgressDialog takes ints; scale big byte counts down to per-mille.
        self._dialog.setMaximum(1000)
        self._dialog.setValue(min(1000, int(done * 1000 / total)))

    def _end(self) -> None:
        self._show_timer.stop()
        if self._dialog is not None:
            self._dialog.reset()
            self._dialog.hide()
            self._dialog.deleteLater()
            self._dialog = None
        self.finished.emit()

    def on_succeeded(self, result: object) -> None:
        self._end()
        self.succeeded.emit(result)

    def on_failed(self, message: str) -> None:
        self._end()
        self.failed.emit(message)

    def on_cancelled(self) -> None:
        self._end()
        self.cancelled.emit()
