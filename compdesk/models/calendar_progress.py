"""How far the annual calendar has got: which activities are late, and how many are done."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from compdesk.models.records import CalendarActivity


def is_late(activity: CalendarActivity, as_of: date, *, year: int | None = None) -> bool:
    """Still "planned" after its month has ended. A template activity (no year) is judged in
    `year`, the year being looked at (the as-of date's year when not given)."""
    if activity.status != "planned":
        return False
    in_year = activity.year if activity.year is not None else (year or as_of.year)
    return (in_year, activity.month) < (as_of.year, as_of.month)


@dataclass(frozen=True, slots=True)
class YearProgress:
    done: int
    planned: int  # every activity of the year, cancelled ones excepted
    late: int

    @property
    def text(self) -> str:
        return f"{self.done} of {self.planned} done this year · {self.late} late"


def year_progress(activities: Sequence[CalendarActivity], year: int, as_of: date) -> YearProgress:
    """The activities of `year` (its own and the template's); cancelled ones do not count."""
    counted = [a for a in activities if a.year in (year, None) and a.status != "cancelled"]
    return YearProgress(
        done=sum(a.status == "done" for a in counted),
        planned=len(counted),
        late=sum(is_late(a, as_of, year=year) for a in counted),
    )


__all__ = ["YearProgress", "is_late", "year_progress"]
