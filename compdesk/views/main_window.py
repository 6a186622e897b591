"""The main window: files, menus, the views of the open document, undo, audit mode."""

from __future__ import annotations

import importlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Final, NamedTuple

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFont
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from compdesk import __version__
from compdesk.models.errors import DocumentError, DocumentInUseError
from compdesk.models.templates import Template
from compdesk.preferences import Preferences
from compdesk.storage import Store
from compdesk.storage.repair import Repair, planted_in
from compdesk.views import window_files
from compdesk.views.backup.automatic import start_daily_copy
from compdesk.views.collector import collector_paused
from compdesk.views.commands.base import Change
from compdesk.views.document import Document
from compdesk.views.integrity_check import forget_page_check, start_page_check
from compdesk.views.names import VIEW_NAMES
from compdesk.views.planted_sql import ask_to_remove_planted_sql, removed_notice
from compdesk.views.welcome import WelcomePage
from compdesk.views.widgets.document_view import DocumentView
from compdesk.views.widgets.private_copies import remove_own_copies
from compdesk.views.widgets.workers import LongWork
from compdesk.views.window_menus import build_menus

if TYPE_CHECKING:
    from compdesk.models.findings import RecordRef
    from compdesk.views.history.dialog import HistoryDialog
    from compdesk.views.preferences_dialog import PreferencesDialog

log = logging.getLogger(__name__)


class ViewSpec(NamedTuple):
    name: str
    title: str
    module: str
    class_name: str


# PERF: views are imported and built when first shown, so the matrix paints sooner on start.
_VIEW_CLASSES: Final = {
    "matrix": ("Matrix", "compdesk.views.matrix.view", "MatrixView"),
    "people": ("People", "compdesk.views.people.view", "PeopleView"),
    "roles": ("Roles & competencies", "compdesk.views.roles.view", "RolesView"),
    "evidence": ("Evidence", "compdesk.views.evidence.view", "EvidenceView"),
    "actions": ("Actions", "compdesk.views.actions.view", "ActionsView"),
    "training": ("Training", "compdesk.views.training.view", "TrainingView"),
    "drills": ("Drills", "compdesk.views.drills.view", "DrillsView"),
    "metrics": ("Metrics", "compdesk.views.metrics.view", "MetricsView"),
    "binder": ("Binder", "compdesk.views.binder.view", "BinderView"),
    "calendar": ("Calendar", "compdesk.views.calendar.view", "CalendarView"),
}
# In the tab order of views/names.py, which the command line also offers.
VIEWS: Final = tuple(ViewSpec(name, *_VIEW_CLASSES[name]) for name in VIEW_NAMES)
AUDIT_FONT_SCALE = 1.35


class MainWindow(QMainWindow):
    # The open document changed (None when closed); tests and the app listen.
    document_opened = Signal(object)
    # The menus' actions, made by build_menus (views/window_menus.py) and kept up to date here.
    recent_menu: QMenu
    save_copy_action: QAction
    print_binder_action: QAction
    close_action: QAction
    undo_action: QAction
    redo_action: QAction
    find_action: QAction
    history_action: QAction
    preferences_action: QAction
    view_actions: list[QAction]
    audit_action: QAction

    def __init__(self, preferences: Preferences | None = None) -> None:
        super().__init__()
        self.preferences = preferences or Preferences.load()
        self.document: Document | None = None
        self._views: dict[int, DocumentView] = {}
        # The tab on show, which the user leaves when another becomes current.
        self._shown_tab = -1
        self._pending: LongWork | None = None
        # True while a file is being opened: a second request meanwhile (a double click on a
        # recent file) is ignored rather than run inside the first one's event loop.
        self._opening = False
        # The sample organisation lives in a temporary file: said so in the title and banner.
        self._temporary_path: Path | None = None
        self.preferences_dialog: PreferencesDialog | None = None
        self.history_dialog: HistoryDialog | None = None
        self.backup_dialog: QDialog | None = None
        # The last message shown to the user (non-blocking, so tests and scripts can read it).
        self.last_message_box: QMessageBox | None = None
        self._base_font = QFont(self.font())
        self._restore_geometry()

        self.pages = QStackedWidget()
        self.welcome = WelcomePage()
        self.pages.addWidget(self.welcome)
        self.document_page = QWidget()
        page_layout = QVBoxLayout(self.document_page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setStyleSheet(
            "#banner { background: #fff3c4; color: #4a3b00; padding: 6px; font-weight: bold; }"
        )
        self.banner.setAccessibleName("Document status")
        # Wrapped, so that a long notice in audit mode's larger type never widens the window.
        self.banner.setWordWrap(True)
        self.banner.hide()
        page_layout.addWidget(self.banner)
        # Shown under the read-only banner of a document holding planted SQL.
        self.remove_planted_button = QPushButton("Remove them…")
        self.remove_planted_button.clicked.connect(self.offer_planted_sql_removal)
        self.remove_planted_button.hide()
        self.planted_sql_box: QMessageBox | None = None
        page_layout.addWidget(self.remove_planted_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.currentChanged.connect(self.on_tabs_current_changed)
        page_layout.addWidget(self.tabs)
        self.pages.addWidget(self.document_page)
        self.setCentralWidget(self.pages)

        self.welcome.new_from_template_requested.connect(
            lambda: self.new_document(Template.STARTUP)
        )
        self.welcome.new_blank_requested.connect(lambda: self.new_document(Template.BLANK))
        self.welcome.open_requested.connect(self.choose_and_open)
        self.welcome.sample_requested.connect(self.open_sample)
        self.welcome.recent_requested.connect(self.open_path)

        build_menus(self, [spec.title for spec in VIEWS])
        self._update_for_document()

    # ---- opening and closing ----------------------------------------------------------------

    def dialog_folder(self) -> Path:
        """Where file dialogs start: the open document's folder, else the last file's."""
        if self.document is not None and self.document.store.path != self._temporary_path:
            return self.document.folder
        last = self.preferences.last_file()
        return last.parent if last is not None else Path.home()

    def new_document(self, template: Template) -> None:
        window_files.ask_for_new_document(self, template)

    def create_document_at(self, path: Path, template: Template) -> bool:
        return window_files.create_document_at(self, path, template)

    def choose_and_open(self) -> None:
        window_files.choose_and_open(self)

    def change_log_user(self) -> str | None:
        """The name the change log records for this user's changes (None: the login name)."""
        return self.preferences.user_name or None

    def open_path(self, path: Path, *, read_only: bool = False, temporary: bool = False) -> bool:
        """Open a document (checking it off the GUI thread); False if it could not be opened.

        A file that is refused leaves the document that was open as it was, on show. A
        `temporary` file is labelled so and kept out of the recent files."""
        if self._opening:
            return False
        if self.document is not None and _same_file(self.document.store.path, path):
            self.pages.setCurrentWidget(self.document_page)
            return True
        if not self.commit_pending_edits():
            return False
        self._opening = True
        try:
            with collector_paused():
                return self._open_path(path, read_only=read_only, temporary=temporary)
        finally:
            self._opening = False

    def _open_path(self, path: Path, *, read_only: bool, temporary: bool) -> bool:
        notice = ""
        try:
            store = self._open_store(path, read_only=read_only)
        except DocumentInUseError as error:
            notice = f"{error}. It is open read-only here."
            try:
                store = self._open_store(path, read_only=True)
            except DocumentError as second_error:
                self.show_error(str(second_error))
                return False
        except DocumentError as error:
            self.show_error(str(error))
            return False
        self.close_document()
        self._temporary_path = path if temporary else None
        self.set_document(Document(store, self))
        start_page_check(self, self.document_page, path)
        if not temporary:
            self.preferences.remember(path)
            if not store.read_only and self.preferences.automatic_backups_kept > 0:
                start_daily_copy(self, path, self.preferences.automatic_backups_kept)
        if notice:
            self.show_notice(notice)
        return True

    def _open_store(self, path: Path, *, read_only: bool) -> Store:
        return window_files.open_checked_store(
            self, path, read_only=read_only, meanwhile_import=VIEWS[0].module
        )

    def open_sample(self) -> None:
        self._pending = window_files.start_sample(self)

    def set_document(self, document: Document) -> None:
        self.document = document
        document.failed.connect(self.show_error)
        document.status_message.connect(lambda text: self.statusBar().showMessage(text, 10000))
        document.undo_stack.canUndoChanged.connect(self._update_undo_actions)
        document.undo_stack.canRedoChanged.connect(self._update_undo_actions)
        document.undo_stack.undoTextChanged.connect(self._update_undo_actions)
        document.undo_stack.redoTextChanged.connect(self._update_undo_actions)
        document.changed.connect(self.on_document_changed)
        self.tabs.clear()
        self._views = {}
        # Read before the first tab is added: adding it makes it current (and remembered).
        last_view = self.preferences.last_view
        for index, spec in enumerate(VIEWS):
            self.tabs.addTab(_view_page(), spec.title.replace("&", "&&"))
            self.tabs.setTabToolTip(index, f"{spec.title} (Ctrl+{(index + 1) % 10})")
        if last_view in VIEW_NAMES:
            self.tabs.setCurrentIndex(VIEW_NAMES.index(last_view))
        self._ensure_view(self.tabs.currentIndex())
        self._update_for_document()
        self.document_opened.emit(document)

    def commit_pending_edits(self) -> bool:
        """Before leaving the document: every view saves what its form holds. False when a
        field does not validate; that view is then shown, with its message."""
        for index, view in sorted(self._views.items()):
            if not view.commit_pending_edits():
                self.tabs.setCurrentIndex(index)
                return False
        return True

    def on_close_action_triggered(self) -> None:
        if self.commit_pending_edits():
            self.close_document()

    def close_document(self) -> None:
        if self.document is None:
            return
        document, self.document = self.document, None
        if self.history_dialog is not None:
            # It reads the document's store, which closes now.
            self.history_dialog.close()
            self.history_dialog = None
        self.audit_action.setChecked(False)
        self._apply_audit_font(False)
        self.tabs.clear()
        for view in self._views.values():
            view.deleteLater()
        self._views = {}
        try:
            document.close()
        except DocumentError as error:
            log.warning("closing failed: %s", error)
        # Copies of its attachments opened in other programs hold personal data: not kept.
        remove_own_copies()
        document.deleteLater()
        forget_page_check(self)
        self._update_for_document()
        self.document_opened.emit(None)

    def save_copy_as(self) -> None:
        window_files.save_copy_as(self)

    def save_copy_to(self, target: Path) -> bool:
        return window_files.save_copy_to(self, target)

    # ---- state shown ---------------------------------------------------------------------

    def _update_for_document(self) -> None:
        has_document = self.document is not None
        self.pages.setCurrentWidget(self.document_page if has_document else self.welcome)
        for action in (
            self.save_copy_action,
            self.print_binder_action,
            self.close_action,
            self.find_action,
            self.history_action,
            self.audit_action,
        ):
            action.setEnabled(has_document)
        for action in self.view_actions:
            action.setEnabled(has_document)
        if self.document is None:
            self.setWindowTitle("compdesk")
            self.setWindowFilePath("")
            self.welcome.set_recent_files([Path(f) for f in self.preferences.recent_files])
            self.statusBar().showMessage("Open or create a document to begin.")
        else:
            path = self.document.store.path
            suffix = " (read-only)" if self.document.read_only else ""
            if path == self._temporary_path:
                suffix += " (temporary)"
            self.setWindowTitle(f"{path.stem}{suffix} — compdesk")
            self.setWindowFilePath(str(path))
            self._update_status_message()
        self._update_banner()
        self._update_undo_actions()

    def _update_banner(self) -> None:
        document = self.document
        self.remove_planted_button.setVisible(
            document is not None and document.read_only and bool(planted_in(document.store))
        )
        if document is None:
            self.banner.hide()
            return
        if document.read_only:
            reason = document.store.read_only_reason
            self.banner.setText(
                f"Read-only: this file cannot be changed here, as {reason}."
                if reason
                else "Read-only: this file cannot be changed here."
            )
        elif document.audit_mode:
            self.banner.setText(
                "Audit mode: the document is locked against edits (Ctrl+Shift+A to leave)."
            )
        elif document.store.path == self._temporary_path:
            self.banner.setText(
                "This sample organisation is a temporary file, deleted when the computer next "
                "clears its temporary files: to keep it, use File ▸ Save a Copy As…"
            )
        else:
            self.banner.hide()
            return
        self.banner.show()

    def offer_planted_sql_removal(self) -> None:
        """Confirm, keep a copy, remove the planted SQL, and reopen the document for editing."""
        document = self.document
        if document is None:
            return
        path = document.store.path

        def removed(repair: Repair) -> None:
            self.close_document()
            if self.open_path(path):
                self.show_notice(removed_notice(repair))

        self.planted_sql_box = ask_to_remove_planted_sql(
            self, path, planted_in(document.store), self.change_log_user(), removed, self.show_error
        )

    def _update_undo_actions(self) -> None:
        stack = self.document.undo_stack if self.document is not None else None
        editable = self.document is not None and self.document.editable
        can_undo = bool(stack and stack.canUndo() and editable)
        can_redo = bool(stack and stack.canRedo() and editable)
        self.undo_action.setEnabled(can_undo)
        self.redo_action.setEnabled(can_redo)
        self.undo_action.setText(f"&Undo {stack.undoText()}" if can_undo and stack else "&Undo")
        self.redo_action.setText(f"&Redo {stack.redoText()}" if can_redo and stack else "&Redo")

    def on_document_changed(self, _changes: Change) -> None:
        self._update_undo_actions()
        if self.history_dialog is not None and self.history_dialog.isVisible():
            self.history_dialog.refresh()

    # ---- commands -------------------------------------------------------------------------

    def undo(self) -> None:
        if self.document is not None and self.document.editable:
            self.document.undo_stack.undo()

    def redo(self) -> None:
        if self.document is not None and self.document.editable:
            self.document.undo_stack.redo()

    @property
    def views(self) -> list[DocumentView]:
        """The views built so far, in tab order."""
        return [self._views[index] for index in sorted(self._views)]

    def _ensure_view(self, index: int) -> DocumentView | None:
        if self.document is None or not 0 <= index < len(VIEWS):
            return None
        if index not in self._views:
            spec = VIEWS[index]
            view_class = getattr(importlib.import_module(spec.module), spec.class_name)
            view: DocumentView = view_class(self.document)
            view.set_editable(self.document.editable)
            page = self.tabs.widget(index)
            assert isinstance(page, QScrollArea), "each tab page is built by _view_page"
            page.setWidget(view)
            self._views[index] = view
        return self._views[index]

    def current_view(self) -> DocumentView | None:
        """The view of the tab on show (built if it was not yet)."""
        return self._ensure_view(self.tabs.currentIndex())

    def on_tabs_current_changed(self, index: int) -> None:
        left = self._views.get(self._shown_tab) if self.document is not None else None
        if left is not None and index != self._shown_tab and not left.commit_pending_edits():
            # The view left holds a field that does not validate: back to it, message shown.
            self.tabs.setCurrentIndex(self._shown_tab)
            return
        self._shown_tab = index
        self._ensure_view(index)
        # Only a document's own switches count: closing one empties the tabs one by one.
        if self.document is not None and 0 <= index < len(VIEWS):
            self.preferences.last_view = VIEWS[index].name

    def show_view(self, index: int) -> None:
        view = self._ensure_view(index)
        if view is not None:
            self.tabs.setCurrentIndex(index)
            # Refused when the view left holds a field that does not validate: it keeps the focus.
            if self.tabs.currentIndex() == index:
                view.setFocus()

    def view(self, name: str) -> DocumentView:
        view = self._ensure_view(VIEW_NAMES.index(name))
        assert view is not None, "no document is open"
        return view

    def show_record(self, record: RecordRef) -> bool:
        """Show a record selected in the view it belongs to (a finding's link); False if
        that view does not have it."""
        from compdesk.views.findings.links import VIEW_OF_RECORD, select_record_in

        name = VIEW_OF_RECORD[record.kind]
        self.show_view(VIEW_NAMES.index(name))
        return select_record_in(self.view(name), record)

    def focus_search(self) -> None:
        view = self._ensure_view(self.tabs.currentIndex())
        if view is not None:
            view.focus_search()

    def set_audit_mode(self, enabled: bool) -> None:
        if self.document is None:
            return
        if enabled and not self.commit_pending_edits():
            # Locking the document would forget what a form holds.
            self.audit_action.setChecked(False)
            return
        self.audit_action.setChecked(enabled)
        self.document.set_audit_mode(enabled)
        self._apply_audit_font(enabled)
        self._update_status_message()
        self._update_banner()
        self._update_undo_actions()

    def _update_status_message(self) -> None:
        document = self.document
        if document is None:
            return
        if document.read_only:
            message = "Read-only: nothing can be changed."
        elif document.audit_mode:
            message = "Audit mode: nothing can be changed until you leave it."
        else:
            message = f"Every change is saved to {document.store.path.name} as you make it; there is no Save."
        self.statusBar().showMessage(message)

    def _apply_audit_font(self, enabled: bool) -> None:
        font = QFont(self._base_font)
        if enabled:
            font.setPointSizeF(max(font.pointSizeF(), 9.0) * AUDIT_FONT_SCALE)
        self.setFont(font)

    def show_error(self, message: str) -> None:
        log.info("error shown: %s", message)
        self._show_message(QMessageBox.Icon.Warning, message)

    def show_notice(self, message: str) -> None:
        self._show_message(QMessageBox.Icon.Information, message)

    def _show_message(self, icon: QMessageBox.Icon, message: str) -> None:
        box = QMessageBox(icon, "compdesk", message, QMessageBox.StandardButton.Ok, self)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()
        self.last_message_box = box

    def show_history(self) -> None:
        """Edit ▸ History…: the change log, filtered, its chain verified, its head to copy."""
        from compdesk.views.history.dialog import HistoryDialog

        if self.document is None:
            return
        if self.history_dialog is not None:
            self.history_dialog.close()
        self.history_dialog = HistoryDialog(self.document.store, self)
        # Not modal: the window stays usable beside it, and its edits show in it as made.
        self.history_dialog.show()

    def show_preferences(self) -> None:
        """Edit ▸ Preferences…: the user's name here, and the open document's settings."""
        from compdesk.views.preferences_dialog import PreferencesDialog

        dialog = PreferencesDialog(self.preferences, self.document, self)
        dialog.open()
        self.preferences_dialog = dialog

    # ---- window state ------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        stored = self.preferences.window_geometry
        if not stored or not self.restoreGeometry(QByteArray.fromBase64(stored.encode("ascii"))):
            self.resize(1280, 800)

    def remember_window_state(self) -> None:
        """Keep the window's size, place and view for the next start."""
        self.preferences.window_geometry = bytes(self.saveGeometry().toBase64().data()).decode(
            "ascii"
        )
        self.preferences.save()

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "About compdesk",
            f"<b>compdesk {__version__}</b><p>ISO/IEC 27001 clause 7.2 competence and "
            "security-awareness training, kept offline in one file.</p>",
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.commit_pending_edits():
            # Quitting would lose what a form holds: the field at fault says why.
            event.ignore()
            return
        self.remember_window_state()
        self.close_document()
        event.accept()


def _view_page() -> QScrollArea:
    """A tab's page. A view wider (or taller) than the screen scrolls inside it rather than
    forcing the window beyond the screen's edge."""
    page = QScrollArea()
    page.setWidgetResizable(True)
    page.setFrameShape(QScrollArea.Shape.NoFrame)
    return page


def _same_file(first: Path, second: Path) -> bool:
    try:
        return first.resolve() == second.resolve()
    except OSError:
        return False
