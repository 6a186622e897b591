"""Giving several people a role, or taking it from them, in one step that one undo reverts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from compdesk.models.records import Person, Role
from compdesk.storage import Store
from compdesk.views.commands.base import Change, StoreCommand


def people_text(people: Sequence[Person]) -> str:
    """ "Ana Ruiz", "Ana Ruiz and Ben Ode", or "3 people"."""
    if len(people) == 1:
        return people[0].name
    if len(people) == 2:
        return f"{people[0].name} and {people[1].name}"
    return people_count(len(people))


class ChangeRoleOfPeopleCommand(StoreCommand):
    """Gives a role to each of several people (or takes it from them) in one transaction.

    Only the people whose roles change are written, so undo gives back exactly what was there.
    """

    changes = Change.PEOPLE

    def __init__(self, store: Store, people: Sequence[Person], role: Role, *, give: bool) -> None:
        self.before = tuple(person for person in people if (role.id in person.role_ids) != give)
        self.after = tuple(
            replace(
                person,
                role_ids=tuple(sorted({*person.role_ids, role.id}))
                if give
                else tuple(i for i in person.role_ids if i != role.id),
            )
            for person in self.before
        )
        who = people_text(people)
        text = (
            f"Give {who} the role {role.name}" if give else f"Take the role {role.name} from {who}"
        )
        super().__init__(store, text)

    @property
    def changes_nothing(self) -> bool:
        return not self.before

    def apply(self) -> None:
        self._write(self.after)

    def revert(self) -> None:
        self._write(self.before)

    def _write(self, people: Sequence[Person]) -> None:
        with self.store.transaction():
            for person in people:
                self.store.people.update(person)


def people_count(count: int) -> str:
    """ "1 person", "3 people"."""
    return f"{count} {'person' if count == 1 else 'people'}"
