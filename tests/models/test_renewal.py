"""When one completion of a recurring competency falls due again: both modes and the switch."""

from __future__ import annotations

from datetime import date

import pytest

from compdesk.models.errors import InputError
from compdesk.models.records import Competency, RenewalMode, Settings
from compdesk.models.renewal import (
    RenewalRule,
    fixed_date_in,
    next_fixed_date,
    parse_renewal_on,
    renewal_rule,
)

JAN_31 = (1, 31)
FEB_29 = (2, 29)


def fixed(on: str = "01-31", months: int | None = 12) -> Competency:
    return Competency(
        1, "Awareness", renewal_months=months, renewal_mode=RenewalMode.FIXED_DATE,
        renewal_on=on,
    )


@pytest.mark.parametrize(
    ("achieved_on", "months", "due"),
    [
        (date(2026, 1, 31), 12, date(2027, 1, 31)),
        (date(2025, 8, 31), 6, date(2026, 2, 28)),  # month end
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # month end, leap year
        (date(2024, 2, 29), 12, date(2025, 2, 28)),  # leap day + 12 months
        (date(2023, 2, 28), 12, date(2024, 2, 28)),  # the 28th stays the 28th in a leap year
    ],
)
def test_after_completion_is_the_interval_later_clamped_to_the_month_end(
    achieved_on: date, months: int, due: date
) -> None:
    assert RenewalRule(months).due_after(achieved_on) == due


def test_after_completion_without_an_interval_never_falls_due() -> None:
    rule = RenewalRule(None)
    assert not rule.recurring
    assert rule.due_after(date(2020, 1, 1)) is None


def test_an_explicit_expiry_wins_over_the_rule() -> None:
    rule = renewal_rule(fixed(), Settings())
    assert rule.evidence_due(date(2026, 5, 1), date(2026, 1, 20)) == date(2026, 5, 1)
    assert rule.evidence_due(None, None) is None  # undated evidence always counts


@pytest.mark.parametrize(
    ("text", "month_day"), [("01-31", (1, 31)), ("02-29", (2, 29)), (" 12-01 ", (12, 1))]
)
def test_a_fixed_date_reads_as_month_and_day(text: str, month_day: tuple[int, int]) -> None:
    assert parse_renewal_on(text) == month_day


@pytest.mark.parametrize("text", ["", "1-31", "13-01", "04-31", "02-30", "2026-01-31", "ab-cd"])
def test_a_fixed_date_that_is_no_day_of_the_year_is_refused(text: str) -> None:
    with pytest.raises(InputError, match="MM-DD"):
        parse_renewal_on(text)


@pytest.mark.parametrize(
    ("year", "expected"),
    [(2024, date(2024, 2, 29)), (2025, date(2025, 2, 28)), (2100, date(2100, 2, 28)),
     (2000, date(2000, 2, 29))],
)
def test_29_february_is_the_28th_outside_leap_years(year: int, expected: date) -> None:
    assert fixed_date_in(year, FEB_29) == expected


def test_the_next_fixed_date_is_strictly_after() -> None:
    assert next_fixed_date(JAN_31, date(2026, 1, 30)) == date(2026, 1, 31)
    assert next_fixed_date(JAN_31, date(2026, 1, 31)) == date(2027, 1, 31)
    assert next_fixed_date(FEB_29, date(2025, 2, 28)) == date(2026, 2, 28)
    assert next_fixed_date(FEB_29, date(2027, 3, 1)) == date(2028, 2, 29)


@pytest.mark.parametrize(
    ("achieved_on", "due"),
    [
        (date(2026, 1, 31), date(2027, 1, 31)),  # on the day
        (date(2026, 1, 1), date(2027, 1, 31)),  # the window's first day (30 days before)
        (date(2025, 12, 31), date(2026, 1, 31)),  # the day before the window: not counted
        (date(2026, 2, 1), date(2027, 1, 31)),  # late: counts for the coming year
        (date(2026, 6, 15), date(2027, 1, 31)),
    ],
    ids=["on-the-day", "window-first-day", "before-window", "day-after", "mid-year"],
)
def test_fixed_date_a_completion_in_the_window_before_counts_for_it(
    achieved_on: date, due: date
) -> None:
    assert renewal_rule(fixed(), Settings()).due_after(achieved_on) == due


def test_the_fixed_date_window_is_the_expiry_warning_window() -> None:
    rule = renewal_rule(fixed(), Settings(expiry_warning_days=60))
    assert rule.due_after(date(2025, 12, 2)) == date(2027, 1, 31)
    assert rule.due_after(date(2025, 12, 1)) == date(2026, 1, 31)


def test_fixed_date_on_29_february_falls_on_the_28th_in_common_years() -> None:
    rule = renewal_rule(fixed("02-29"), Settings())
    assert rule.due_after(date(2024, 2, 29)) == date(2025, 2, 28)
    assert rule.due_after(date(2025, 2, 28)) == date(2026, 2, 28)
    assert rule.due_after(date(2027, 2, 28)) == date(2028, 2, 29)
    assert rule.due_after(date(2028, 1, 30)) == date(2029, 2, 28)  # in the leap-year window


def test_a_fixed_date_competency_without_a_readable_date_keeps_its_interval() -> None:
    for broken in ("", "02-30"):
        rule = renewal_rule(fixed(broken), Settings())
        assert rule.fixed_on is None
        assert rule.due_after(date(2026, 3, 31)) == date(2027, 3, 31)


SWITCHED_ON = date(2026, 11, 1)


@pytest.mark.parametrize(
    ("achieved_on", "due"),
    [
        # Would be due on 31 Jan 2026 by the fixed rule alone: overdue the day of the switch.
        (date(2025, 12, 15), date(2026, 12, 15)),  # keeps its interval's date, which comes first
        (date(2026, 3, 10), date(2027, 1, 31)),  # interval later: the first fixed date after
        (date(2024, 6, 1), date(2025, 6, 1)),  # already overdue before the switch: still is
        (date(2025, 1, 10), date(2026, 1, 31)),  # in the window of 2026: the fixed rule gives more
        (date(2026, 11, 1), date(2027, 1, 31)),  # on the day of the switch: the fixed rule
    ],
    ids=["interval-first", "aligned", "already-overdue", "fixed-gives-more", "after-switch"],
)
def test_switching_to_a_fixed_date_moves_no_due_date_before_the_first_fixed_date(
    achieved_on: date, due: date
) -> None:
    rule = renewal_rule(fixed(), Settings(), fixed_since=SWITCHED_ON)
    assert rule.due_after(achieved_on) == due


def test_the_first_fixed_date_after_a_switch_is_at_least_the_warning_window_away() -> None:
    rule = renewal_rule(fixed(), Settings(), fixed_since=date(2027, 1, 10))
    # 31 Jan 2027 is 21 days after the switch, inside the 30-day window: next year's date.
    assert rule.due_after(date(2026, 12, 20)) == date(2027, 12, 20)
    assert rule.due_after(date(2026, 3, 1)) == date(2027, 3, 1)
    without_interval = renewal_rule(fixed(months=None), Settings(), fixed_since=date(2027, 1, 10))
    assert without_interval.due_after(date(2020, 3, 1)) == date(2028, 1, 31)
