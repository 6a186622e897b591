"""Purging a selected leaver's personal data from the People view, after a confirmation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from compdesk.models.errors import DocumentError
from compdesk.models.records import Person
from compdesk.models.retention import has_left, is_purged, what_a_purge_removes
from compdesk.views.document import Document
from compdesk.views.widgets.forms import FormMessage, ask_to_confirm


def can_purge(person: Person, today: date) -> bool:
    return has_left(person, today) and not is_purged(person)


class PurgeLeaverButton(QPushButton):
    """"Purge personal data…" for the one selected leaver: asks, then purges for good."""

    def __init__(
        self,
        document: Document,
        selected: Callable[[], list[Person]],
        notice: FormMessage,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("P&urge personal data…", parent)
        self.setToolTip("Remove a leaver's personal data for good; their figures stay")
        self._document = document
        self._selected = selected
        self._notice = notice
        self.confirmation: QMessageBox | None = None
        self.clicked.connect(self.ask)
        self.update_enabled()

    def _leaver(self) -> Person | None:
        people = self._selected()
        if len(people) != 1 or not can_purge(people[0], date.today()):
            return None
        return people[0]

    def update_enabled(self, *_args: object) -> None:
        self.setEnabled(self._document.editable and self._leaver() is not None)

    def ask(self) -> None:
        person = self._leaver()
        if person is None or not self._document.editable:
            return
        self.confirmation = ask_to_confirm(
            self.window(),
            "Purge personal data",
            what_a_purge_removes(person)
            + " Copies made before (backups, emailed files) keep their data.",
            "Purge for good",
            lambda: self.purge(person),
        )

    def purge(self, person: Person) -> None:
        try:
            self._document.store.people.purge(person.id)
        except DocumentError as error:
            self._notice.show_error(f"Not purged: {error}")
            return
        # Undo steps hold copies of the records as they were: none may bring them back.
        self._document.forget_undo("nothing done before the purge can be undone.")
        self._document.refresh()
        self._notice.show_info(
            f"Purged leaver {person.id}: their personal data is gone (this cannot be undone)."
        )
