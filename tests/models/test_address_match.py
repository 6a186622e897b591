"""Quiz and drill results find their people by email the same way (models/export_cells.py)."""

from __future__ import annotations

from compdesk.models.drill_import import DrillPersonResult, match_drill
from compdesk.models.quiz_import import QuizResults, QuizRow, QuizTool, match_quiz
from compdesk.models.records import Person

PEOPLE = (
    Person(1, "Ana Ruiz", "Ana.Ruiz@Example.com"),
    Person(2, "No Address", "   "),
)


def _quiz(*emails: str) -> QuizResults:
    rows = tuple(QuizRow(n, n + 1, email, 90.0, None) for n, email in enumerate(emails, 1))
    return QuizResults("quiz.csv", QuizTool.PLAIN, rows)


def test_a_quiz_row_matches_whatever_the_case_and_spaces_of_the_address() -> None:
    matched, unmatched = match_quiz(_quiz(" ANA.RUIZ@example.COM "), PEOPLE)
    assert [(person.id, row.email) for person, row in matched] == [(1, " ANA.RUIZ@example.COM ")]
    assert unmatched == ()


def test_a_drill_row_matches_whatever_the_case_and_spaces_of_the_address() -> None:
    matched, unmatched = match_drill([DrillPersonResult(" ANA.RUIZ@example.COM ")], PEOPLE)
    assert [person.id for person, _ in matched] == [1]
    assert unmatched == ()


def test_a_blank_quiz_address_matches_no_one_not_even_a_person_without_one() -> None:
    matched, unmatched = match_quiz(_quiz("  ", ""), PEOPLE)
    assert matched == ()
    assert unmatched == ("  ", "")


def test_a_blank_drill_address_matches_no_one_not_even_a_person_without_one() -> None:
    drill = [DrillPersonResult("  "), DrillPersonResult("")]
    match = match_drill(drill, PEOPLE)
    assert match.matched == ()
    assert match.unmatched == ("  ", "")
