"""The main window's menu bar: File, Edit, View and Help, with their shortcuts.

Built once for the window; the actions that change with the document (undo, redo, close, save
a copy, audit mode, the views) are kept on the window, which enables and names them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from compdesk.models.templates import Template
from compdesk.views.names import VIEW_NAMES

if TYPE_CHECKING:
    from compdesk.views.main_window import MainWindow


def build_menus(window: MainWindow, view_titles: Sequence[str]) -> None:
    """Give `window` its menus, in the order of `view_titles` for the View menu (Ctrl+1 …)."""
    menu_bar = window.menuBar()
    file_menu = menu_bar.addMenu("&File")
    new_menu = file_menu.addMenu("&New")
    new_menu.addAction(
        _action(
            window,
            "From &starter template…",
            lambda: window.new_document(Template.STARTUP),
            QKeySequence.StandardKey.New,
        )
    )
    new_menu.addAction(_action(window, "&Blank…", lambda: window.new_document(Template.BLANK)))
    file_menu.addAction(
        _action(window, "&Open…", window.choose_and_open, QKeySequence.StandardKey.Open)
    )
    window.recent_menu = file_menu.addMenu("Open &Recent")
    window.recent_menu.aboutToShow.connect(lambda: _fill_recent_menu(window))
    file_menu.addAction(_action(window, "Open the S&ample Organisation", window.open_sample))
    file_menu.addSeparator()
    window.save_copy_action = _action(
        window, "Save a &Copy As…", window.save_copy_as, QKeySequence.StandardKey.SaveAs
    )
    file_menu.addAction(window.save_copy_action)
    _add_backup_actions(window, file_menu)
    window.print_binder_action = _action(
        window,
        "&Print Binder…",
        lambda: window.show_view(VIEW_NAMES.index("binder")),
        QKeySequence.StandardKey.Print,
    )
    window.print_binder_action.setToolTip(
        "Build the audit binder, preview it, then print or save it"
    )
    file_menu.addAction(window.print_binder_action)
    review_action = _action(window, "Management Re&view…", lambda: _show_review(window))
    review_action.setToolTip(
        "The yearly management review as of the Metrics view's date: save it as PDF or print it"
    )
    # Enabled as the menu opens: only a document has a review.
    file_menu.aboutToShow.connect(lambda: review_action.setEnabled(window.document is not None))
    file_menu.addAction(review_action)
    window.close_action = _action(
        window, "&Close", window.on_close_action_triggered, QKeySequence.StandardKey.Close
    )
    file_menu.addAction(window.close_action)
    file_menu.addSeparator()
    file_menu.addAction(_action(window, "&Quit", window.close, QKeySequence.StandardKey.Quit))

    edit_menu = menu_bar.addMenu("&Edit")
    window.undo_action = _action(window, "&Undo", window.undo, QKeySequence.StandardKey.Undo)
    window.redo_action = _action(window, "&Redo", window.redo, "Ctrl+Shift+Z")
    window.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    edit_menu.addAction(window.undo_action)
    edit_menu.addAction(window.redo_action)
    edit_menu.addSeparator()
    window.find_action = _action(
        window, "&Find…", window.focus_search, QKeySequence.StandardKey.Find
    )
    edit_menu.addAction(window.find_action)
    window.history_action = _action(window, "&History…", window.show_history, "Ctrl+H")
    window.history_action.setToolTip(
        "The change log: who changed what and when, by person and date, its chain verified"
    )
    edit_menu.addAction(window.history_action)
    edit_menu.addSeparator()
    window.preferences_action = _action(
        window, "&Preferences…", window.show_preferences, QKeySequence("Ctrl+,")
    )
    window.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
    edit_menu.addAction(window.preferences_action)

    view_menu = menu_bar.addMenu("&View")
    window.view_actions = []
    for index, title in enumerate(view_titles):
        action = _action(
            window,
            title.replace("&", "&&"),
            lambda _=False, i=index: window.show_view(i),
            f"Ctrl+{(index + 1) % 10}",
        )
        view_menu.addAction(action)
        window.view_actions.append(action)
    view_menu.addSeparator()
    window.audit_action = _action(window, "&Audit Mode", window.set_audit_mode, "Ctrl+Shift+A")
    window.audit_action.setCheckable(True)
    window.audit_action.setToolTip(
        "Lock the document against edits and enlarge the type, to present it to the auditor"
    )
    view_menu.addAction(window.audit_action)

    help_menu = menu_bar.addMenu("&Help")
    help_menu.addAction(_action(window, "&About compdesk", window.show_about))


def _add_backup_actions(window: MainWindow, file_menu: QMenu) -> None:
    def run(name: str) -> None:
        # PERF: the dialogs (and the passphrase meter's dictionaries) load when first asked for.
        from compdesk.views.backup import menu

        getattr(menu, name)(window)

    back_up = _action(window, "&Back Up…", lambda: run("show_backup"))
    back_up.setToolTip("A compressed, checked backup: encrypted, in parts or whole")
    automatic = _action(window, "Automatic Bac&kups…", lambda: run("show_automatic_backups"))
    file_menu.aboutToShow.connect(lambda: back_up.setEnabled(window.document is not None))
    file_menu.aboutToShow.connect(lambda: automatic.setEnabled(window.document is not None))
    file_menu.addAction(back_up)
    file_menu.addAction(_action(window, "Res&tore…", lambda: run("show_restore")))
    file_menu.addAction(automatic)


def _show_review(window: MainWindow) -> None:
    """The Metrics view, then its management review dialog over it."""
    from compdesk.views.metrics.view import MetricsView

    if window.document is None:
        return
    window.show_view(VIEW_NAMES.index("metrics"))
    view = window.view("metrics")
    if isinstance(view, MetricsView):
        view.show_review()


def _fill_recent_menu(window: MainWindow) -> None:
    window.recent_menu.clear()
    files = [Path(f) for f in window.preferences.recent_files]
    for path in files:
        action = window.recent_menu.addAction(path.name)
        action.setToolTip(str(path))
        action.triggered.connect(lambda _=False, p=path: window.open_path(p))
    if not files:
        window.recent_menu.addAction("No recent files").setEnabled(False)


def _action(
    window: MainWindow,
    text: str,
    slot: object,
    shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(slot)
    return action
