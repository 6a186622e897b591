"""The management review in the window, over the sample organisation: opened from the Metrics
view or the File menu, it shows the figures `compdesk review` prints and saves the same page."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

import compdesk.views.metrics.review as review_dialog
import tests.gui.test_metrics_view as metrics_tests
from compdesk.models.management_review import ManagementReview, management_review
from compdesk.reports.binder.content import gather_content
from compdesk.reports.binder.options import BinderOptions
from compdesk.views.actions.view import ActionsView
from compdesk.views.document import Document
from compdesk.views.main_window import MainWindow
from compdesk.views.metrics.review import ManagementReviewDialog
from compdesk.views.metrics.view import MetricsView
from compdesk.views.names import VIEW_NAMES

METRICS_TAB = VIEW_NAMES.index("metrics")
# The Metrics view's fixtures: the 15-person sample organisation as of AS_OF.
AS_OF = metrics_tests.AS_OF
document, view = metrics_tests.document, metrics_tests.view
COMPLETION = "Completion of mandatory training"


def expected_review(document: Document, as_of: date) -> ManagementReview:
    """What `compdesk review` judges as of `as_of` (the page's figures)."""
    content = gather_content(document.store, BinderOptions(as_of=as_of, attachments=False))
    assert content.metrics is not None
    return management_review(content.metrics, content.previous_metrics, content.actions)


def open_review(qtbot: QtBot, view: MetricsView) -> ManagementReviewDialog:
    qtbot.mouseClick(view.review_button, Qt.MouseButton.LeftButton)
    dialog = view.review_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def shown_rows(dialog: ManagementReviewDialog) -> dict[str, list[str]]:
    model = dialog.figures_table.model()
    rows = {}
    for row in range(model.rowCount()):
        cells = [str(model.index(row, column).data()) for column in range(model.columnCount())]
        rows[cells[0]] = cells[1:]
    return rows


def test_the_review_shows_the_completion_figure_of_the_review_page(
    qtbot: QtBot, view: MetricsView, document: Document
) -> None:
    dialog = open_review(qtbot, view)
    expected = {f.name: f for f in expected_review(document, AS_OF).figures}
    before, now, target, met = shown_rows(dialog)[COMPLETION]
    completion = expected[COMPLETION]
    assert (before, now, target) == (completion.before, completion.now, completion.target)
    assert now.endswith("%")
    # The judgement is a mark and a word, not a colour alone.
    assert met == {True: "✔ met", False: "✘ missed", None: "—"}[completion.met]
    assert set(shown_rows(dialog)) == set(expected)


def test_a_new_as_of_date_in_the_metrics_view_changes_the_review(
    qtbot: QtBot, view: MetricsView, document: Document
) -> None:
    at_first = shown_rows(open_review(qtbot, view))
    qtbot.keyClick(view.review_dialog, Qt.Key.Key_Escape)
    earlier = AS_OF - timedelta(days=300)
    edit = view.as_of_edit.line_edit
    edit.selectAll()
    qtbot.keyClicks(edit, earlier.isoformat())
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    dialog = open_review(qtbot, view)
    assert dialog.as_of == earlier
    later_rows = shown_rows(dialog)
    assert later_rows != at_first
    expected = {f.name: f for f in expected_review(document, earlier).figures}
    assert later_rows[COMPLETION][1] == expected[COMPLETION].now


def test_escape_closes_the_review(qtbot: QtBot, view: MetricsView) -> None:
    dialog = open_review(qtbot, view)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: view.review_dialog is None)


def test_save_as_pdf_writes_the_review_page(
    qtbot: QtBot, view: MetricsView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "review"  # no suffix: .pdf is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *_args, **_kwargs: (str(target), ""))
    dialog = open_review(qtbot, view)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = tmp_path / "review.pdf"
    qtbot.waitUntil(lambda: "Saved the review" in dialog.message_label.text(), timeout=10000)
    assert saved.read_bytes().startswith(b"%PDF")
    assert dialog.save_button.isEnabled()


def test_a_save_that_fails_says_why_in_the_dialog(
    qtbot: QtBot, view: MetricsView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = tmp_path / "taken.pdf"
    taken.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *_args, **_kwargs: (str(taken), ""))
    dialog = open_review(qtbot, view)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Cannot write" in dialog.message_label.text(), timeout=10000)


def test_the_file_menu_opens_the_metrics_view_and_the_review(
    qtbot: QtBot, demo_window: MainWindow
) -> None:
    file_menu = demo_window.menuBar().actions()[0].menu()
    file_menu.aboutToShow.emit()
    (action,) = [a for a in file_menu.actions() if a.text() == "Management Re&view…"]
    assert action.isEnabled()
    action.trigger()
    view = demo_window.view("metrics")
    assert isinstance(view, MetricsView)
    assert demo_window.tabs.currentIndex() == METRICS_TAB
    assert view.review_dialog is not None and view.review_dialog.isVisible()


def test_double_clicking_an_unevaluated_action_shows_it_in_the_actions_view(
    qtbot: QtBot, view: MetricsView, demo_window: MainWindow, document: Document
) -> None:
    unevaluated = expected_review(document, AS_OF).unevaluated
    assert unevaluated, "the sample organisation has a completed action to evaluate"
    dialog = open_review(qtbot, view)
    table = dialog.actions_table
    cell = table.visualRect(table.model().index(0, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    actions = demo_window.view("actions")
    assert isinstance(actions, ActionsView)
    assert demo_window.tabs.currentIndex() == VIEW_NAMES.index("actions")
    selected = actions.selected_action()
    assert selected is not None and selected.id == unevaluated[0].id
    qtbot.waitUntil(lambda: view.review_dialog is None)


def test_a_large_document_gathers_the_review_on_a_worker(
    qtbot: QtBot, view: MetricsView, document: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(review_dialog, "INLINE_PEOPLE", 0)
    dialog = open_review(qtbot, view)
    assert not dialog.save_button.isEnabled()  # nothing to save until the figures are in
    qtbot.waitUntil(lambda: dialog.review is not None, timeout=10000)
    expected = {f.name: f for f in expected_review(document, AS_OF).figures}
    assert shown_rows(dialog)[COMPLETION][1] == expected[COMPLETION].now
    assert dialog.save_button.isEnabled()
