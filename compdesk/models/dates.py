"""Dates as the user types them and as the file stores them (ISO 8601)."""

from __future__ import annotations

import calendar
import functools
from datetime import UTC, date, datetime

from compdesk.models.errors import InputError


def parse_date(text: str, what: str = "date") -> date:
    """Read a YYYY-MM-DD date, or say clearly what is wrong with it."""
    cleaned = text.strip()
    try:
        if len(cleaned) != 10:
            raise ValueError
        return date.fromisoformat(cleaned)
    except ValueError:
        raise InputError(f"{what} {text!r} is not a date in the form YYYY-MM-DD") from None


def parse_optional_date(text: str | None, what: str = "date") -> date | None:
    if text is None or not text.strip():
        return None
    return parse_date(text, what)


# Evidence dates repeat a lot (a training day, a renewal interval): worth remembering.
@functools.lru_cache(maxsize=8192)
def add_months(start: date, months: int) -> date:
    """`start` plus whole months, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def utc_now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
