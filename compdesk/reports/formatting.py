"""How a report writes a share, a file size and a spreadsheet cell: the same in the window and on the command
line, so an exported file and the screen never disagree."""

from __future__ import annotations

from datetime import date
from typing import Final

from compdesk.models.records import Competency, RenewalMode

_MONTHS: Final = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """`text` with a leading ' when a spreadsheet would otherwise run it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def percent(value: float | None) -> str:
    """'73 %' (with the space the rest of compdesk uses), or '—' when nothing is required."""
    return "—" if value is None else f"{value:.0%}".replace("%", " %")


def whole_percent(value: float | None) -> str:
    """A share as a bare whole number of percent for a spreadsheet column ('73'); '' for none."""
    return "" if value is None else f"{value * 100:.0f}"


def format_size(size: int) -> str:
    """A byte count as people read it: 512 bytes, 48 KB, 3.2 MB."""
    if size < 1024:
        return f"{size} byte{'' if size == 1 else 's'}"
    value, unit = size / 1024, "KB"
    for larger in ("MB", "GB"):
        if value < 1024:
            break
        value, unit = value / 1024, larger
    return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"


def long_date(day: date) -> str:
    """`30 June 2025`: a date no reader can take for another (month names, not the locale's)."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def renewal_text(competency: Competency) -> str:
    """How often a competency's evidence is renewed: 'every 12 months', 'every month', 'every
    year on 31 January', or 'never expires' — the same words in the window and every report."""
    if competency.renewal_mode is RenewalMode.FIXED_DATE and competency.renewal_on:
        month_text, _, day_text = competency.renewal_on.partition("-")
        if month_text.isdigit() and day_text.isdigit() and 1 <= int(month_text) <= 12:
            return f"every year on {int(day_text)} {_MONTHS[int(month_text) - 1]}"
    months = competency.renewal_months
    if not months:
        return "never expires"
    return "every month" if months == 1 else f"every {months} months"
