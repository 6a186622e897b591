"""The evidence form's defaults, its field errors and its ways out, and the Evidence view's
room at a laptop's size, driven through real widgets."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from compdesk.models.records import Competency, EvidenceKind, Person
from compdesk.views.document import Document
from compdesk.views.evidence.form_guard import FormGuard
from compdesk.views.evidence.table import EvidenceColumn
from compdesk.views.evidence.view import EvidenceView
from compdesk.views.main_window import MainWindow
from tests.conftest import make_competency, make_evidence, make_person
from tests.gui.conftest import shown_view
from tests.gui.test_evidence_view import EVIDENCE_TAB, open_new_dialog


@pytest.fixture
def view(window: MainWindow) -> EvidenceView:
    return shown_view(window, EVIDENCE_TAB, "evidence", EvidenceView)


def discard_changes(qtbot: QtBot, guard: FormGuard) -> None:
    """Answer the question a dialog asks before dropping what was typed with "Discard"."""
    question = guard.question
    assert question is not None and question.isVisible()
    assert question.windowTitle() == "Discard changes?"
    assert guard.discard_button is not None
    qtbot.mouseClick(guard.discard_button, Qt.MouseButton.LeftButton)


def choose(qtbot: QtBot, combo: object, text: str) -> None:
    """Pick an item as the user does: focus the list and type the start of its text."""
    assert hasattr(combo, "setFocus")
    combo.setFocus()
    qtbot.keyClicks(combo, text)
    # Letters typed within this interval continue the same search.
    qtbot.wait(QApplication.keyboardInputInterval() + 50)


# ---- the kind a new record starts with ----------------------------------------------------------


def test_the_kind_follows_the_competency_until_the_user_picks_one(
    qtbot: QtBot, document: Document, view: EvidenceView, ana: Person
) -> None:
    store = document.store
    make_competency(store, "Tax law", accepted_kinds=(EvidenceKind.CV, EvidenceKind.CERTIFICATE))
    document.refresh()
    dialog = open_new_dialog(qtbot, view)

    # Passwords and MFA accepts training records, attendance lists and quiz results.
    choose(qtbot, dialog.competency_combo, "Passwords")
    assert dialog.competency_combo.currentText().startswith("Passwords and MFA")
    assert dialog.kind_combo.currentData() is EvidenceKind.TRAINING_RECORD
    assert dialog.kind_hint.text() == ""
    choose(qtbot, dialog.competency_combo, "Tax")
    assert dialog.kind_combo.currentData() is EvidenceKind.CV

    # A kind the user picked stays theirs.
    choose(qtbot, dialog.kind_combo, "Certificate")
    assert dialog.kind_combo.currentData() is EvidenceKind.CERTIFICATE
    choose(qtbot, dialog.competency_combo, "Passwords")
    assert dialog.kind_combo.currentData() is EvidenceKind.CERTIFICATE
    assert "not certificate" in dialog.kind_hint.text()


# ---- field errors -------------------------------------------------------------------------------


def test_a_date_error_goes_once_the_date_is_fixed(
    qtbot: QtBot, document: Document, view: EvidenceView, ana: Person, secure_coding: Competency
) -> None:
    document.refresh()
    dialog = open_new_dialog(qtbot, view)
    dialog.person_combo.setCurrentIndex(dialog.person_combo.findData(ana.id))
    dialog.competency_combo.setCurrentIndex(dialog.competency_combo.findData(secure_coding.id))
    qtbot.keyClicks(dialog.achieved_edit.line_edit, "2026-13-01")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.message.isVisible()
    assert "2026-13-01" in dialog.message.text()

    # Still wrong while typing: the message stays.
    qtbot.keyClick(dialog.achieved_edit.line_edit, Qt.Key.Key_Backspace)
    assert dialog.message.isVisible()
    dialog.achieved_edit.line_edit.selectAll()
    qtbot.keyClicks(dialog.achieved_edit.line_edit, "2026-01-13")
    assert not dialog.message.isVisible() and dialog.message.text() == ""

    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    (evidence,) = document.store.evidence.list()
    assert evidence.achieved_on == date(2026, 1, 13)


# ---- ways out -----------------------------------------------------------------------------------


def test_editing_applies_and_escape_with_a_change_asks(
    qtbot: QtBot, document: Document, view: EvidenceView, ana: Person, secure_coding: Competency
) -> None:
    evidence = make_evidence(document.store, ana, secure_coding, title="OWASP course")
    document.refresh()
    assert view.select_evidence(evidence.id)
    qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert dialog is not None and dialog.ok_button.text() == "Apply changes"

    qtbot.keyClicks(dialog.issuer_edit, "SecureStart Academy")
    qtbot.keyClick(dialog.issuer_edit, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    discard_changes(qtbot, dialog.guard)
    assert not dialog.isVisible()
    assert document.store.evidence.get(evidence.id) == evidence


def test_a_new_record_with_nothing_typed_closes_at_once(
    qtbot: QtBot, document: Document, view: EvidenceView, ana: Person
) -> None:
    # The list narrowed to a person fills her in: that is not something the user typed.
    document.refresh()
    view.person_filter.setCurrentIndex(view.person_filter.findData(ana.id))
    dialog = open_new_dialog(qtbot, view)
    assert dialog.person_combo.currentData() == ana.id
    qtbot.keyClick(dialog.kind_combo, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.guard.question is None


# ---- the view -----------------------------------------------------------------------------------


def test_at_1280_by_800_the_list_shows_expires_and_files_beside_the_details(
    qtbot: QtBot, window: MainWindow, document: Document, view: EvidenceView
) -> None:
    store = document.store
    window.resize(1280, 800)
    competencies = [c for c in store.competencies.all() if c.renewal_months][:6]
    for number in range(12):
        person = make_person(store, f"Fatima Al-Sayed-Lindqvist {number}")
        make_evidence(
            store,
            person,
            competencies[number % len(competencies)],
            achieved_on=date(2026, 1, 1 + number),
            title="Quiz: approved devices and cloud services, second sitting",
            issuer="SecureStart Academy for Small Companies",
        )
    document.refresh()
    qtbot.waitUntil(lambda: view.model.rowCount() == 12)
    view.table.selectRow(0)
    QApplication.processEvents()

    header = view.table.horizontalHeader()
    room = view.table.viewport().width()
    for column in (EvidenceColumn.EXPIRES, EvidenceColumn.FILES):
        assert header.sectionViewportPosition(column) + header.sectionSize(column) <= room
    assert view.details.isVisible() and view.details.width() >= 300
    assert view.count_label.text() == "12 records"

    # The details can be folded away for the list, and brought back.
    qtbot.mouseClick(view.details_button, Qt.MouseButton.LeftButton)
    assert view.splitter.sizes()[1] == 0
    qtbot.mouseClick(view.details_button, Qt.MouseButton.LeftButton)
    assert view.splitter.sizes()[1] >= 300


def test_one_record_is_counted_in_the_singular(
    document: Document, view: EvidenceView, ana: Person, secure_coding: Competency
) -> None:
    make_evidence(document.store, ana, secure_coding)
    document.refresh()
    assert view.count_label.text() == "1 record"
