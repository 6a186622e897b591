"""The People view and its CSV import, driven through real widgets."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from compdesk.models.people_import import PeopleField
from compdesk.models.records import ActionType, Competency, Person, PersonType
from compdesk.views.commands.actions import AddActionCommand
from compdesk.views.commands.people import AddPersonCommand
from compdesk.views.commands.roles import AddRoleCommand
from compdesk.views.document import Document
from compdesk.views.main_window import MainWindow
from compdesk.views.people.import_dialog import ImportPeopleDialog
from compdesk.views.people.view import PeopleRole, PeopleView
from compdesk.views.widgets.record_table import RecordRole
from tests.gui.conftest import shown_view
from tests.gui.reloads import count_reloads, push_and_undo

PEOPLE_TAB = 1


@pytest.fixture
def view(window: MainWindow) -> PeopleView:
    return shown_view(window, PEOPLE_TAB, "people", PeopleView)


def add_person(document: Document, name: str = "Ana Ruiz", **values: Any) -> Person:
    """A person added through the undo stack, as the view would."""
    email = values.pop("email", f"{name.split()[0].lower()}@example.com")
    command = AddPersonCommand(document.store, name, email, **values)
    assert document.push(command) is None
    assert command.record_id is not None
    return document.store.people.get(command.record_id)


def role_id(document: Document, name: str) -> int:
    return document.store.roles.by_name(name).id


def table_names(view: PeopleView) -> list[str]:
    return [view.proxy.index(row, 0).data() for row in range(view.proxy.rowCount())]


def check_role_in_form(qtbot: QtBot, view: PeopleView, name: str) -> None:
    """Tick a role in the form's list with the keyboard, as a user would."""
    model = view.form.roles_model
    rows = [row for row in range(model.rowCount()) if model.index(row).data() == name]
    assert rows, f"no role {name} in the list"
    view.form.roles_list.setCurrentIndex(model.index(rows[0]))
    qtbot.keyClick(view.form.roles_list, Qt.Key.Key_Space)


def type_into(qtbot: QtBot, widget: Any, text: str) -> None:
    widget.clear()
    qtbot.keyClicks(widget, text)


# ---- adding, editing, deleting ------------------------------------------------------------------


def test_a_person_typed_into_the_form_is_added_with_their_role(
    qtbot: QtBot, view: PeopleView, document: Document
) -> None:
    qtbot.mouseClick(view.browser.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(view.form.name_edit, "Ana Ruiz")
    qtbot.keyClicks(view.form.email_edit, "ana@example.com")
    qtbot.keyClicks(view.form.job_title_edit, "Backend developer")
    qtbot.keyClicks(view.form.start_edit.line_edit, "2025-02-03")
    view.form.type_combo.setCurrentIndex(view.form.type_combo.findData(PersonType.CONTRACTOR))
    check_role_in_form(qtbot, view, "Developer")
    assert view.form.apply_button.text() == "Add person"

    qtbot.mouseClick(view.form.apply_button, Qt.MouseButton.LeftButton)

    [person] = document.store.people.all()
    assert (person.name, person.email, person.job_title) == (
        "Ana Ruiz",
        "ana@example.com",
        "Backend developer",
    )
    assert person.start_date == date(2025, 2, 3)
    assert person.type is PersonType.CONTRACTOR
    assert person.role_ids == (role_id(document, "Developer"),)
    assert table_names(view) == ["Ana Ruiz"]
    assert view.proxy.index(0, 6).data() == "Developer"
    # The new person is selected and the form now edits them.
    assert view.browser.current_record().id == person.id
    assert view.form.heading.text() == "Ana Ruiz"
    assert view.form.apply_button.text() == "Apply"
    assert not view.form.message.isVisible()


def test_an_edit_is_applied_and_undone(
    qtbot: QtBot, window: MainWindow, view: PeopleView, document: Document
) -> None:
    person = add_person(document, "Ana Ruiz", role_ids=(role_id(document, "Developer"),))
    assert view.browser.select_record(person.id)
    assert view.form.name_edit.text() == "Ana Ruiz"

    type_into(qtbot, view.form.name_edit, "Ana Ruiz-Perez")
    assert view.form.dirty and view.form.revert_button.isEnabled()
    # A tick is a choice made: it is saved at once, with the name typed before it.
    check_role_in_form(qtbot, view, "Supervisor")
    qtbot.waitUntil(lambda: not view.form.dirty)

    edited = document.store.people.get(person.id)
    assert edited.name == "Ana Ruiz-Perez"
    assert set(edited.role_ids) == {role_id(document, "Developer"), role_id(document, "Supervisor")}
    assert window.undo_action.text() == "&Undo Change name and roles of Ana Ruiz"
    assert table_names(view) == ["Ana Ruiz-Perez"]

    window.undo_action.trigger()

    assert document.store.people.get(person.id) == person
    assert table_names(view) == ["Ana Ruiz"]
    assert view.form.name_edit.text() == "Ana Ruiz"
    assert view.form.roles_model.checked() == (role_id(document, "Developer"),)


def test_moving_to_another_person_applies_the_pending_edit(
    qtbot: QtBot, view: PeopleView, document: Document
) -> None:
    ana = add_person(document, "Ana Ruiz")
    ben = add_person(document, "Ben Okafor")
    view.browser.select_record(ana.id)
    type_into(qtbot, view.form.job_title_edit, "Tester")

    view.browser.select_record(ben.id)

    assert document.store.people.get(ana.id).job_title == "Tester"
    assert view.form.record.id == ben.id


def test_a_refused_pending_edit_keeps_the_selection(
    qtbot: QtBot, view: PeopleView, document: Document
) -> None:
    ana = add_person(document, "Ana Ruiz")
    ben = add_person(document, "Ben Okafor")
    view.browser.select_record(ana.id)
    type_into(qtbot, view.form.email_edit, "not an address")

    view.browser.select_record(ben.id)

    assert view.browser.current_record().id == ana.id
    assert view.form.email_edit.text() == "not an address"
    assert "is not an email address" in view.form.message.text()
    assert document.store.people.get(ana.id) == ana


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("name_edit", "", "The name is required."),
        ("email_edit", "ana.example.com", "is not an email address"),
        ("email_edit", "ana@example", "is not an email address"),
        (
            "start_edit",
            "03/02/2025",
            "The start date “03/02/2025” is not a date in the form YYYY-MM-DD",
        ),
        ("start_edit", "2025-02-30", "is not a date in the form YYYY-MM-DD"),
        ("end_edit", "2020-01-01", "The end date 2020-01-01 is before the start date 2025-02-03."),
        (
            "email_edit",
            "BEN@example.com",
            "Ben Okafor already has the email address ben@example.com.",
        ),
    ],
)
def test_bad_input_shows_a_message_and_changes_nothing(
    qtbot: QtBot,
    view: PeopleView,
    document: Document,
    field: str,
    text: str,
    message: str,
) -> None:
    add_person(document, "Ben Okafor", email="ben@example.com")
    before = document.store.people.all()
    undo_steps = document.undo_stack.count()
    qtbot.mouseClick(view.browser.new_button, Qt.MouseButton.LeftButton)
    form = view.form
    qtbot.keyClicks(form.name_edit, "Ana Ruiz")
    qtbot.keyClicks(form.email_edit, "ana@example.com")
    qtbot.keyClicks(form.start_edit.line_edit, "2025-02-03")
    widget = getattr(form, field)
    type_into(qtbot, getattr(widget, "line_edit", widget), text)

    qtbot.mouseClick(form.apply_button, Qt.MouseButton.LeftButton)

    assert form.message.isVisible() and form.message.is_error
    assert message in form.message.text()
    assert form.message.text().startswith("⚠")
    assert document.store.people.all() == before
    assert document.undo_stack.count() == undo_steps
    # The form keeps what was typed, to be corrected.
    assert form.name_edit.text() == ("" if field == "name_edit" else "Ana Ruiz")


def test_the_calendar_fills_the_date_in_the_right_form(view: PeopleView) -> None:
    from PySide6.QtCore import QDate

    view.form.start_edit.on_calendar_clicked(QDate(2024, 5, 6))
    assert view.form.start_edit.text() == "2024-05-06"
    assert view.form.start_edit.date() == date(2024, 5, 6)
    assert view.form.dirty


def test_deleting_asks_first_and_undo_brings_the_person_back_with_their_roles(
    qtbot: QtBot, window: MainWindow, view: PeopleView, document: Document
) -> None:
    roles = (role_id(document, "Developer"), role_id(document, "Supervisor"))
    person = add_person(document, "Ana Ruiz", role_ids=roles)
    view.browser.select_record(person.id)

    qtbot.mouseClick(view.browser.delete_button, Qt.MouseButton.LeftButton)
    box = view.browser.confirm_box
    assert box.isVisible() and "Ana Ruiz" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert document.store.people.all() == [person]

    qtbot.mouseClick(view.browser.delete_button, Qt.MouseButton.LeftButton)
    view.browser.confirm_box.button(QMessageBox.StandardButton.Yes).click()
    assert document.store.people.all() == []
    assert table_names(view) == []
    assert view.form.is_new

    window.undo_action.trigger()

    assert document.store.people.all() == [person]
    assert document.store.people.get(person.id).role_ids == tuple(sorted(roles))
    assert table_names(view) == ["Ana Ruiz"]


def test_the_delete_key_on_the_table_asks_to_delete(
    qtbot: QtBot, view: PeopleView, document: Document
) -> None:
    person = add_person(document, "Ana Ruiz")
    view.browser.select_record(person.id)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    box = view.browser.confirm_box
    assert box is not None and box.isVisible()
    box.button(QMessageBox.StandardButton.Yes).click()
    assert document.store.people.all() == []


# ---- what the table shows -------------------------------------------------------------------


def test_names_with_markup_and_other_scripts_show_as_typed(
    view: PeopleView, document: Document
) -> None:
    name = "<b>Zoë</b> & 王小明 🙂"
    person = add_person(document, name, email="zoe@example.com", job_title="R&D <lead>")
    view.browser.select_record(person.id)

    assert view.proxy.index(0, 0).data() == name
    assert view.proxy.index(0, 2).data() == "R&D <lead>"
    assert view.form.heading.text() == name
    assert view.form.heading.textFormat() == Qt.TextFormat.PlainText
    assert view.form.name_edit.text() == name
    tooltip = view.proxy.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;Zoë&lt;/b&gt; &amp; 王小明 🙂" in tooltip


def test_leavers_are_marked_in_words_and_can_be_hidden(
    qtbot: QtBot, view: PeopleView, document: Document
) -> None:
    today = document.as_of
    add_person(document, "Ana Ruiz", start_date=today - timedelta(days=400))
    add_person(
        document,
        "Lea Left",
        start_date=today - timedelta(days=400),
        end_date=today - timedelta(days=3),
    )
    rows = {view.proxy.index(r, 0).data(): r for r in range(view.proxy.rowCount())}
    leaver = view.proxy.index(rows["Lea Left"], 5)
    assert leaver.data().endswith("(left)")
    assert leaver.data(PeopleRole.IS_LEAVER) is True
    assert view.proxy.index(rows["Ana Ruiz"], 5).data() == ""
    assert "1 left" in view.count_label.text()

    qtbot.mouseClick(view.leavers_check, Qt.MouseButton.LeftButton)
    assert table_names(view) == ["Ana Ruiz"]
    assert view.count_label.text().startswith("1 of 2 people")


def test_the_search_filters_by_name_email_and_role(
    qtbot: QtBot, view: PeopleView, document: Document
) -> None:
    add_person(document, "Ana Ruiz", role_ids=(role_id(document, "Developer"),))
    add_person(document, "Ben Okafor", email="ben@corp.example")
    add_person(document, "Chen Li", job_title="Support")

    qtbot.keyClicks(view.search_edit, "develop")
    assert table_names(view) == ["Ana Ruiz"]
    type_into(qtbot, view.search_edit, "corp.example")
    assert table_names(view) == ["Ben Okafor"]
    view.search_edit.clear()
    assert len(table_names(view)) == 3


def test_the_table_sorts_by_each_column(view: PeopleView, document: Document) -> None:
    add_person(document, "Ana Ruiz", start_date=date(2024, 5, 1))
    add_person(document, "Ben Okafor", start_date=date(2023, 1, 1))
    view.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)
    assert table_names(view) == ["Ben Okafor", "Ana Ruiz"]
    view.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert table_names(view) == ["Ana Ruiz", "Ben Okafor"]


def test_tab_goes_from_the_search_box_through_the_table_to_the_form(
    qtbot: QtBot, window: MainWindow, view: PeopleView, document: Document
) -> None:
    add_person(document, "Ana Ruiz")
    window.activateWindow()
    window.show_view(PEOPLE_TAB)
    qtbot.waitUntil(view.search_edit.hasFocus)
    stops = []
    for _ in range(5):
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        stops.append(window.focusWidget())
    # Delete is skipped while nothing is selected; arriving in the table selects a row.
    assert stops == [
        view.leavers_check,
        view.browser.new_button,
        view.import_button,
        view.table,
        view.form.name_edit,
    ]
    assert view.form.name_edit.text() == "Ana Ruiz"
    assert view.browser.delete_button.isEnabled()


def test_find_puts_the_focus_in_the_search_box(
    qtbot: QtBot, window: MainWindow, view: PeopleView
) -> None:
    window.activateWindow()
    window.find_action.trigger()
    qtbot.waitUntil(view.search_edit.hasFocus)


def test_the_models_pass_the_model_tester(
    qtmodeltester: Any, view: PeopleView, document: Document
) -> None:
    add_person(document, "Ana Ruiz", role_ids=(role_id(document, "Developer"),))
    add_person(document, "Lea Left", start_date=date(2020, 1, 1), end_date=date(2021, 1, 1))
    qtmodeltester.check(view.model)
    qtmodeltester.check(view.proxy)
    qtmodeltester.check(view.form.roles_model)
    assert view.model.index(0, 0).data(RecordRole.RECORD_ID) is not None


def test_audit_mode_locks_the_form_and_the_buttons(
    window: MainWindow, view: PeopleView, document: Document
) -> None:
    person = add_person(document, "Ana Ruiz")
    view.browser.select_record(person.id)

    window.audit_action.trigger()

    assert view.form.name_edit.isReadOnly()
    assert view.form.start_edit.line_edit.isReadOnly()
    assert not view.form.type_combo.isEnabled()
    assert not view.form.apply_button.isEnabled()
    assert not view.browser.new_button.isEnabled()
    assert not view.browser.delete_button.isEnabled()
    assert not view.import_button.isEnabled()
    first_role = view.form.roles_model.index(0)
    assert not first_role.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert not view.form.roles_model.setData(
        first_role, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole
    )

    window.audit_action.trigger()
    assert not view.form.name_edit.isReadOnly()
    assert view.browser.delete_button.isEnabled()


# ---- importing from CSV -------------------------------------------------------------------------

# "Shoe Size" is a column no HR export spelling places: the user must decide it.
HR_HEADER = "Full Name;Work Email;Employment Type;Hire Date;Termination Date;Shoe Size;Roles"


def write_csv(path: Path, *rows: str) -> Path:
    path.write_text("\n".join((HR_HEADER, *rows)) + "\n", encoding="utf-8-sig")
    return path


def open_import(
    qtbot: QtBot, view: PeopleView, monkeypatch: pytest.MonkeyPatch, path: Path
) -> ImportPeopleDialog:
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileName",
        staticmethod(lambda *_args, **_kwargs: (str(path), "")),
    )
    qtbot.mouseClick(view.import_button, Qt.MouseButton.LeftButton)
    dialog = view.import_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.table is not None)
    return dialog


GOOD_ROWS = (
    "Ana Ruiz;ana@example.com;Full-time;2024-03-01;;Engineering;Developer",
    "Ben Okafor;ben@example.com;Contractor;2025-01-15;;Support;All staff",
    "王小明;wang@example.com;Employee;2023-06-01;2025-06-30;Sales;",
)


def test_the_import_dialog_previews_the_rows_and_asks_about_an_unknown_column(
    qtbot: QtBot,
    view: PeopleView,
    document: Document,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    dialog = open_import(qtbot, view, monkeypatch, write_csv(tmp_path / "hr.csv", *GOOD_ROWS))

    assert dialog.preview_model.rowCount() == 3
    # The file's seven columns, and what each row will be imported as.
    assert dialog.preview_model.columnCount() == 8
    assert dialog.preview_model.index(2, 0).data() == "王小明"
    assert "3 rows" in dialog.file_label.text()
    # Known HR spellings are placed; Shoe Size is not, and must be decided.
    assert dialog.field_combos[1].currentData() is PeopleField.EMAIL
    assert dialog.field_combos[5].currentIndex() == -1
    assert "'Shoe Size'" in dialog.message.text()
    assert not dialog.import_button.isEnabled()

    dialog.set_field(5, None)

    assert dialog.message.text().startswith("✔")
    assert dialog.import_button.isEnabled()
    assert dialog.import_button.text() == "Import 3 people"
    assert "(ignored)" in dialog.preview_model.headerData(5, Qt.Orientation.Horizontal)
    assert document.store.people.all() == []


def test_a_bad_row_names_its_row_and_column_and_imports_nobody(
    qtbot: QtBot,
    view: PeopleView,
    document: Document,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    path = write_csv(
        tmp_path / "hr.csv",
        GOOD_ROWS[0],
        "Ben Okafor;ben@example.com;Contractor;2024-02-30;;Support;All staff",
        GOOD_ROWS[2],
    )
    dialog = open_import(qtbot, view, monkeypatch, path)
    dialog.set_field(5, None)

    text = dialog.message.text()
    assert "row 2" in text and "'Hire Date'" in text and "is not a date in the calendar" in text
    assert dialog.message.is_error
    assert not dialog.import_button.isEnabled()
    bad_cell = dialog.preview_model.index(1, 3)
    assert bad_cell.data().startswith("⚠")
    assert dialog.preview_model.headerData(1, Qt.Orientation.Vertical).startswith("⚠")
    dialog.import_people()
    assert document.store.people.all() == []


def test_a_good_file_imports_everyone_as_one_undoable_step(
    qtbot: QtBot,
    window: MainWindow,
    view: PeopleView,
    document: Document,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    dialog = open_import(qtbot, view, monkeypatch, write_csv(tmp_path / "hr.csv", *GOOD_ROWS))
    dialog.set_field(5, None)

    with qtbot.waitSignal(dialog.imported):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    people = {p.email: p for p in document.store.people.all()}
    assert set(people) == {"ana@example.com", "ben@example.com", "wang@example.com"}
    assert people["ben@example.com"].type is PersonType.CONTRACTOR
    assert people["ana@example.com"].role_ids == (role_id(document, "Developer"),)
    assert people["wang@example.com"].end_date == date(2025, 6, 30)
    assert sorted(table_names(view)) == sorted(p.name for p in people.values())
    assert "Imported 3 people from hr.csv" in view.notice.text()
    assert not dialog.isVisible()
    assert window.undo_action.text() == "&Undo Import 3 people from hr.csv"

    window.undo_action.trigger()
    assert document.store.people.all() == []
    assert table_names(view) == []
    window.redo_action.trigger()
    assert {p.email for p in document.store.people.all()} == set(people)
    assert {p.id for p in document.store.people.all()} == {p.id for p in people.values()}


def test_a_file_that_cannot_be_read_says_why(
    qtbot: QtBot,
    view: PeopleView,
    document: Document,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(b"\xff\xd8\xff\xe0 not text at all \x00\x01")
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileName",
        staticmethod(lambda *_args, **_kwargs: (str(path), "")),
    )
    qtbot.mouseClick(view.import_button, Qt.MouseButton.LeftButton)
    dialog = view.import_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.message.isVisible)
    assert dialog.message.is_error
    assert "people.csv" in dialog.message.text()
    assert not dialog.import_button.isEnabled()
    dialog.reject()


def test_the_import_preview_passes_the_model_tester(
    qtbot: QtBot,
    qtmodeltester: Any,
    view: PeopleView,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    dialog = open_import(qtbot, view, monkeypatch, write_csv(tmp_path / "hr.csv", *GOOD_ROWS))
    qtmodeltester.check(dialog.preview_model)
    dialog.reject()


def test_an_action_edit_leaves_the_people_view_as_it_is(
    view: PeopleView,
    document: Document,
    ana: Person,
    secure_coding: Competency,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reloads = count_reloads(view, monkeypatch)

    push_and_undo(
        document, AddActionCommand(document.store, ana, secure_coding, ActionType.TRAINING)
    )
    assert reloads == []

    push_and_undo(document, AddRoleCommand(document.store, "Auditor"))
    assert len(reloads) == 2


def test_choosing_a_file_to_import_starts_in_the_documents_folder(
    view: PeopleView, document: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def choose(parent: object, caption: str, folder: str, *rest: object) -> tuple[str, str]:
        asked.append(folder)
        return "", ""  # the user cancels

    monkeypatch.setattr(QFileDialog, "getOpenFileName", choose)
    view.choose_and_import()
    assert asked == [str(document.store.path.parent)]


def test_the_access_date_is_saved_when_left_and_undone_in_one_step(
    qtbot: QtBot, window: MainWindow, view: PeopleView, document: Document
) -> None:
    person = add_person(document, "Ana Ruiz", start_date=date(2025, 2, 3))
    assert view.browser.select_record(person.id)
    line = view.form.access_edit.line_edit
    line.setFocus()
    qtbot.keyClicks(line, "2025-02-04")
    qtbot.keyClick(line, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not view.form.dirty)

    assert document.store.people.get(person.id).access_granted_on == date(2025, 2, 4)
    assert window.undo_action.text() == "&Undo Change access date of Ana Ruiz"
    window.undo_action.trigger()
    assert document.store.people.get(person.id).access_granted_on is None
    assert view.form.access_edit.text() == ""


def test_a_bad_access_date_is_refused_with_a_message(
    qtbot: QtBot, view: PeopleView, document: Document
) -> None:
    person = add_person(document, "Ana Ruiz")
    assert view.browser.select_record(person.id)
    line = view.form.access_edit.line_edit
    line.setFocus()
    qtbot.keyClicks(line, "2025-02-30")
    qtbot.mouseClick(view.form.apply_button, Qt.MouseButton.LeftButton)
    assert "is not a date" in view.form.message.text()
    assert document.store.people.get(person.id) == person
