"""Gap-closure actions: who does what by when to gain a competency, and whether it worked."""

from __future__ import annotations

import builtins
from collections.abc import Collection
from dataclasses import replace
from typing import Any, Final

from compdesk.models.records import Action, ActionState, ActionStatus, ActionType, Effectiveness
from compdesk.storage.area import Area
from compdesk.storage.table import (
    Column,
    Table,
    date_column,
    enum_column,
    enum_lookup,
    matching,
    of_people,
    where_clause,
)

TABLE: Final = Table(
    "actions",
    Action,
    [
        Column("person_id"),
        Column("competency_id"),
        enum_column("type", ActionType),
        Column("description"),
        Column("owner"),
        date_column("due_date"),
        enum_column("status", ActionStatus),
        date_column("completed_on"),
        enum_column("effectiveness", Effectiveness),
        Column("evaluation"),
        date_column("evaluated_on"),
    ],
    # Soonest due first; undated last.
    order_by="due_date IS NULL, due_date, id",
)

_STATUS: Final = enum_lookup(ActionStatus)
_EFFECTIVENESS: Final = enum_lookup(Effectiveness)


class Actions(Area):
    def list(
        self, *, person_id: int | None = None, competency_id: int | None = None
    ) -> builtins.list[Action]:
        where, parameters = matching(person_id=person_id, competency_id=competency_id)
        rows = self._db.execute(TABLE.select(where), parameters)
        return [TABLE.record(row) for row in rows]

    def states(self, person_ids: Collection[int] | None = None) -> builtins.list[ActionState]:
        """Every action's status and evaluation (or only these people's), without the rest: the
        gap engine's bulk input."""
        # PERF: five columns into a NamedTuple, no record per row.
        where, parameters = of_people(person_ids)
        return [
            ActionState(row[0], row[1], row[2], _STATUS(row[3]), _EFFECTIVENESS(row[4]))
            for row in self._db.execute(
                "SELECT id, person_id, competency_id, status, effectiveness FROM actions"
                + where_clause(where),
                parameters,
            )
        ]

    def get(self, action_id: int) -> Action:
        row = self._db.one(TABLE.select("id = ?", order=False), (action_id,), "action")
        return TABLE.record(row)

    def label(self, action: Action) -> str:
        """How the change log names an action."""
        subject = self._subject(action.person_id, action.competency_id)
        return f"{action.type.value} action for {subject}"

    def add(self, person_id: int, competency_id: int, type: ActionType, **values: Any) -> Action:
        action = replace(
            Action(id=0, person_id=person_id, competency_id=competency_id, type=type), **values
        )
        with self._db.transaction():
            label = self.label(action)
            action_id = self._db.insert(TABLE.insert_sql, TABLE.values(action))
            self._log(f"planned {label}")
        return self.get(action_id)

    def update(self, action: Action) -> Action:
        with self._db.transaction():
            self.get(action.id)
            self._db.execute(TABLE.update_sql, TABLE.update_values(action))
            self._log(f"changed {self.label(action)}")
        return self.get(action.id)

    def delete(self, action_id: int, *, keep_for_undo: bool = False) -> int | None:
        label = self.label(self.get(action_id))
        return self._store.trash.delete(
            f"deleted {label}", TABLE.name, action_id, keep_for_undo=keep_for_undo
        )
