"""The main window's files: New and Open through the file dialogs, a document checked on a
worker before the window opens it, the sample organisation, and Save a Copy As.

Each function takes the window; MainWindow's methods of the same names call them.
"""

from __future__ import annotations

import importlib
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QFileDialog

from compdesk.models.errors import CancelledError, DocumentError, DocumentInUseError
from compdesk.models.templates import Template
from compdesk.storage import Store
from compdesk.storage.automatic_backups import copy_before_upgrade
from compdesk.storage.copying import copy_document
from compdesk.storage.templates import create_document
from compdesk.views.integrity_check import checked_in_background
from compdesk.views.widgets.workers import LongWork, background_edit_running

if TYPE_CHECKING:
    from compdesk.views.main_window import MainWindow

FILE_FILTER: Final = "compdesk documents (*.compdesk);;All files (*)"


def ask_for_new_document(window: MainWindow, template: Template) -> None:
    path_text, _ = QFileDialog.getSaveFileName(
        window,
        "New compdesk document",
        str(window.dialog_folder() / "competence.compdesk"),
        FILE_FILTER,
    )
    if path_text:
        create_document_at(window, Path(path_text), template)


def create_document_at(window: MainWindow, path: Path, template: Template) -> bool:
    if path.suffix != ".compdesk":
        path = path.with_name(path.name + ".compdesk")
    if path.exists():
        # The save dialog already asked whether to replace it.
        try:
            path.unlink()
        except OSError as error:
            window.show_error(f"Cannot replace {path.name}: {error.strerror}")
            return False
    try:
        store = create_document(path, template, user=window.change_log_user())
    except DocumentError as error:
        window.show_error(str(error))
        return False
    store.close()
    return window.open_path(path)


def choose_and_open(window: MainWindow) -> None:
    path_text, _ = QFileDialog.getOpenFileName(
        window, "Open compdesk document", str(window.dialog_folder()), FILE_FILTER
    )
    if path_text:
        window.open_path(Path(path_text))


def open_checked_store(
    window: MainWindow, path: Path, *, read_only: bool, meanwhile_import: str
) -> Store:
    """The document's store, opened here once a worker has checked the file (and upgraded
    an older format): the check reads the whole file, and a store serves only the thread
    that opened it, so the worker's is closed where it was made. `meanwhile_import` is a
    module imported while the worker checks."""
    user = window.change_log_user()
    automatic_copies = window.preferences.automatic_backups_kept > 0
    # A large document's pages are checked after the window has painted it.
    check_pages = not checked_in_background(path)

    def check_in_background(_progress: object, cancel: threading.Event) -> object:
        if not read_only and automatic_copies:
            copy_before_upgrade(path)
        try:
            Store.open(
                path, read_only=read_only, user=user, exclusive=True, check_pages=check_pages
            ).close()
        except DocumentInUseError as error:
            return error  # not a failure: the caller offers the document read-only
        if cancel.is_set():
            raise CancelledError("opening was cancelled")
        return None

    work = LongWork(window, f"Opening {path.name}…", check_in_background)
    outcome: dict[str, object] = {}
    work.succeeded.connect(lambda result: outcome.setdefault("result", result))
    work.failed.connect(lambda message: outcome.setdefault("error", message))
    work.cancelled.connect(lambda: outcome.setdefault("error", "Opening was cancelled."))
    loop = QEventLoop(window)
    work.finished.connect(loop.quit)
    work.start()
    # PERF: the first tab's view (≈ 55 ms of imports) loads while the worker checks the
    # file, instead of after it: the check's time (≈ 12 ms for 1000 people) is saved.
    importlib.import_module(meanwhile_import)
    if not outcome:
        loop.exec()
    if "error" in outcome:
        raise DocumentError(str(outcome["error"]))
    result = outcome.get("result")
    if isinstance(result, DocumentInUseError):
        raise result
    # Any page check (which reads the whole file) ran on the worker, never here on the GUI thread.
    return Store.open(path, read_only=read_only, user=user, exclusive=True)


def start_sample(window: MainWindow) -> LongWork:
    """The sample organisation, generated into a temporary file (the user may keep a copy)
    on a worker, then opened labelled temporary, never among the recent files."""
    folder = Path(tempfile.mkdtemp(prefix="compdesk-sample-"))
    path = folder / "Sample organisation.compdesk"

    def work(progress: Callable[[int, int], None], cancel: threading.Event) -> Path:
        # PERF: the sample's plan and generated files (ReportLab) load only when asked for,
        # not with the window (about 70 ms of imports).
        from compdesk.demo import create_demo

        # Its store is made, used and closed on this worker; the window opens the file.
        create_demo(path, report_progress=progress, cancel=cancel).close()
        return path

    sample = LongWork(window, "Creating the sample organisation…", work)
    sample.succeeded.connect(lambda p: window.open_path(Path(str(p)), temporary=True))
    sample.failed.connect(window.show_error)
    sample.start()
    return sample


def save_copy_as(window: MainWindow) -> None:
    if window.document is None:
        return
    source = window.document.store.path
    target_text, _ = QFileDialog.getSaveFileName(
        window,
        "Save a copy as",
        str(source.with_name(source.stem + " copy.compdesk")),
        FILE_FILTER,
    )
    if target_text:
        save_copy_to(window, Path(target_text))


def save_copy_to(window: MainWindow, target: Path) -> bool:
    assert window.document is not None
    if target.resolve() == window.document.store.path.resolve():
        window.show_error("Choose another name: this is the open document itself.")
        return False
    if background_edit_running():
        # Copying drops this process's locks on the file, the worker's among them.
        window.show_error(
            "Files are still being attached: save the copy once they are in the document."
        )
        return False
    try:
        # Every edit is committed: the copy is the whole document (and, after a crash,
        # its interrupted edit is undone in the copy only).
        copy_document(window.document.store.path, target)
    except DocumentError as error:
        window.show_error(f"Cannot save a copy: {error}")
        return False
    except OSError as error:
        window.show_error(f"Cannot save a copy: {error.strerror or error}")
        return False
    from compdesk.views.history.saved_copy import saved_copy_report

    sound, message = saved_copy_report(target)
    (window.show_notice if sound else window.show_error)(message)
    window.statusBar().showMessage(f"Saved a copy as {target}", 5000)
    return True
