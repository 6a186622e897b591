"""The words and numbers every report and the window write the same way."""

from __future__ import annotations

from datetime import date

import pytest

from compdesk.models.records import Competency, RenewalMode
from compdesk.reports.formatting import long_date, renewal_text


def test_long_dates_name_the_month() -> None:
    assert long_date(date(2025, 6, 30)) == "30 June 2025"


@pytest.mark.parametrize(
    ("competency", "text"),
    [
        (Competency(1, "Security policy"), "never expires"),
        (Competency(1, "Phishing", renewal_months=1), "every month"),
        (Competency(1, "Phishing", renewal_months=12), "every 12 months"),
        (
            Competency(
                1,
                "Data handling",
                renewal_months=12,
                renewal_mode=RenewalMode.FIXED_DATE,
                renewal_on="01-31",
            ),
            "every year on 31 January",
        ),
    ],
)
def test_a_competencys_renewal_reads_the_same_everywhere(competency: Competency, text: str) -> None:
    assert renewal_text(competency) == text
