"""Adding, editing and deleting roles, and what each role requires."""

from __future__ import annotations

from typing import Any

from compdesk.models.records import Competency, Role
from compdesk.storage import Store
from compdesk.views.commands.base import (
    AddRecordCommand,
    Change,
    DeleteRecordCommand,
    StoreCommand,
    UpdateRecordCommand,
)


class AddRoleCommand(AddRecordCommand):
    # Undone, the role is deleted with its requirements and its holders' links to it.
    changes = Change.ROLES | Change.REQUIREMENTS | Change.PEOPLE

    def __init__(self, store: Store, name: str, **values: Any) -> None:
        super().__init__(store, f"Add role {name}")
        self._name, self._values = name, values

    def _add(self) -> int:
        return self.store.roles.add(self._name, **self._values).id

    def _delete(self, record_id: int) -> int | None:
        return self.store.roles.delete(record_id, keep_for_undo=True)


class UpdateRoleCommand(UpdateRecordCommand):
    changes = Change.ROLES

    def __init__(self, store: Store, before: Role, after: Role) -> None:
        super().__init__(store, f"Edit role {before.name}", before, after)

    def _update(self, record: Any) -> None:
        self.store.roles.update(record)


class DeleteRoleCommand(DeleteRecordCommand):
    changes = Change.ROLES | Change.REQUIREMENTS | Change.PEOPLE

    def __init__(self, store: Store, role: Role) -> None:
        super().__init__(store, f"Delete role {role.name}", role.id)

    def _delete(self, record_id: int) -> int | None:
        return self.store.roles.delete(record_id, keep_for_undo=True)


class SetRequirementCommand(StoreCommand):
    changes = Change.REQUIREMENTS

    def __init__(self, store: Store, role: Role, competency: Competency, required: bool) -> None:
        verb = "Require" if required else "No longer require"
        super().__init__(store, f"{verb} {competency.name} for {role.name}")
        self._role_id, self._competency_id, self._required = role.id, competency.id, required

    def apply(self) -> None:
        self.store.requirements.set(self._role_id, self._competency_id, self._required)

    def revert(self) -> None:
        self.store.requirements.set(self._role_id, self._competency_id, not self._required)
