"""Roles: what each job is responsible for, and when its requirements were last reviewed."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Final

from compdesk.models.records import Role
from compdesk.storage.area import Area, renamed
from compdesk.storage.table import Column, Table, date_column, stripped

TABLE: Final = Table(
    "roles",
    Role,
    [
        Column("name", stripped),
        Column("description"),
        Column("responsibilities"),
        Column("owner"),
        date_column("last_reviewed"),
        Column("review_interval_months"),
    ],
    order_by="name",
)


class Roles(Area):
    def all(self) -> list[Role]:
        return [TABLE.record(row) for row in self._db.execute(TABLE.select())]

    def get(self, role_id: int) -> Role:
        return TABLE.record(self._db.one(TABLE.select("id = ?"), (role_id,), "role"))

    def by_name(self, name: str) -> Role:
        row = self._db.one(TABLE.select("name = ?"), (name.strip(),), f"role {name!r}")
        return TABLE.record(row)

    def add(self, name: str, **values: Any) -> Role:
        role = replace(Role(id=0, name=name.strip()), **values)
        with self._db.transaction():
            role_id = self._db.insert(TABLE.insert_sql, TABLE.values(role))
            self._log(f"added role {role.name}")
        return replace(role, id=role_id)

    def update(self, role: Role) -> Role:
        with self._db.transaction():
            before = self.get(role.id)
            self._db.execute(TABLE.update_sql, TABLE.update_values(role))
            self._log(f"changed role {renamed(before.name, role.name)}")
        return self.get(role.id)

    def delete(self, role_id: int, *, keep_for_undo: bool = False) -> int | None:
        """Delete a role with its requirements and assignments; the people who held it stay."""
        role = self.get(role_id)
        return self._store.trash.delete(
            f"deleted role {role.name}", "roles", role_id, keep_for_undo=keep_for_undo
        )
