"""Start the GUI: the QApplication, the main window, the first document."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from compdesk import __version__

log = logging.getLogger(__name__)


def make_application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    application = QApplication(sys.argv[:1])
    application.setApplicationName("compdesk")
    application.setApplicationVersion(__version__)
    application.setOrganizationName("compdesk")
    return application


def run_gui(path: Path | None = None) -> int:
    """Open the main window on `path`, else on the last file, else on the welcome page."""
    from compdesk.views.main_window import MainWindow

    application = make_application()
    window = MainWindow()
    window.show()
    start = path
    if start is None and window.preferences.reopen_last_file:
        start = window.preferences.last_file()
    if start is not None:
        window.open_path(start)
    return application.exec()
