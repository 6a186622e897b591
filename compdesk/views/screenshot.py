"""Render a view of the main window to a PNG, offscreen: for the README and for checks."""

from __future__ import annotations

import os
from pathlib import Path

from compdesk.models.errors import DocumentError, InputError

SCREENSHOT_SIZE = (1440, 900)


def render_screenshot(document_path: Path, output: Path, view: str = "matrix") -> Path:
    """Open `document_path` read-only in a main window and save `view` as `output`."""
    # Without a display, render offscreen; with one, never flash a window at the user.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt

    from compdesk.app import make_application
    from compdesk.preferences import Preferences
    from compdesk.views.main_window import VIEW_NAMES, MainWindow

    if view not in VIEW_NAMES:
        raise InputError(f"unknown view {view!r}; choose one of: {', '.join(VIEW_NAMES)}")
    application = make_application()
    window = MainWindow(Preferences())
    window.resize(*SCREENSHOT_SIZE)
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    window.show()
    try:
        if not window.open_path(document_path, read_only=True):
            message = getattr(window, "last_message_box", None)
            raise DocumentError(message.text() if message is not None else "cannot open the document")
        window.show_view(VIEW_NAMES.index(view))
        for _ in range(5):
            application.processEvents()
        image = window.grab()
        if not image.save(str(output), "PNG"):
            raise InputError(f"cannot write {output}")
    finally:
        window.close_document()
        window.close()
    return output
