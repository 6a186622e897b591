"""When one piece of evidence of a recurring competency falls due again.

Two modes (`RenewalMode`): N months after the completion (the competency's renewal interval), or
every year on a fixed day (`Competency.renewal_on`, "MM-DD"). The gap engine reads the due date
of each evidence record from here, so the matrix, the due list and the binder agree.

Fixed yearly date. A completion counts for the next fixed date when it falls inside the expiry
warning window before it (the days in which the person is told the renewal is due soon), or on
or after the fixed date itself: the due date is the first fixed date more than the warning window
after the completion. Done on 15 January for a 31 January date: due 31 January next year; done on
15 December, more than 30 days before: due on the coming 31 January. A fixed date comes once a
year whatever the renewal interval; the interval then serves only the switch below.

Switching to the fixed date. A completion made before the switch would otherwise fall due on a
fixed date already past, so everyone would turn overdue at once. Such a completion keeps the due
date the interval gave it, but never later than the first fixed date at least the warning window
after the switch; and never earlier than the fixed rule itself gives. From then on everyone is on
the fixed date. The switch's day (`fixed_since`) is the day the mode or the fixed date last
changed; without it, every completion follows the fixed rule alone.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta
from typing import NamedTuple

from compdesk.models.dates import add_months
from compdesk.models.errors import InputError
from compdesk.models.records import Competency, RenewalMode, Settings


def parse_renewal_on(text: str) -> tuple[int, int]:
    """The month and day of a fixed yearly date written "MM-DD" ("02-29" is allowed)."""
    cleaned = text.strip()
    try:
        month_text, day_text = cleaned.split("-")
        if len(month_text) != 2 or len(day_text) != 2:
            raise ValueError
        month, day = int(month_text), int(day_text)
        date(2024, month, day)  # a leap year: every day of the calendar exists in it
    except ValueError:
        raise InputError(
            f"fixed renewal date {text!r} is not a day of the year in the form MM-DD "
            "(for example 01-31)"
        ) from None
    return month, day


def fixed_date_in(year: int, month_day: tuple[int, int]) -> date:
    """The fixed day in a year; 29 February is the 28th in other years."""
    month, day = month_day
    if (month, day) == (2, 29) and not _is_leap(year):
        return date(year, 2, 28)
    return date(year, month, day)


def next_fixed_date(month_day: tuple[int, int], after: date) -> date:
    """The first fixed day strictly after `after`."""
    this_year = fixed_date_in(after.year, month_day)
    return this_year if this_year > after else fixed_date_in(after.year + 1, month_day)


class RenewalRule(NamedTuple):
    """How a competency's evidence falls due: what the gap engine needs of a competency."""

    months: int | None
    # (month, day) in fixed-date mode; None: after completion.
    fixed_on: tuple[int, int] | None = None
    # The days before a fixed date in which a completion counts for it (the warning window).
    window_days: int = 30
    # The day the fixed date took effect, when known: earlier completions get the transition.
    fixed_since: date | None = None

    @property
    def recurring(self) -> bool:
        return self.fixed_on is not None or bool(self.months)

    def due_after(self, achieved_on: date | None) -> date | None:
        """When a completion on `achieved_on` falls due again; None: it never does (or the
        completion is undated, which counts as always valid, as it does without renewal)."""
        if achieved_on is None:
            return None
        if self.fixed_on is None:
            return add_months(achieved_on, self.months) if self.months else None
        return _fixed_due(achieved_on, self.fixed_on, self.window_days, self.months,
                          self.fixed_since)

    def evidence_due(self, expires_on: date | None, achieved_on: date | None) -> date | None:
        """The last valid day of evidence: its own expiry date, else its due date."""
        return expires_on if expires_on is not None else self.due_after(achieved_on)


def renewal_rule(
    competency: Competency, settings: Settings, fixed_since: date | None = None
) -> RenewalRule:
    """The rule of a competency. A fixed-date competency whose date is empty or unreadable
    falls back to its interval, so a half-edited record never breaks the matrix (the form
    refuses the bad date with `parse_renewal_on`)."""
    fixed_on = None
    if competency.renewal_mode is RenewalMode.FIXED_DATE and competency.renewal_on:
        try:
            fixed_on = parse_renewal_on(competency.renewal_on)
        except InputError:
            fixed_on = None
    if fixed_on is None:
        return RenewalRule(competency.renewal_months)
    return RenewalRule(competency.renewal_months, fixed_on, settings.expiry_warning_days,
                       fixed_since)


# PERF: completions repeat (a training day), as in dates.add_months.
@functools.lru_cache(maxsize=8192)
def _fixed_due(
    achieved_on: date,
    fixed_on: tuple[int, int],
    window_days: int,
    months: int | None,
    fixed_since: date | None,
) -> date:
    window = timedelta(days=window_days)
    due = next_fixed_date(fixed_on, achieved_on + window)
    if fixed_since is None or achieved_on >= fixed_since:
        return due
    first_after_switch = next_fixed_date(fixed_on, fixed_since + window)
    interval_due = add_months(achieved_on, months) if months else first_after_switch
    return max(due, min(interval_due, first_after_switch))


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
