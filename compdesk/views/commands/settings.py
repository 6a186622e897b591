"""Changing the document-wide settings (grace periods, warning window, completion target)."""

from __future__ import annotations

from compdesk.models.records import Settings
from compdesk.storage import Store
from compdesk.views.commands.base import Change, StoreCommand


class ChangeSettingsCommand(StoreCommand):
    # Every status in the matrix, the evidence list and the findings may move with them.
    changes = Change.ALL

    def __init__(self, store: Store, before: Settings, after: Settings) -> None:
        super().__init__(store, "Change the document settings")
        self._before, self._after = before, after

    def apply(self) -> None:
        self.store.settings.update(self._after)

    def revert(self) -> None:
        self.store.settings.update(self._before)
