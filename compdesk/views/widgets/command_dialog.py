"""A form whose OK pushes one undoable command: what the session, drill and calendar forms
share.

OK asks the subclass for its command (None when nothing changed, a FieldError for a field the
user must mend, shown beside it); a command the document refuses keeps the form open with the
reason. Closing or cancelling a form with edits asks first (FormGuard).
"""

from __future__ import annotations

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog

from compdesk.views.commands.base import StoreCommand
from compdesk.views.document import Document
from compdesk.views.evidence.form_guard import FormGuard
from compdesk.views.widgets.forms import FieldError, FormMessage


class CommandDialog(QDialog):
    # Set by the subclass before the form is shown.
    document: Document
    guard: FormGuard
    message: FormMessage

    def command(self) -> StoreCommand | None:
        """The edit accepting asks for (None when nothing changed)."""
        raise NotImplementedError

    def on_saved(self, command: StoreCommand) -> None:
        """After the document took `command`, before the form closes."""

    def accept(self) -> None:
        self.message.clear_message()
        try:
            command = self.command()
        except FieldError as error:
            self.guard.show_field_error(error)
            return
        if command is None:
            super().accept()
            return
        refusal = self.document.push(command)
        if refusal is not None:
            self.message.show_error(f"Not saved: {refusal or 'refused'}")
            return
        self.on_saved(command)
        super().accept()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.guard.close(event):
            super().closeEvent(event)

    def reject(self) -> None:
        self.guard.reject(super().reject)


__all__ = ["CommandDialog"]
