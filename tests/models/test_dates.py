"""Whole months added to a date, clamped to the month's last day."""

from __future__ import annotations

from datetime import date

import pytest

from compdesk.models.dates import add_months


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 15), 1, date(2026, 2, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 10, 31), 2, date(2026, 12, 31)),
        (date(2026, 11, 30), 1, date(2026, 12, 30)),
        (date(2025, 12, 31), 2, date(2026, 2, 28)),
        (date(2026, 1, 29), 13, date(2027, 2, 28)),
        (date(2026, 5, 31), 0, date(2026, 5, 31)),
    ],
)
def test_months_are_added_and_the_day_is_clamped_to_the_month(
    start: date, months: int, expected: date
) -> None:
    assert add_months(start, months) == expected
