"""A quiz's results file, read for the session form: asking what the file does not say.

Microsoft Forms' export lacks the quiz's total points and some files write dates such as
03/04/2025 that read either way: the user is asked, and the file read again. Any other problem
is an `InputError` for the caller to show; nothing is recorded here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QInputDialog, QWidget

from compdesk.models.errors import InputError
from compdesk.models.export_dates import DateOrder
from compdesk.models.quiz_import import (
    QuizResults,
    QuizRow,
    asks_date_order,
    asks_total_points,
    import_notes,
    match_quiz,
    read_quiz_results,
)
from compdesk.models.records import Person

QUIZ_FILE_FILTER = "Quiz results (*.csv *.xlsx *.zip)"
QUIZ_SUFFIXES = frozenset({".csv", ".xlsx", ".zip"})
_DATE_ORDERS = {
    "Day first (03/04/2025 is 3 April)": DateOrder.DAY_FIRST,
    "Month first (03/04/2025 is March 4)": DateOrder.MONTH_FIRST,
}


@dataclass(frozen=True, slots=True)
class QuizImport:
    """A quiz's results as read and matched: what the session form is pre-filled with."""

    path: Path
    results: QuizResults
    matched: tuple[tuple[Person, QuizRow], ...]
    unmatched: tuple[str, ...]

    @property
    def notes(self) -> str:
        return import_notes(self.results, self.unmatched)

    @property
    def unmatched_text(self) -> str:
        """The addresses no person has, said above the attendees ("" when every one matched)."""
        count = len(self.unmatched)
        if not count:
            return ""
        what = "1 address" if count == 1 else f"{count} addresses"
        return f"{what} matched nobody and will not be recorded: {', '.join(self.unmatched)}"


def read_quiz_for_form(path: Path, people: list[Person], parent: QWidget) -> QuizImport | None:
    """Read the file, asking the total points or the date order when it needs them.

    None when the user cancels a question; `InputError` when the file cannot be used."""
    out_of: float | None = None
    date_order: DateOrder | None = None
    while True:
        try:
            results = read_quiz_results(
                path, today=date.today(), out_of=out_of, date_order=date_order
            )
        except InputError as error:
            if out_of is not None or not asks_total_points(error):
                raise
            points, ok = QuizInputs.total_points(parent, path)
            if not ok:
                return None
            out_of = points
            continue
        if not results.ok and date_order is None and asks_date_order(results):
            date_order = QuizInputs.date_order(parent, path)
            if date_order is None:
                return None
            continue
        if not results.ok:
            raise results.error()
        matched, unmatched = match_quiz(results, people)
        if not matched:
            raise InputError(
                f"nobody in {path.name} is in the document: its {len(unmatched)} addresses "
                "match no person's email"
            )
        return QuizImport(path, results, matched, unmatched)


class QuizInputs:
    """The two questions a file may need answered."""

    @staticmethod
    def total_points(parent: QWidget, path: Path) -> tuple[float, bool]:
        return QInputDialog.getDouble(
            parent,
            "The quiz's total points",
            f"{path.name} is Microsoft Forms' export: it gives each person's points, not what "
            "the quiz is out of.\nThe quiz's total points:",
            10,
            0.5,
            10000,
            1,
        )

    @staticmethod
    def date_order(parent: QWidget, path: Path) -> DateOrder | None:
        labels = list(_DATE_ORDERS)
        label, ok = QInputDialog.getItem(
            parent,
            "How are the dates written?",
            f"{path.name} writes dates such as 03/04/2025 that read either way. They are:",
            labels,
            0,
            False,
        )
        return _DATE_ORDERS.get(label) if ok else None
