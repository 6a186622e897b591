"""People, with the roles they hold, listed alphabetically."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import fields, replace
from datetime import date
from typing import TYPE_CHECKING, Any, Final

from compdesk.models.errors import InputError
from compdesk.models.records import Person, PersonType
from compdesk.models.text import clean_text, is_email, normal_email
from compdesk.storage.area import Area, renamed
from compdesk.storage.table import (
    Column,
    Table,
    date_column,
    enum_column,
    multi_line,
    stripped,
)

if TYPE_CHECKING:
    from compdesk.storage.purge import PurgeResult

TABLE: Final = Table(
    "people",
    Person,
    [
        Column("name", stripped),
        Column("email", normal_email),
        enum_column("type", PersonType),
        Column("job_title", stripped),
        date_column("start_date"),
        date_column("end_date"),
        Column("notes", multi_line),
        date_column("access_granted_on"),
    ],
)


def alphabetical_key(text: str) -> str:
    """Sort accented letters with their base letter, ignoring case."""
    if text.isascii():
        # PERF: nothing to decompose: the same key, without the per-character pass.
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _checked(person: Person) -> Person:
    if person.email and not is_email(normal_email(person.email)):
        raise InputError(f"{person.name}: {person.email!r} is not an email address")
    if person.start_date and person.end_date and person.end_date < person.start_date:
        raise InputError(f"{person.name}: the end date is before the start date")
    return person


def _other_fields(person: Person) -> dict[str, Any]:
    """A person's values other than id, name and email, as `add` takes them."""
    return {
        f.name: getattr(person, f.name)
        for f in fields(Person)
        if f.name not in ("id", "name", "email")
    }


def _counted(added: int, updated: int) -> str:
    people = f"{added} {'person' if added == 1 else 'people'}"
    return f"{people} and updated {updated}" if updated else people


class People(Area):
    def _role_ids(self, person_id: int | None = None) -> dict[int, tuple[int, ...]]:
        sql = "SELECT person_id, role_id FROM person_roles"
        if person_id is not None:
            rows = self._db.execute(f"{sql} WHERE person_id = ? ORDER BY role_id", (person_id,))
        else:
            rows = self._db.execute(f"{sql} ORDER BY role_id")
        grouped: dict[int, list[int]] = {}
        for owner, role_id in rows:
            grouped.setdefault(owner, []).append(role_id)
        return {owner: tuple(ids) for owner, ids in grouped.items()}

    def all(self) -> list[Person]:
        """Everyone, in alphabetical order (Ólafur with the Os, not after Zoë)."""
        roles = self._role_ids()
        people = [
            TABLE.record(row, role_ids=roles.get(row[0], ()))
            for row in self._db.execute(TABLE.select())
        ]
        return sorted(people, key=lambda person: alphabetical_key(person.name))

    def _one(self, where: str, value: Any, what: str) -> Person:
        row = self._db.one(TABLE.select(where, order=False), (value,), what)
        return TABLE.record(row, role_ids=self._role_ids(row[0]).get(row[0], ()))

    def get(self, person_id: int) -> Person:
        return self._one("id = ?", person_id, "person")

    def by_email(self, email: str) -> Person:
        return self._one("email = ?", normal_email(email), f"person {email!r}")

    def _write_roles(self, person_id: int, role_ids: Iterable[int]) -> None:
        self._db.execute("DELETE FROM person_roles WHERE person_id = ?", (person_id,))
        self._db.executemany(
            "INSERT OR IGNORE INTO person_roles (person_id, role_id) VALUES (?, ?)",
            [(person_id, role_id) for role_id in role_ids],
        )

    def add(self, name: str, email: str, **values: Any) -> Person:
        person = _checked(
            replace(Person(id=0, name=clean_text(name), email=normal_email(email)), **values)
        )
        with self._db.transaction():
            person_id = self._db.insert(TABLE.insert_sql, TABLE.values(person))
            self._write_roles(person_id, person.role_ids)
            self._log(f"added person {person.name} <{person.email}>")
        return self.get(person_id)

    def import_many(
        self, people: Sequence[Person], *, updates: Sequence[Person] = (), source: str = ""
    ) -> list[Person]:
        """Add and update many people in one transaction: one refusal leaves the document as it was.

        `people` are added: an email already in the document (ignoring case) is refused by
        name. `updates` replace the people of the same id (as `update`). Returns the added.
        """
        with self._db.transaction():
            added: list[Person] = []
            for person in people:
                row = self._db.execute(
                    "SELECT name FROM people WHERE email = ? COLLATE NOCASE",
                    (normal_email(person.email),),
                ).fetchone()
                if row is not None:
                    raise InputError(f"{person.email} is already in the document ({row[0]})")
                added.append(self.add(person.name, person.email, **_other_fields(person)))
            for person in updates:
                self.update(person)
            if source:
                self._log(f"imported {_counted(len(added), len(updates))} from {source}")
        return added

    def update(self, person: Person) -> Person:
        _checked(person)
        with self._db.transaction():
            before = self.get(person.id)
            self._db.execute(TABLE.update_sql, TABLE.update_values(person))
            self._write_roles(person.id, person.role_ids)
            self._log(f"changed person {renamed(before.name, person.name)}")
        return self.get(person.id)

    def delete(self, person_id: int, *, keep_for_undo: bool = False) -> int | None:
        """Delete a person with their evidence, attachments, actions and attendances."""
        person = self.get(person_id)
        return self._store.trash.delete(
            f"deleted person {person.name} <{person.email}>",
            TABLE.name,
            person_id,
            keep_for_undo=keep_for_undo,
        )

    def purge(self, person_id: int, *, today: date | None = None) -> PurgeResult:
        """Replace a leaver's personal data with a placeholder, for good (storage/purge.py)."""
        from compdesk.storage.purge import purge_leaver

        return purge_leaver(self._store, person_id, today or date.today())
