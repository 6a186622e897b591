"""Dates are exactly YYYY-MM-DD within 1900–2200: nothing after the day, no week dates."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compdesk.models.dates import FIRST_DATE, LAST_DATE, add_months, parse_date
from compdesk.models.errors import InputError


@pytest.mark.parametrize(
    "text",
    [
        "2024-03-01 junk",
        "2024-03-01T25:99:99",
        "2024-03-01T",
        "2024-W09-5",
        "20240301",
        "2024-3-1",
        "9999-12-31",
        "1899-12-31",
        "2201-01-01",
        "２０２４-03-01",
        "2024-02-30",
    ],
)
def test_anything_but_a_plain_date_in_range_is_refused(text: str) -> None:
    with pytest.raises(InputError):
        parse_date(text)


def test_the_first_and_last_dates_kept_are_read() -> None:
    assert parse_date(" 1900-01-01 ") == FIRST_DATE
    assert parse_date("2200-12-31") == LAST_DATE


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_is_a_date_in_the_form_or_an_input_error(text: str) -> None:
    try:
        value = parse_date(text)
    except InputError:
        return
    assert value.isoformat() == text.strip()
    assert FIRST_DATE <= value <= LAST_DATE


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=FIRST_DATE, max_value=LAST_DATE))
def test_every_date_in_range_reads_back(value: date) -> None:
    assert parse_date(value.isoformat()) == value


def test_months_beyond_the_calendar_end_at_its_last_day_rather_than_failing() -> None:
    assert add_months(date(9999, 12, 31), 1) == date.max
    assert add_months(date(1, 1, 1), -1) == date.min
