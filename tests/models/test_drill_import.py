"""Drill results read from the files the tools write (tests/models/drill_files/).

The Gophish files are written as its web interface's "Export CSV" writes them: Papa Parse 5.2's
`unparse` of the campaign's `results` or `timeline` with `escapeFormulae` (a ' before a cell
starting with =, +, - or @), CRLF between rows and none after the last, named
`<campaign> - Results.csv` / `<campaign> - Events.csv`. The Defender file has the columns of a
simulation's Users tab as Microsoft documents them, quoted, with a BOM.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from compdesk.models.drill_import import (
    DrillPersonResult,
    DrillSource,
    drill_totals,
    match_drill,
    read_drill_results,
)
from compdesk.models.errors import InputError
from compdesk.models.records import Person

FILES = Path(__file__).parent / "drill_files"
TODAY = date(2026, 5, 1)
PEOPLE = (
    Person(1, "Ana Ruiz", "ana.ruiz@example.com"),
    Person(2, "Ben Okafor", "ben.okafor@example.com"),
    Person(3, "Chen Wei", "chen.wei@example.com"),
    Person(4, "Dara Kim", "dara.kim@example.com"),
)


def _by_email(results: tuple[DrillPersonResult, ...]) -> dict[str, tuple[bool, bool]]:
    return {result.email.lower(): (result.clicked, result.reported) for result in results}


def _write(tmp_path: Path, text: str, name: str = "drill.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


def test_gophish_results_clicked_means_clicked_link_or_submitted_data() -> None:
    drill = read_drill_results(FILES / "March payroll - Results.csv", today=TODAY)
    assert drill.source is DrillSource.GOPHISH_RESULTS
    assert drill.problems == ()
    assert _by_email(drill.results) == {
        "ana.ruiz@example.com": (True, False),
        "ben.okafor@example.com": (False, True),
        "chen.wei@example.com": (True, False),
        "dara.kim@example.com": (False, True),
        "visitor@elsewhere.example": (False, False),
    }


def test_gophish_results_give_the_campaign_name_and_first_send_day() -> None:
    drill = read_drill_results(FILES / "March payroll - Results.csv", today=TODAY)
    assert drill.name == "March payroll"
    assert drill.held_on == date(2026, 3, 3)


def test_gophish_results_list_a_failed_send_apart_from_the_figures() -> None:
    drill = read_drill_results(FILES / "March payroll - Results.csv", today=TODAY)
    assert drill.not_sent == ("eve.stone@example.com",)
    totals = drill.totals
    assert (totals.sent, totals.clicked, totals.reported) == (5, 2, 2)
    assert totals.click_rate == pytest.approx(0.4)
    # The results export has no report times.
    assert totals.median_minutes_to_report is None


def test_gophish_events_give_each_persons_time_from_sent_to_first_report() -> None:
    drill = read_drill_results(FILES / "March payroll - Events.csv", today=TODAY)
    assert drill.source is DrillSource.GOPHISH_EVENTS
    assert drill.problems == ()
    minutes = {result.email: result.minutes_to_report for result in drill.results}
    # Ben reported twice: 09:00:05.1 to 09:12:35.1 is 12.5 minutes; Dara 09:00:06.2 to 09:05:00.2.
    assert minutes == {
        "ana.ruiz@example.com": None,
        "ben.okafor@example.com": 12.5,
        "chen.wei@example.com": None,
        "dara.kim@example.com": 4.9,
    }
    assert _by_email(drill.results)["chen.wei@example.com"] == (True, False)
    assert drill.not_sent == ("eve.stone@example.com",)
    assert (drill.name, drill.held_on) == ("March payroll", date(2026, 3, 3))
    assert drill.totals.median_minutes_to_report == pytest.approx((12.5 + 4.9) / 2)


def test_defender_user_report_reads_compromised_as_clicked() -> None:
    drill = read_drill_results(FILES / "Defender simulation users.csv", today=TODAY)
    assert drill.source is DrillSource.DEFENDER
    assert drill.problems == ()
    assert _by_email(drill.results) == {
        "ana.ruiz@example.com": (True, False),
        "ben.okafor@example.com": (False, True),
        "chen.wei@example.com": (True, True),
    }
    # A failed delivery is not someone who ignored the email.
    assert drill.not_sent == ("eve.stone@example.com",)
    assert (drill.name, drill.held_on) == ("", None)


def test_plain_csv_from_a_german_spreadsheet() -> None:
    drill = read_drill_results(FILES / "plain drill.csv", today=TODAY)
    assert drill.source is DrillSource.PLAIN
    assert drill.problems == ()
    assert [(r.email, r.clicked, r.reported, r.minutes_to_report) for r in drill.results] == [
        ("ana.ruiz@example.com", True, False, None),
        ("ben.okafor@example.com", False, True, 2.5),
        ("chen.wei@example.com", True, True, 58.0),
        ("new.starter@example.com", False, False, None),
    ]


def test_unknown_addresses_are_listed_never_dropped() -> None:
    drill = read_drill_results(FILES / "plain drill.csv", today=TODAY)
    matched, unmatched = match_drill(drill.results, PEOPLE)
    assert [person.name for person, _ in matched] == ["Ana Ruiz", "Ben Okafor", "Chen Wei"]
    assert unmatched == ("new.starter@example.com",)


def test_matching_ignores_the_case_of_an_address() -> None:
    drill = read_drill_results(FILES / "Defender simulation users.csv", today=TODAY)
    matched, unmatched = match_drill(drill.results, PEOPLE)
    assert {person.id for person, _ in matched} == {1, 2, 3}
    assert unmatched == ()


def test_every_bad_row_is_listed_at_once(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "email,clicked,reported,minutes\n"
        "ana.ruiz@example.com,maybe,no,\n"
        "not-an-address,yes,no,\n"
        "ben.okafor@example.com,no,no,5\n"
        "chen.wei@example.com,no,yes,soon\n"
        "dara.kim@example.com,no,yes,3\n",
    )
    drill = read_drill_results(path, today=TODAY)
    assert [str(problem) for problem in drill.problems] == [
        "line 2, clicked 'maybe': not yes or no",
        "line 3, email 'not-an-address': not an email address",
        "line 4, minutes '5': a time to report for someone who did not report",
        "line 5, minutes 'soon': not a number of minutes",
    ]
    assert [result.email for result in drill.results] == ["dara.kim@example.com"]
    with pytest.raises(InputError, match="4 rows cannot be read"):
        drill.raise_for_problems()


def test_a_plain_csv_naming_someone_twice_with_other_answers_is_a_problem(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "email,clicked,reported\nana.ruiz@example.com,yes,no\nANA.RUIZ@example.com,no,no\n",
    )
    drill = read_drill_results(path, today=TODAY)
    assert [str(p) for p in drill.problems] == [
        "line 3, email 'ANA.RUIZ@example.com': also on line 2, with other answers"
    ]


def test_a_gophish_send_date_after_today_is_a_problem(tmp_path: Path) -> None:
    text = (FILES / "March payroll - Results.csv").read_text(encoding="utf-8")
    path = _write(tmp_path, text.replace("2026-03-03T09:00:04", "2027-03-03T09:00:04"), "x.csv")
    drill = read_drill_results(path, today=TODAY)
    assert [str(p) for p in drill.problems] == [
        "line 2, send_date '2027-03-03T09:00:04.512338Z': after today (2026-05-01)"
    ]


def test_a_file_of_no_known_kind_names_its_columns(tmp_path: Path) -> None:
    path = _write(tmp_path, "Name,Score\nAna,8\n")
    with pytest.raises(InputError, match="its columns are Name, Score"):
        read_drill_results(path, today=TODAY)


def test_totals_of_no_results_have_no_rates() -> None:
    totals = drill_totals(())
    assert (totals.sent, totals.click_rate, totals.report_rate) == (0, None, None)
