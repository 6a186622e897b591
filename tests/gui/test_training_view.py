"""The Training view and the session form, driven through real widgets."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from compdesk.models.gaps import GapStatus
from compdesk.models.records import Attendance, Competency, Person, Route
from compdesk.views.document import Document
from compdesk.views.main_window import MainWindow
from compdesk.views.matrix.view import MatrixView
from compdesk.views.names import VIEW_NAMES
from compdesk.views.training.attendees import AttendeeColumn
from compdesk.views.training.dialog import SessionDialog
from compdesk.views.training.view import SessionColumn, TrainingView
from tests.conftest import make_evidence, make_person
from tests.gui.conftest import shown_view

MATRIX_TAB = VIEW_NAMES.index("matrix")
TRAINING_TAB = VIEW_NAMES.index("training")
AS_OF = date(2026, 6, 1)
TRAINEES = ("Ana Ruiz", "Ben Okafor", "Chen Wei", "Dana Kim", "Eli Novak")


@pytest.fixture
def view(window: MainWindow, document: Document) -> TrainingView:
    document.set_as_of(AS_OF)
    return shown_view(window, TRAINING_TAB, "training", TrainingView)


@pytest.fixture
def trainees(document: Document) -> list[Person]:
    """Five developers who lack secure coding, and one who holds it."""
    store = document.store
    developer = store.roles.by_name("Developer")
    people = [
        make_person(store, name, roles=(developer,), start_date=date(2025, 1, 6))
        for name in TRAINEES
    ]
    trained = make_person(store, "Fay Holm", roles=(developer,), start_date=date(2025, 1, 6))
    make_evidence(
        store,
        trained,
        store.competencies.by_name("Secure coding (OWASP Top 10)"),
        achieved_on=date(2026, 3, 1),
    )
    document.refresh()
    return people


def open_new_session(qtbot: QtBot, view: TrainingView, competency: Competency) -> SessionDialog:
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, SessionDialog) and dialog.isVisible()
    dialog.topic_combo.setFocus()
    dialog.topic_combo.setCurrentIndex(dialog.topic_combo.findData(competency.id))
    return dialog


def type_scores(qtbot: QtBot, dialog: SessionDialog, scores: list[str]) -> None:
    """Type each score and press Enter, as a user goes down the score column."""
    dialog.table.start_scores()
    for score in scores:
        editor = dialog.table.focusWidget()
        assert editor is not None
        qtbot.keyClicks(editor, score)
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        # The delegate commits and moves on in a queued call.
        qtbot.waitUntil(lambda editor=editor: dialog.table.focusWidget() is not editor)


def listed_names(dialog: SessionDialog) -> list[str]:
    return [row.person.name for row in dialog.model.rows()]


def matrix_status(window: MainWindow, person: Person, competency: Competency) -> GapStatus:
    window.show_view(MATRIX_TAB)
    matrix = window.view("matrix")
    assert isinstance(matrix, MatrixView)
    status = matrix.status_of(person.id, competency.id)
    window.show_view(TRAINING_TAB)
    assert status is not None
    return status


def session_evidence(document: Document, competency: Competency) -> dict[str, float | None]:
    """Name → score of the evidence a session produced."""
    store = document.store
    return {
        store.people.get(e.person_id).name: e.score
        for e in store.evidence.list(competency_id=competency.id)
        if e.route is Route.TRAINING and e.title.endswith("training session")
    }


def test_a_session_for_five_people_gives_the_passing_ones_evidence_and_undo_takes_it_back(
    qtbot: QtBot,
    window: MainWindow,
    document: Document,
    view: TrainingView,
    trainees: list[Person],
    secure_coding: Competency,
    tmp_path: Path,
) -> None:
    ana, ben = trainees[0], trainees[1]
    assert matrix_status(window, ana, secure_coding) is GapStatus.MISSING
    dialog = open_new_session(qtbot, view, secure_coding)
    # Pre-filled with those who need it and lack it on the session's date: not Fay.
    assert listed_names(dialog) == list(TRAINEES)
    assert dialog.pass_mark_spin.value() == document.store.settings.get().pass_mark == 80
    qtbot.keyClicks(dialog.trainer_edit, "Zoe Muller")
    attendance_list = tmp_path / "attendance.pdf"
    attendance_list.write_bytes(b"%PDF-1.4 signed list")
    dialog.add_files([attendance_list])

    type_scores(qtbot, dialog, ["90", "72", "85", "100", "80"])
    assert [row.score for row in dialog.model.rows()] == [90, 72, 85, 100, 80]
    assert dialog.result_label.text().startswith("Group pass rate: 4 of 5 passed (80%)")
    assert "flagged for retake" in dialog.result_label.text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()

    (session,) = document.store.training.sessions()
    assert session.trainer == "Zoe Muller" and session.pass_mark == 80
    passing = {"Ana Ruiz": 90, "Chen Wei": 85, "Dana Kim": 100, "Eli Novak": 80}
    assert session_evidence(document, secure_coding) == passing
    for evidence in document.store.evidence.list(person_id=ana.id):
        files = document.store.attachments.by_evidence(evidence.id)[evidence.id]
        assert [attachment.file_name for attachment in files] == ["attendance.pdf"]
    assert matrix_status(window, ana, secure_coding) is GapStatus.MET
    assert matrix_status(window, ben, secure_coding) is GapStatus.MISSING
    row = view.selected_row()
    assert row is not None and row.session == session
    assert view.proxy.index(0, SessionColumn.ATTENDEES).data() == "5"
    assert view.proxy.index(0, SessionColumn.PASS_RATE).data() == "80% retake"

    window.undo_action.trigger()
    assert document.store.training.sessions() == []
    assert session_evidence(document, secure_coding) == {}
    assert matrix_status(window, ana, secure_coding) is GapStatus.MISSING
    assert view.model.rowCount() == 0

    window.redo_action.trigger()
    assert document.store.training.sessions() == [session]
    assert session_evidence(document, secure_coding) == passing
    assert matrix_status(window, ana, secure_coding) is GapStatus.MET


def test_the_pass_rate_is_flagged_only_below_the_retake_threshold(
    qtbot: QtBot, view: TrainingView, trainees: list[Person], secure_coding: Competency
) -> None:
    dialog = open_new_session(qtbot, view, secure_coding)
    type_scores(qtbot, dialog, ["90", "90", "90", "90", "90"])
    assert dialog.result_label.text() == "Group pass rate: 5 of 5 passed (100%)"
    # The trainer's judgement overrides a score: one tick cleared by hand.
    second_passed = dialog.model.index(1, AttendeeColumn.PASSED)
    dialog.model.setData(second_passed, Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    assert dialog.result_label.text() == (
        "Group pass rate: 4 of 5 passed (80%) ⚠ below 90%: flagged for retake"
    )
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert view.proxy.index(0, SessionColumn.PASS_RATE).data() == "80% retake"
    assert "1 flagged for retake" in view.summary_label.text()


def test_a_score_edited_to_failing_takes_that_attendees_evidence_away(
    qtbot: QtBot,
    window: MainWindow,
    document: Document,
    view: TrainingView,
    trainees: list[Person],
    secure_coding: Competency,
) -> None:
    ana = trainees[0]
    document.store.training.add(
        secure_coding.id,
        AS_OF,
        [Attendance(0, person.id, score=90) for person in trainees],
        pass_mark=80,
    )
    document.refresh()
    assert matrix_status(window, ana, secure_coding) is GapStatus.MET
    view.table.setFocus()
    view.table.selectRow(0)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    dialog = view.dialog
    assert isinstance(dialog, SessionDialog) and dialog.ok_button.text() == "Apply changes"
    assert listed_names(dialog) == list(TRAINEES)

    type_scores(qtbot, dialog, ["60"])
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert "Ana Ruiz" not in session_evidence(document, secure_coding)
    assert len(session_evidence(document, secure_coding)) == 4
    assert matrix_status(window, ana, secure_coding) is GapStatus.MISSING

    window.undo_action.trigger()
    assert session_evidence(document, secure_coding)["Ana Ruiz"] == 90
    assert matrix_status(window, ana, secure_coding) is GapStatus.MET


def test_deleting_a_session_removes_its_evidence_until_undone(
    qtbot: QtBot,
    window: MainWindow,
    document: Document,
    view: TrainingView,
    trainees: list[Person],
    secure_coding: Competency,
) -> None:
    document.store.training.add(
        secure_coding.id, AS_OF, [Attendance(0, p.id, score=95) for p in trainees], pass_mark=80
    )
    document.refresh()
    view.table.setFocus()
    view.table.selectRow(0)
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert document.store.training.sessions() == []
    assert session_evidence(document, secure_coding) == {}
    window.undo_action.trigger()
    assert len(session_evidence(document, secure_coding)) == 5


def test_a_bad_score_is_refused_with_a_message(
    qtbot: QtBot, view: TrainingView, trainees: list[Person], secure_coding: Competency
) -> None:
    dialog = open_new_session(qtbot, view, secure_coding)
    type_scores(qtbot, dialog, ["120"])
    assert dialog.model.rows()[0].score is None
    assert "from 0 to 100, not 120" in dialog.message.text()


def test_changing_the_topic_lists_who_needs_the_new_one(
    qtbot: QtBot, view: TrainingView, document: Document, trainees: list[Person]
) -> None:
    store = document.store
    # Secure coding is required of the developers only; a topic none of them needs lists nobody.
    unrequired = store.competencies.add("Forklift driving")
    dialog = open_new_session(qtbot, view, unrequired)
    assert listed_names(dialog) == []
    assert dialog.result_label.text().startswith("Nobody listed")
    secure_coding = store.competencies.by_name("Secure coding (OWASP Top 10)")
    dialog.topic_combo.setCurrentIndex(dialog.topic_combo.findData(secure_coding.id))
    assert listed_names(dialog) == list(TRAINEES)
    # Recording nobody is refused, in words, with the focus on the list.
    dialog.topic_combo.setCurrentIndex(dialog.topic_combo.findData(unrequired.id))
    dialog.accept()
    assert dialog.isVisible() and "add a person" in dialog.message.text()


def test_a_session_flagged_for_retake_is_no_longer_flagged_once_the_retake_is_held(
    qtbot: QtBot, view: TrainingView, trainees: list[Person], secure_coding: Competency
) -> None:
    store = view.document.store
    scores = (90, 90, 40, 40, 90)
    failing = [Attendance(0, p.id, score=s) for p, s in zip(trainees, scores, strict=True)]
    store.training.add(secure_coding.id, date(2026, 3, 2), attendees=failing, pass_mark=80.0)
    view.document.refresh()
    assert view.proxy.index(0, SessionColumn.PASS_RATE).data() == "60% retake"

    retake = [Attendance(0, p.id, score=90) for p in trainees[2:4]]
    store.training.add(secure_coding.id, date(2026, 3, 16), attendees=retake, pass_mark=80.0)
    view.document.refresh()
    first = view.proxy.match(
        view.proxy.index(0, SessionColumn.DATE), Qt.ItemDataRole.DisplayRole, "2026-03-02"
    )[0]
    assert view.proxy.index(first.row(), SessionColumn.PASS_RATE).data() == (
        "60% (retaken 2026-03-16)"
    )
    assert "flagged for retake" not in view.summary_label.text()


def attendee_file_names(document: Document, person: Person, competency: Competency) -> list[str]:
    """The names of the files on the person's evidence of the session."""
    store = document.store
    (evidence,) = [
        e
        for e in store.evidence.list(competency_id=competency.id)
        if e.person_id == person.id and e.route is Route.TRAINING
    ]
    return [a.file_name for a in store.attachments.by_evidence(evidence.id).get(evidence.id, [])]


def test_removing_a_session_file_takes_it_from_the_evidence_until_undone(
    qtbot: QtBot,
    window: MainWindow,
    document: Document,
    view: TrainingView,
    trainees: list[Person],
    secure_coding: Competency,
) -> None:
    store = document.store
    session = store.training.add(
        secure_coding.id, AS_OF, [Attendance(0, p.id, score=95) for p in trainees], pass_mark=80
    )
    store.training.attach_bytes(session.id, "slides.pdf", b"%PDF-1.4 slides")
    store.training.attach_bytes(session.id, "attendance list.pdf", b"%PDF-1.4 signed")
    document.refresh()
    view.table.setFocus()
    view.table.selectRow(0)
    assert "attendance list.pdf" in view.details.text()

    menu = view.remove_file_button.menu()
    assert menu is not None
    (remove,) = [a for a in menu.actions() if a.text() == "attendance list.pdf"]
    remove.trigger()

    assert [f.file_name for f in store.training.files(session.id)] == ["slides.pdf"]
    assert attendee_file_names(document, trainees[0], secure_coding) == ["slides.pdf"]
    assert "attendance list.pdf" not in view.details.text()
    assert [a.text() for a in menu.actions()] == ["slides.pdf"]

    qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)

    (restored,) = [f for f in store.training.files(session.id) if f.file_name != "slides.pdf"]
    assert restored.file_name == "attendance list.pdf"
    assert store.training.file_bytes(restored.id) == b"%PDF-1.4 signed"
    assert sorted(attendee_file_names(document, trainees[0], secure_coding)) == [
        "attendance list.pdf",
        "slides.pdf",
    ]
    assert "attendance list.pdf" in view.details.text()


def test_with_no_topic_yet_the_form_asks_for_the_topic(
    qtbot: QtBot, view: TrainingView, trainees: list[Person]
) -> None:
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, SessionDialog) and dialog.topic_combo.currentData() is None
    assert dialog.result_label.text() == ("Pick the topic: the people who need it are listed here.")


def test_the_attendee_table_shows_eight_rows_and_enter_on_the_last_score_moves_on(
    qtbot: QtBot, view: TrainingView, trainees: list[Person], secure_coding: Competency
) -> None:
    dialog = open_new_session(qtbot, view, secure_coding)
    row_height = dialog.table.verticalHeader().defaultSectionSize()
    assert dialog.table.viewport().height() >= 8 * row_height
    screen = dialog.screen().availableGeometry()
    assert dialog.frameGeometry().height() <= screen.height()
    type_scores(qtbot, dialog, ["90", "72", "85", "100", "80"])
    # Enter on the last score leaves it: the next key is not typed over it.
    assert dialog.focusWidget() is dialog.ok_button
    assert [row.score for row in dialog.model.rows()] == [90, 72, 85, 100, 80]


def test_a_scored_session_with_no_scores_yet_shows_no_pass_rate(
    qtbot: QtBot, view: TrainingView, trainees: list[Person], secure_coding: Competency
) -> None:
    dialog = open_new_session(qtbot, view, secure_coding)
    assert dialog.result_label.text() == "Group pass rate: — (no scores yet)"
    type_scores(qtbot, dialog, ["90"])
    assert dialog.result_label.text().startswith("Group pass rate: 1 of 5 passed (20%)")
