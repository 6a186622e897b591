"""Competencies, and the requirements: which role requires which competency."""

from __future__ import annotations

import builtins
from typing import Final

from compdesk.models.records import Competency, EvidenceKind, Level
from compdesk.storage.area import Area
from compdesk.storage.named import NamedArea
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


class Competencies(NamedArea[Competency]):
    """Deleting a competency deletes its requirements, evidence, actions and sessions."""

    table = TABLE
    noun = "competency"


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
