"""Nothing typed into a form is lost: each field is saved as it is left, and every way out of
the form (another row, another view, closing, quitting, opening another file) saves what is
pending first, or refuses to go while a field does not validate."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from compdesk.models.records import Person
from compdesk.models.templates import Template
from compdesk.storage import Store
from compdesk.storage.templates import create_document
from compdesk.views.document import Document
from compdesk.views.main_window import MainWindow
from compdesk.views.people.view import PeopleView
from compdesk.views.roles.view import RolesView
from tests.conftest import make_person
from tests.gui.conftest import shown_view

MATRIX_TAB, PEOPLE_TAB, ROLES_TAB = 0, 1, 2


@pytest.fixture
def ben(document: Document) -> Person:
    return make_person(document.store, "Ben Okafor")


@pytest.fixture
def people(window: MainWindow, ana: Person, ben: Person) -> PeopleView:
    view = shown_view(window, PEOPLE_TAB, "people", PeopleView)
    assert view.show_person(ana.id)
    return view


def type_job_title(qtbot: QtBot, view: PeopleView, text: str) -> None:
    """Select the job title's text and type over it, without leaving the field."""
    edit = view.form.job_title_edit
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    assert edit.text() == text


def saved_job_title(path: Path, person_id: int) -> str:
    with Store.open(path, read_only=True) as store:
        return store.people.get(person_id).job_title


def row_rect_of(view: PeopleView, name: str) -> object:
    for row in range(view.proxy.rowCount()):
        index = view.proxy.index(row, 0)
        if index.data() == name:
            return view.table.visualRect(index)
    raise AssertionError(f"no row {name}")


def click_row(qtbot: QtBot, view: PeopleView, name: str, modifier: object = None) -> None:
    rect = row_rect_of(view, name)
    qtbot.mouseClick(
        view.table.viewport(),
        Qt.MouseButton.LeftButton,
        modifier or Qt.KeyboardModifier.NoModifier,  # type: ignore[arg-type]
        rect.center(),  # type: ignore[attr-defined]
    )


def quit_action(window: MainWindow) -> object:
    [action] = [a for a in window.findChildren(type(window.close_action)) if a.text() == "&Quit"]
    return action


# ---- the ways out ---------------------------------------------------------------------------


def test_a_job_title_typed_and_not_applied_survives_quitting_and_reopening(
    qtbot: QtBot, window: MainWindow, people: PeopleView, ana: Person, starter_path: Path
) -> None:
    type_job_title(qtbot, people, "Security officer")

    quit_action(window).trigger()  # type: ignore[attr-defined]

    assert window.document is None
    assert saved_job_title(starter_path, ana.id) == "Security officer"


def test_a_job_title_typed_survives_switching_view(
    qtbot: QtBot, window: MainWindow, people: PeopleView, document: Document, ana: Person
) -> None:
    type_job_title(qtbot, people, "Security officer")

    window.show_view(MATRIX_TAB)

    assert window.tabs.currentIndex() == MATRIX_TAB
    assert document.store.people.get(ana.id).job_title == "Security officer"
    assert window.undo_action.text() == "&Undo Change job title of Ana Ruiz"


def test_a_job_title_typed_survives_switching_row_as_one_named_undo_step(
    qtbot: QtBot, window: MainWindow, people: PeopleView, document: Document, ana: Person
) -> None:
    type_job_title(qtbot, people, "Security officer")

    click_row(qtbot, people, "Ben Okafor")

    assert document.store.people.get(ana.id).job_title == "Security officer"
    assert people.form.heading.text() == "Ben Okafor"
    assert window.undo_action.text() == "&Undo Change job title of Ana Ruiz"
    window.undo_action.trigger()
    assert document.store.people.get(ana.id).job_title == ""


def test_a_job_title_typed_survives_opening_another_file(
    qtbot: QtBot,
    window: MainWindow,
    people: PeopleView,
    ana: Person,
    starter_path: Path,
    tmp_path: Path,
) -> None:
    other = tmp_path / "other.compdesk"
    create_document(other, Template.BLANK, user="tester").close()
    type_job_title(qtbot, people, "Security officer")

    assert window.open_path(other)

    assert window.document is not None and window.document.store.path == other
    assert saved_job_title(starter_path, ana.id) == "Security officer"


def test_a_job_title_typed_survives_closing_the_document(
    qtbot: QtBot, window: MainWindow, people: PeopleView, ana: Person, starter_path: Path
) -> None:
    type_job_title(qtbot, people, "Security officer")

    window.close_action.trigger()

    assert window.document is None
    assert saved_job_title(starter_path, ana.id) == "Security officer"


def test_a_field_is_saved_as_it_is_left(
    qtbot: QtBot, window: MainWindow, people: PeopleView, document: Document, ana: Person
) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    type_job_title(qtbot, people, "Security officer")
    qtbot.waitUntil(people.form.job_title_edit.hasFocus)

    qtbot.keyClick(people.form.job_title_edit, Qt.Key.Key_Tab)

    assert document.store.people.get(ana.id).job_title == "Security officer"
    assert window.undo_action.text() == "&Undo Change job title of Ana Ruiz"
    assert not people.form.dirty


def test_esc_in_a_field_puts_back_what_it_held(
    qtbot: QtBot, window: MainWindow, people: PeopleView, ana: Person, starter_path: Path
) -> None:
    edit = people.form.name_edit
    edit.setFocus()
    # The event filter notes the field's text as the focus arrives; offscreen, send it.
    people.form.eventFilter(edit, _focus_in())
    edit.selectAll()
    qtbot.keyClicks(edit, "Someone else")

    qtbot.keyClick(edit, Qt.Key.Key_Escape)

    assert edit.text() == "Ana Ruiz"
    assert not people.form.dirty
    quit_action(window).trigger()  # type: ignore[attr-defined]
    with Store.open(starter_path, read_only=True) as store:
        assert store.people.get(ana.id).name == "Ana Ruiz"


def _focus_in() -> object:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QFocusEvent

    return QFocusEvent(QEvent.Type.FocusIn, Qt.FocusReason.OtherFocusReason)


def test_an_empty_name_blocks_quitting_with_its_message(
    qtbot: QtBot, window: MainWindow, people: PeopleView, document: Document, ana: Person
) -> None:
    people.form.name_edit.setFocus()
    people.form.name_edit.clear()
    qtbot.keyClicks(people.form.name_edit, " ")

    window.close()

    assert window.document is document
    assert people.form.message.isVisible()
    assert "name is required" in people.form.message.text()
    assert document.store.people.get(ana.id).name == "Ana Ruiz"
    # Esc puts the name back, and then the window closes.
    qtbot.keyClick(people.form.name_edit, Qt.Key.Key_Escape)
    people.form.revert()
    window.close()
    assert window.document is None


def test_a_competency_description_typed_survives_quitting(
    qtbot: QtBot, window: MainWindow, document: Document, starter_path: Path
) -> None:
    view = shown_view(window, ROLES_TAB, "roles", RolesView)
    competency = document.store.competencies.all()[0]
    assert view.show_competency(competency.id)
    description = view.competency_form.description_edit
    description.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(description, " More.")

    quit_action(window).trigger()  # type: ignore[attr-defined]

    with Store.open(starter_path, read_only=True) as store:
        assert store.competencies.get(competency.id).description.endswith("More.")


# ---- the form shows the selected record ---------------------------------------------------------


def test_a_draft_that_does_not_validate_keeps_the_selection_off_other_rows(
    qtbot: QtBot, people: PeopleView, document: Document
) -> None:
    qtbot.mouseClick(people.browser.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(people.form.name_edit, "Cara Diaz")

    click_row(qtbot, people, "Ben Okafor")
    qtbot.wait(10)

    assert people.form.heading.text() == "New person"
    assert people.form.name_edit.text() == "Cara Diaz"
    assert people.browser.selected_records() == []
    assert not people.browser.delete_button.isEnabled()
    assert "email address is required" in people.form.message.text()
    assert len(document.store.people.all()) == 2


def test_a_draft_that_validates_is_added_before_another_row_is_shown(
    qtbot: QtBot, people: PeopleView, document: Document
) -> None:
    qtbot.mouseClick(people.browser.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(people.form.name_edit, "Cara Diaz")
    qtbot.keyClicks(people.form.email_edit, "cara@example.com")

    click_row(qtbot, people, "Ben Okafor")

    assert "Cara Diaz" in [person.name for person in document.store.people.all()]
    assert people.form.heading.text() == "Ben Okafor"
    assert people.browser.delete_button.isEnabled()


# ---- several people at once -----------------------------------------------------------------


def test_several_people_are_given_a_role_in_one_undo_step(
    qtbot: QtBot, window: MainWindow, people: PeopleView, document: Document, ana: Person
) -> None:
    click_row(qtbot, people, "Ben Okafor", Qt.KeyboardModifier.ControlModifier)
    assert len(people.browser.selected_records()) == 2
    assert people.form.heading.text() == "2 people selected"
    assert not people.browser.delete_button.isEnabled()
    role = document.store.roles.by_name("Developer")

    people.give_role_menu.aboutToShow.emit()
    [give] = [a for a in people.give_role_menu.actions() if a.text() == "Developer"]
    give.trigger()

    assert all(role.id in person.role_ids for person in document.store.people.all())
    assert window.undo_action.text() == "&Undo Give Ana Ruiz and Ben Okafor the role Developer"
    window.undo_action.trigger()
    assert all(role.id not in person.role_ids for person in document.store.people.all())


def test_several_people_lose_a_role_in_one_undo_step(
    qtbot: QtBot, window: MainWindow, document: Document
) -> None:
    role = document.store.roles.by_name("Developer")
    for name in ("Ana Ruiz", "Ben Okafor", "Cara Diaz"):
        make_person(document.store, name, roles=(role,))
    view = shown_view(window, PEOPLE_TAB, "people", PeopleView)
    view.table.selectAll()
    assert view.form.heading.text() == "3 people selected"

    view.take_role_menu.aboutToShow.emit()
    [take] = [a for a in view.take_role_menu.actions() if a.text() == "Developer"]
    take.trigger()

    assert all(role.id not in person.role_ids for person in document.store.people.all())
    assert window.undo_action.text() == "&Undo Take the role Developer from 3 people"
    window.undo_action.trigger()
    assert all(role.id in person.role_ids for person in document.store.people.all())


def test_one_person_is_counted_as_a_person(window: MainWindow, ana: Person) -> None:
    view = shown_view(window, PEOPLE_TAB, "people", PeopleView)
    assert view.count_label.text() == "1 person"
