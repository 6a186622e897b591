"""The annual calendar's rules: how an activity is named, the statuses it moves through, and
which activity a session or drill held on a given day most likely fulfils."""

from __future__ import annotations

import calendar as month_names
from collections.abc import Sequence
from datetime import date
from typing import Final

from compdesk.models.records import CalendarActivity

# In the order an activity moves through them; the store keeps the word.
CALENDAR_STATUSES: Final = ("planned", "in progress", "done", "cancelled")


def month_name(month: int) -> str:
    return month_names.month_name[month]


def activity_label(activity: CalendarActivity) -> str:
    """"2026 March: phishing drill"; a template activity without a year has none."""
    year = f"{activity.year} " if activity.year is not None else ""
    return f"{year}{month_name(activity.month)}: {activity.activity}"


def activity_for(activities: Sequence[CalendarActivity], held_on: date) -> CalendarActivity | None:
    """The one activity planned for the month of `held_on` (its year's, else the template's);
    None when there is none or more than one to choose from."""
    for year in (held_on.year, None):
        candidates = [a for a in activities if a.year == year and a.month == held_on.month]
        if candidates:
            return candidates[0] if len(candidates) == 1 else None
    return None


__all__ = ["CALENDAR_STATUSES", "activity_for", "activity_label", "month_name"]
