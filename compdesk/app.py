"""Start the GUI: the QApplication, the main window, the first document."""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from compdesk import __version__

if TYPE_CHECKING:
    from compdesk.preferences import Preferences
    from compdesk.views.main_window import MainWindow

log = logging.getLogger(__name__)


_qt_log = logging.getLogger("compdesk.qt")
_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}
# Notices of the offscreen platform that say nothing about compdesk.
_IGNORED_QT_MESSAGES = ("This plugin does not support",)


def _on_qt_message(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    if not message.startswith(_IGNORED_QT_MESSAGES):
        _qt_log.log(_QT_LEVELS.get(kind, logging.WARNING), "%s", message)


def make_application() -> QApplication:
    """The one QApplication; Qt's own messages go to logging, not to the user's terminal."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    qInstallMessageHandler(_on_qt_message)
    application = QApplication(sys.argv[:1])
    application.setApplicationName("compdesk")
    application.setApplicationVersion(__version__)
    application.setOrganizationName("compdesk")
    return application


def register_bundled_fonts() -> None:
    """Make names in any script drawable, whatever fonts the machine has: Qt falls back to
    these for characters the system font lacks."""
    from PySide6.QtGui import QFontDatabase

    from compdesk.resources import font_files

    for path in font_files():
        if QFontDatabase.addApplicationFont(str(path)) < 0:
            log.warning("could not load the bundled font %s", path.name)


def start_main_window(
    path: Path | None = None, preferences: Preferences | None = None
) -> MainWindow:
    """From a bare process to the main window on screen: on `path`, else on the last file,
    else on the welcome page."""
    from compdesk.views.collector import collector_paused, promote_survivors

    # Start-up allocates hundreds of thousands of objects that all live on; collections in
    # the meantime would only walk them in vain.
    with collector_paused():
        make_application()
        # QFontDatabase is thread-safe: load the 5 MB of bundled fonts while the window is
        # built, and wait for them only before it first paints.
        fonts = threading.Thread(target=register_bundled_fonts, name="fonts", daemon=True)
        fonts.start()
        from compdesk.views.main_window import MainWindow
        from compdesk.views.unexpected import UnexpectedErrors
        from compdesk.views.widgets.private_copies import remove_leftovers

        # Copies of attachments a crashed run had opened: personal data nobody uses any more.
        remove_leftovers()
        window = MainWindow(preferences)
        # An error no code caught becomes a message in the window, not a terminal traceback.
        unexpected = UnexpectedErrors(window)
        unexpected.install()
        start = path
        if start is None and window.preferences.reopen_last_file:
            start = window.preferences.last_file()
        fonts.join()
        window.show()
        if start is not None:
            try:
                window.open_path(start)
            except Exception as error:  # told as the event loop's errors are
                unexpected.handle(type(error), error, error.__traceback__)
        promote_survivors()
    return window


def run_gui(path: Path | None = None) -> int:
    """Open the main window and run until it closes."""
    window = start_main_window(path)
    application = QApplication.instance()
    assert application is not None and window is not None
    return application.exec()
