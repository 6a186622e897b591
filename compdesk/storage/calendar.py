"""The annual calendar of awareness activities."""

from __future__ import annotations

from dataclasses import replace
from typing import Final

from compdesk.models.records import CalendarActivity
from compdesk.storage.area import Area
from compdesk.storage.table import Column, Table

TABLE: Final = Table(
    "calendar",
    CalendarActivity,
    [Column("month"), Column("activity"), Column("owner"), Column("target"), Column("status")],
    order_by="month, id",
)


class Calendar(Area):
    def all(self) -> list[CalendarActivity]:
        return [TABLE.record(row) for row in self._db.execute(TABLE.select())]

    def add(
        self, month: int, activity: str, owner: str = "", target: str = ""
    ) -> CalendarActivity:
        added = CalendarActivity(0, month, activity.strip(), owner, target)
        with self._db.transaction():
            activity_id = self._db.insert(TABLE.insert_sql, TABLE.values(added))
            self._log(f"added calendar activity {added.activity}")
        return replace(added, id=activity_id)
