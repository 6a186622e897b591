"""Planning, editing and deleting gap-closure actions."""

from __future__ import annotations

from typing import Any

from compdesk.models.records import Action, ActionType, Competency, Person
from compdesk.storage import Store
from compdesk.views.commands.base import (
    AddRecordCommand,
    Change,
    DeleteRecordCommand,
    UpdateRecordCommand,
)


class AddActionCommand(AddRecordCommand):
    changes = Change.ACTIONS

    def __init__(
        self, store: Store, person: Person, competency: Competency, type: ActionType, **values: Any
    ) -> None:
        super().__init__(store, f"Plan {type.value} for {person.name}, {competency.name}")
        self._ids, self._type, self._values = (person.id, competency.id), type, values

    def touched_people(self) -> frozenset[int] | None:
        return frozenset({self._ids[0]})

    def _add(self) -> int:
        return self.store.actions.add(*self._ids, self._type, **self._values).id

    def _delete(self, record_id: int) -> int | None:
        return self.store.actions.delete(record_id, keep_for_undo=True)


class UpdateActionCommand(UpdateRecordCommand):
    changes = Change.ACTIONS

    def __init__(self, store: Store, before: Action, after: Action) -> None:
        super().__init__(
            store, f"Edit action {before.description or before.type.label}", before, after
        )

    def touched_people(self) -> frozenset[int] | None:
        return frozenset({self.before.person_id, self.after.person_id})

    def _update(self, record: Any) -> None:
        self.store.actions.update(record)


class DeleteActionCommand(DeleteRecordCommand):
    changes = Change.ACTIONS

    def __init__(self, store: Store, action: Action) -> None:
        super().__init__(
            store, f"Delete action {action.description or action.type.label}", action.id
        )
        self._people = frozenset({action.person_id})

    def touched_people(self) -> frozenset[int] | None:
        return self._people

    def _delete(self, record_id: int) -> int | None:
        return self.store.actions.delete(record_id, keep_for_undo=True)
