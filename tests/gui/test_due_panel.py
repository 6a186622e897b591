"""The Due panel the matrix opens: who is overdue and who is due soon, with their dates, each
row a way to the person; kept up to date as evidence is recorded."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from compdesk.models.dates import add_months
from compdesk.models.records import EvidenceKind, Person, Route
from compdesk.views.commands.evidence import AddEvidenceCommand
from compdesk.views.document import Document
from compdesk.views.due.panel import DuePanel
from compdesk.views.main_window import MainWindow
from compdesk.views.matrix.view import MatrixView
from compdesk.views.people.view import PeopleView
from tests.conftest import make_competency, make_evidence, make_person, make_role
from tests.gui.conftest import shown_view

AS_OF = date(2026, 6, 15)


@pytest.fixture
def people(document: Document) -> tuple[Person, Person]:
    """Ana, last trained two years ago (overdue), and Ben, whose training runs out in ten
    days (due soon), both needing a yearly refresher."""
    store = document.store
    refresher = make_competency(store, "Yearly refresher", renewal_months=12)
    tester = make_role(store, "Tester")
    store.requirements.set(tester.id, refresher.id, True)
    ana = make_person(store, "Ana Ruiz", roles=(tester,), start_date=date(2023, 1, 2))
    ben = make_person(store, "Ben Okafor", roles=(tester,), start_date=date(2023, 1, 2))
    make_evidence(store, ana, refresher, achieved_on=date(2024, 6, 1))
    make_evidence(store, ben, refresher, achieved_on=add_months(AS_OF, -12) + timedelta(days=10))
    document.set_as_of(AS_OF)
    document.refresh()
    return ana, ben


def open_panel(qtbot: QtBot, window: MainWindow) -> DuePanel:
    matrix = shown_view(window, 0, "matrix", MatrixView)
    qtbot.mouseClick(matrix.legend.due_button, Qt.MouseButton.LeftButton)
    panel = window.findChild(DuePanel)
    assert panel is not None and panel.isVisible()
    return panel


def test_the_panel_lists_the_overdue_and_the_due_soon_with_their_dates(
    qtbot: QtBot, window: MainWindow, people: tuple[Person, Person]
) -> None:
    panel = open_panel(qtbot, window)
    ben_due = add_months(AS_OF, -12) + timedelta(days=10)
    ben_due = add_months(ben_due, 12)
    assert panel.rows() == [
        ("Overdue (1)",),
        ("Ana Ruiz", "Yearly refresher", "2025-06-01", "overdue: was due 2025-06-01"),
        ("Due soon (1)",),
        (
            "Ben Okafor",
            "Yearly refresher",
            ben_due.isoformat(),
            f"due {ben_due.isoformat()}, in 10 days",
        ),
    ]
    assert "As of 2026-06-15: 1 overdue, 1 due soon" in panel.heading.text()


def test_enter_on_a_row_shows_the_person_in_people(
    qtbot: QtBot, window: MainWindow, people: tuple[Person, Person]
) -> None:
    ana, _ben = people
    panel = open_panel(qtbot, window)
    assert panel.tree.currentItem() is not None
    assert panel.tree.currentItem().text(0) == "Ana Ruiz"
    qtbot.keyClick(panel.tree, Qt.Key.Key_Return)
    people_view = window.view("people")
    assert isinstance(people_view, PeopleView)
    assert window.tabs.currentWidget() is people_view or people_view.isVisible()
    assert people_view.form.record is not None and people_view.form.record.id == ana.id


def test_recording_the_missing_training_takes_the_person_off_the_list(
    qtbot: QtBot, window: MainWindow, document: Document, people: tuple[Person, Person]
) -> None:
    ana, _ben = people
    panel = open_panel(qtbot, window)
    store = document.store
    refresher = store.competencies.by_name("Yearly refresher")
    command = AddEvidenceCommand(
        store,
        ana,
        refresher,
        EvidenceKind.TRAINING_RECORD,
        Route.TRAINING,
        achieved_on=AS_OF - timedelta(days=1),
    )
    assert document.push(command) is None
    assert panel.rows()[0] == ("Overdue (0)",)
    assert "Ana Ruiz" not in [row[0] for row in panel.rows()]
    document.undo_stack.undo()
    assert panel.rows()[0] == ("Overdue (1)",)


def test_alt_u_opens_the_panel_from_the_matrix(
    qtbot: QtBot, window: MainWindow, people: tuple[Person, Person]
) -> None:
    matrix = shown_view(window, 0, "matrix", MatrixView)
    matrix.table.setFocus()
    qtbot.keyClick(matrix.table, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    # A mnemonic clicks its button after a short animation.
    qtbot.waitUntil(lambda: window.findChild(DuePanel) is not None)
    panel = window.findChild(DuePanel)
    assert panel is not None and panel.isVisible()


def test_closing_the_document_closes_its_panel(
    qtbot: QtBot, window: MainWindow, people: tuple[Person, Person]
) -> None:
    open_panel(qtbot, window)
    window.close_document()
    qtbot.waitUntil(lambda: window.findChild(DuePanel) is None)
