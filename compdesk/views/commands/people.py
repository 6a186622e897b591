"""Adding, editing, deleting and importing people."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from compdesk.models.records import Person
from compdesk.storage import Store
from compdesk.views.commands.base import (
    AddRecordCommand,
    Change,
    DeleteRecordCommand,
    StoreCommand,
    UpdateRecordCommand,
)


class AddPersonCommand(AddRecordCommand):
    # Undone, the person is deleted with whatever refers to them.
    changes = Change.PEOPLE | Change.EVIDENCE | Change.ACTIONS

    def __init__(self, store: Store, name: str, email: str, **values: Any) -> None:
        super().__init__(store, f"Add {name}")
        self._name, self._email, self._values = name, email, values

    def _add(self) -> int:
        return self.store.people.add(self._name, self._email, **self._values).id

    def _delete(self, record_id: int) -> int | None:
        return self.store.people.delete(record_id, keep_for_undo=True)


class UpdatePersonCommand(UpdateRecordCommand):
    changes = Change.PEOPLE

    def __init__(self, store: Store, before: Person, after: Person) -> None:
        super().__init__(store, f"Edit {before.name}", before, after)

    def _update(self, record: Any) -> None:
        self.store.people.update(record)


class DeletePersonCommand(DeleteRecordCommand):
    changes = Change.PEOPLE | Change.EVIDENCE | Change.ACTIONS

    def __init__(self, store: Store, person: Person) -> None:
        super().__init__(store, f"Delete {person.name}", person.id)

    def _delete(self, record_id: int) -> int | None:
        return self.store.people.delete(record_id, keep_for_undo=True)


class ImportPeopleCommand(StoreCommand):
    """Adds and updates everyone of an import in one transaction; undo takes it all back.

    Undone, the added people go to the trash and the updated ones get their details back.
    The import may run off the GUI thread (`apply`, then `Document.push_applied`).
    """

    changes = Change.PEOPLE

    def __init__(
        self,
        store: Store,
        people: Sequence[Person],
        source: str,
        updates: Sequence[tuple[Person, Person]] = (),
    ) -> None:
        count, updated = len(people), len(updates)
        text = f"Import {count} {'person' if count == 1 else 'people'}"
        if updated:
            text += f" and update {updated}"
        super().__init__(store, f"{text} from {source}")
        self._people, self._source = tuple(people), source
        # (before, after) of each person the import updates.
        self._updates = tuple(updates)
        self.person_ids: list[int] = []
        self._trash_ids: list[int] = []

    def trash_ids(self) -> set[int]:
        return set(self._trash_ids)

    def apply(self) -> None:
        if self._trash_ids:
            with self.store.transaction():
                for trash_id in self._trash_ids:
                    self.store.trash.restore(trash_id)
                for _before, after in self._updates:
                    self.store.people.update(after)
            self._trash_ids = []
        else:
            added = self.store.people.import_many(
                self._people,
                updates=[after for _before, after in self._updates],
                source=self._source,
            )
            self.person_ids = [person.id for person in added]

    def revert(self) -> None:
        with self.store.transaction():
            trash_ids = [
                self.store.people.delete(person_id, keep_for_undo=True)
                for person_id in self.person_ids
            ]
            for before, _after in self._updates:
                self.store.people.update(before)
        self._trash_ids = [trash_id for trash_id in trash_ids if trash_id is not None]
