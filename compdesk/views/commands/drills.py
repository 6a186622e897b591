"""Recording, editing and deleting a drill, and planning a follow-up training for a drill's
clickers.

Each is one undo step: an added or deleted drill goes to the trash with its per-person results
and calendar link and comes back with the same id; an edit keeps the per-person results; the
follow-up actions go to the trash together and come back together.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from compdesk.models.records import ActionType, Competency, Drill, DrillKind, DrillResult
from compdesk.storage import Store
from compdesk.views.commands.base import (
    AddRecordCommand,
    Change,
    DeleteRecordCommand,
    StoreCommand,
    UpdateRecordCommand,
)

# Drills feed the training figures (no area of their own): the views that show them reload.
DRILL_CHANGES = Change.TRAINING


class RecordDrillCommand(AddRecordCommand):
    changes = DRILL_CHANGES

    def __init__(
        self,
        store: Store,
        kind: DrillKind,
        held_on: date,
        results: Sequence[DrillResult],
        **values: Any,
    ) -> None:
        named = f" {values['name']}" if values.get("name") else ""
        super().__init__(store, f"Record {kind.value} drill{named} of {held_on.isoformat()}")
        self._drill = (kind, held_on, tuple(results))
        self._values = values

    def _add(self) -> int:
        kind, held_on, results = self._drill
        return self.store.drills.add(kind, held_on, results, **self._values).id

    def _delete(self, record_id: int) -> int | None:
        return self.store.drills.delete(record_id, keep_for_undo=True)


class UpdateDrillCommand(UpdateRecordCommand):
    """Changes a drill's figures, targets, notes or calendar link; its per-person results stay."""

    changes = DRILL_CHANGES

    def __init__(self, store: Store, before: Drill, after: Drill) -> None:
        super().__init__(store, f"Edit {store.drills.label(before)}", before, after)

    def _update(self, record: Drill) -> None:
        self.store.drills.update(record)


class DeleteDrillCommand(DeleteRecordCommand):
    changes = DRILL_CHANGES

    def __init__(self, store: Store, drill: Drill) -> None:
        super().__init__(store, f"Delete {store.drills.label(drill)}", drill.id)

    def _delete(self, record_id: int) -> int | None:
        return self.store.drills.delete(record_id, keep_for_undo=True)


class PlanFollowUpCommand(StoreCommand):
    """One training action per clicker; undo takes all of them back."""

    changes = Change.ACTIONS

    def __init__(
        self,
        store: Store,
        competency: Competency,
        person_ids: Sequence[int],
        drill_label: str,
        **values: Any,
    ) -> None:
        count = len(person_ids)
        super().__init__(
            store,
            f"Plan {competency.name} training for {count} clicker{'' if count == 1 else 's'}",
        )
        self._competency_id = competency.id
        self._person_ids = tuple(person_ids)
        self._values = {"description": f"Follow-up of the {drill_label}", **values}
        self.action_ids: list[int] = []
        self._trash_ids: list[int] = []

    def trash_ids(self) -> set[int]:
        return set(self._trash_ids)

    def apply(self) -> None:
        with self.store.transaction():
            if self._trash_ids:
                for trash_id in self._trash_ids:
                    self.store.trash.restore(trash_id)
                self._trash_ids = []
                return
            self.action_ids = [
                self.store.actions.add(
                    person_id, self._competency_id, ActionType.TRAINING, **self._values
                ).id
                for person_id in self._person_ids
            ]

    def revert(self) -> None:
        with self.store.transaction():
            trashed = [
                self.store.actions.delete(action_id, keep_for_undo=True)
                for action_id in self.action_ids
            ]
        self._trash_ids = [trash_id for trash_id in trashed if trash_id is not None]
