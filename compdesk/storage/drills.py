"""Drills: phishing simulations and incident exercises, with their targets and each person's result."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any, Final

from compdesk.models.errors import InputError
from compdesk.models.records import Drill, DrillKind, DrillResult
from compdesk.storage.area import Area
from compdesk.storage.table import Column, Table, date_column, enum_column, matching

TABLE: Final = Table(
    "drills",
    Drill,
    [
        enum_column("kind", DrillKind),
        date_column("held_on"),
        Column("name"),
        Column("sent"),
        Column("clicked"),
        Column("reported"),
        Column("participants"),
        Column("minutes_to_report"),
        Column("click_target"),
        Column("report_target"),
        Column("minutes_target"),
        Column("notes"),
        Column("calendar_id"),
    ],
    # Oldest first: the order of a trend over time.
    order_by="held_on, id",
)

_RESULTS: Final = (
    "SELECT drill_id, person_id, clicked, reported, minutes_to_report FROM drill_results"
)


def _result(row: Sequence[Any]) -> DrillResult:
    drill_id, person_id, clicked, reported, minutes = row
    return DrillResult(drill_id, person_id, bool(clicked), bool(reported), minutes)


def _checked(drill: Drill, results: Sequence[DrillResult]) -> Drill:
    """Refuse impossible figures; totals left empty are counted from the per-person results."""
    if results:
        clicked = sum(result.clicked for result in results)
        reported = sum(result.reported for result in results)
        if drill.kind is DrillKind.PHISHING:
            drill = replace(
                drill,
                sent=len(results) if drill.sent is None else drill.sent,
                clicked=clicked if drill.clicked is None else drill.clicked,
                reported=reported if drill.reported is None else drill.reported,
            )
        elif drill.participants is None:
            drill = replace(drill, participants=len(results))
    for name in ("sent", "clicked", "reported", "participants", "minutes_to_report"):
        value = getattr(drill, name)
        if value is not None and value < 0:
            raise InputError(f"a drill's {name.replace('_', ' ')} cannot be negative")
    if drill.sent is not None:
        for name in ("clicked", "reported"):
            value = getattr(drill, name)
            if value is not None and value > drill.sent:
                raise InputError(f"{value} {name} of {drill.sent} emails sent: more than were sent")
    for name in ("click_target", "report_target"):
        value = getattr(drill, name)
        if value is not None and not 0 <= value <= 1:
            raise InputError(f"a drill's {name.replace('_', ' ')} is a fraction from 0 to 1")
    if drill.minutes_target is not None and drill.minutes_target < 0:
        raise InputError("a drill's target minutes to report cannot be negative")
    people = [result.person_id for result in results]
    if len(set(people)) != len(people):
        raise InputError("a person has two results in one drill")
    return drill


class Drills(Area):
    """`store.drills`: drills oldest first, and what each person did in them."""

    def all(
        self, *, kind: DrillKind | None = None, since: date | None = None
    ) -> builtins.list[Drill]:
        where, parameters = matching(kind=None if kind is None else kind.value)
        if since is not None:
            where = " AND ".join(filter(None, [where, "held_on >= ?"]))
            parameters.append(since.isoformat())
        return [TABLE.record(row) for row in self._db.execute(TABLE.select(where), parameters)]

    def get(self, drill_id: int) -> Drill:
        row = self._db.one(TABLE.select("id = ?", order=False), (drill_id,), "drill")
        return TABLE.record(row)

    def results(
        self, drill_id: int | None = None, *, person_id: int | None = None
    ) -> builtins.list[DrillResult]:
        """Per-person results: of one drill, of one person across drills (oldest first), or all."""
        where, parameters = matching(drill_id=drill_id, person_id=person_id)
        sql = f"{_RESULTS} r WHERE {where}" if where else f"{_RESULTS} r"
        sql += (
            " ORDER BY (SELECT held_on FROM drills d WHERE d.id = r.drill_id), drill_id, person_id"
        )
        return [_result(row) for row in self._db.execute(sql, parameters)]

    def label(self, drill: Drill) -> str:
        named = f" {drill.name}" if drill.name else ""
        return f"{drill.kind.value} drill{named} of {drill.held_on.isoformat()}"

    def add(
        self,
        kind: DrillKind,
        held_on: date,
        results: Sequence[DrillResult] = (),
        **values: Any,
    ) -> Drill:
        """Record a drill, with each person's result when known (totals counted from them)."""
        drill = _checked(replace(Drill(id=0, kind=kind, held_on=held_on), **values), results)
        with self._store.logged_as(f"recorded {self.label(drill)}"):
            drill_id = self._db.insert(TABLE.insert_sql, TABLE.values(drill))
            self._write_results(drill_id, results)
        return self.get(drill_id)

    def update(self, drill: Drill, results: Sequence[DrillResult] | None = None) -> Drill:
        """Change a drill and, given, replace its per-person results."""
        before = self.get(drill.id)
        drill = _checked(drill, results or ())
        with self._store.logged_as(f"changed {self.label(before)}"):
            self._db.execute(TABLE.update_sql, TABLE.update_values(drill))
            if results is not None:
                self._write_results(drill.id, results)
        return self.get(drill.id)

    def delete(self, drill_id: int, *, keep_for_undo: bool = False) -> int | None:
        """Delete a drill with its per-person results."""
        drill = self.get(drill_id)
        return self._store.trash.delete(
            f"deleted {self.label(drill)}", TABLE.name, drill_id, keep_for_undo=keep_for_undo
        )

    def _write_results(self, drill_id: int, results: Sequence[DrillResult]) -> None:
        for result in results:
            self._store.people.get(result.person_id)
        self._db.execute("DELETE FROM drill_results WHERE drill_id = ?", (drill_id,))
        self._db.executemany(
            "INSERT INTO drill_results (drill_id, person_id, clicked, reported, minutes_to_report)"
            " VALUES (?, ?, ?, ?, ?)",
            [
                (
                    drill_id,
                    result.person_id,
                    int(result.clicked),
                    int(result.reported),
                    result.minutes_to_report,
                )
                for result in results
            ],
        )
