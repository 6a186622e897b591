"""Importing a quiz's results in the Training view: the session form, pre-filled from the file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog, QInputDialog
from pytestqt.qtbot import QtBot

from compdesk.models.gaps import GapStatus
from compdesk.models.records import Competency, Delivery, Person
from compdesk.views.document import Document
from compdesk.views.main_window import MainWindow
from compdesk.views.training.dialog import SessionDialog
from compdesk.views.training.view import TrainingView
from tests.conftest import make_person
from tests.gui import test_training_view
from tests.gui.test_training_view import matrix_status, session_evidence

QUIZ_FILES = Path(__file__).parents[1] / "models" / "quiz_files"
# As Google Forms writes its responses sheet: month-first timestamps, "8 / 10" scores.
GOOGLE_FORMS_SHEET = (
    "Timestamp,Email Address,Score,Where do you report a suspicious email?\r\n"
    "5/20/2026 9:14:02,ana.ruiz@example.com,9 / 10,The report button\r\n"
    "5/20/2026 9:31:47,Ben.Okafor@Example.com,6 / 10,Forward it to IT\r\n"
    "5/21/2026 14:02:11,chen.wei@example.com,10 / 10,The report button\r\n"
    "5/21/2026 16:45:09,stranger@elsewhere.org,7 / 10,The report button\r\n"
)

# The Training view's fixtures: the view as of its date, and five developers who need the topic.
view = test_training_view.view
trainees = test_training_view.trainees


def choose_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *_args, **_kw: (str(path), ""))
    )


def import_from(qtbot: QtBot, view: TrainingView) -> SessionDialog:
    qtbot.mouseClick(view.import_quiz_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, SessionDialog) and dialog.isVisible()
    return dialog


def scores(dialog: SessionDialog) -> dict[str, float | None]:
    return {row.person.name: row.score for row in dialog.model.rows()}


def test_a_google_forms_sheet_fills_the_form_and_records_one_undoable_session(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    window: MainWindow,
    document: Document,
    view: TrainingView,
    trainees: list[Person],
    secure_coding: Competency,
    tmp_path: Path,
) -> None:
    sheet = tmp_path / "Security quiz (Responses).csv"
    sheet.write_text(GOOGLE_FORMS_SHEET, encoding="utf-8")
    choose_file(monkeypatch, sheet)
    ana, ben = trainees[0], trainees[1]
    assert matrix_status(window, ana, secure_coding) is GapStatus.MISSING

    dialog = import_from(qtbot, view)
    assert scores(dialog) == {"Ana Ruiz": 90, "Ben Okafor": 60, "Chen Wei": 100}
    assert dialog.windowTitle() == f"Record training session from {sheet.name}"
    assert dialog.date_edit.date() == date(2026, 5, 21)
    assert dialog.delivery_combo.currentData() is Delivery.E_LEARNING
    assert dialog.pass_mark_spin.value() == 80 and dialog.scored_check.isChecked()
    assert dialog.unmatched_label.isVisible()
    assert "1 address matched nobody" in dialog.unmatched_label.text()
    assert "stranger@elsewhere.org" in dialog.unmatched_label.text()
    assert dialog.files_list.item(0).text() == sheet.name
    assert dialog.result_label.text().startswith("Group pass rate: 2 of 3 passed (67%)")

    # Picking the topic keeps the quiz's people: Dana and Eli, who need it too, are not added.
    dialog.topic_combo.setFocus()
    dialog.topic_combo.setCurrentIndex(dialog.topic_combo.findData(secure_coding.id))
    assert list(scores(dialog)) == ["Ana Ruiz", "Ben Okafor", "Chen Wei"]
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()

    store = document.store
    (session,) = store.training.sessions()
    assert session.held_on == date(2026, 5, 21) and session.delivery is Delivery.E_LEARNING
    assert session.notes == (
        f"Quiz results imported from {sheet.name} (Google Forms). "
        "Matched nobody: stranger@elsewhere.org."
    )
    recorded = {a.person_id: a.score for a in store.training.attendees(session.id)}
    assert recorded == {ana.id: 90, ben.id: 60, trainees[2].id: 100}
    assert [f.file_name for f in store.training.files(session.id)] == [sheet.name]
    assert session_evidence(document, secure_coding) == {"Ana Ruiz": 90, "Chen Wei": 100}
    (evidence,) = store.evidence.list(person_id=ana.id)
    files = store.attachments.by_evidence(evidence.id)[evidence.id]
    assert [attachment.file_name for attachment in files] == [sheet.name]
    assert matrix_status(window, ana, secure_coding) is GapStatus.MET
    assert matrix_status(window, ben, secure_coding) is GapStatus.MISSING

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.training.sessions() == []
    assert session_evidence(document, secure_coding) == {}
    assert matrix_status(window, ana, secure_coding) is GapStatus.MISSING


def test_a_microsoft_forms_workbook_asks_the_total_points_and_reads_again(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    document: Document,
    view: TrainingView,
    ana: Person,
) -> None:
    make_person(document.store, "Kim Lee")
    asked: list[str] = []

    def total_points(_parent: object, title: str, *_args: object) -> tuple[float, bool]:
        asked.append(title)
        return 5.0, True

    monkeypatch.setattr(QInputDialog, "getDouble", staticmethod(total_points))
    choose_file(monkeypatch, QUIZ_FILES / "microsoft_forms.xlsx")
    dialog = import_from(qtbot, view)
    assert asked == ["The quiz's total points"]
    assert scores(dialog) == {"Ana Ruiz": 100, "Kim Lee": 40}
    assert "tom.berg@example.com" in dialog.unmatched_label.text()
    assert "(Microsoft Forms)" in (dialog.quiz.notes if dialog.quiz else "")


def test_ambiguous_dates_are_asked_day_or_month_first(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    document: Document,
    view: TrainingView,
    ana: Person,
    tmp_path: Path,
) -> None:
    sheet = tmp_path / "quiz.csv"
    sheet.write_text("email,score,date\nana.ruiz@example.com,80,03/04/2026\n", encoding="utf-8")
    choose_file(monkeypatch, sheet)
    monkeypatch.setattr(
        QInputDialog, "getItem", staticmethod(lambda _p, _t, _l, items, *_a: (items[0], True))
    )
    dialog = import_from(qtbot, view)
    # The first choice is day first: 3 April.
    assert dialog.date_edit.date() == date(2026, 4, 3)


def test_a_file_that_is_no_quiz_is_reported_and_nothing_is_recorded(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    document: Document,
    view: TrainingView,
    ana: Person,
) -> None:
    choose_file(monkeypatch, QUIZ_FILES / "people_list.csv")
    with qtbot.waitSignal(document.failed) as shown:
        qtbot.mouseClick(view.import_quiz_button, Qt.MouseButton.LeftButton)
    assert "no score column" in str(shown.args[0])
    assert view.dialog is None
    assert document.store.training.sessions() == []


def test_importing_is_not_offered_in_audit_mode(
    qtbot: QtBot, window: MainWindow, view: TrainingView
) -> None:
    assert view.import_quiz_button.isEnabled()
    view.set_editable(False)
    assert not view.import_quiz_button.isEnabled()


def test_a_results_file_dropped_on_the_view_opens_the_form(
    qtbot: QtBot, view: TrainingView, trainees: list[Person], tmp_path: Path
) -> None:
    sheet = tmp_path / "responses.csv"
    sheet.write_text(GOOGLE_FORMS_SHEET, encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(sheet))])
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    view.dropEvent(drop)
    assert drop.isAccepted()
    assert isinstance(view.dialog, SessionDialog)
    assert list(scores(view.dialog)) == ["Ana Ruiz", "Ben Okafor", "Chen Wei"]
