"""Edit ▸ Preferences…: this computer's preferences (the user's name for the change log, the
automatic copies kept), and apart from them the open document's settings."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from compdesk.models.records import Settings
from compdesk.preferences import Preferences
from compdesk.storage.attachments import ATTACHMENT_LIMIT_RANGE_MB
from compdesk.views.commands.settings import ChangeSettingsCommand
from compdesk.views.document import Document

MAX_DAYS = 3650
MAX_AUTOMATIC_COPY_DAYS = 365


def _days_box(value: int, tip: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, MAX_DAYS)
    box.setSuffix(" days")
    box.setValue(value)
    box.setToolTip(tip)
    box.setAccessibleDescription(tip)
    return box


class PreferencesDialog(QDialog):
    """One OK applies the document's settings as one change, undone with Edit ▸ Undo."""

    def __init__(
        self, preferences: Preferences, document: Document | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self._preferences = preferences
        self._document = document
        layout = QVBoxLayout(self)

        you = QGroupBox("You, on this computer")
        you_form = QFormLayout(you)
        self.user_name_edit = QLineEdit(preferences.user_name)
        self.user_name_edit.setPlaceholderText("the name you log in with")
        self.user_name_edit.setAccessibleName("Your name in the change log")
        you_form.addRow("Your &name in the change log:", self.user_name_edit)
        self.automatic_copies_box = QSpinBox()
        self.automatic_copies_box.setRange(0, MAX_AUTOMATIC_COPY_DAYS)
        self.automatic_copies_box.setSuffix(" days")
        # Shown for 0, which keeps no automatic copies at all.
        self.automatic_copies_box.setSpecialValueText("none")
        self.automatic_copies_box.setValue(preferences.automatic_backups_kept)
        automatic_tip = (
            "How many days' automatic copies of each document this computer keeps (one a day "
            "when a document is opened for editing, and one before an upgrade); none takes none."
        )
        self.automatic_copies_box.setToolTip(automatic_tip)
        self.automatic_copies_box.setAccessibleDescription(automatic_tip)
        you_form.addRow("Automatic copies &kept:", self.automatic_copies_box)
        layout.addWidget(you)

        self.document_group = QGroupBox("This document")
        document_form = QFormLayout(self.document_group)
        settings = document.store.settings.get() if document is not None else Settings()
        self._settings_before = settings
        self.onboarding_grace_box = _days_box(
            settings.onboarding_grace_days,
            "How long after their start date a new person may still lack a competency.",
        )
        document_form.addRow("&Onboarding grace:", self.onboarding_grace_box)
        self.expiry_warning_box = _days_box(
            settings.expiry_warning_days,
            "How long before evidence expires it is shown as expiring soon.",
        )
        document_form.addRow("Expiry &warning:", self.expiry_warning_box)
        self.renewal_grace_box = _days_box(
            settings.renewal_grace_days,
            "How long after evidence expires its renewal is due rather than missing.",
        )
        document_form.addRow("&Renewal grace:", self.renewal_grace_box)
        self.completion_target_box = QDoubleSpinBox()
        self.completion_target_box.setRange(0, 100)
        self.completion_target_box.setDecimals(0)
        self.completion_target_box.setSuffix(" %")
        self.completion_target_box.setValue(round(settings.completion_target * 100))
        self.completion_target_box.setToolTip(
            "The share of required competencies shown that the matrix header aims for."
        )
        document_form.addRow("&Completion target:", self.completion_target_box)
        self.retention_box = QSpinBox()
        self.retention_box.setRange(1, 240)  # as `check` accepts (storage/check_values.py)
        self.retention_box.setSuffix(" months")
        self.retention_box.setValue(settings.leaver_retention_months)
        self.retention_box.setToolTip(
            "How long after a person leaves their personal data is kept; after that the "
            "findings ask for it to be purged."
        )
        document_form.addRow("Keep &leavers' personal data for:", self.retention_box)
        self.attachment_limit_box = QSpinBox()
        self.attachment_limit_box.setRange(*ATTACHMENT_LIMIT_RANGE_MB)
        self.attachment_limit_box.setSuffix(" MB")
        self.attachment_limit_box.setValue(settings.attachment_limit_mb)
        self.attachment_limit_box.setToolTip(
            "The largest file that can be attached to evidence or a training session."
        )
        document_form.addRow("Largest &attachment:", self.attachment_limit_box)
        layout.addWidget(self.document_group)
        if document is None:
            self.document_group.setEnabled(False)
            self.document_group.setTitle("This document (open one to change its settings)")
        elif not document.editable:
            self.document_group.setEnabled(False)
            self.document_group.setTitle(
                "This document (read-only here)"
                if document.read_only
                else "This document (locked in audit mode)"
            )
        self.refusal_label = QLabel()
        self.refusal_label.setWordWrap(True)
        self.refusal_label.setStyleSheet("color: #a00000;")
        self.refusal_label.hide()
        layout.addWidget(self.refusal_label)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def settings_chosen(self) -> Settings:
        return dataclasses.replace(
            self._settings_before,
            onboarding_grace_days=self.onboarding_grace_box.value(),
            expiry_warning_days=self.expiry_warning_box.value(),
            renewal_grace_days=self.renewal_grace_box.value(),
            completion_target=self.completion_target_box.value() / 100,
            leaver_retention_months=self.retention_box.value(),
            attachment_limit_mb=self.attachment_limit_box.value(),
        )

    def accept(self) -> None:
        document = self._document
        if document is not None and self.document_group.isEnabled():
            after = self.settings_chosen()
            if after != self._settings_before:
                command = ChangeSettingsCommand(document.store, self._settings_before, after)
                refusal = document.push(command)
                if refusal is not None:
                    self.refusal_label.setText(refusal)
                    self.refusal_label.show()
                    return
        name = self.user_name_edit.text().strip()
        kept = self.automatic_copies_box.value()
        if (name, kept) != (self._preferences.user_name, self._preferences.automatic_backups_kept):
            self._preferences.user_name = name
            self._preferences.automatic_backups_kept = kept
            self._preferences.save()
            if document is not None and name:
                # The change log names whoever makes each change from now on.
                document.store.user = name
        super().accept()
