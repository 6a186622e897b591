"""Adding, editing and deleting competencies."""

from __future__ import annotations

from datetime import date
from typing import Any

from compdesk.models.records import Competency
from compdesk.storage import Store
from compdesk.views.commands.base import (
    AddRecordCommand,
    Change,
    DeleteRecordCommand,
    UpdateRecordCommand,
)


class AddCompetencyCommand(AddRecordCommand):
    # Undone, the competency is deleted with whatever refers to it.
    changes = Change.COMPETENCIES | Change.REQUIREMENTS | Change.EVIDENCE | Change.ACTIONS

    def __init__(self, store: Store, name: str, **values: Any) -> None:
        super().__init__(store, f"Add competency {name}")
        self._name, self._values = name, values

    def _add(self) -> int:
        return self.store.competencies.add(self._name, **self._values).id

    def _delete(self, record_id: int) -> int | None:
        return self.store.competencies.delete(record_id, keep_for_undo=True)


class UpdateCompetencyCommand(UpdateRecordCommand):
    changes = Change.COMPETENCIES

    def __init__(
        self,
        store: Store,
        before: Competency,
        after: Competency,
        *,
        effective_on: date | None = None,
    ) -> None:
        """`effective_on`: the day a changed renewal mode or fixed date takes effect (fixed
        when the command is made, so that redo gives the same due dates); undo puts back the
        day the earlier fixed date took effect."""
        super().__init__(store, f"Edit competency {before.name}", before, after)
        self._effective_on = effective_on or date.today()
        self._before_since = store.competencies.fixed_since().get(before.id)

    def apply(self) -> None:
        self.store.competencies.update(self.after, effective_on=self._effective_on)

    def revert(self) -> None:
        self.store.competencies.update(self.before, effective_on=self._before_since)

    def _update(self, record: Any) -> None:
        self.store.competencies.update(record)


class DeleteCompetencyCommand(DeleteRecordCommand):
    changes = Change.COMPETENCIES | Change.REQUIREMENTS | Change.EVIDENCE | Change.ACTIONS

    def __init__(self, store: Store, competency: Competency) -> None:
        super().__init__(store, f"Delete competency {competency.name}", competency.id)

    def _delete(self, record_id: int) -> int | None:
        return self.store.competencies.delete(record_id, keep_for_undo=True)
