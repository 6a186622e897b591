"""Importing an HR export in one round, through the import dialog's real widgets."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFileDialog
from pytestqt.qtbot import QtBot

from compdesk.models.export_dates import DateOrder
from compdesk.models.people_check import ExistingChoice
from compdesk.models.people_import import PeopleField
from compdesk.models.records import PersonType
from compdesk.views.document import Document
from compdesk.views.main_window import MainWindow
from compdesk.views.people.import_dialog import ImportPeopleDialog
from compdesk.views.people.view import PeopleView
from tests.conftest import make_person
from tests.gui.conftest import shown_view

PEOPLE_TAB = 1
EXPORT_DAY = date(2026, 5, 1)


@pytest.fixture
def view(window: MainWindow) -> PeopleView:
    return shown_view(window, PEOPLE_TAB, "people", PeopleView)


def answer_file_dialog(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileName",
        staticmethod(lambda *_args, **_kwargs: (str(path), "")),
    )


def open_import(
    qtbot: QtBot, view: PeopleView, monkeypatch: pytest.MonkeyPatch, path: Path
) -> ImportPeopleDialog:
    """The import dialog as the People view's Import button opens it, with the file read."""
    answer_file_dialog(monkeypatch, path)
    qtbot.mouseClick(view.import_button, Qt.MouseButton.LeftButton)
    dialog = view.import_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.today = EXPORT_DAY
    qtbot.waitUntil(lambda: dialog.table is not None)
    dialog.validate()
    return dialog


def choose(qtbot: QtBot, combo: QComboBox, wanted: object) -> None:
    """Pick an item of a closed combo box with the arrow keys, as a keyboard user does."""
    target = combo.findData(wanted)
    assert target >= 0, wanted
    combo.setFocus()
    for _step in range(combo.count() + 1):
        if combo.currentIndex() == target:
            return
        key = Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up
        qtbot.keyClick(combo, key)
    assert combo.currentIndex() == target


def write(path: Path, text: str, encoding: str = "utf-8-sig") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_several_bad_rows_are_listed_at_once(
    qtbot: QtBot,
    view: PeopleView,
    document: Document,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path / "hr.csv",
        "Full Name;Work Email;Employment Type;Hire Date\n"
        "Ana Ruiz;ana@example.com;Full-time;2024-02-30\n"
        "Ben Okafor;ben@example.com;Contractor;2025-01-15\n"
        ";cy@example.com;Boss;\n",
    )
    dialog = open_import(qtbot, view, monkeypatch, path)

    rows = [
        tuple(dialog.problems_model.index(row, column).data() for column in range(4))
        for row in range(dialog.problems_model.rowCount())
    ]
    assert rows == [
        ("1", "Hire Date", "2024-02-30", "'2024-02-30' is not a date in the calendar"),
        ("3", "Full Name", "", "the name is empty"),
        (
            "3",
            "Employment Type",
            "Boss",
            "'Boss' is not a person type (use one of: employee, contractor, third party)",
        ),
    ]
    assert dialog.tabs.tabText(1) == "Pro&blems (3)"
    assert dialog.message.is_error and dialog.message.text().startswith("⚠ 3 problems")
    assert not dialog.import_button.isEnabled()
    # Every bad cell is marked in the preview, not only the first.
    assert dialog.preview_model.index(0, 3).data().startswith("⚠")
    assert dialog.preview_model.index(2, 2).data().startswith("⚠")
    assert dialog.preview_model.index(1, 4).data() == "Add"

    # Enter on a problem shows its cell in the preview.
    dialog.tabs.setCurrentWidget(dialog.problems_view)
    dialog.problems_view.setFocus()
    dialog.problems_view.setCurrentIndex(dialog.problems_model.index(2, 0))
    qtbot.keyClick(dialog.problems_view, Qt.Key.Key_Return)
    assert dialog.tabs.currentWidget() is dialog.preview
    assert (dialog.preview.currentIndex().row(), dialog.preview.currentIndex().column()) == (2, 2)
    dialog.import_people()
    assert document.store.people.all() == []
    dialog.reject()


def test_an_hr_export_with_an_existing_person_day_first_dates_and_departments_imports_in_one_round(
    qtbot: QtBot,
    window: MainWindow,
    view: PeopleView,
    document: Document,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    store = document.store
    developer = store.roles.by_name("Developer")
    everyone = store.roles.by_name("All staff")
    ana = make_person(store, "Ana Ruiz", "ana@example.com", roles=(everyone,), job_title="Dev")
    path = write(
        tmp_path / "personio.csv",
        "Email;First name;Last name;Position;Department;Hire date\n"
        "ana@example.com;Ana;Ruiz;Lead developer;Engineering;03.04.2023\n"
        "ben@example.com;Ben;Okafor;Support;Customer support;15.01.2025\n",
    )
    dialog = open_import(qtbot, view, monkeypatch, path)

    # The existing person is skipped unless chosen; the dates are read day first.
    assert dialog.message.text().startswith("✔ 1 person will be added, 1 already")
    assert "“Hire date” is read day first" in dialog.message.text()
    assert dialog.preview_model.index(1, 5).data() == "15.01.2025 → 2025-01-15"
    assert dialog.preview_model.index(0, 6).data() == "Skip (already there)"
    assert dialog.tabs.tabText(2) == "Already in the &document (1)"

    # Update Ana; Engineering gives the Developer role ("Customer support" is a role already).
    choose(qtbot, dialog.existing_section.all_combo, ExistingChoice.UPDATE)
    department = dialog.roles_section.combos[4]
    assert department["Customer support"].currentText() == "Customer support"
    assert department["Engineering"].currentText() == "No role"
    choose(qtbot, department["Engineering"], developer.id)

    assert dialog.preview_model.index(0, 6).data() == "Update"
    assert dialog.import_button.text() == "Import 1 person and update 1"
    with qtbot.waitSignal(dialog.imported):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    updated = store.people.get(ana.id)
    assert (updated.job_title, updated.start_date) == ("Lead developer", date(2023, 4, 3))
    assert set(updated.role_ids) == {everyone.id, developer.id}
    ben = store.people.by_email("ben@example.com")
    assert ben.start_date == date(2025, 1, 15)
    assert ben.role_ids == (store.roles.by_name("Customer support").id,)
    assert window.undo_action.text() == "&Undo Import 1 person and update 1 from personio.csv"

    window.undo_action.trigger()
    assert [p.email for p in store.people.all()] == ["ana@example.com"]
    assert store.people.get(ana.id) == ana
    window.redo_action.trigger()
    assert store.people.get(ana.id) == updated


def test_an_ambiguous_date_column_asks_how_it_is_written(
    qtbot: QtBot,
    view: PeopleView,
    document: Document,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path / "hr.csv", "Name,Email,Start Date\nAna Ruiz,ana@example.com,03/04/2025\n"
    )
    dialog = open_import(qtbot, view, monkeypatch, path)

    assert "'03/04/2025' can be 3 April or March 4" in dialog.message.text()
    assert not dialog.import_button.isEnabled()
    combo = dialog.dates_section.combos[2]
    assert combo.isEnabled() and combo.currentIndex() == -1

    choose(qtbot, combo, DateOrder.MONTH_FIRST)

    assert dialog.preview_model.index(0, 2).data() == "03/04/2025 → 2025-03-04"
    with qtbot.waitSignal(dialog.imported):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert document.store.people.by_email("ana@example.com").start_date == date(2025, 3, 4)


def test_the_mapping_and_choices_survive_choosing_a_corrected_file(
    qtbot: QtBot,
    view: PeopleView,
    document: Document,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    header = "Name,Email,Shoe Size,Start Date\n"
    first = write(tmp_path / "hr.csv", header + "Ana Ruiz,ana-at-example.com,38,03/04/2025\n")
    dialog = open_import(qtbot, view, monkeypatch, first)
    choose(qtbot, dialog.field_combos[2], None)
    choose(qtbot, dialog.dates_section.combos[3], DateOrder.DAY_FIRST)
    assert dialog.check is not None
    assert [problem.column for problem in dialog.check.problems] == ["Email"]

    corrected = write(
        tmp_path / "hr-fixed.csv", header + "Ana Ruiz,ana@example.com,38,03/04/2025\n"
    )
    answer_file_dialog(monkeypatch, corrected)
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table is not None and dialog.table.source_name == "hr-fixed.csv")
    dialog.validate()

    assert dialog.field_combos[2].currentText() == "Ignore this column"
    assert dialog.dates_section.combos[3].currentData() is DateOrder.DAY_FIRST
    assert dialog.import_button.isEnabled(), dialog.message.text()
    with qtbot.waitSignal(dialog.imported):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert document.store.people.by_email("ana@example.com").start_date == date(2025, 4, 3)


def test_a_disabled_directory_account_is_imported_as_a_leaver_and_said_so(
    qtbot: QtBot,
    view: PeopleView,
    document: Document,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path / "exportUsers_2026-4-20.csv",
        '"userPrincipalName","displayName","surname","mail","givenName","objectId","userType",'
        '"jobTitle","department","accountEnabled"\n'
        '"ana@example.com","Ana Ruiz","Ruiz","ana@example.com","Ana","5c1d","Member",'
        '"Developer","Engineering","True"\n'
        '"ben@example.com","Ben Okafor","Okafor","ben@example.com","Ben","77ab","Member",'
        '"Support","Support","False"\n',
    )
    dialog = open_import(qtbot, view, monkeypatch, path)

    assert dialog.field_combos[9].currentData() is PeopleField.ACCOUNT_ENABLED
    text = dialog.message.text()
    assert "1 person with a disabled or inactive account is recorded as leaving" in text
    assert "on 2026-04-20, the date in the file's name" in text
    assert dialog.preview_model.index(1, 10).data() == "Add (left)"
    with qtbot.waitSignal(dialog.imported):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    ben = document.store.people.by_email("ben@example.com")
    assert (ben.end_date, ben.type) == (date(2026, 4, 20), PersonType.EMPLOYEE)
    assert document.store.people.by_email("ana@example.com").end_date is None


def test_the_problems_list_passes_the_model_tester(
    qtbot: QtBot,
    qtmodeltester: object,
    view: PeopleView,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    path = write(tmp_path / "hr.csv", "Name,Email\nAna,not-an-address\nBen,\n")
    dialog = open_import(qtbot, view, monkeypatch, path)

    assert dialog.problems_model.rowCount() == 2
    qtmodeltester.check(dialog.problems_model)  # type: ignore[attr-defined]
    qtmodeltester.check(dialog.preview_model)  # type: ignore[attr-defined]
    dialog.reject()


def test_every_column_of_a_six_column_export_shows_its_field_without_scrolling(
    qtbot: QtBot,
    view: PeopleView,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path / "hr.csv",
        "First Name,Last Name,Work Email,Hire Date,Department,Employment Type\n"
        "Nadia,Benali,nadia@example.com,15.01.2026,Engineering,Full-Time\n",
    )
    dialog = open_import(qtbot, view, monkeypatch, path)
    dialog.resize(900, 600)
    qtbot.waitUntil(lambda: dialog.mapping_scroll.isVisible())
    scroll = dialog.mapping_scroll
    assert not scroll.horizontalScrollBar().isVisible()
    assert not scroll.verticalScrollBar().isVisible()
    last = dialog.field_combos[-1]
    bottom = last.mapTo(scroll.viewport(), last.rect().bottomLeft()).y()
    assert bottom < scroll.viewport().height()
