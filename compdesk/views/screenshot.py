"""Render a view of the main window to a PNG, offscreen: for the README and for checks."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from compdesk.models.errors import DocumentError, InputError
from compdesk.storage.copying import copy_document

SCREENSHOT_SIZE = (1440, 900)


def render_screenshot(
    document_path: Path,
    output: Path,
    view: str = "matrix",
    *,
    size: tuple[int, int] = SCREENSHOT_SIZE,
    audit_mode: bool = False,
) -> Path:
    """Save `view` of the main window over `document_path` as `output`, the window `size`
    pixels large (width, height), in audit mode if asked.

    The window works on a private copy, so the picture shows the document as the user edits
    it (no read-only banner) while the file itself, and any journal beside it, is never
    touched.
    """
    # Without a display, render offscreen; with one, never flash a window at the user.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt

    from compdesk.app import make_application, register_bundled_fonts
    from compdesk.preferences import TransientPreferences
    from compdesk.views.main_window import MainWindow
    from compdesk.views.names import VIEW_NAMES

    if view not in VIEW_NAMES:
        raise InputError(f"unknown view {view!r}; choose one of: {', '.join(VIEW_NAMES)}")
    application = make_application()
    register_bundled_fonts()
    window = MainWindow(TransientPreferences())
    window.resize(*size)
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    window.show()
    folder = Path(tempfile.mkdtemp(prefix="compdesk-screenshot-"))
    try:
        copy = folder / document_path.name
        # As the document was at its last commit: never half of another program's commit,
        # and after a crash, with the interrupted edit undone in the copy only.
        copy_document(document_path, copy)
        if not window.open_path(copy):
            message = window.last_message_box
            raise DocumentError(
                message.text() if message is not None else "cannot open the document"
            )
        window.set_audit_mode(audit_mode)
        window.show_view(VIEW_NAMES.index(view))
        # Audit mode's larger type may have changed the layout: the size asked for holds.
        window.resize(*size)
        for _ in range(5):
            application.processEvents()
        image = window.grab()
        if not image.save(str(output), "PNG"):
            raise InputError(f"cannot write {output}")
    finally:
        window.close_document()
        window.close()
        shutil.rmtree(folder, ignore_errors=True)
    return output
