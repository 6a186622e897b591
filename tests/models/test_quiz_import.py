"""Quiz results as Google Forms, Microsoft Forms and a spreadsheet write them."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from compdesk.models.errors import InputError
from compdesk.models.export_dates import DateOrder
from compdesk.models.quiz_import import (
    QuizTool,
    match_quiz,
    parse_pass_mark,
    passed,
    read_quiz_results,
)
from compdesk.models.records import Person

FILES = Path(__file__).parent / "quiz_files"
TODAY = date(2025, 6, 1)


def _person(person_id: int, email: str) -> Person:
    return Person(id=person_id, name=email.split("@")[0], email=email)


def _workbook(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_google_forms_sheet_gives_each_persons_best_attempt_as_a_percentage() -> None:
    results = read_quiz_results(FILES / "google_forms_sheet.csv", today=TODAY)
    assert results.ok, results.problems
    assert results.tool is QuizTool.GOOGLE_FORMS
    by_email = {row.email: row for row in results.rows}
    assert set(by_email) == {
        "ana.ruiz@example.com",
        "tom.berg@example.com",
        "kim.lee@example.com",
        "guest@other.org",
    }
    assert by_email["ana.ruiz@example.com"].score == 80.0
    # Tom answered twice (6/10, then 9/10, his address written in two cases): the better counts.
    tom = by_email["tom.berg@example.com"]
    assert (tom.score, tom.taken_on, tom.attempts, tom.row_number) == (
        90.0,
        date(2025, 1, 16),
        2,
        4,
    )
    assert by_email["ana.ruiz@example.com"].taken_on == date(2025, 1, 15)
    assert results.held_on == date(2025, 1, 17)


def test_google_forms_download_zip_reads_the_csv_inside() -> None:
    results = read_quiz_results(FILES / "google_forms_download.zip", today=TODAY)
    assert results.ok, results.problems
    assert results.tool is QuizTool.GOOGLE_FORMS
    assert [(row.email, row.score, row.taken_on) for row in results.rows] == [
        ("ana.ruiz@example.com", 85.0, date(2025, 3, 4)),
        ("kim.lee@example.com", 100.0, date(2025, 3, 4)),
    ]


def test_microsoft_forms_workbook_reads_points_against_the_quizs_total() -> None:
    results = read_quiz_results(FILES / "microsoft_forms.xlsx", today=TODAY, out_of=5)
    assert results.ok, results.problems
    assert results.tool is QuizTool.MICROSOFT_FORMS
    assert [(row.email, row.score, row.taken_on, row.name) for row in results.rows] == [
        ("ana.ruiz@example.com", 100.0, date(2025, 3, 10), "Ana Ruiz"),
        ("tom.berg@example.com", 60.0, date(2025, 3, 10), "Tom Berg"),
        ("kim.lee@example.com", 40.0, date(2025, 3, 11), "Kim Lee"),
    ]
    assert results.rows[0].line == 2


def test_microsoft_forms_without_the_total_asks_for_it() -> None:
    with pytest.raises(InputError, match="not what the quiz is out of"):
        read_quiz_results(FILES / "microsoft_forms.xlsx", today=TODAY)


def test_plain_csv_with_bom_semicolons_percents_and_a_formula_escaped_name() -> None:
    results = read_quiz_results(FILES / "plain_percent.csv", today=TODAY)
    assert results.ok, results.problems
    assert results.tool is QuizTool.PLAIN
    assert [(row.name, row.score, row.taken_on) for row in results.rows] == [
        ("Ana Ruiz", 85.0, date(2025, 1, 15)),
        ("=Kim Lee", 100.0, date(2025, 1, 16)),
        ("Tom Berg", 55.0, date(2025, 1, 16)),
    ]


def test_plain_csv_with_fractions_reads_them_as_parts_of_one() -> None:
    results = read_quiz_results(FILES / "plain_fraction.csv", today=TODAY)
    assert results.ok, results.problems
    assert [row.score for row in results.rows] == [80.0, 100.0, 80.0]


@pytest.mark.parametrize(
    ("file_name", "message"),
    [
        ("empty.csv", r"empty \(0 bytes\)"),
        ("people_list.csv", "no score column, so it is not a quiz's results"),
        ("broken.xlsx", "not an Excel workbook compdesk can read"),
        ("missing.csv", "no such file"),
    ],
)
def test_unusable_files_get_a_clear_message(file_name: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_quiz_results(FILES / file_name, today=TODAY)


def test_an_old_xls_workbook_is_asked_to_be_saved_as_xlsx() -> None:
    with pytest.raises(InputError, match=r"\.xls\)"):
        read_quiz_results(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, today=TODAY)


def test_every_bad_row_is_listed_at_once_with_row_column_and_why() -> None:
    data = (
        b"email,score,date\n"
        b"ana.ruiz@example.com,80,2025-13-01\n"
        b"not-an-address,80,2025-01-02\n"
        b"kim.lee@example.com,,2025-01-02\n"
        b"tom.berg@example.com,12 / 10,2025-07-01\n"
    )
    results = read_quiz_results(data, today=TODAY, name="quiz.csv")
    assert not results.ok
    found = [(problem.row_number, problem.column) for problem in results.problems]
    assert found == [(1, "date"), (2, "email"), (3, "score"), (4, "score"), (4, "date")]
    message = str(results.error())
    assert message.startswith("quiz.csv: 5 problems")
    assert "'12 / 10' is more than 10" in message
    assert "2025-07-01 is after today (2025-06-01)" in message


def test_anonymous_microsoft_forms_answers_say_how_to_fix_the_quiz() -> None:
    data = _workbook(
        [
            ["ID", "Start time", "Completion time", "Email", "Name", "Total points"],
            [1, datetime(2025, 3, 10, 9), datetime(2025, 3, 10, 9, 5), "anonymous", None, 4],
        ]
    )
    results = read_quiz_results(data, today=TODAY, out_of=5)
    assert [problem.why for problem in results.problems] == [
        "the answer is anonymous: let only people in the organisation answer, and record "
        "their names, in the quiz's settings"
    ]


def test_dates_such_as_03_04_are_read_the_one_way_that_is_not_in_the_future() -> None:
    data = b"email,score,date\nana@example.com,80,05/07/2025\n"
    # 5 July 2025 is after today; 7 May is not.
    results = read_quiz_results(data, today=TODAY)
    assert results.rows[0].taken_on == date(2025, 5, 7)


def test_dates_that_read_both_ways_need_the_order_said() -> None:
    data = b"email,score,date\nana@example.com,80,03/04/2025\n"
    results = read_quiz_results(data, today=TODAY)
    assert len(results.problems) == 1 and "day first or month first" in results.problems[0].why
    chosen = read_quiz_results(data, today=TODAY, date_order=DateOrder.DAY_FIRST)
    assert chosen.rows[0].taken_on == date(2025, 4, 3)


def test_match_by_email_ignores_case_and_unicode_form_and_lists_the_rest() -> None:
    results = read_quiz_results(
        "email,score\nJOSE@example.com,90\nzoë@example.com,80\nstranger@example.com,70\n".encode(),
        today=TODAY,
    )
    jose, zoe = _person(1, "jose@Example.com"), _person(2, "zoe\u0308@example.com")
    matched, unmatched = match_quiz(results, [jose, zoe])
    assert [(person.id, row.score) for person, row in matched] == [(1, 90.0), (2, 80.0)]
    assert unmatched == ("stranger@example.com",)


@pytest.mark.parametrize(
    ("score", "pass_mark", "expected"),
    [(80.0, 80.0, True), (79.99, 80.0, False), (200 / 3, 66.67, True), (100.0, 100.0, True)],
)
def test_passed_reaches_the_pass_mark(score: float, pass_mark: float, expected: bool) -> None:
    assert passed(score, pass_mark) is expected


@pytest.mark.parametrize(("text", "mark"), [("80", 80.0), ("80 %", 80.0), ("72,5", 72.5)])
def test_pass_mark_as_typed(text: str, mark: float) -> None:
    assert parse_pass_mark(text) == mark


@pytest.mark.parametrize("text", ["0", "120", "eighty", "nan"])
def test_pass_mark_outside_a_percentage_is_refused(text: str) -> None:
    with pytest.raises(InputError, match="pass mark"):
        parse_pass_mark(text)


def test_importing_the_models_does_not_load_openpyxl() -> None:
    code = "import sys, compdesk.models.quiz_import;sys.exit(1 if 'openpyxl' in sys.modules else 0)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
