"""The matrix as it is seen: the selected cell keeps its colour, audit mode leaves the grid the
room at a laptop's size, headers and the side panel say things whole, the words count right."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt, QUrl
from PySide6.QtGui import QColor, QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from compdesk.demo import create_demo
from compdesk.models.gaps import GapStatus
from compdesk.models.records import Level
from compdesk.preferences import Preferences
from compdesk.views.commands.roles import AddRoleCommand, SetRequirementCommand
from compdesk.views.document import Document
from compdesk.views.main_window import MainWindow
from compdesk.views.matrix.descriptions import competency_tooltip, counted
from compdesk.views.matrix.legend import STATUS_COLOURS
from compdesk.views.matrix.rows import COMPLETION_COLUMN
from compdesk.views.matrix.view import MatrixView
from compdesk.views.widgets import attachments
from tests.gui.test_matrix_view import add_evidence, add_person, competency, view

__all__ = ["view"]  # the fixture, shared with the matrix's other tests

DEMO_AS_OF = date(2026, 6, 1)


def _pixel(view: MatrixView, point: QPoint) -> QColor:
    return view.table.viewport().grab().toImage().pixelColor(point)


def test_the_selected_cell_keeps_its_status_colour_inside_a_frame(
    qtbot: QtBot, view: MatrixView, document: Document
) -> None:
    ana = add_person(document, "Ana Ruiz", "Developer")
    add_evidence(document, ana, "Passwords and MFA")
    passwords = competency(document, "Passwords and MFA")
    index = view.index_of(ana.id, passwords.id)
    view.table.scrollTo(index)
    rect = view.table.visualRect(index)
    # Clicked, as a user selects it; the cell is current and selected.
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.table.selectionModel().isSelected(index)

    # Beside the symbol, inside the frame, the fill is the status colour itself, not a tint.
    inside = QPoint(rect.left() + 6, rect.top() + rect.height() // 2)
    assert _pixel(view, inside).name() == STATUS_COLOURS[GapStatus.MET]
    # The frame marks it: its edge is not the status colour.
    edge = QPoint(rect.left() + 1, rect.top() + rect.height() // 2)
    assert _pixel(view, edge).name() != STATUS_COLOURS[GapStatus.MET]


@pytest.fixture
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("layout-demo") / "Northwind.compdesk"
    create_demo(path, people=15, as_of=DEMO_AS_OF).close()
    return path


@pytest.fixture
def demo_window(qtbot: QtBot, demo_path: Path) -> Iterator[MainWindow]:
    """The main window at a common laptop's size, on the 15-person sample organisation."""
    window = MainWindow(Preferences(user_name="tester"))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    assert window.open_path(demo_path)
    yield window
    window.close_document()


def _fully_shown_competency_columns(view: MatrixView) -> int:
    header, width = view.header, view.header.viewport().width()
    return sum(
        1
        for column in range(COMPLETION_COLUMN + 1, header.count())
        if not header.isSectionHidden(column)
        and header.sectionViewportPosition(column) >= 0
        and header.sectionViewportPosition(column) + header.sectionSize(column) <= width
    )


def test_audit_mode_at_1280_by_800_closes_the_cell_panel_and_shows_15_competencies(
    qtbot: QtBot, demo_window: MainWindow
) -> None:
    view = demo_window.view("matrix")
    assert isinstance(view, MatrixView)
    assert view.header.count() - 1 >= 15, "the sample has enough competencies to tell"
    view.table.setFocus()
    view.table.setCurrentIndex(view.proxy.index(0, COMPLETION_COLUMN + 1))
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert view.panel.isVisible()

    demo_window.audit_action.trigger()
    qtbot.wait(10)  # the larger type is laid out

    assert not view.panel.isVisible()
    assert _fully_shown_competency_columns(view) >= 15


def test_double_clicking_an_attachment_in_the_panel_opens_it_and_edit_is_a_button(
    qtbot: QtBot,
    view: MatrixView,
    document: Document,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(attachments, "open_url", lambda url: opened.append(url) or True)
    ana = add_person(document, "Ana Ruiz", "Developer")
    attendance = tmp_path / "attendance.csv"
    attendance.write_text("name\nAna Ruiz\n", encoding="utf-8")
    add_evidence(document, ana, "Passwords and MFA", files=(attendance,), title="MFA basics")
    assert view.open_cell(ana.id, competency(document, "Passwords and MFA").id)
    tree = view.panel.evidence_tree
    model = view.panel.evidence_model
    file_row = model.index(0, 0, model.index(0, 0))
    assert str(file_row.data()).startswith("attendance.csv")
    tree.scrollTo(file_row)
    position = tree.visualRect(file_row).center()
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=position)
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=position)

    assert len(opened) == 1
    assert Path(opened[0].toLocalFile()).read_text(encoding="utf-8") == "name\nAna Ruiz\n"
    assert view.open_dialog is None, "opening the file edits nothing"

    # Edit is its own button, for the evidence of the row selected (its file's row too).
    assert view.panel.edit_evidence_button.isEnabled()
    qtbot.mouseClick(view.panel.edit_evidence_button, Qt.MouseButton.LeftButton)
    assert view.open_dialog is not None and view.open_dialog.isVisible()
    assert "MFA basics" in view.open_dialog.title_edit.text()
    view.open_dialog.reject()


def test_evidence_lines_in_the_panel_wrap_rather_than_cut_a_date(
    qtbot: QtBot, view: MatrixView, document: Document
) -> None:
    ana = add_person(document, "Ana Ruiz", "Developer")
    add_evidence(
        document,
        ana,
        "Passwords and MFA",
        title="Multi-factor authentication and password manager workshop",
        issuer="Northwind Security Academy International",
        expires_on=date(2027, 5, 1),
    )
    assert view.open_cell(ana.id, competency(document, "Passwords and MFA").id)
    tree = view.panel.evidence_tree
    row = view.panel.evidence_model.index(0, 0)
    text = str(row.data())
    assert "2027-05-01" in text
    width = tree.visualRect(row).width()
    assert width < tree.fontMetrics().horizontalAdvance(text.splitlines()[1]), "a narrow panel"
    needed = tree.fontMetrics().boundingRect(
        0, 0, width - 8, 10_000, int(Qt.TextFlag.TextWordWrap), text
    )
    # The rows are laid out again at the panel's width once the event loop runs.
    qtbot.waitUntil(lambda: tree.visualRect(row).height() >= needed.height(), timeout=2000)


def test_a_level_band_cut_short_names_its_level_in_a_tooltip(
    view: MatrixView, document: Document
) -> None:
    # One advanced competency: its band is one column wide.
    store = document.store
    assert document.push(AddRoleCommand(store, "Auditor")) is None
    auditor = store.roles.by_name("Auditor")
    internal_audit = competency(document, "Internal audit")
    assert document.push(SetRequirementCommand(store, auditor, internal_audit, True)) is None
    add_person(document, "Ana Ruiz", "Auditor")
    header = view.header
    _level, left, right = next(g for g in header.level_groups() if g[0] is Level.ADVANCED)
    assert header.fontMetrics().horizontalAdvance(Level.ADVANCED.label) > right - left - 6, (
        "the band is too narrow for its name"
    )
    inside_band = QPoint(left + 2, 2)
    viewport = header.viewport()
    event = QHelpEvent(QEvent.Type.ToolTip, inside_band, viewport.mapToGlobal(inside_band))
    QApplication.sendEvent(viewport, event)
    assert QToolTip.isVisible()
    assert QToolTip.text() == f"{Level.ADVANCED.label} competencies"
    QToolTip.hideText()


def test_an_empty_document_says_what_to_do_instead_of_a_dash(view: MatrixView) -> None:
    text = view.overall_label.text()
    assert "—" not in text
    assert "add people" in text.lower()


def test_counts_of_one_are_said_in_the_singular(document: Document) -> None:
    monthly = dataclasses.replace(competency(document, "Passwords and MFA"), renewal_months=1)
    assert "renewed every month" in competency_tooltip(monthly)
    yearly = dataclasses.replace(monthly, renewal_months=12)
    assert "renewed every 12 months" in competency_tooltip(yearly)
    assert counted(1, "person", "people") == "1 person"
    assert counted(0, "person", "people") == "0 people"
    assert counted(2, "record") == "2 records"
