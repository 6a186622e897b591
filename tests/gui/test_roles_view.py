"""The Roles & competencies view: the requirement grid, and the role and competency forms."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QMessageBox, QStyle, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from compdesk.models.dates import add_months
from compdesk.models.errors import DocumentError
from compdesk.models.records import (
    Competency,
    EvidenceKind,
    Level,
    Person,
    RenewalMode,
    Role,
    Route,
)
from compdesk.models.rules import review_state
from compdesk.views.commands.evidence import AddEvidenceCommand
from compdesk.views.commands.roles import AddRoleCommand
from compdesk.views.document import Document
from compdesk.views.main_window import MainWindow
from compdesk.views.roles.requirement_grid import RequirementRole
from compdesk.views.roles.view import RolesView
from tests.gui.conftest import shown_view

ROLES_TAB = 2


@pytest.fixture
def view(window: MainWindow) -> RolesView:
    return shown_view(window, ROLES_TAB, "roles", RolesView)


def cell(view: RolesView, role: str, competency: str) -> QModelIndex:
    document = view.document
    index = view.requirement_model.index_of(
        document.store.roles.by_name(role).id, document.store.competencies.by_name(competency).id
    )
    assert index.isValid()
    return index


def is_required(document: Document, role: str, competency: str) -> bool:
    pair = (
        document.store.roles.by_name(role).id,
        document.store.competencies.by_name(competency).id,
    )
    return pair in document.store.requirements.all()


def type_into(qtbot: QtBot, widget: Any, text: str) -> None:
    widget.clear()
    qtbot.keyClicks(widget, text)


# ---- the grid -------------------------------------------------------------------------------


def test_the_grid_has_roles_as_rows_and_competencies_grouped_by_level(
    view: RolesView, document: Document
) -> None:
    model = view.requirement_model
    assert model.rowCount() == len(document.store.roles.all())
    assert model.columnCount() == len(document.store.competencies.all())
    levels = [
        model.headerData(c, Qt.Orientation.Horizontal, RequirementRole.LEVEL)
        for c in range(model.columnCount())
    ]
    assert levels == sorted(levels, key=list(Level).index)
    assert levels[0] is Level.BASIC and levels[-1] is Level.ADVANCED
    developer_secure_coding = cell(view, "Developer", "Secure coding (OWASP Top 10)")
    assert developer_secure_coding.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert (
        developer_secure_coding.data(Qt.ItemDataRole.AccessibleTextRole)
        == "Developer requires Secure coding (OWASP Top 10)"
    )


def test_ticking_a_cell_requires_the_competency_and_undo_takes_it_back(
    window: MainWindow, view: RolesView, document: Document
) -> None:
    index = cell(view, "Developer", "Internal audit")
    assert not is_required(document, "Developer", "Internal audit")

    assert view.requirement_model.setData(
        index, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole
    )

    assert is_required(document, "Developer", "Internal audit")
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert window.undo_action.text() == "&Undo Require Internal audit for Developer"
    window.undo_action.trigger()
    assert not is_required(document, "Developer", "Internal audit")
    assert (
        cell(view, "Developer", "Internal audit").data(Qt.ItemDataRole.CheckStateRole)
        == Qt.CheckState.Unchecked
    )


def test_space_toggles_the_current_cell_and_keeps_the_place(
    qtbot: QtBot, window: MainWindow, view: RolesView, document: Document
) -> None:
    index = cell(view, "Developer", "Security policy")
    assert is_required(document, "Developer", "Security policy")
    view.grid.setFocus()
    view.grid.setCurrentIndex(index)
    undo_steps = document.undo_stack.count()

    qtbot.keyClick(view.grid, Qt.Key.Key_Space)

    assert not is_required(document, "Developer", "Security policy")
    assert document.undo_stack.count() == undo_steps + 1
    assert view.grid.currentIndex() == index
    qtbot.keyClick(view.grid, Qt.Key.Key_Space)
    assert is_required(document, "Developer", "Security policy")

    window.undo_action.trigger()
    assert not is_required(document, "Developer", "Security policy")


def test_clicking_a_cells_check_box_toggles_it(
    qtbot: QtBot, view: RolesView, document: Document
) -> None:
    index = cell(view, "Supervisor", "Internal audit")
    view.grid.scrollTo(index)
    option = QStyleOptionViewItem()
    view.grid.itemDelegateForIndex(index).initStyleOption(option, index)
    option.rect = view.grid.visualRect(index)
    check_box = view.grid.style().subElementRect(
        QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, view.grid
    )

    qtbot.mouseClick(view.grid.viewport(), Qt.MouseButton.LeftButton, pos=check_box.center())

    assert is_required(document, "Supervisor", "Internal audit")


def test_a_role_past_its_review_date_is_marked_in_words(
    view: RolesView, document: Document
) -> None:
    today = document.as_of
    overdue = document.store.roles.by_name("Developer")
    document.push(
        AddRoleCommand(
            document.store,
            "Auditor liaison",
            last_reviewed=add_months(today, -13),
            review_interval_months=12,
        )
    )
    fresh = document.store.roles.by_name("Auditor liaison")
    assert review_state(fresh, today).due
    model = view.requirement_model
    row = next(r for r, role in enumerate(model.roles) if role.id == fresh.id)
    assert model.headerData(row, Qt.Orientation.Vertical).startswith("⚠ ")
    assert model.headerData(row, Qt.Orientation.Vertical, RequirementRole.REVIEW_DUE) is True
    list_row = view.role_model.row_of(fresh.id)
    assert list_row is not None
    assert view.role_model.index(list_row, 2).data().startswith("⚠ due since")
    del overdue


def test_the_filter_hides_rows_and_columns_that_do_not_match(
    qtbot: QtBot, window: MainWindow, view: RolesView
) -> None:
    qtbot.keyClicks(view.search_edit, "developer")
    model = view.requirement_model
    shown_roles = [r.name for i, r in enumerate(model.roles) if not view.grid.isRowHidden(i)]
    assert shown_roles == ["Developer"]
    assert not any(view.grid.isColumnHidden(c) for c in range(model.columnCount()))
    assert view.role_proxy.rowCount() == 1

    type_into(qtbot, view.search_edit, "phishing")
    shown = [c.name for i, c in enumerate(model.competencies) if not view.grid.isColumnHidden(i)]
    assert shown == ["Phishing recognition"]
    assert not any(view.grid.isRowHidden(r) for r in range(model.rowCount()))

    window.activateWindow()
    window.find_action.trigger()
    qtbot.waitUntil(view.search_edit.hasFocus)


def test_the_grid_paints_its_level_header(view: RolesView) -> None:
    image = view.grid.grab()
    assert not image.isNull()
    assert view.grid_header.height() > view.grid_header.band_height()


# ---- roles and competencies ------------------------------------------------------------------


def test_a_new_role_typed_into_the_form_gets_a_row_in_the_grid(
    qtbot: QtBot, window: MainWindow, view: RolesView, document: Document
) -> None:
    rows = view.requirement_model.rowCount()
    qtbot.mouseClick(view.roles.new_button, Qt.MouseButton.LeftButton)
    form = view.role_form
    qtbot.keyClicks(form.name_edit, "Data protection officer")
    qtbot.keyClicks(form.owner_edit, "Ana Ruiz")
    qtbot.keyClicks(form.last_reviewed_edit.line_edit, "2025-01-15")
    form.review_months_spin.setValue(6)
    qtbot.mouseClick(form.apply_button, Qt.MouseButton.LeftButton)

    role = document.store.roles.by_name("Data protection officer")
    assert (role.owner, role.last_reviewed, role.review_interval_months) == (
        "Ana Ruiz",
        date(2025, 1, 15),
        6,
    )
    assert view.requirement_model.rowCount() == rows + 1
    assert view.roles.current_record().id == role.id

    window.undo_action.trigger()
    assert view.requirement_model.rowCount() == rows
    assert all(r.name != "Data protection officer" for r in document.store.roles.all())


@pytest.mark.parametrize(
    ("name", "reviewed", "message"),
    [
        ("", "", "The role name is required."),
        ("developer", "", "There is already a role named “Developer”."),
        ("New role", "2025-1-5", "is not a date in the form YYYY-MM-DD"),
        ("New role", (date.today() + timedelta(days=3)).isoformat(), "is in the future"),
    ],
)
def test_bad_role_input_is_refused_with_a_message(
    qtbot: QtBot, view: RolesView, document: Document, name: str, reviewed: str, message: str
) -> None:
    before = document.store.roles.all()
    qtbot.mouseClick(view.roles.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(view.role_form.name_edit, name)
    qtbot.keyClicks(view.role_form.last_reviewed_edit.line_edit, reviewed)
    qtbot.mouseClick(view.role_form.apply_button, Qt.MouseButton.LeftButton)
    assert message in view.role_form.message.text()
    assert document.store.roles.all() == before


def test_editing_a_role_marks_it_reviewed_today(
    qtbot: QtBot, view: RolesView, document: Document
) -> None:
    role = document.store.roles.by_name("Supervisor")
    view.side_tabs.setCurrentIndex(0)
    assert view.roles.select_record(role.id)
    qtbot.mouseClick(view.role_form.reviewed_today_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.role_form.apply_button, Qt.MouseButton.LeftButton)
    assert document.store.roles.get(role.id).last_reviewed == date.today()
    assert not review_state(document.store.roles.get(role.id), document.as_of).due


def test_a_new_competency_with_its_evidence_kinds_joins_its_level_group(
    qtbot: QtBot, view: RolesView, document: Document
) -> None:
    view.side_tabs.setCurrentIndex(1)
    qtbot.mouseClick(view.competencies.new_button, Qt.MouseButton.LeftButton)
    form = view.competency_form
    qtbot.keyClicks(form.name_edit, "Threat modelling")
    form.level_combo.setCurrentIndex(form.level_combo.findData(Level.ADVANCED))
    form.renewal_spin.setValue(24)
    for kind in (EvidenceKind.CERTIFICATE, EvidenceKind.CV):
        check = form.kind_checks[kind]
        # On the box itself: the check box is wider than its label.
        qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=QPoint(8, check.height() // 2))
    qtbot.mouseClick(form.apply_button, Qt.MouseButton.LeftButton)

    competency = document.store.competencies.by_name("Threat modelling")
    assert competency.level is Level.ADVANCED
    assert competency.renewal_months == 24
    assert set(competency.accepted_kinds) == {EvidenceKind.CERTIFICATE, EvidenceKind.CV}
    model = view.requirement_model
    column = next(i for i, c in enumerate(model.competencies) if c.id == competency.id)
    assert (
        model.headerData(column, Qt.Orientation.Horizontal, RequirementRole.LEVEL) is Level.ADVANCED
    )
    assert model.headerData(column, Qt.Orientation.Horizontal) == "Threat modelling"


def test_a_renewal_of_zero_months_means_it_never_expires(
    qtbot: QtBot, view: RolesView, document: Document
) -> None:
    competency = document.store.competencies.by_name("Internal audit")
    view.side_tabs.setCurrentIndex(1)
    view.competencies.select_record(competency.id)
    view.competency_form.renewal_spin.setValue(12)
    qtbot.mouseClick(view.competency_form.apply_button, Qt.MouseButton.LeftButton)
    assert document.store.competencies.get(competency.id).renewal_months == 12
    view.competency_form.renewal_spin.setValue(0)
    assert view.competency_form.renewal_spin.text() == "Never expires"
    qtbot.mouseClick(view.competency_form.apply_button, Qt.MouseButton.LeftButton)
    assert document.store.competencies.get(competency.id).renewal_months is None


def test_deleting_a_competency_asks_and_undo_restores_its_requirements(
    qtbot: QtBot, window: MainWindow, view: RolesView, document: Document
) -> None:
    competency = document.store.competencies.by_name("Secure coding (OWASP Top 10)")
    required_by = {pair for pair in document.store.requirements.all() if pair[1] == competency.id}
    assert required_by
    view.side_tabs.setCurrentIndex(1)
    view.competencies.select_record(competency.id)
    columns = view.requirement_model.columnCount()

    qtbot.mouseClick(view.competencies.delete_button, Qt.MouseButton.LeftButton)
    box = view.competencies.confirm_box
    assert "Secure coding (OWASP Top 10)" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()

    assert view.requirement_model.columnCount() == columns - 1
    assert not {pair for pair in document.store.requirements.all() if pair[1] == competency.id}
    window.undo_action.trigger()
    assert view.requirement_model.columnCount() == columns
    assert {
        pair for pair in document.store.requirements.all() if pair[1] == competency.id
    } == required_by


def test_deleting_a_role_warns_about_the_people_holding_it(
    qtbot: QtBot, view: RolesView, document: Document
) -> None:
    role = document.store.roles.by_name("Developer")
    document.store.people.add("Ana Ruiz", "ana@example.com", role_ids=(role.id,))
    document.refresh()
    view.side_tabs.setCurrentIndex(0)
    view.roles.select_record(role.id)
    qtbot.mouseClick(view.roles.delete_button, Qt.MouseButton.LeftButton)
    box = view.roles.confirm_box
    assert "1 person holds this role" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert document.store.roles.get(role.id) == role


def test_clicking_a_row_header_shows_that_role(qtbot: QtBot, view: RolesView) -> None:
    view.side_tabs.setCurrentIndex(1)
    view.on_grid_role_header_clicked(1)
    assert view.side_tabs.currentIndex() == 0
    assert view.role_form.record.id == view.requirement_model.roles[1].id


def test_the_models_pass_the_model_tester(qtmodeltester: Any, view: RolesView) -> None:
    qtmodeltester.check(view.requirement_model)
    qtmodeltester.check(view.role_model)
    qtmodeltester.check(view.role_proxy)
    qtmodeltester.check(view.competency_model)
    qtmodeltester.check(view.competency_proxy)


def test_audit_mode_makes_the_grid_and_the_forms_read_only(
    window: MainWindow, view: RolesView, document: Document
) -> None:
    index = cell(view, "Developer", "Internal audit")
    window.audit_action.trigger()

    assert not index.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert not view.requirement_model.setData(
        index, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole
    )
    assert not is_required(document, "Developer", "Internal audit")
    assert not view.roles.new_button.isEnabled()
    assert not view.competencies.delete_button.isEnabled()
    assert view.role_form.name_edit.isReadOnly()
    assert not view.role_form.reviewed_today_button.isEnabled()
    assert not view.competency_form.kind_checks[EvidenceKind.CV].isEnabled()

    window.audit_action.trigger()
    assert cell(view, "Developer", "Internal audit").flags() & Qt.ItemFlag.ItemIsUserCheckable


# ---- what the view reloads --------------------------------------------------------------------


def test_the_form_shows_the_refusal_that_push_returns_and_nothing_else_does(
    qtbot: QtBot,
    window: MainWindow,
    view: RolesView,
    document: Document,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*_args: object, **_values: object) -> Role:
        raise DocumentError("the disk is full")

    monkeypatch.setattr(document.store.roles, "add", refuse)
    qtbot.mouseClick(view.roles.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(view.role_form.name_edit, "Data protection officer")
    qtbot.mouseClick(view.role_form.apply_button, Qt.MouseButton.LeftButton)

    assert view.role_form.message.text() == "⚠ Not saved: the disk is full"
    assert view.role_form.dirty
    # Said once, where the user typed it: no window message box on top of the form.
    assert window.last_message_box is None


def test_an_evidence_edit_leaves_the_roles_view_as_it_is(
    view: RolesView,
    document: Document,
    ana: Person,
    secure_coding: Competency,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reloads: list[None] = []
    monkeypatch.setattr(view, "refresh", lambda: reloads.append(None))
    command = AddEvidenceCommand(
        document.store, ana, secure_coding, EvidenceKind.CERTIFICATE, Route.TRAINING
    )

    assert document.push(command) is None
    document.undo_stack.undo()
    document.undo_stack.redo()
    assert reloads == []

    assert document.push(AddRoleCommand(document.store, "Auditor")) is None
    assert len(reloads) == 1
    document.undo_stack.undo()
    assert len(reloads) == 2


# ---- renewal mode and document version ------------------------------------------------------


def test_switching_to_a_fixed_yearly_date_saves_when_the_day_is_left_and_undo_takes_it_back(
    qtbot: QtBot, view: RolesView, document: Document
) -> None:
    competency = document.store.competencies.by_name("Internal audit")
    view.side_tabs.setCurrentIndex(1)
    view.competencies.select_record(competency.id)
    form = view.competency_form
    assert not form.renewal_on_edit.isEnabled()
    form.renewal_mode_combo.setFocus()
    qtbot.keyClick(form.renewal_mode_combo, Qt.Key.Key_Down)
    assert form.renewal_on_edit.isEnabled()
    form.renewal_on_edit.setFocus()
    qtbot.keyClicks(form.renewal_on_edit, "03-31")
    qtbot.keyClick(form.renewal_on_edit, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: document.store.competencies.get(competency.id).renewal_on == "03-31")

    saved = document.store.competencies.get(competency.id)
    assert saved.renewal_mode is RenewalMode.FIXED_DATE
    # The switch takes effect today: completions before it keep their due dates.
    assert document.store.competencies.fixed_since()[competency.id] == date.today()
    assert "yearly renewal date" in document.undo_stack.undoText()
    document.undo_stack.undo()
    restored = document.store.competencies.get(competency.id)
    assert restored.renewal_mode is RenewalMode.AFTER_COMPLETION
    assert restored.renewal_on == ""
    assert competency.id not in document.store.competencies.fixed_since()
    assert form.renewal_mode_combo.currentData() is RenewalMode.AFTER_COMPLETION


def test_a_yearly_date_that_is_no_day_of_the_year_is_refused_and_nothing_changes(
    qtbot: QtBot, view: RolesView, document: Document
) -> None:
    competency = document.store.competencies.by_name("Internal audit")
    view.side_tabs.setCurrentIndex(1)
    view.competencies.select_record(competency.id)
    form = view.competency_form
    form.renewal_mode_combo.setFocus()
    qtbot.keyClick(form.renewal_mode_combo, Qt.Key.Key_Down)
    # Choosing the mode alone is refused, and the focus goes to the day it needs.
    qtbot.waitUntil(lambda: "needs the day" in form.message.text())
    assert form.renewal_on_edit.hasFocus()
    qtbot.keyClicks(form.renewal_on_edit, "02-30")
    qtbot.mouseClick(form.apply_button, Qt.MouseButton.LeftButton)
    assert "not a day of the year" in form.message.text()
    assert document.store.competencies.get(competency.id) == competency
    assert form.renewal_on_edit.hasFocus()


def test_a_document_version_and_its_publication_date_are_saved_one_undo_step_each(
    qtbot: QtBot, view: RolesView, document: Document
) -> None:
    competency = document.store.competencies.by_name("Internal audit")
    view.side_tabs.setCurrentIndex(1)
    view.competencies.select_record(competency.id)
    form = view.competency_form
    form.document_version_edit.setFocus()
    qtbot.keyClicks(form.document_version_edit, "2.0")
    qtbot.keyClick(form.document_version_edit, Qt.Key.Key_Tab)
    qtbot.waitUntil(
        lambda: document.store.competencies.get(competency.id).document_version == "2.0"
    )
    # A new version with its date left as it was is published today.
    assert document.store.competencies.get(competency.id).version_since == date.today()
    assert form.version_since_edit.date() == date.today()
    published = date.today() - timedelta(days=3)
    form.version_since_edit.line_edit.clear()
    line = form.version_since_edit.line_edit
    line.setFocus()
    qtbot.keyClicks(line, published.isoformat())
    qtbot.keyClick(line, Qt.Key.Key_Tab)
    qtbot.waitUntil(
        lambda: document.store.competencies.get(competency.id).version_since == published
    )
    assert document.undo_stack.undoText() == "Change version publication date of Internal audit"
    document.undo_stack.undo()
    assert document.store.competencies.get(competency.id).version_since == date.today()
    assert document.store.competencies.get(competency.id).document_version == "2.0"
    document.undo_stack.undo()
    assert document.store.competencies.get(competency.id) == competency


def test_a_new_version_keeps_a_publication_date_typed_with_it(
    qtbot: QtBot, view: RolesView, document: Document
) -> None:
    competency = document.store.competencies.by_name("Internal audit")
    view.side_tabs.setCurrentIndex(1)
    view.competencies.select_record(competency.id)
    form = view.competency_form
    qtbot.keyClicks(form.document_version_edit, "1")
    line = form.version_since_edit.line_edit
    qtbot.keyClicks(line, "2026-01-05")
    qtbot.mouseClick(form.apply_button, Qt.MouseButton.LeftButton)
    saved = document.store.competencies.get(competency.id)
    assert (saved.document_version, saved.version_since) == ("1", date(2026, 1, 5))
