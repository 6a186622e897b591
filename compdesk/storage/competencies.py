"""Competencies, and the requirements: which role requires which competency."""

from __future__ import annotations

import builtins
from datetime import date
from typing import Any, Final

from compdesk.models.errors import InputError
from compdesk.models.records import Competency, EvidenceKind, Level, RenewalMode
from compdesk.storage.area import Area
from compdesk.storage.named import NamedArea
from compdesk.storage.table import Column, Table, date_column, date_text, enum_column, stripped


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
        enum_column("renewal_mode", RenewalMode),
        Column("renewal_on", stripped),
        Column("document_version", stripped),
        date_column("version_since"),
    ],
    # Grouped by level, basic first, then by name.
    order_by="CASE level WHEN 'basic' THEN 0 WHEN 'role-specific' THEN 1 ELSE 2 END, name",
)


def _checked(competency: Competency) -> Competency:
    """Refuse a fixed yearly date that is no day of the year (29 February is one)."""
    on = competency.renewal_on.strip()
    if on:
        try:
            # A leap year, so that "02-29" is accepted.
            date.fromisoformat(f"2000-{on}")
        except ValueError:
            raise InputError(
                f"{competency.name}: {on!r} is not a day of the year; write it as MM-DD, "
                "such as 03-31"
            ) from None
        if len(on) != 5:
            raise InputError(f"{competency.name}: write the yearly date as MM-DD, such as 03-31")
    elif competency.renewal_mode is RenewalMode.FIXED_DATE:
        raise InputError(
            f"{competency.name}: renewal on a fixed yearly date needs the date (MM-DD)"
        )
    return competency


class Competencies(NamedArea[Competency]):
    """Deleting a competency deletes its requirements, evidence, actions and sessions.

    Each competency on a fixed yearly date keeps the day that date took effect
    (`renewal_since`, not part of the record): the day it was added on a fixed date, or the
    day its renewal mode or its fixed date last changed. The gap engine reads them with
    `fixed_since()`, so completions made before a switch keep their due dates."""

    table = TABLE
    noun = "competency"

    def add(self, name: str, *, effective_on: date | None = None, **values: Any) -> Competency:
        """`effective_on`: the day a fixed yearly date takes effect (default: today)."""
        competency = _checked(Competency(id=0, name=name.strip(), **values))
        with self._db.transaction():
            added = super().add(name, **values)
            if competency.renewal_mode is RenewalMode.FIXED_DATE:
                self._set_renewal_since(added.id, effective_on or date.today())
        return added

    def update(self, record: Competency, *, effective_on: date | None = None) -> Competency:
        """`effective_on`: the day a changed mode or fixed date takes effect (default: today)."""
        _checked(record)
        with self._db.transaction():
            before = self.get(record.id)
            updated = super().update(record)
            changed = (before.renewal_mode, before.renewal_on.strip()) != (
                updated.renewal_mode,
                updated.renewal_on.strip(),
            )
            if changed:
                self._set_renewal_since(record.id, effective_on or date.today())
        return updated

    def fixed_since(self) -> dict[int, date]:
        """Per competency on a fixed yearly date, the day that date took effect (competencies
        whose day is unknown, from files older than format 4, are left out)."""
        rows = self._db.execute(
            "SELECT id, renewal_since FROM competencies "
            "WHERE renewal_mode = ? AND renewal_since IS NOT NULL",
            (RenewalMode.FIXED_DATE.value,),
        )
        return {competency_id: date.fromisoformat(since) for competency_id, since in rows}

    def _set_renewal_since(self, competency_id: int, day: date) -> None:
        self._db.execute(
            "UPDATE competencies SET renewal_since = ? WHERE id = ?",
            (date_text(day, "the day the fixed date took effect"), competency_id),
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
