"""Dates as HR and directory exports write them: ISO, day first, month first, month names.

A date such as 03/04/2025 means 3 April in Europe and March 4 in the United States; the cell
alone cannot tell. A whole column usually can: one value with a day above 12 in the first
place (15/01/2025) shows the column is written day first, one with it in the second place
(01/15/2025) month first. `read_date_column` looks at the column once; `parse_export_date`
then reads each cell under the order found (or chosen by the user when nothing tells).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Final

from compdesk.models.dates import FIRST_DATE, LAST_DATE


class DateOrder(enum.Enum):
    """How a column writes the day and the month of a numeric date."""

    DAY_FIRST = "day first"
    MONTH_FIRST = "month first"

    @property
    def example(self) -> str:
        return "31/12/2025" if self is DateOrder.DAY_FIRST else "12/31/2025"


# 15.01.2025, 15/01/2025, 1/15/2025, 15-01-2025 (a time after it is dropped first).
_NUMERIC: Final = re.compile(r"(\d{1,2})([./-])(\d{1,2})\2(\d{4})")
# 2025-01-15 or 2025/01/15.
_YEAR_FIRST: Final = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})")
_MONTHS: Final = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
# 15 Jan 2025, 15-Jan-2025, Jan 15, 2025, January 15 2025.
_DAY_MONTH_NAME: Final = re.compile(r"(\d{1,2})[ -]([a-z]+)\.?[ -,]+(\d{4})")
_MONTH_NAME_DAY: Final = re.compile(r"([a-z]+)\.? (\d{1,2}),? (\d{4})")


def _date_part(text: str) -> str:
    """The date of a cell, without the time exports often add (`T00:00:00`, ` 9:14:02 AM`)."""
    cleaned = text.strip()
    if _YEAR_FIRST.match(cleaned) or _NUMERIC.match(cleaned):
        return re.split(r"[T ]", cleaned, maxsplit=1)[0]
    return cleaned.lower()


@dataclass(frozen=True, slots=True)
class DateColumnReading:
    """What a column's values tell about how its numeric dates are written."""

    # The order the values show; None when none of them tells (or there are none).
    order: DateOrder | None = None
    # A value such as 03/04/2025 that only the order can read.
    ambiguous_example: str = ""
    # One value written day first and another month first: no order reads both.
    day_first_example: str = ""
    month_first_example: str = ""

    @property
    def needs_choice(self) -> bool:
        return self.order is None and bool(self.ambiguous_example)

    @property
    def contradicts_itself(self) -> bool:
        return bool(self.day_first_example and self.month_first_example)


def read_date_column(values: Iterable[str]) -> DateColumnReading:
    """Look at every value of a date column once: which order do its numeric dates show?"""
    ambiguous = day_first = month_first = ""
    for value in values:
        match = _NUMERIC.fullmatch(_date_part(value))
        if match is None:
            continue
        first, separator, second = int(match[1]), match[2], int(match[3])
        # Nobody writes month first with dots (15.01.2025 is German, Swiss, Nordic…).
        if separator == "." or (first > 12 >= second):
            day_first = day_first or value.strip()
        elif second > 12 >= first:
            month_first = month_first or value.strip()
        elif first != second:
            ambiguous = ambiguous or value.strip()
    if day_first and month_first:
        return DateColumnReading(day_first_example=day_first, month_first_example=month_first)
    if day_first:
        return DateColumnReading(DateOrder.DAY_FIRST)
    if month_first:
        return DateColumnReading(DateOrder.MONTH_FIRST)
    return DateColumnReading(ambiguous_example=ambiguous)


def parse_export_date(text: str, order: DateOrder | None) -> date | None:
    """The date in a cell, or None if it is empty; `ValueError` in words a user reads."""
    cleaned = _date_part(text)
    if not cleaned:
        return None
    year = month = day = 0
    if match := _YEAR_FIRST.fullmatch(cleaned):
        year, month, day = int(match[1]), int(match[3]), int(match[4])
    elif match := _NUMERIC.fullmatch(cleaned):
        first, separator, second, year = int(match[1]), match[2], int(match[3]), int(match[4])
        if separator == ".":
            order = DateOrder.DAY_FIRST
        if order is None and first != second and max(first, second) <= 12:
            raise ValueError(
                f"{text.strip()!r} can be {first} {_month_name(second)} or "
                f"{_month_name(first)} {second}: say how the column writes its dates"
            )
        if order is None:
            order = DateOrder.DAY_FIRST if first > 12 else DateOrder.MONTH_FIRST
        day, month = (first, second) if order is DateOrder.DAY_FIRST else (second, first)
    elif match := _DAY_MONTH_NAME.fullmatch(cleaned):
        year, month, day = int(match[3]), _MONTHS.get(match[2], 0), int(match[1])
    elif match := _MONTH_NAME_DAY.fullmatch(cleaned):
        year, month, day = int(match[3]), _MONTHS.get(match[1], 0), int(match[2])
    else:
        raise ValueError(
            f"{text.strip()!r} is not a date compdesk can read "
            "(write it as 2025-01-15, 15.01.2025, 15/01/2025 or 15 Jan 2025)"
        )
    try:
        value = date(year, month, day)
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a date in the calendar") from None
    if not FIRST_DATE <= value <= LAST_DATE:
        raise ValueError(
            f"{text.strip()!r} is outside the dates compdesk keeps "
            f"({FIRST_DATE.isoformat()} to {LAST_DATE.isoformat()})"
        )
    return value


def _month_name(number: int) -> str:
    return date(2000, number, 1).strftime("%B") if 1 <= number <= 12 else str(number)


def date_in_name(name: str) -> date | None:
    """A date in a file's name, as directory exports name them: `exportUsers_2025-3-7.csv`."""
    # This century, with one separator or none throughout: not the time of day beside it
    # (Google's `User_Download_01052026_093012.csv` holds no year-first date).
    pattern = r"(?<!\d)(20\d\d)([-_.]?)(\d{1,2})\2(\d{1,2})(?!\d)"
    for match in re.finditer(pattern, name):
        try:
            return date(int(match[1]), int(match[3]), int(match[4]))
        except ValueError:
            continue
    return None
