"""The Matrix view: cells from the gap engine, filters, the side panel, drops, export, undo."""

from __future__ import annotations

import csv
import dataclasses
import time
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import (
    QDate,
    QEvent,
    QMimeData,
    QModelIndex,
    QModelRoleData,
    QPointF,
    Qt,
    QUrl,
)
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QDropEvent, QHelpEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QToolTip
from pytestqt.qtbot import QtBot

from compdesk.models.gaps import GapStatus
from compdesk.models.records import (
    ActionType,
    Competency,
    EvidenceKind,
    Level,
    Person,
    PersonType,
    Role,
    Route,
)
from compdesk.models.rules import accepted_kind_problem
from compdesk.views.commands.actions import AddActionCommand
from compdesk.views.commands.competencies import AddCompetencyCommand
from compdesk.views.commands.evidence import AddEvidenceCommand, DeleteEvidenceCommand
from compdesk.views.commands.people import AddPersonCommand, UpdatePersonCommand
from compdesk.views.commands.roles import AddRoleCommand, SetRequirementCommand
from compdesk.views.document import Document
from compdesk.views.main_window import MainWindow
from compdesk.views.matrix.filter_proxy import MatrixFilterModel
from compdesk.views.matrix.legend import display_symbols
from compdesk.views.matrix.model import MatrixModel, MatrixRole
from compdesk.views.matrix.rows import COMPLETION_COLUMN
from compdesk.views.matrix.table import viewport_of
from compdesk.views.matrix.view import MatrixView

AS_OF = date(2026, 6, 1)


@pytest.fixture
def view(window: MainWindow, document: Document) -> MatrixView:
    """The matrix view, shown, with the as-of date set through its own date picker."""
    matrix_view = window.view("matrix")
    assert isinstance(matrix_view, MatrixView)
    assert window.current_view() is matrix_view
    matrix_view.filters.as_of_edit.setDate(QDate(AS_OF))
    assert document.as_of == AS_OF
    return matrix_view


def add_person(
    document: Document, name: str, *roles: str, type: PersonType = PersonType.EMPLOYEE
) -> Person:
    store = document.store
    role_ids = tuple(store.roles.by_name(role).id for role in roles)
    email = f"{name.lower().replace(' ', '.')}@example.com"
    assert document.push(AddPersonCommand(store, name, email, role_ids=role_ids, type=type)) is None
    return store.people.by_email(email)


def add_evidence(
    document: Document,
    person: Person,
    competency: str,
    achieved_on: date = date(2026, 5, 1),
    files: tuple[Path, ...] = (),
    **values: object,
) -> None:
    store = document.store
    command = AddEvidenceCommand(
        store,
        person,
        store.competencies.by_name(competency),
        EvidenceKind.TRAINING_RECORD,
        Route.TRAINING,
        files=files,
        achieved_on=achieved_on,
        **values,
    )
    assert document.push(command) is None


def meet_everything(document: Document, person: Person) -> None:
    required = {c for r, c in document.store.requirements.all() if r in person.role_ids}
    for competency in document.store.competencies.all():
        if competency.id in required:
            add_evidence(document, person, competency.name)


def competency(document: Document, name: str) -> Competency:
    return document.store.competencies.by_name(name)


def role(document: Document, name: str) -> Role:
    return document.store.roles.by_name(name)


# ---- cells follow the record ------------------------------------------------------------------


def test_a_new_person_with_a_role_shows_missing_cells(view: MatrixView, document: Document) -> None:
    ana = add_person(document, "Ana Ruiz", "Developer")

    assert view.shown_person_ids() == [ana.id]
    secure_coding = competency(document, "Secure coding (OWASP Top 10)")
    assert view.status_of(ana.id, secure_coding.id) is GapStatus.MISSING
    index = view.index_of(ana.id, secure_coding.id)
    assert index.data(MatrixRole.STATUS) is GapStatus.MISSING
    assert index.data() == view.model.symbols[GapStatus.MISSING]
    assert index.data(Qt.ItemDataRole.AccessibleTextRole) == (
        "Secure coding (OWASP Top 10): Missing"
    )
    # Only what developers need is shown: no column for the ISMS manager's audit skills.
    assert competency(document, "Internal audit").id not in view.shown_competency_ids()
    name = view.proxy.headerData(0, Qt.Orientation.Vertical)
    assert name == "Ana Ruiz"
    assert "Overall completion 0 %" in view.overall_label.text()
    assert f"as of {AS_OF.isoformat()}" in view.overall_label.text()


def test_evidence_turns_a_cell_met_and_undo_turns_it_back(
    view: MatrixView, window: MainWindow, document: Document, tmp_path: Path
) -> None:
    ana = add_person(document, "Ana Ruiz", "Developer")
    passwords = competency(document, "Passwords and MFA")
    certificate = tmp_path / "mfa-training.pdf"
    certificate.write_bytes(b"%PDF-1.4 a training record")
    assert view.status_of(ana.id, passwords.id) is GapStatus.MISSING

    add_evidence(
        document, ana, "Passwords and MFA", files=(certificate,), title="MFA basics", issuer="Acme"
    )
    assert view.status_of(ana.id, passwords.id) is GapStatus.MET
    view.ensure_details()
    tooltip = view.index_of(ana.id, passwords.id).data(Qt.ItemDataRole.ToolTipRole)
    assert "MFA basics" in tooltip and "Acme" in tooltip and "2026-05-01" in tooltip
    assert "Valid until 2027-05-01" in tooltip and "1 file attached" in tooltip

    window.undo_action.trigger()
    assert view.status_of(ana.id, passwords.id) is GapStatus.MISSING
    window.redo_action.trigger()
    assert view.status_of(ana.id, passwords.id) is GapStatus.MET


def test_a_refresh_keeps_the_current_cell(view: MatrixView, document: Document) -> None:
    ana = add_person(document, "Ana Ruiz", "Developer")
    passwords = competency(document, "Passwords and MFA")
    view.table.setCurrentIndex(view.index_of(ana.id, passwords.id))

    add_person(document, "Bruno Costa", "Developer")  # a new row: the model is reset

    assert view.proxy.cell_ids(view.table.currentIndex()) == (ana.id, passwords.id)


def test_planned_and_due_cells_say_what_and_until_when(
    view: MatrixView, document: Document
) -> None:
    store = document.store
    ana = add_person(document, "Ana Ruiz", "Developer")
    secure_coding = competency(document, "Secure coding (OWASP Top 10)")
    document.push(
        AddActionCommand(
            store,
            ana,
            secure_coding,
            ActionType.TRAINING,
            description="OWASP course",
            due_date=date(2026, 7, 1),
        )
    )
    # A starter who joined two days ago is inside the 7-day onboarding grace.
    bruno = add_person(document, "Bruno Costa", "Developer")
    document.push(
        UpdatePersonCommand(store, bruno, dataclasses.replace(bruno, start_date=date(2026, 5, 30)))
    )

    assert view.status_of(ana.id, secure_coding.id) is GapStatus.PLANNED
    assert view.status_of(bruno.id, secure_coding.id) is GapStatus.DUE
    view.ensure_details()
    planned = view.index_of(ana.id, secure_coding.id).data(Qt.ItemDataRole.ToolTipRole)
    assert "OWASP course" in planned and "due 2026-07-01" in planned
    due = view.index_of(bruno.id, secure_coding.id).data(Qt.ItemDataRole.ToolTipRole)
    assert "Grace period ends 2026-06-06" in due


def test_requiring_a_new_competency_adds_a_column(view: MatrixView, document: Document) -> None:
    store = document.store
    ana = add_person(document, "Ana Ruiz", "Developer")
    columns_before = view.proxy.columnCount()
    document.push(AddCompetencyCommand(store, "Threat modelling", level=Level.ADVANCED))
    threat_modelling = competency(document, "Threat modelling")
    assert threat_modelling.id not in view.shown_competency_ids()

    document.push(SetRequirementCommand(store, role(document, "Developer"), threat_modelling, True))

    assert view.proxy.columnCount() == columns_before + 1
    # Advanced competencies come last, after the role-specific ones.
    assert view.shown_competency_ids()[-1] == threat_modelling.id
    assert view.status_of(ana.id, threat_modelling.id) is GapStatus.MISSING
    last = view.proxy.columnCount() - 1
    assert view.proxy.headerData(last, Qt.Orientation.Horizontal) == "Threat modelling"
    assert view.proxy.column_competency(last) == threat_modelling


def test_the_as_of_date_recomputes_the_statuses(view: MatrixView, document: Document) -> None:
    ana = add_person(document, "Ana Ruiz", "Developer")
    phishing = competency(document, "Phishing recognition")  # renewed every 3 months
    add_evidence(document, ana, "Phishing recognition", achieved_on=date(2026, 5, 1))
    assert view.status_of(ana.id, phishing.id) is GapStatus.MET

    view.filters.as_of_edit.setDate(QDate(2026, 4, 1))  # before the training
    assert view.status_of(ana.id, phishing.id) is GapStatus.MISSING
    view.filters.as_of_edit.setDate(QDate(2026, 7, 20))  # expiring within 30 days of 2026-08-01
    assert view.status_of(ana.id, phishing.id) is GapStatus.EXPIRING
    view.filters.as_of_edit.setDate(QDate(2026, 9, 15))  # expired, renewal grace over
    assert view.status_of(ana.id, phishing.id) is GapStatus.EXPIRED
    assert "as of 2026-09-15" in view.overall_label.text()


def test_an_as_of_date_set_elsewhere_shows_in_the_picker(
    view: MatrixView, document: Document
) -> None:
    document.set_as_of(date(2025, 12, 31))
    assert view.filters.as_of_edit.value() == date(2025, 12, 31)
    assert view.model.as_of == date(2025, 12, 31)


# ---- filters --------------------------------------------------------------------------------


def test_gaps_only_hides_fully_met_people_and_gapless_columns(
    view: MatrixView, document: Document
) -> None:
    ana = add_person(document, "Ana Ruiz", "Developer")
    bruno = add_person(document, "Bruno Costa", "Developer")
    meet_everything(document, ana)
    meet_everything(document, bruno)
    add_evidence(document, ana, "Passwords and MFA")  # more than needed changes nothing
    # Bruno lacks only the security policy.
    policy = competency(document, "Security policy")
    (evidence,) = document.store.evidence.list(person_id=bruno.id, competency_id=policy.id)
    document.push(DeleteEvidenceCommand(document.store, evidence))
    assert set(view.shown_person_ids()) == {ana.id, bruno.id}

    view.filters.gaps_check.setChecked(True)

    assert view.shown_person_ids() == [bruno.id]
    assert view.shown_competency_ids() == [policy.id]
    assert view.legend.labels[GapStatus.MISSING].text() == "Missing (1)"
    view.filters.gaps_check.setChecked(False)
    assert set(view.shown_person_ids()) == {ana.id, bruno.id}


def test_role_and_type_filters(view: MatrixView, document: Document) -> None:
    ana = add_person(document, "Ana Ruiz", "Developer")
    chen = add_person(document, "Chen Li", "Customer support")
    dana = add_person(document, "Dana Berg", "Contractor in scope", type=PersonType.CONTRACTOR)

    view.filters.role_combo.setCurrentIndex(view.filters.role_combo.findText("Developer"))
    assert view.shown_person_ids() == [ana.id]
    assert competency(document, "Customer data protection").id not in view.shown_competency_ids()
    assert "1 of 3 people shown" in view.overall_label.text()

    view.filters.role_combo.setCurrentIndex(0)
    view.filters.type_combo.setCurrentIndex(view.filters.type_combo.findText("Contractors"))
    assert view.shown_person_ids() == [dana.id]
    view.filters.type_combo.setCurrentIndex(view.filters.type_combo.findText("Employees"))
    assert view.shown_person_ids() == [ana.id, chen.id]
    view.filters.type_combo.setCurrentIndex(view.filters.type_combo.findText("Third parties"))
    assert view.shown_person_ids() == []
    assert view.empty_label.isVisible()
    assert view.empty_label.text() == "No one matches the filters."


def test_a_deleted_role_filter_falls_back_to_all_roles(
    view: MatrixView, window: MainWindow, document: Document
) -> None:
    ana = add_person(document, "Ana Ruiz", "Developer")
    document.push(AddRoleCommand(document.store, "Auditor"))
    view.filters.role_combo.setCurrentIndex(view.filters.role_combo.findText("Auditor"))
    assert view.shown_person_ids() == []

    window.undo_action.trigger()  # the role is gone again

    assert view.filters.role_combo.currentText() == "All roles"
    assert view.shown_person_ids() == [ana.id]


def test_search_matches_names_emails_and_roles_and_ctrl_f_focuses_it(
    qtbot: QtBot, view: MatrixView, window: MainWindow, document: Document
) -> None:
    ana = add_person(document, "Ana Ruiz", "Developer")
    chen = add_person(document, "Chen Li", "Customer support")

    window.find_action.trigger()
    assert view.filters.search_edit.hasFocus()
    qtbot.keyClicks(view.filters.search_edit, "ruiz")
    assert view.shown_person_ids() == [ana.id]
    view.filters.search_edit.setText("SUPPORT")
    assert view.shown_person_ids() == [chen.id]
    view.filters.search_edit.setText("chen.li@example")
    assert view.shown_person_ids() == [chen.id]
    view.filters.search_edit.clear()
    assert view.shown_person_ids() == [ana.id, chen.id]


def test_sorting_a_column_puts_the_gaps_first_and_a_third_click_restores_names(
    view: MatrixView, document: Document
) -> None:
    ana = add_person(document, "Ana Ruiz", "Developer")
    bruno = add_person(document, "Bruno Costa", "Developer")
    add_evidence(document, ana, "Passwords and MFA")
    column = view.index_of(ana.id, competency(document, "Passwords and MFA").id).column()
    assert view.shown_person_ids() == [ana.id, bruno.id]

    view.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    assert view.shown_person_ids() == [bruno.id, ana.id]
    view.table.sortByColumn(COMPLETION_COLUMN, Qt.SortOrder.DescendingOrder)
    assert view.shown_person_ids() == [ana.id, bruno.id]
    view.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    assert view.shown_person_ids() == [ana.id, bruno.id]


# ---- the side panel -----------------------------------------------------------------------


def test_enter_opens_the_side_panel_with_the_evidence_and_actions(
    qtbot: QtBot, view: MatrixView, document: Document, tmp_path: Path
) -> None:
    ana = add_person(document, "Ana Ruiz", "Developer")
    passwords = competency(document, "Passwords and MFA")
    attendance = tmp_path / "attendance.csv"
    attendance.write_text("name\nAna Ruiz\n", encoding="utf-8")
    add_evidence(document, ana, "Passwords and MFA", files=(attendance,), title="MFA basics")
    document.push(AddActionCommand(document.store, ana, passwords, ActionType.MENTORING))
    view.table.setFocus()
    view.table.setCurrentIndex(view.index_of(ana.id, passwords.id))

    qtbot.keyClick(view.table, Qt.Key.Key_Return)

    assert view.panel.isVisible()
    assert "Ana Ruiz — Passwords and MFA" in view.panel.heading.text()
    assert view.panel.evidence_titles() == ["MFA basics"]
    assert view.panel.attachment_names() == ["attendance.csv"]
    assert len(view.panel.action_ids()) == 1
    assert "Met" in view.panel.status_label.text()
    assert view.panel.add_evidence_button.isEnabled()

    # The panel follows the cursor, and Esc closes it.
    secure_coding = competency(document, "Secure coding (OWASP Top 10)")
    view.table.setCurrentIndex(view.index_of(ana.id, secure_coding.id))
    assert "Ana Ruiz — Secure coding (OWASP Top 10)" in view.panel.heading.text()
    assert view.panel.evidence_titles() == []
    qtbot.keyClick(view.table, Qt.Key.Key_Escape)
    assert not view.panel.isVisible()


def test_double_click_opens_the_panel_and_an_edit_refreshes_it(
    qtbot: QtBot, view: MatrixView, document: Document
) -> None:
    ana = add_person(document, "Ana Ruiz", "Developer")
    passwords = competency(document, "Passwords and MFA")
    index = view.index_of(ana.id, passwords.id)
    view.table.scrollTo(index)
    position = view.table.visualRect(index).center()

    # Qt's item views act on a double click only after the press that starts it.
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=position)
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=position)

    assert view.panel.isVisible()
    assert view.panel.evidence_titles() == []
    add_evidence(document, ana, "Passwords and MFA", title="MFA basics")
    assert view.panel.evidence_titles() == ["MFA basics"]


def test_the_panel_closes_when_its_person_leaves_the_matrix(
    view: MatrixView, window: MainWindow, document: Document
) -> None:
    ana = add_person(document, "Ana Ruiz", "Developer")
    assert view.open_cell(ana.id, competency(document, "Passwords and MFA").id)
    window.undo_action.trigger()  # Ana was never added
    assert not view.panel.isVisible()
    assert view.shown_person_ids() == []


def test_panel_buttons_open_the_evidence_and_action_forms(
    view: MatrixView, document: Document
) -> None:
    ana = add_person(document, "Ana Ruiz", "Developer")
    passwords = competency(document, "Passwords and MFA")
    view.open_cell(ana.id, passwords.id)

    view.panel.add_evidence_button.click()
    dialog = view.open_dialog
    assert dialog is not None and dialog.isVisible()
    assert type(dialog).__name__ == "EvidenceDialog"
    dialog.close()

    view.panel.plan_action_button.click()
    dialog = view.open_dialog
    assert dialog is not None and dialog.isVisible()
    assert type(dialog).__name__ == "ActionDialog"
    dialog.close()


# ---- dropping files ---------------------------------------------------------------------------


def drop_files(view: MatrixView, index: QModelIndex, paths: list[Path]) -> bool:
    """Drag file URLs onto the cell's place on the viewport and drop them there.

    Qt 6 delivers a drop only to the widget that accepted the drag's enter event, so the
    drag enters and moves first, as it would under a mouse.
    """
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    view.table.scrollTo(index)
    position = QPointF(view.table.visualRect(index).center())
    viewport = view.table.viewport()
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    actions = Qt.DropAction.CopyAction
    # Enter and move events take whole pixels in Qt 6.11, the drop itself a QPointF.
    enter = QDragEnterEvent(position.toPoint(), actions, mime, buttons, modifiers)
    QApplication.sendEvent(viewport, enter)
    if not enter.isAccepted():
        return False
    move = QDragMoveEvent(position.toPoint(), actions, mime, buttons, modifiers)
    QApplication.sendEvent(viewport, move)
    if not move.isAccepted():
        leave = QDragLeaveEvent()
        QApplication.sendEvent(viewport, leave)
        return False
    drop = QDropEvent(position, actions, mime, buttons, modifiers)
    QApplication.sendEvent(viewport, drop)
    return drop.isAccepted()


def test_a_file_dropped_on_a_cell_becomes_evidence_with_that_attachment(
    view: MatrixView, document: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without asking (as when no evidence form is available), the drop adds evidence at once.
    monkeypatch.setattr(view, "open_evidence_dialog", lambda *args, **kwargs: False)
    ana = add_person(document, "Ana Ruiz", "Developer")
    secure_coding = competency(document, "Secure coding (OWASP Top 10)")
    certificate = tmp_path / "OWASP_certificate.pdf"
    certificate.write_bytes(b"%PDF-1.4 certificate")

    assert drop_files(view, view.index_of(ana.id, secure_coding.id), [certificate])

    (evidence,) = document.store.evidence.list(person_id=ana.id, competency_id=secure_coding.id)
    assert [a.file_name for a in evidence.attachments] == ["OWASP_certificate.pdf"]
    assert evidence.kind is EvidenceKind.CERTIFICATE
    assert evidence.title == "OWASP_certificate"
    assert evidence.achieved_on == date.today()
    assert document.undo_stack.undoText().startswith("Add evidence of Secure coding")


def test_a_drop_opens_the_evidence_form_with_the_files(
    view: MatrixView, document: Document, tmp_path: Path
) -> None:
    ana = add_person(document, "Ana Ruiz", "Developer")
    passwords = competency(document, "Passwords and MFA")
    record = tmp_path / "training.pdf"
    record.write_bytes(b"%PDF-1.4 record")

    assert drop_files(view, view.index_of(ana.id, passwords.id), [record])

    dialog = view.open_dialog
    assert dialog is not None and type(dialog).__name__ == "EvidenceDialog"
    assert dialog.isVisible()
    assert str(record) in str(getattr(dialog, "_files", "")) or record.name in str(
        dialog.files_model.stringList()  # type: ignore[attr-defined]
    )
    dialog.close()
    assert document.store.evidence.list(person_id=ana.id) == []


def test_drops_are_refused_on_the_completion_column_and_for_folders(
    view: MatrixView, document: Document, tmp_path: Path
) -> None:
    ana = add_person(document, "Ana Ruiz", "Developer")
    record = tmp_path / "training.pdf"
    record.write_bytes(b"%PDF-1.4 record")
    completion = view.proxy.index(0, COMPLETION_COLUMN)

    assert not drop_files(view, completion, [record])
    passwords = view.index_of(ana.id, competency(document, "Passwords and MFA").id)
    assert not drop_files(view, passwords, [tmp_path])
    assert view.open_dialog is None


def test_files_are_not_added_in_audit_mode(
    view: MatrixView, window: MainWindow, document: Document, tmp_path: Path
) -> None:
    ana = add_person(document, "Ana Ruiz", "Developer")
    passwords = competency(document, "Passwords and MFA")
    record = tmp_path / "training.pdf"
    record.write_bytes(b"%PDF-1.4 record")
    window.audit_action.trigger()

    assert not view.add_evidence_files(ana.id, passwords.id, [record], ask=False)
    assert not view.panel.add_evidence_button.isEnabled()
    assert document.store.evidence.list() == []


def test_add_evidence_files_without_asking_attaches_every_file(
    view: MatrixView, document: Document, tmp_path: Path
) -> None:
    ana = add_person(document, "Ana Ruiz", "Developer")
    passwords = competency(document, "Passwords and MFA")
    files = [tmp_path / "quiz results.pdf", tmp_path / "slides.pdf"]
    for path in files:
        path.write_bytes(path.name.encode())

    view.filters.as_of_edit.setDate(QDate.currentDate())  # the evidence is dated today
    assert view.add_evidence_files(ana.id, passwords.id, files, ask=False)

    (evidence,) = document.store.evidence.list(person_id=ana.id)
    assert [a.file_name for a in evidence.attachments] == ["quiz results.pdf", "slides.pdf"]
    assert evidence.kind is EvidenceKind.ASSESSMENT
    assert evidence.title == "quiz results and 1 more file"
    assert view.status_of(ana.id, passwords.id) is GapStatus.MET


def test_a_contract_clause_added_without_asking_takes_the_experience_route(
    view: MatrixView, document: Document, tmp_path: Path
) -> None:
    ana = add_person(document, "Ana Ruiz", "Developer")
    policy = competency(document, "Security policy")
    clause = tmp_path / "NDA clause.pdf"
    clause.write_bytes(b"%PDF-1.4 clause")

    assert view.add_evidence_files(ana.id, policy.id, [clause], ask=False)

    (evidence,) = document.store.evidence.list(person_id=ana.id)
    assert (evidence.kind, evidence.route) == (EvidenceKind.CONTRACT_CLAUSE, Route.EXPERIENCE)


def test_a_kind_the_competency_does_not_accept_is_refused_as_on_the_command_line(
    qtbot: QtBot, view: MatrixView, document: Document, tmp_path: Path
) -> None:
    ana = add_person(document, "Ana Ruiz", "Developer")
    passwords = competency(document, "Passwords and MFA")
    accepting_certificates = dataclasses.replace(
        passwords, accepted_kinds=(EvidenceKind.CERTIFICATE,)
    )
    document.store.competencies.update(accepting_certificates)
    document.refresh()
    quiz = tmp_path / "quiz results.pdf"
    quiz.write_bytes(b"%PDF-1.4 quiz")

    with qtbot.waitSignal(document.failed) as failed:
        assert not view.add_evidence_files(ana.id, passwords.id, [quiz], ask=False)

    assert failed.args == [accepted_kind_problem(accepting_certificates, EvidenceKind.ASSESSMENT)]
    assert document.store.evidence.list() == []


# ---- export --------------------------------------------------------------------------------


def test_export_csv_writes_the_matrix_as_shown(
    view: MatrixView, document: Document, tmp_path: Path
) -> None:
    ana = add_person(document, "Ana Ruiz", "Developer")
    add_person(document, "=Bad Idea", "Customer support")
    add_evidence(document, ana, "Passwords and MFA")
    view.filters.role_combo.setCurrentIndex(view.filters.role_combo.findText("Developer"))
    target = tmp_path / "matrix.csv"

    assert view.export_csv(target)

    with target.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    header = rows[0]
    assert header[:5] == ["name", "email", "type", "roles", "completion %"]
    assert header[5:] == [
        view.proxy.headerData(c, Qt.Orientation.Horizontal)
        for c in range(1, view.proxy.columnCount())
    ]
    assert len(rows) == 2  # the filter applies: only the developer
    ana_row = dict(zip(header, rows[1], strict=True))
    assert ana_row["name"] == "Ana Ruiz" and ana_row["roles"] == "Developer"
    assert ana_row["Passwords and MFA"] == "met"
    assert ana_row["Secure coding (OWASP Top 10)"] == "missing"
    assert ana_row["completion %"] == "11"  # 1 of 9

    view.filters.role_combo.setCurrentIndex(0)
    assert view.export_csv(target)
    text = target.read_text(encoding="utf-8-sig")
    assert "'=Bad Idea" in text  # a spreadsheet must not run it as a formula
    assert "not required" in text


def test_the_export_keeps_its_bytes_bom_quotes_and_line_ends(
    view: MatrixView, document: Document, tmp_path: Path
) -> None:
    ana = add_person(document, "Ana Ruiz", "Developer")
    add_person(document, "=Bad Idea", "Customer support", type=PersonType.CONTRACTOR)
    add_person(document, 'Zoë "Z", Müller', "Customer support")
    add_evidence(document, ana, "Passwords and MFA")
    view.filters.role_combo.setCurrentIndex(view.filters.role_combo.findText("Customer support"))
    view.filters.gaps_check.setChecked(True)
    target = tmp_path / "matrix.csv"

    assert view.export_csv(target)

    assert target.read_bytes() == (
        b"\xef\xbb\xbfname,email,type,roles,completion %,Data handling,Devices and cloud services,"
        b"Incident reporting,Passwords and MFA,Phishing recognition,Security policy,"
        b"Customer data protection\r\n"
        b"'=Bad Idea,'=bad.idea@example.com,contractor,Customer support,0,"
        b"missing,missing,missing,missing,missing,missing,missing\r\n"
        b'"Zo\xc3\xab ""Z"", M\xc3\xbcller","zo\xc3\xab.""z"",.m\xc3\xbcller@example.com",'
        b"employee,Customer support,0,missing,missing,missing,missing,missing,missing,missing\r\n"
    )


def test_the_export_button_asks_where_and_writes_there(
    view: MatrixView, document: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_person(document, "Ana Ruiz", "Developer")
    target = tmp_path / "chosen.csv"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *args, **kwargs: (str(target), ""))
    )
    view.filters.export_button.click()
    assert target.read_text(encoding="utf-8-sig").startswith("name,email")


def test_an_export_that_cannot_be_written_is_reported(
    view: MatrixView, document: Document, tmp_path: Path, qtbot: QtBot
) -> None:
    with qtbot.waitSignal(document.failed) as failed:
        assert not view.export_csv(tmp_path / "missing folder" / "matrix.csv")
    assert failed.args is not None and "Cannot export" in failed.args[0]


# ---- the model and the look ------------------------------------------------------------------


def test_the_models_pass_the_model_tester(
    qtmodeltester: object, view: MatrixView, document: Document
) -> None:
    ana = add_person(document, "Ana Ruiz", "Developer")
    add_person(document, "Chen Li", "Customer support", type=PersonType.THIRD_PARTY)
    add_evidence(document, ana, "Passwords and MFA")

    model = MatrixModel()
    model.set_matrix(document.store.gap_matrix(AS_OF), roles=document.store.roles.all())
    proxy = MatrixFilterModel()
    proxy.setSourceModel(model)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    qtmodeltester.check(proxy)  # type: ignore[attr-defined]
    proxy.set_gaps_only(True)
    qtmodeltester.check(proxy)  # type: ignore[attr-defined]


def test_the_proxy_answers_every_role_of_a_cell_at_once_as_data_does(
    view: MatrixView, document: Document
) -> None:
    ana = add_person(document, "Ana Ruiz", "Developer")
    add_person(document, "Chen Li", "Customer support", type=PersonType.CONTRACTOR)
    add_evidence(document, ana, "Passwords and MFA")
    roles = [
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.CheckStateRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.BackgroundRole,
        MatrixRole.STATUS,
        MatrixRole.SORT,
    ]
    for row in range(view.proxy.rowCount()):
        for column in range(view.proxy.columnCount()):
            index = view.proxy.index(row, column)
            span = [QModelRoleData(role) for role in roles]
            view.proxy.multiData(index, span)
            assert [item.data() for item in span] == [index.data(role) for role in roles]


def test_statuses_show_a_colour_and_a_symbol_and_not_required_has_no_colour(
    view: MatrixView, document: Document
) -> None:
    ana = add_person(document, "Ana Ruiz", "Developer")
    add_person(document, "Chen Li", "Customer support")
    add_evidence(document, ana, "Passwords and MFA")
    met = view.index_of(ana.id, competency(document, "Passwords and MFA").id)
    missing = view.index_of(ana.id, competency(document, "Data handling").id)
    not_required = view.index_of(ana.id, competency(document, "Customer data protection").id)

    assert (
        met.data(Qt.ItemDataRole.BackgroundRole).color().name()
        != missing.data(Qt.ItemDataRole.BackgroundRole).color().name()
    )
    assert met.data() != missing.data()
    assert not_required.data(MatrixRole.STATUS) is GapStatus.NOT_REQUIRED
    assert not_required.data() == "—"
    assert view.proxy.status(not_required) is GapStatus.NOT_REQUIRED
    for status, label in view.legend.labels.items():
        assert label.text().startswith(status.label)


def test_symbols_the_font_cannot_draw_get_a_stand_in() -> None:
    symbols = display_symbols(lambda text: text != "⚠")
    assert symbols[GapStatus.EXPIRING] == "!"
    assert symbols[GapStatus.MET] == GapStatus.MET.symbol
    ascii_only = display_symbols(str.isascii)
    assert all(symbol.isascii() for symbol in ascii_only.values())
    assert len(set(ascii_only.values())) == len(GapStatus)


def test_an_empty_document_explains_how_to_fill_the_matrix(view: MatrixView) -> None:
    assert view.proxy.rowCount() == 0
    assert view.empty_label.isVisible()
    assert "People view" in view.empty_label.text()
    assert view.proxy.columnCount() == 1


def test_column_headers_show_completion_among_the_people_shown(
    view: MatrixView, document: Document
) -> None:
    ana = add_person(document, "Ana Ruiz", "Developer")
    add_person(document, "Bruno Costa", "Developer")
    add_evidence(document, ana, "Passwords and MFA")
    column = view.index_of(ana.id, competency(document, "Passwords and MFA").id).column()

    assert view.proxy.column_completion(column) == 0.5
    tooltip = view.proxy.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "Level: Basic" in tooltip and "50 %" in tooltip and "1 of 2" in tooltip
    view.filters.search_edit.setText("ana")
    assert view.proxy.column_completion(column) == 1.0
    assert view.header.sizeHint().height() > view.header.column_width()


def test_a_thousand_people_refresh_and_paint_quickly(
    qtbot: QtBot, view: MatrixView, document: Document
) -> None:
    store = document.store
    developer = role(document, "Developer").id
    with store.transaction():
        for number in range(1000):
            store.people.add(f"Person {number:04}", f"p{number}@example.com", role_ids=(developer,))
    document.refresh()
    assert view.proxy.rowCount() == 1000

    started = time.perf_counter()
    document.refresh()
    view.grab()
    elapsed = time.perf_counter() - started
    assert elapsed < 2.0, f"refresh and paint took {elapsed:.2f} s"


def test_tooltips_name_the_evidence_once_the_mouse_asks(
    view: MatrixView, document: Document
) -> None:
    ana = add_person(document, "Ana Ruiz", "Developer")
    add_evidence(document, ana, "Passwords and MFA", title="MFA basics")
    index = view.index_of(ana.id, competency(document, "Passwords and MFA").id)
    assert not view.model.details_loaded  # a refresh does not read every evidence record
    view.table.scrollTo(index)
    position = view.table.visualRect(index).center()
    event = QHelpEvent(QEvent.Type.ToolTip, position, view.table.viewport().mapToGlobal(position))

    QApplication.sendEvent(view.table.viewport(), event)

    assert view.model.details_loaded
    assert "MFA basics" in index.data(Qt.ItemDataRole.ToolTipRole)
    QToolTip.hideText()


def test_audit_mode_enlarges_the_grid_with_the_type(view: MatrixView, window: MainWindow) -> None:
    width, height = view.header.column_width(), view.names.defaultSectionSize()
    window.audit_action.trigger()
    assert view.table.font().pointSizeF() == window.font().pointSizeF()
    assert view.header.column_width() > width
    assert view.names.defaultSectionSize() > height
    window.audit_action.trigger()
    assert view.header.column_width() == width


def test_the_keyboard_reaches_the_filters_the_grid_and_the_panel(
    qtbot: QtBot, view: MatrixView, document: Document
) -> None:
    ana = add_person(document, "Ana Ruiz", "Developer")
    view.focus_search()
    # At most: the as-of date and its calendar, Today, Export, Due, Findings, then the grid.
    for _ in range(8):
        if view.table.hasFocus():
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert view.table.hasFocus()
    view.table.setCurrentIndex(view.index_of(ana.id, competency(document, "Data handling").id))
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    qtbot.keyClick(view.table, Qt.Key.Key_Tab)
    assert view.panel.isAncestorOf(QApplication.focusWidget())


def test_names_stay_in_view_when_scrolling_sideways(view: MatrixView, document: Document) -> None:
    add_person(document, "Ana Ruiz", "ISMS manager", "Developer", "System administrator / DevOps")
    view.window().resize(700, 600)
    scroll_bar = view.table.horizontalScrollBar()
    assert scroll_bar.maximum() > 0
    left = view.names.mapTo(view, view.names.rect().topLeft())
    scroll_bar.setValue(scroll_bar.maximum())
    assert view.names.isVisible()
    assert view.names.mapTo(view, view.names.rect().topLeft()) == left
    assert view.proxy.headerData(0, Qt.Orientation.Vertical) == "Ana Ruiz"


def test_the_viewport_found_by_name_is_the_tables_own(view: MatrixView) -> None:
    for table_part in (view.table, view.header, view.names):
        assert viewport_of(table_part) is table_part.viewport()


def test_a_name_that_looks_like_markup_shows_as_typed_in_the_completion_tooltip(
    view: MatrixView, document: Document
) -> None:
    add_person(document, "<b>Bold</b> Ana", "Developer")

    index = view.proxy.index(0, COMPLETION_COLUMN)
    tooltip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;Bold&lt;/b&gt; Ana" in tooltip
    assert index.data(Qt.ItemDataRole.AccessibleTextRole).startswith("<b>Bold</b> Ana: ")
