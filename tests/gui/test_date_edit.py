"""Typed dates are taken whole or refused where they were typed: the matrix's as-of field and
the date fields of the forms."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from compdesk.models.gaps import GapStatus
from compdesk.models.records import EvidenceKind, Route
from compdesk.views.commands.evidence import AddEvidenceCommand
from compdesk.views.document import Document
from compdesk.views.main_window import MainWindow
from compdesk.views.matrix.view import MatrixView
from compdesk.views.widgets.date_edit import DateEdit, OptionalDateEdit
from compdesk.views.widgets.forms import FieldError
from tests.conftest import make_person


@pytest.fixture
def matrix(window: MainWindow) -> MatrixView:
    view = window.view("matrix")
    assert isinstance(view, MatrixView)
    return view


def type_date(qtbot: QtBot, field: QLineEdit, text: str, *, select_all: bool = True) -> None:
    """Click into the field, select what it holds (Ctrl+A), type `text` and press Enter."""
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    if select_all:
        qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


# ---- the matrix's as-of date --------------------------------------------------------------


def test_a_typed_as_of_date_is_the_date_the_matrix_shows(
    qtbot: QtBot, matrix: MatrixView, document: Document
) -> None:
    field = matrix.filters.as_of_edit.line_edit
    type_date(qtbot, field, "2025-06-30")

    assert document.as_of == date(2025, 6, 30)
    assert matrix.model.as_of == date(2025, 6, 30)
    assert field.text() == "2025-06-30"
    assert "as of 2025-06-30" in matrix.overall_label.text()


def test_a_year_typed_over_the_selected_date_is_taken(
    qtbot: QtBot, matrix: MatrixView, document: Document
) -> None:
    type_date(qtbot, matrix.filters.as_of_edit.line_edit, "2025-06-30")
    field = matrix.filters.as_of_edit.line_edit
    # Double-click selects the year, as in any text field; the year typed replaces it.
    qtbot.mouseDClick(field, Qt.MouseButton.LeftButton, pos=QPoint(12, field.height() // 2))
    assert field.selectedText() == "2025"
    qtbot.keyClicks(field, "2024")
    qtbot.keyClick(field, Qt.Key.Key_Return)

    assert document.as_of == date(2024, 6, 30)
    assert matrix.model.as_of == date(2024, 6, 30)


def test_a_date_that_is_no_date_is_refused_visibly_and_the_matrix_keeps_its_date(
    qtbot: QtBot, matrix: MatrixView, document: Document
) -> None:
    before = document.as_of
    edit = matrix.filters.as_of_edit
    type_date(qtbot, edit.line_edit, "2025-02-30")

    assert document.as_of == before
    assert matrix.model.as_of == before
    assert edit.refusal is not None and "2025-02-30" in edit.refusal
    assert edit.line_edit.styleSheet(), "the field is marked"
    assert matrix.as_of_message.isVisible()
    assert "2025-02-30" in matrix.as_of_message.text()
    assert f"still shows {before.isoformat()}" in matrix.as_of_message.text()
    assert edit.line_edit.text() == "2025-02-30", "the text stays for the user to correct"

    # Corrected, the mark and the message go, and the date is taken.
    qtbot.keyClick(edit.line_edit, Qt.Key.Key_Backspace)
    qtbot.keyClick(edit.line_edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit.line_edit, "28")
    assert edit.refusal is None
    assert not edit.line_edit.styleSheet()
    assert not matrix.as_of_message.isVisible()
    qtbot.keyClick(edit.line_edit, Qt.Key.Key_Return)
    assert document.as_of == date(2025, 2, 28)


def test_an_empty_or_half_typed_as_of_date_is_refused(
    qtbot: QtBot, matrix: MatrixView, document: Document
) -> None:
    before = document.as_of
    edit = matrix.filters.as_of_edit
    type_date(qtbot, edit.line_edit, "2025-6-3")
    assert document.as_of == before
    assert edit.refusal is not None
    qtbot.keyClick(edit.line_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit.line_edit, Qt.Key.Key_Delete)
    qtbot.keyClick(edit.line_edit, Qt.Key.Key_Return)
    assert document.as_of == before
    assert edit.refusal is not None and "empty" in edit.refusal


def test_a_past_date_is_said_in_words_above_the_matrix_with_the_way_back_to_today(
    qtbot: QtBot, matrix: MatrixView, document: Document
) -> None:
    assert not matrix.as_of_banner.isVisible(), "today needs no notice"
    type_date(qtbot, matrix.filters.as_of_edit.line_edit, "2025-06-30")

    assert matrix.as_of_banner.isVisible()
    assert "As of 30 June 2025 — not today" in matrix.as_of_banner.label.text()
    qtbot.mouseClick(matrix.as_of_banner.today_button, Qt.MouseButton.LeftButton)
    assert document.as_of == date.today()
    assert matrix.filters.as_of_edit.line_edit.text() == date.today().isoformat()
    assert not matrix.as_of_banner.isVisible()


def test_a_typed_date_recomputes_the_cells(
    qtbot: QtBot, matrix: MatrixView, document: Document
) -> None:
    store = document.store
    ana = make_person(store, "Ana Ruiz", roles=(store.roles.by_name("Developer"),))
    passwords = store.competencies.by_name("Passwords and MFA")
    trained_on = date.today() - timedelta(days=10)
    command = AddEvidenceCommand(
        store, ana, passwords, EvidenceKind.TRAINING_RECORD, Route.TRAINING, achieved_on=trained_on
    )
    assert document.push(command) is None
    assert matrix.status_of(ana.id, passwords.id) is GapStatus.MET

    past = date.today() - timedelta(days=20)
    type_date(qtbot, matrix.filters.as_of_edit.line_edit, past.isoformat())
    assert matrix.status_of(ana.id, passwords.id) is not GapStatus.MET


def test_the_field_shows_a_date_set_elsewhere_but_not_over_a_date_being_typed(
    qtbot: QtBot, matrix: MatrixView, document: Document
) -> None:
    edit = matrix.filters.as_of_edit
    document.set_as_of(date(2025, 12, 31))
    assert edit.line_edit.text() == "2025-12-31"
    qtbot.keyClicks(edit.line_edit, "x")
    matrix.refresh()
    assert edit.line_edit.text() == "2025-12-31x"


# ---- the shared date field of the forms ---------------------------------------------------


@pytest.fixture
def optional_edit(qtbot: QtBot) -> OptionalDateEdit:
    edit = OptionalDateEdit("end date")
    qtbot.addWidget(edit)
    edit.show()
    return edit


def test_a_form_date_is_read_whole(qtbot: QtBot, optional_edit: OptionalDateEdit) -> None:
    optional_edit.set_date(date(2026, 6, 1))
    type_date(qtbot, optional_edit.line_edit, "2025-06-30")
    assert optional_edit.date() == date(2025, 6, 30)
    assert optional_edit.refusal is None


def test_a_form_date_that_is_no_date_marks_the_field_as_it_is_left(
    qtbot: QtBot, optional_edit: OptionalDateEdit
) -> None:
    changes: list[str] = []
    optional_edit.refusal_changed.connect(changes.append)
    type_date(qtbot, optional_edit.line_edit, "31/12/2025")

    assert optional_edit.refusal is not None and "31/12/2025" in optional_edit.refusal
    assert optional_edit.line_edit.styleSheet()
    assert optional_edit.line_edit.toolTip() == optional_edit.refusal
    with pytest.raises(FieldError, match="31/12/2025"):
        optional_edit.date()

    optional_edit.line_edit.clear()  # the clear button: no date is a valid answer
    assert optional_edit.refusal is None
    assert optional_edit.date() is None
    assert not optional_edit.line_edit.styleSheet()
    assert len(changes) == 2 and "31/12/2025" in changes[0] and changes[1] == ""


def test_a_required_date_takes_the_calendar_pick(qtbot: QtBot) -> None:
    edit = DateEdit("as-of date", date(2026, 6, 1))
    qtbot.addWidget(edit)
    with qtbot.waitSignal(edit.date_entered) as taken:
        edit.on_calendar_clicked(QDate(2025, 6, 30))
    assert taken.args == [date(2025, 6, 30)]
    assert edit.value() == date(2025, 6, 30)
