"""Drills entered by hand in the Drills view: an incident drill typed in, a phishing drill's
totals edited, an impossible count refused, a deleted drill restored with its results."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QDialogButtonBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from compdesk.models.records import DrillKind
from compdesk.views.document import Document
from compdesk.views.drills.entry import DrillDialog
from compdesk.views.drills.view import DrillColumn, DrillsView
from compdesk.views.main_window import MainWindow
from tests.conftest import make_person
from tests.gui.conftest import shown_view
from tests.gui.test_drills_view import DRILLS_TAB, GOPHISH_RESULTS

HELD_ON = date(2026, 9, 15)


@pytest.fixture
def view(window: MainWindow, document: Document) -> DrillsView:
    for name in ("Ana Ruiz", "Ben Okafor", "Chen Wei", "Dara Kim"):
        make_person(document.store, name)
    return shown_view(window, DRILLS_TAB, "drills", DrillsView)


def _type(qtbot: QtBot, field: QWidget, text: str) -> None:
    """Select what the field holds and type over it, as a user does."""
    field.setFocus()
    assert isinstance(field, QLineEdit | QAbstractSpinBox)
    field.selectAll()
    qtbot.keyClicks(field, text)


def _click_ok(qtbot: QtBot, dialog: DrillDialog) -> None:
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def _open_add(qtbot: QtBot, view: DrillsView) -> DrillDialog:
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, DrillDialog)
    return dialog


def _cell(view: DrillsView, column: DrillColumn, row: int = 0) -> str:
    return str(view.proxy.index(row, column).data())


def test_an_incident_drill_typed_in_shows_in_the_table_and_the_metrics_and_undoes(
    qtbot: QtBot, view: DrillsView, document: Document
) -> None:
    dialog = _open_add(qtbot, view)
    qtbot.keyClicks(dialog.kind_combo, "Incident")
    assert dialog.kind() is DrillKind.INCIDENT
    assert dialog.participants_spin.isVisibleTo(dialog)
    assert not dialog.sent_spin.isVisibleTo(dialog)
    _type(qtbot, dialog.name_edit, "Ransomware tabletop")
    _type(qtbot, dialog.date_edit.line_edit, HELD_ON.isoformat())
    _type(qtbot, dialog.participants_spin, "8")
    _type(qtbot, dialog.minutes_spin, "12")
    _type(qtbot, dialog.minutes_target, "15")
    _click_ok(qtbot, dialog)

    assert not dialog.isVisible()
    (drill,) = document.store.drills.all()
    assert (drill.kind, drill.held_on, drill.participants) == (DrillKind.INCIDENT, HELD_ON, 8)
    assert view.model.rowCount() == 1
    assert _cell(view, DrillColumn.TIME) == "12 min ✔"
    (figures,) = document.store.metrics(HELD_ON).drills
    assert figures.kind is DrillKind.INCIDENT and figures.minutes_to_report == 12

    document.undo_stack.undo()
    assert not document.store.drills.all()
    assert view.model.rowCount() == 0
    assert not document.store.metrics(HELD_ON).drills
    document.undo_stack.redo()
    assert [d.id for d in document.store.drills.all()] == [drill.id]
    assert _cell(view, DrillColumn.TIME) == "12 min ✔"


def test_editing_a_phishing_drills_clicked_count_changes_its_click_rate(
    qtbot: QtBot, view: DrillsView, document: Document
) -> None:
    document.store.drills.add(
        DrillKind.PHISHING, HELD_ON, sent=20, clicked=4, reported=6, click_target=0.1
    )
    view.refresh()
    assert _cell(view, DrillColumn.CLICKED) == "20 % ✘ missed"
    view.select_drill(document.store.drills.all()[0].id)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    dialog = view.dialog
    assert isinstance(dialog, DrillDialog)
    assert dialog.sent_spin.value() == 20 and not dialog.sent_spin.isReadOnly()
    _type(qtbot, dialog.clicked_spin, "1")
    _click_ok(qtbot, dialog)

    assert document.store.drills.all()[0].clicked == 1
    assert _cell(view, DrillColumn.CLICKED) == "5 % ✔"
    document.undo_stack.undo()
    assert document.store.drills.all()[0].clicked == 4
    assert _cell(view, DrillColumn.CLICKED) == "20 % ✘ missed"


def test_more_clicked_than_sent_is_refused_in_the_form_and_nothing_is_recorded(
    qtbot: QtBot, view: DrillsView, document: Document
) -> None:
    dialog = _open_add(qtbot, view)
    assert dialog.kind() is DrillKind.PHISHING
    _type(qtbot, dialog.sent_spin, "10")
    _type(qtbot, dialog.clicked_spin, "12")
    _click_ok(qtbot, dialog)

    assert dialog.isVisible()
    assert dialog.message.is_error
    assert "more than were sent" in dialog.message.text()
    assert not document.store.drills.all()
    assert document.undo_stack.count() == 0


def test_a_new_drill_takes_the_targets_of_the_previous_drill_of_its_kind(
    qtbot: QtBot, view: DrillsView, document: Document
) -> None:
    dialog = _open_add(qtbot, view)
    assert (dialog.click_target.value(), dialog.report_target.value()) == (10, 50)
    dialog.reject()
    document.store.drills.add(
        DrillKind.PHISHING, HELD_ON, sent=10, clicked=0, click_target=0.05, report_target=0.7
    )
    dialog = _open_add(qtbot, view)
    assert (dialog.click_target.value(), dialog.report_target.value()) == (5, 70)
    qtbot.keyClicks(dialog.kind_combo, "Incident")
    assert dialog.minutes_target.value() == 15


def _import_and_select(qtbot: QtBot, view: DrillsView) -> int:
    imported = view.open_import(GOPHISH_RESULTS)
    assert imported is not None
    qtbot.mouseClick(
        imported.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    assert imported.recorded_drill_id is not None
    assert view.selected_figures() is not None
    return imported.recorded_drill_id


def test_deleting_an_imported_drill_undoes_with_its_results_and_calendar_link(
    qtbot: QtBot, view: DrillsView, document: Document
) -> None:
    store = document.store
    drill_id = _import_and_select(qtbot, view)
    activity = store.calendar.add(3, "phishing drill", "IT", "click rate below 10 %")
    store.drills.update(replace(store.drills.get(drill_id), calendar_id=activity.id))
    results = store.drills.results(drill_id)
    assert len(results) == 4
    view.refresh()
    view.select_drill(drill_id)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)

    assert not store.drills.all()
    assert not store.drills.results()
    assert view.model.rowCount() == 0
    document.undo_stack.undo()
    assert store.drills.results(drill_id) == results
    assert store.drills.get(drill_id).calendar_id == activity.id
    assert view.model.rowCount() == 1


def test_editing_an_imported_drill_keeps_its_results_and_its_totals(
    qtbot: QtBot, view: DrillsView, document: Document
) -> None:
    store = document.store
    drill_id = _import_and_select(qtbot, view)
    qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, DrillDialog)
    assert dialog.sent_spin.isReadOnly() and dialog.clicked_spin.isReadOnly()
    assert dialog.totals_note.isVisibleTo(dialog)
    _type(qtbot, dialog.name_edit, "March payroll (HR)")
    _click_ok(qtbot, dialog)

    drill = store.drills.get(drill_id)
    assert drill.name == "March payroll (HR)"
    assert (drill.sent, drill.clicked, drill.reported) == (5, 2, 2)
    assert len(store.drills.results(drill_id)) == 4


def test_in_audit_mode_drills_cannot_be_added_edited_or_deleted(
    qtbot: QtBot, view: DrillsView, document: Document
) -> None:
    document.store.drills.add(DrillKind.INCIDENT, HELD_ON, participants=5)
    view.refresh()
    view.select_drill(document.store.drills.all()[0].id)
    assert view.edit_button.isEnabled() and view.delete_button.isEnabled()
    document.set_audit_mode(True)
    assert not view.add_button.isEnabled()
    assert not view.edit_button.isEnabled() and not view.delete_button.isEnabled()
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert view.dialog is None
    assert len(document.store.drills.all()) == 1


def test_a_drill_opened_and_applied_unchanged_stays_as_it_was(
    qtbot: QtBot, view: DrillsView, document: Document
) -> None:
    drill = document.store.drills.add(
        DrillKind.INCIDENT, HELD_ON, participants=12, minutes_to_report=8.5, minutes_target=15
    )
    view.refresh()
    view.select_drill(drill.id)
    dialog = view.edit_selected()
    assert dialog is not None
    assert dialog.minutes_spin.text() == "8.5 min"
    _click_ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert document.store.drills.get(drill.id) == drill
    assert document.undo_stack.count() == 0
