"""Competencies, and the requirements: which role requires which competency."""

from __future__ import annotations

import builtins
from dataclasses import replace
from typing import Any, Final

from compdesk.models.records import Competency, EvidenceKind, Level
from compdesk.storage.area import Area, renamed
from compdesk.storage.table import Column, Table, date_column, enum_column, stripped


def _kinds_text(kinds: tuple[EvidenceKind, ...]) -> str:
    return "|".join(kind.value for kind in kinds)


def _text_kinds(text: str) -> tuple[EvidenceKind, ...]:
    return tuple(EvidenceKind(kind) for kind in text.split("|") if kind)


TABLE: Final = Table(
    "competencies",
    Competency,
    [
        Column("name", stripped),
        enum_column("level", Level),
        Column("renewal_months"),
        Column("description"),
        Column("accepted_kinds", _kinds_text, _text_kinds),
        date_column("last_reviewed"),
    ],
    # Grouped by level, basic first, then by name.
    order_by="CASE level WHEN 'basic' THEN 0 WHEN 'role-specific' THEN 1 ELSE 2 END, name",
)


class Competencies(Area):
    def all(self) -> list[Competency]:
        """All competencies, grouped by level (basic first), then by name."""
        return [TABLE.record(row) for row in self._db.execute(TABLE.select())]

    def get(self, competency_id: int) -> Competency:
        row = self._db.one(TABLE.select("id = ?"), (competency_id,), "competency")
        return TABLE.record(row)

    def by_name(self, name: str) -> Competency:
        row = self._db.one(TABLE.select("name = ?"), (name.strip(),), f"competency {name!r}")
        return TABLE.record(row)

    def add(self, name: str, **values: Any) -> Competency:
        competency = replace(Competency(id=0, name=name.strip()), **values)
        with self._db.transaction():
            competency_id = self._db.insert(TABLE.insert_sql, TABLE.values(competency))
            self._log(f"added competency {competency.name}")
        return replace(competency, id=competency_id)

    def update(self, competency: Competency) -> Competency:
        with self._db.transaction():
            before = self.get(competency.id)
            self._db.execute(TABLE.update_sql, TABLE.update_values(competency))
            self._log(f"changed competency {renamed(before.name, competency.name)}")
        return self.get(competency.id)

    def delete(self, competency_id: int, *, keep_for_undo: bool = False) -> int | None:
        """Delete a competency with its requirements, evidence, actions and sessions."""
        competency = self.get(competency_id)
        return self._store.trash.delete(
            f"deleted competency {competency.name}",
            "competencies",
            competency_id,
            keep_for_undo=keep_for_undo,
        )


class Requirements(Area):
    def all(self) -> builtins.set[tuple[int, int]]:
        """Every (role id, competency id) pair that the role requires."""
        return set(self._db.execute("SELECT role_id, competency_id FROM requirements").fetchall())

    def set(self, role_id: int, competency_id: int, required: bool) -> None:
        role = self._store.roles.get(role_id)
        competency = self._store.competencies.get(competency_id)
        with self._db.transaction():
            if required:
                cursor = self._db.execute(
                    "INSERT OR IGNORE INTO requirements (role_id, competency_id) VALUES (?, ?)",
                    (role_id, competency_id),
                )
                verb = "now requires"
            else:
                cursor = self._db.execute(
                    "DELETE FROM requirements WHERE role_id = ? AND competency_id = ?",
                    (role_id, competency_id),
                )
                verb = "no longer requires"
            if cursor.rowcount:
                self._log(f"role {role.name} {verb} {competency.name}")
