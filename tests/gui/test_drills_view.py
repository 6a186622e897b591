"""The Drills view: a Gophish export imported through the window, repeat clickers, follow-up."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from compdesk.demo import create_demo
from compdesk.models.records import ActionType
from compdesk.preferences import Preferences
from compdesk.views.document import Document
from compdesk.views.drills.dialogs import FollowUpDialog, ImportDrillDialog
from compdesk.views.drills.view import DrillsView
from compdesk.views.main_window import MainWindow
from compdesk.views.names import VIEW_NAMES
from tests.conftest import make_person
from tests.gui.conftest import shown_view

DRILLS_TAB = VIEW_NAMES.index("drills")
GOPHISH_RESULTS = (
    Path(__file__).parent.parent / "models" / "drill_files" / "March payroll - Results.csv"
)
DEMO_AS_OF = date(2026, 6, 1)


@pytest.fixture
def view(window: MainWindow, document: Document) -> DrillsView:
    for name in ("Ana Ruiz", "Ben Okafor", "Chen Wei", "Dara Kim"):
        make_person(document.store, name)
    return shown_view(window, DRILLS_TAB, "drills", DrillsView)


def _click_ok(qtbot: QtBot, buttons: QDialogButtonBox) -> None:
    qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def _import_march_payroll(qtbot: QtBot, view: DrillsView) -> ImportDrillDialog:
    dialog = view.open_import(GOPHISH_RESULTS)
    assert dialog is not None
    _click_ok(qtbot, dialog.buttons)
    return dialog


def test_a_gophish_export_lists_the_unmatched_and_undo_removes_the_drill(
    qtbot: QtBot, view: DrillsView, document: Document
) -> None:
    dialog = view.open_import(GOPHISH_RESULTS)
    assert dialog is not None
    summary = dialog.summary.toPlainText()
    assert "Matched to people: 4" in summary
    assert "Matching nobody (1" in summary and "visitor@elsewhere.example" in summary
    assert "Not sent by the tool (1" in summary and "eve.stone@example.com" in summary
    assert not document.store.drills.all()  # nothing recorded before Record

    _click_ok(qtbot, dialog.buttons)

    (drill,) = document.store.drills.all()
    assert (drill.name, drill.held_on) == ("March payroll", date(2026, 3, 3))
    assert (drill.sent, drill.clicked, drill.reported) == (5, 2, 2)
    assert len(document.store.drills.results(drill.id)) == 4
    assert view.model.rowCount() == 1
    assert view.selected_figures() is not None

    document.undo_stack.undo()
    assert not document.store.drills.all()
    assert view.model.rowCount() == 0


def test_the_import_shows_the_rates_and_links_the_calendar_activity_of_its_month(
    qtbot: QtBot, view: DrillsView, document: Document
) -> None:
    march = document.store.calendar.add(3, "Phishing drill", year=2026)
    document.store.calendar.add(9, "Incident drill", year=2026)
    dialog = view.open_import(GOPHISH_RESULTS)
    assert dialog is not None
    assert "Clicked: 2 of 5 (40 %); reported: 2 (40 %)" in dialog.summary.toPlainText()
    assert dialog.calendar_choice.activity_id() == march.id  # sent on 2026-03-03

    _click_ok(qtbot, dialog.buttons)

    (drill,) = document.store.drills.all()
    assert drill.calendar_id == march.id


def test_the_same_drill_imported_twice_is_refused_in_the_dialog(
    qtbot: QtBot, view: DrillsView, document: Document
) -> None:
    _import_march_payroll(qtbot, view)
    again = _import_march_payroll(qtbot, view)
    assert again.isVisible()
    assert "already recorded" in again.message.text()
    assert len(document.store.drills.all()) == 1


def test_a_follow_up_plans_training_for_each_clicker_in_one_undo_step(
    qtbot: QtBot, view: DrillsView, document: Document
) -> None:
    _import_march_payroll(qtbot, view)
    assert view.follow_up_button.isEnabled()
    qtbot.mouseClick(view.follow_up_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, FollowUpDialog)
    assert dialog.competency_combo.currentText() == "Phishing recognition"

    _click_ok(qtbot, dialog.buttons)

    store = document.store
    actions = store.actions.list()
    names = sorted(store.people.get(action.person_id).name for action in actions)
    assert names == ["Ana Ruiz", "Chen Wei"]
    phishing = store.competencies.by_name("Phishing recognition")
    assert all(a.competency_id == phishing.id and a.type is ActionType.TRAINING for a in actions)

    document.undo_stack.undo()
    assert not store.actions.list()
    assert len(store.drills.all()) == 1  # the drill stays: only the follow-up was undone
    document.undo_stack.redo()
    assert len(store.actions.list()) == 2


@pytest.fixture
def demo_window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    path = tmp_path / "Northwind.compdesk"
    create_demo(path, people=15, as_of=DEMO_AS_OF).close()
    window = MainWindow(Preferences(user_name="tester"))
    qtbot.addWidget(window)
    window.show()
    assert window.open_path(path)
    yield window
    window.close_document()


def test_the_demo_lists_its_repeat_clicker(demo_window: MainWindow) -> None:
    view = shown_view(demo_window, DRILLS_TAB, "drills", DrillsView)
    assert "Arjun Mehta (2 drills)" in view.repeat_label.text()
    assert view.model.rowCount() == 3  # two phishing drills and an incident drill
    assert "Arjun Mehta:" in view.history.toPlainText()


def test_the_history_tells_an_incident_drill_from_a_phishing_click(demo_window: MainWindow) -> None:
    view = shown_view(demo_window, DRILLS_TAB, "drills", DrillsView)
    arjun = next(
        line for line in view.history.toPlainText().splitlines() if line.startswith("Arjun")
    )
    assert "incident drill" in arjun
    assert arjun.count("clicked") == 2 and "did not click" not in arjun


def test_a_file_with_bad_rows_is_reported_and_nothing_is_recorded(
    qtbot: QtBot, view: DrillsView, document: Document, tmp_path: Path
) -> None:
    bad = tmp_path / "drill.csv"
    bad.write_text("email,clicked,reported\nana.ruiz@example.com,perhaps,no\n", encoding="utf-8")
    with qtbot.waitSignal(document.failed) as shown:
        assert view.open_import(bad) is None
    assert "perhaps" in shown.args[0]
    assert view.dialog is None
    assert not document.store.drills.all()


def test_a_file_matching_nobody_says_so_before_anything_can_be_recorded(
    window: MainWindow, document: Document
) -> None:
    view = shown_view(window, DRILLS_TAB, "drills", DrillsView)  # nobody in the document
    dialog = view.open_import(GOPHISH_RESULTS)
    assert dialog is not None
    assert not dialog.record_button.isEnabled()
    assert "belongs to a person" in dialog.message.text()
    dialog.accept()  # Enter would land here: still nothing recorded
    assert not document.store.drills.all()


def test_a_cell_cut_in_a_narrow_window_has_its_whole_text_in_the_tooltip(
    qtbot: QtBot, view: DrillsView
) -> None:
    _import_march_payroll(qtbot, view)
    for column in range(view.model.columnCount()):
        index = view.proxy.index(0, column)
        assert index.data(Qt.ItemDataRole.ToolTipRole) == index.data()
