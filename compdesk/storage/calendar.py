"""The annual calendar of awareness activities, with what each actually achieved."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Final

from compdesk.models.errors import InputError
from compdesk.models.records import CalendarActivity
from compdesk.storage.area import Area
from compdesk.storage.table import Column, Table, stripped

TABLE: Final = Table(
    "calendar",
    CalendarActivity,
    [
        Column("month"),
        Column("activity", stripped),
        Column("owner"),
        Column("target"),
        Column("status"),
        Column("actual_result"),
        Column("year"),
    ],
    # A year's activities first by year (the undated template ones first), then by month.
    order_by="year IS NOT NULL, year, month, id",
)


def _checked(activity: CalendarActivity) -> CalendarActivity:
    if not 1 <= activity.month <= 12:
        raise InputError(f"{activity.activity}: the month must be 1 to 12, not {activity.month}")
    if not activity.activity.strip():
        raise InputError("a calendar activity needs a name")
    return activity


class Calendar(Area):
    """Deleting an activity keeps the sessions and drills that fulfilled it, unlinked."""

    def all(self, *, year: int | None = None) -> list[CalendarActivity]:
        """Every activity, or those of one year and the template ones without a year."""
        if year is None:
            return [TABLE.record(row) for row in self._db.execute(TABLE.select())]
        rows = self._db.execute(TABLE.select("year IS NULL OR year = ?"), (year,))
        return [TABLE.record(row) for row in rows]

    def get(self, activity_id: int) -> CalendarActivity:
        row = self._db.one(TABLE.select("id = ?", order=False), (activity_id,), "calendar activity")
        return TABLE.record(row)

    def add(
        self, month: int, activity: str, owner: str = "", target: str = "", **values: Any
    ) -> CalendarActivity:
        added = _checked(
            replace(CalendarActivity(0, month, activity.strip(), owner, target), **values)
        )
        with self._db.transaction():
            activity_id = self._db.insert(TABLE.insert_sql, TABLE.values(added))
            self._log(f"added calendar activity {added.activity}")
        return self.get(activity_id)

    def update(self, activity: CalendarActivity) -> CalendarActivity:
        with self._db.transaction():
            before = self.get(activity.id)
            self._db.execute(TABLE.update_sql, TABLE.update_values(_checked(activity)))
            self._log(f"changed calendar activity {before.activity}")
        return self.get(activity.id)

    def delete(self, activity_id: int, *, keep_for_undo: bool = False) -> int | None:
        activity = self.get(activity_id)
        return self._store.trash.delete(
            f"deleted calendar activity {activity.activity}",
            TABLE.name,
            activity_id,
            keep_for_undo=keep_for_undo,
        )
