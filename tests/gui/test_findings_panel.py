"""The Findings panel of the matrix: the demo's findings by kind, links to their records, kept
up to date with edits and with the matrix's date."""

from __future__ import annotations

import dataclasses
import shutil
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, QModelIndex, Qt, QThreadPool
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from compdesk.demo import create_demo
from compdesk.models.findings import Finding, FindingKind, RecordKind, RecordRef
from compdesk.models.records import Effectiveness, EvidenceKind, Route
from compdesk.preferences import Preferences
from compdesk.storage import Store
from compdesk.views.actions.view import ActionsView
from compdesk.views.commands.actions import UpdateActionCommand
from compdesk.views.commands.evidence import AddEvidenceCommand
from compdesk.views.document import Document
from compdesk.views.evidence.view import EvidenceView
from compdesk.views.findings.entry import FindingsEntry
from compdesk.views.findings.loader import FindingsLoader
from compdesk.views.findings.panel import FindingsPanel
from compdesk.views.main_window import MainWindow
from compdesk.views.matrix.view import MatrixView
from compdesk.views.names import VIEW_NAMES
from compdesk.views.people.view import PeopleView
from compdesk.views.roles.view import RolesView

AS_OF = date(2026, 6, 1)
LOAD_TIMEOUT_MS = 10_000


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("findings-demo") / "Northwind.compdesk"
    create_demo(path, as_of=AS_OF).close()
    return path


@pytest.fixture
def window(qtbot: QtBot, demo_file: Path, tmp_path: Path) -> Iterator[MainWindow]:
    """The main window on a copy of the demo, with the matrix as of the demo's date."""
    copy = tmp_path / demo_file.name
    shutil.copyfile(demo_file, copy)
    main_window = MainWindow(Preferences(user_name="tester"))
    qtbot.addWidget(main_window)
    main_window.resize(1024, 700)
    main_window.show()
    assert main_window.open_path(copy)
    matrix = main_window.view("matrix")
    assert isinstance(matrix, MatrixView)
    matrix.filters.as_of_edit.setDate(QDate(AS_OF.year, AS_OF.month, AS_OF.day))
    yield main_window
    main_window.close_document()


@pytest.fixture
def document(window: MainWindow) -> Document:
    assert window.document is not None
    assert window.document.as_of == AS_OF
    return window.document


@pytest.fixture
def entry(window: MainWindow, qtbot: QtBot) -> FindingsEntry:
    """The matrix's findings, loaded as of the demo's date."""
    matrix = window.view("matrix")
    assert isinstance(matrix, MatrixView)
    wait_until_loaded(qtbot, matrix.findings.loader)
    return matrix.findings


@pytest.fixture
def panel(entry: FindingsEntry, qtbot: QtBot) -> FindingsPanel:
    """The panel, opened with the button."""
    qtbot.mouseClick(entry.button, Qt.MouseButton.LeftButton)
    assert entry.is_open()
    return entry.panel


def wait_until_loaded(qtbot: QtBot, loader: FindingsLoader) -> None:
    qtbot.waitUntil(
        lambda: not loader.busy and loader.findings is not None, timeout=LOAD_TIMEOUT_MS
    )


def first_record(
    findings: tuple[Finding, ...], record_kind: RecordKind, *kinds: FindingKind
) -> tuple[Finding, RecordRef]:
    for finding in findings:
        if kinds and finding.kind not in kinds:
            continue
        for record in finding.records:
            if record.kind is record_kind:
                return finding, record
    raise AssertionError(f"the demo has no finding with a {record_kind.value} record")


def follow(qtbot: QtBot, panel: FindingsPanel, index: QModelIndex) -> None:
    """Make a row current and press Enter on it, as a keyboard user would."""
    assert index.isValid()
    panel.tree.setFocus()
    panel.tree.setCurrentIndex(index)
    qtbot.keyClick(panel.tree, Qt.Key.Key_Return)


def current_view_name(window: MainWindow) -> str:
    return VIEW_NAMES[window.tabs.currentIndex()]


# ---- what it lists --------------------------------------------------------------------------


def test_the_panel_lists_the_demos_findings_by_kind(
    document: Document, panel: FindingsPanel
) -> None:
    expected = document.store.findings(AS_OF)
    assert expected, "the demo is meant to have findings"
    assert panel.model.findings == expected
    kinds = [kind for kind in FindingKind if any(f.kind is kind for f in expected)]
    assert panel.model.kinds == kinds
    for row, kind in enumerate(kinds):
        text = panel.model.index(row, 0).data()
        count = sum(f.kind is kind for f in expected)
        assert text.startswith(f"⚠ {kind.title} ({count}) · {kind.clause}")
    assert panel.heading.text().count(AS_OF.isoformat()) == 1
    assert panel.status_label.text().startswith(f"{len(expected)} findings")


def test_the_button_counts_the_findings_in_words(document: Document, entry: FindingsEntry) -> None:
    count = len(document.store.findings(AS_OF))
    assert entry.button.text() == f"⚠ Fi&ndings ({count})"
    assert entry.button.accessibleName() == f"Findings ({count})"
    assert AS_OF.isoformat() in entry.button.toolTip()


def test_each_finding_shows_its_summary_and_what_to_do(panel: FindingsPanel) -> None:
    model = panel.model
    for kind_row, kind in enumerate(model.kinds):
        kind_index = model.index(kind_row, 0)
        for row in range(model.rowCount(kind_index)):
            index = model.index(row, 0, kind_index)
            finding = model.finding(index)
            assert finding is not None
            shown = index.data() + kind_index.data()
            assert finding.summary in shown
            assert f"What to do: {finding.advice}" in shown
            panel.tree.setCurrentIndex(index)
            details = panel.details.text()
            assert "What to do:" in details and kind.title in details


def test_the_records_are_links_known_by_their_text(panel: FindingsPanel) -> None:
    finding, record = first_record(panel.model.findings, RecordKind.PERSON)
    index = panel.record_index(record, finding.kind)
    assert index.data() == f"Person: {record.label} →"
    assert "link to the People view" in index.data(Qt.ItemDataRole.AccessibleTextRole)
    assert index.data(Qt.ItemDataRole.FontRole).underline()


def test_the_findings_model_passes_the_model_tester(
    qtmodeltester: Any, panel: FindingsPanel
) -> None:
    qtmodeltester.check(panel.model)


# ---- links ----------------------------------------------------------------------------------


def test_enter_on_a_person_shows_the_people_view_with_that_person_selected(
    window: MainWindow, qtbot: QtBot, panel: FindingsPanel
) -> None:
    finding, record = first_record(panel.model.findings, RecordKind.PERSON)
    people = window.view("people")
    assert isinstance(people, PeopleView)
    # A search that hides the person is cleared.
    people.search_edit.setText("nobody is called this")
    follow(qtbot, panel, panel.record_index(record, finding.kind))
    assert current_view_name(window) == "people"
    selected = people.browser.current_record()
    assert selected is not None and selected.id == record.id
    assert people.table.hasFocus()


def test_enter_on_an_action_shows_the_actions_view_with_that_action_selected(
    window: MainWindow, qtbot: QtBot, panel: FindingsPanel
) -> None:
    finding, record = first_record(
        panel.model.findings,
        RecordKind.ACTION,
        FindingKind.ACTION_NOT_EVALUATED,
        FindingKind.ACTION_OVERDUE,
    )
    actions = window.view("actions")
    assert isinstance(actions, ActionsView)
    actions.search_edit.setText("nothing matches this")
    follow(qtbot, panel, panel.record_index(record, finding.kind))
    assert current_view_name(window) == "actions"
    selected = actions.selected_action()
    assert selected is not None and selected.id == record.id


@pytest.mark.parametrize(
    ("record_kind", "tab", "list_name"),
    [(RecordKind.ROLE, 0, "roles"), (RecordKind.COMPETENCY, 1, "competencies")],
)
def test_enter_on_a_role_or_competency_shows_it_selected_in_roles_and_competencies(
    window: MainWindow,
    qtbot: QtBot,
    panel: FindingsPanel,
    record_kind: RecordKind,
    tab: int,
    list_name: str,
) -> None:
    finding, record = first_record(panel.model.findings, record_kind)
    follow(qtbot, panel, panel.record_index(record, finding.kind))
    assert current_view_name(window) == "roles"
    roles = window.view("roles")
    assert isinstance(roles, RolesView)
    assert roles.side_tabs.currentIndex() == tab
    browser = roles.roles if list_name == "roles" else roles.competencies
    selected = browser.current_record()
    assert selected is not None and selected.id == record.id
    assert browser.table.hasFocus()


def test_new_evidence_without_a_file_is_a_finding_that_links_to_it(
    window: MainWindow, document: Document, qtbot: QtBot, entry: FindingsEntry
) -> None:
    store = document.store
    person = store.people.all()[0]
    competency = store.competencies.all()[0]
    with qtbot.waitSignal(entry.loader.loaded, timeout=LOAD_TIMEOUT_MS):
        refusal = document.push(
            AddEvidenceCommand(
                store,
                person,
                competency,
                EvidenceKind.CERTIFICATE,
                Route.TRAINING,
                title="A certificate nobody scanned",
                achieved_on=AS_OF,
            )
        )
        assert refusal is None
    added = max(store.evidence.list(person_id=person.id), key=lambda e: e.id)
    entry.open()
    record = RecordRef(RecordKind.EVIDENCE, added.id, "")
    index = entry.panel.record_index(record, FindingKind.EVIDENCE_WITHOUT_FILE)
    follow(qtbot, entry.panel, index)
    assert current_view_name(window) == "evidence"
    evidence = window.view("evidence")
    assert isinstance(evidence, EvidenceView)
    selected = evidence.selected_evidence()
    assert selected is not None and selected.id == added.id


# ---- kept up to date --------------------------------------------------------------------------


def test_evaluating_an_action_takes_its_finding_off_the_list(
    document: Document, qtbot: QtBot, panel: FindingsPanel, entry: FindingsEntry
) -> None:
    finding, record = first_record(
        panel.model.findings, RecordKind.ACTION, FindingKind.ACTION_NOT_EVALUATED
    )
    action = document.store.actions.get(record.id)
    evaluated = dataclasses.replace(
        action,
        effectiveness=Effectiveness.EFFECTIVE,
        evaluation="Observed at the next restore drill",
        evaluated_on=AS_OF,
    )
    with qtbot.waitSignal(entry.loader.loaded, timeout=LOAD_TIMEOUT_MS):
        assert document.push(UpdateActionCommand(document.store, action, evaluated)) is None
    assert finding not in panel.model.findings
    assert not panel.record_index(record, FindingKind.ACTION_NOT_EVALUATED).isValid()
    after = document.store.findings(AS_OF)
    assert panel.model.findings == after
    assert entry.button.text() == f"⚠ Fi&ndings ({len(after)})"

    with qtbot.waitSignal(entry.loader.loaded, timeout=LOAD_TIMEOUT_MS):
        document.undo_stack.undo()
    assert finding in panel.model.findings


def test_changing_the_matrix_date_changes_the_findings(
    window: MainWindow, document: Document, qtbot: QtBot, panel: FindingsPanel, entry: FindingsEntry
) -> None:
    later = date(2027, 6, 1)
    matrix = window.view("matrix")
    assert isinstance(matrix, MatrixView)
    with qtbot.waitSignal(entry.loader.loaded, timeout=LOAD_TIMEOUT_MS):
        matrix.filters.as_of_edit.setDate(QDate(later.year, later.month, later.day))
    expected = document.store.findings(later)
    assert expected != document.store.findings(AS_OF), "a year on, the demo has other findings"
    assert panel.model.findings == expected
    assert later.isoformat() in panel.heading.text()
    assert entry.button.text() == f"⚠ Fi&ndings ({len(expected)})"


def test_a_burst_of_requests_is_answered_once_with_the_latest(
    document: Document, qtbot: QtBot, entry: FindingsEntry
) -> None:
    loaded: list[tuple[Finding, ...]] = []
    entry.loader.loaded.connect(loaded.append)
    for day in range(1, 6):
        entry.loader.request(date(2026, 7, day))
    wait_until_loaded(qtbot, entry.loader)
    assert loaded == [document.store.findings(date(2026, 7, 5))]
    assert entry.loader.as_of == date(2026, 7, 5)


# ---- keyboard -------------------------------------------------------------------------------


def test_the_shortcut_opens_the_panel_with_focus_in_its_list_and_escape_closes_it(
    window: MainWindow, qtbot: QtBot, entry: FindingsEntry
) -> None:
    matrix = window.view("matrix")
    assert isinstance(matrix, MatrixView)
    matrix.table.setFocus()
    qtbot.keyClick(
        matrix.table,
        Qt.Key.Key_F,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert entry.is_open() and entry.button.isChecked()
    assert entry.panel.tree.hasFocus()
    qtbot.keyClick(entry.panel.tree, Qt.Key.Key_Escape)
    assert not entry.is_open() and not entry.button.isChecked()
    assert matrix.table.hasFocus()


def test_enter_on_a_kind_closes_and_opens_it(qtbot: QtBot, panel: FindingsPanel) -> None:
    kind_index = panel.model.index(0, 0)
    assert panel.tree.isExpanded(kind_index)
    follow(qtbot, panel, kind_index)
    assert not panel.tree.isExpanded(kind_index)
    qtbot.keyClick(panel.tree, Qt.Key.Key_Enter)
    assert panel.tree.isExpanded(kind_index)


def test_opening_a_cell_closes_the_findings_and_the_findings_close_the_cell(
    window: MainWindow, entry: FindingsEntry
) -> None:
    matrix = window.view("matrix")
    assert isinstance(matrix, MatrixView)
    entry.open()
    person_id, competency_id = matrix.shown_person_ids()[0], matrix.shown_competency_ids()[0]
    assert matrix.open_cell(person_id, competency_id)
    assert not entry.is_open() and matrix.panel.isVisible()
    entry.open()
    assert entry.is_open() and not matrix.panel.isVisible()


def test_the_panel_keeps_the_row_current_across_a_reload(
    document: Document, qtbot: QtBot, panel: FindingsPanel, entry: FindingsEntry
) -> None:
    finding, record = first_record(panel.model.findings, RecordKind.PERSON)
    panel.tree.setCurrentIndex(panel.record_index(record, finding.kind))
    with qtbot.waitSignal(entry.loader.loaded, timeout=LOAD_TIMEOUT_MS):
        document.refresh()
    current = panel.tree.currentIndex()
    assert panel.model.record(current) == record
    assert panel.model.finding(current) == finding
    QApplication.processEvents()


def test_a_link_to_a_record_deleted_since_says_so_and_finds_the_findings_again(
    window: MainWindow, qtbot: QtBot, panel: FindingsPanel, entry: FindingsEntry
) -> None:
    gone = RecordRef(RecordKind.PERSON, 999_999, "Someone Deleted")
    with qtbot.waitSignal(entry.loader.loaded, timeout=LOAD_TIMEOUT_MS):
        panel.record_activated.emit(gone)
    assert current_view_name(window) == "people"
    assert window.statusBar().currentMessage() == "Someone Deleted is not in the document any more."


def test_closing_the_document_while_the_findings_are_found_is_safe(
    window: MainWindow, qtbot: QtBot, entry: FindingsEntry, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The worker waits until the document is closed, so the close always falls mid-computation.
    closed = threading.Event()
    find = Store.findings

    def findings_after_the_close(store: Store, as_of: date) -> tuple[Finding, ...]:
        closed.wait(LOAD_TIMEOUT_MS / 1000)
        return find(store, as_of)

    monkeypatch.setattr(Store, "findings", findings_after_the_close)
    entry.reload()
    qtbot.waitUntil(lambda: entry.loader.computing)
    window.close_document()
    closed.set()
    assert QThreadPool.globalInstance().waitForDone(LOAD_TIMEOUT_MS)
    QApplication.processEvents()
    assert window.document is None
