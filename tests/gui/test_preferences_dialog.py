"""Edit ▸ Preferences…: the document's settings as one undoable change, and the user's name."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QDialogButtonBox
from pytestqt.qtbot import QtBot

from compdesk.models.records import Settings
from compdesk.preferences import Preferences
from compdesk.views.document import Document
from compdesk.views.main_window import MainWindow
from compdesk.views.preferences_dialog import PreferencesDialog


def _open_preferences(qtbot: QtBot, window: MainWindow) -> PreferencesDialog:
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = window.preferences_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def _retype(qtbot: QtBot, box: QAbstractSpinBox, text: str) -> None:
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, text)


def _press_ok(qtbot: QtBot, dialog: PreferencesDialog) -> None:
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_the_settings_change_as_one_change_that_undo_takes_back(
    qtbot: QtBot, window: MainWindow, document: Document
) -> None:
    before = document.store.settings.get()
    dialog = _open_preferences(qtbot, window)
    assert dialog.onboarding_grace_box.value() == before.onboarding_grace_days

    _retype(qtbot, dialog.onboarding_grace_box, "14")
    _retype(qtbot, dialog.expiry_warning_box, "45")
    _retype(qtbot, dialog.renewal_grace_box, "10")
    _retype(qtbot, dialog.completion_target_box, "90")
    _press_ok(qtbot, dialog)

    assert not dialog.isVisible()
    after = document.store.settings.get()
    assert (after.onboarding_grace_days, after.expiry_warning_days) == (14, 45)
    assert after.renewal_grace_days == 10 and after.completion_target == 0.9
    assert window.undo_action.text() == "&Undo Change the document settings"

    window.undo_action.trigger()
    assert document.store.settings.get() == before
    window.redo_action.trigger()
    assert document.store.settings.get() == after


def test_the_user_name_is_kept_and_names_the_next_changes(
    qtbot: QtBot, window: MainWindow, document: Document
) -> None:
    dialog = _open_preferences(qtbot, window)
    dialog.user_name_edit.selectAll()
    qtbot.keyClicks(dialog.user_name_edit, "Dana Quality")
    _press_ok(qtbot, dialog)

    assert window.preferences.user_name == "Dana Quality"
    assert Preferences.load().user_name == "Dana Quality"
    assert document.store.user == "Dana Quality"
    # Nothing of the document changed: nothing to undo.
    assert not window.undo_action.isEnabled()


def test_cancel_changes_nothing(qtbot: QtBot, window: MainWindow, document: Document) -> None:
    dialog = _open_preferences(qtbot, window)
    _retype(qtbot, dialog.onboarding_grace_box, "99")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    assert not dialog.isVisible()
    assert document.store.settings.get() == Settings()


def test_in_audit_mode_the_document_settings_cannot_be_changed(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.set_audit_mode(True)
    dialog = _open_preferences(qtbot, window)
    assert not dialog.document_group.isEnabled()
    assert dialog.user_name_edit.isEnabled()
    dialog.reject()


def test_the_largest_attachment_is_a_document_setting_of_1_to_2048_mb(
    qtbot: QtBot, window: MainWindow, document: Document
) -> None:
    dialog = _open_preferences(qtbot, window)
    assert dialog.attachment_limit_box.value() == 256
    assert (dialog.attachment_limit_box.minimum(), dialog.attachment_limit_box.maximum()) == (
        1,
        2048,
    )

    _retype(qtbot, dialog.attachment_limit_box, "512")
    _press_ok(qtbot, dialog)

    assert document.store.settings.get().attachment_limit_mb == 512


def test_automatic_copies_kept_is_a_preference_of_this_computer_not_of_the_document(
    qtbot: QtBot, window: MainWindow, document: Document
) -> None:
    settings_before = document.store.settings.get()
    undo_before = window.undo_action.text()
    dialog = _open_preferences(qtbot, window)
    box = dialog.automatic_copies_box
    assert box.value() == window.preferences.automatic_backups_kept
    # Beside the user's name, apart from the document's settings.
    assert not dialog.document_group.isAncestorOf(box)
    assert box.specialValueText() == "none"

    _retype(qtbot, box, "3")
    _press_ok(qtbot, dialog)

    assert window.preferences.automatic_backups_kept == 3
    assert Preferences.load().automatic_backups_kept == 3
    assert document.store.settings.get() == settings_before
    assert window.undo_action.text() == undo_before


def test_automatic_copies_kept_can_be_changed_with_no_document_open(qtbot: QtBot) -> None:
    preferences = Preferences(automatic_backups_kept=7)
    dialog = PreferencesDialog(preferences, None)
    qtbot.addWidget(dialog)
    assert not dialog.document_group.isEnabled()
    assert dialog.automatic_copies_box.isEnabled()

    dialog.automatic_copies_box.setValue(0)
    dialog.accept()

    assert preferences.automatic_backups_kept == 0
