"""What the window does with an error that no code caught, instead of a traceback on a
terminal the user never sees.

The error goes to the log file with its traceback, and the user gets one message: when the
open document holds values compdesk would never have written (another program edited it,
storage/unreadable.py), that is named as the cause and the document is closed unchanged, as
no view can show it; otherwise the message says what happened and where the details are. One
message at a time: an error raised at every paint would otherwise open a box per frame.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

if TYPE_CHECKING:
    from compdesk.views.main_window import MainWindow

log = logging.getLogger(__name__)

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


class UnexpectedErrors:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self._previous: ExceptHook = sys.excepthook
        self._telling = False

    def install(self) -> None:
        self._previous = sys.excepthook
        sys.excepthook = self.handle

    def uninstall(self) -> None:
        if sys.excepthook == self.handle:
            sys.excepthook = self._previous

    def handle(
        self, kind: type[BaseException], error: BaseException, trace: TracebackType | None
    ) -> None:
        if not issubclass(kind, Exception):
            self._previous(kind, error, trace)  # Ctrl+C and the like: as Python does
            return
        log.error("unexpected problem in the window", exc_info=(kind, error, trace))
        if self._telling:
            return
        self._telling = True
        # Told from the event loop, not from inside the paint or slot that failed.
        QTimer.singleShot(0, lambda: self._tell(error))

    def _tell(self, error: BaseException) -> None:
        from compdesk.storage.unreadable import unreadable_values_line

        window = self.window
        document = window.document
        cause = unreadable_values_line(document.store.path) if document is not None else None
        if cause is not None:
            window.close_document()
            window.show_error(f"{cause}. compdesk closed it unchanged, as it cannot show it.")
        else:
            window.show_error(
                f"An unexpected problem: {type(error).__name__}: {error}. The details are in "
                "compdesk's log file."
            )
        box = window.last_message_box
        if box is None:
            self._telling = False
        else:
            box.finished.connect(self._told)

    def _told(self, _result: int) -> None:
        self._telling = False


__all__ = ["UnexpectedErrors"]
