"""The Metrics view over the sample organisation: the charts show store.metrics' figures."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import compdesk.views.metrics.view as metrics_view
from compdesk.models.metrics import Metrics
from compdesk.reports.metrics_text import metrics_as_text
from compdesk.views.document import Document
from compdesk.views.main_window import MainWindow
from compdesk.views.metrics.charts import percent
from compdesk.views.metrics.view import MetricsView
from compdesk.views.names import VIEW_NAMES
from compdesk.views.training.view import TrainingView
from tests.gui.conftest import DEMO_AS_OF, shown_view
from tests.gui.test_training_view import open_new_session, type_scores

AS_OF = DEMO_AS_OF
METRICS_TAB = VIEW_NAMES.index("metrics")
TRAINING_TAB = VIEW_NAMES.index("training")


@pytest.fixture
def document(demo_document: Document) -> Document:
    return demo_document


@pytest.fixture
def view(demo_window: MainWindow) -> MetricsView:
    return shown_view(demo_window, METRICS_TAB, "metrics", MetricsView)


def completion_texts(view: MetricsView) -> dict[str, str]:
    chart = view.completion_chart
    return {bar.label: chart.bar_text(bar) for bar in chart.bars}


def assert_shows(view: MetricsView, figures: Metrics) -> None:
    rate = figures.completion_rate
    assert rate is not None
    expected = {"All required training": percent(rate)}
    for entry in figures.per_competency:
        assert entry.rate is not None
        expected[entry.competency.name] = percent(entry.rate)
    assert completion_texts(view) == expected
    target = view.completion_chart.target
    assert target is not None and target.value == figures.completion_target
    assert target.label == f"target {percent(figures.completion_target)}"
    phishing = figures.phishing()
    chart = view.phishing_chart
    assert chart.x_labels == tuple(d.drill.held_on.isoformat() for d in phishing)
    assert [s.values for s in chart.series] == [
        tuple(d.click_rate for d in phishing),
        tuple(d.report_rate for d in phishing),
    ]
    assert [t.value for t in chart.targets] == [
        phishing[-1].drill.click_target,
        phishing[-1].drill.report_target,
    ]
    assert [b.value for b in view.minutes_chart.bars] == [
        d.minutes_to_report for d in figures.incidents()
    ]
    assert view.gaps_chart.series[0].values == tuple(float(p.open) for p in figures.gaps_over_time)
    per_person = figures.training_hours.per_person
    assert per_person is not None
    assert f"{per_person:.1f} h of training per person" in view.summary_label.text()
    assert f"{percent(rate)} of required training complete" in view.summary_label.text()


def test_the_demo_charts_show_the_figures_of_store_metrics(
    view: MetricsView, document: Document
) -> None:
    figures = document.store.metrics(AS_OF)
    assert view.metrics == figures
    assert_shows(view, figures)
    # The demo's two phishing drills and one incident drill, all drawn.
    assert len(view.phishing_chart.x_labels) == 2 and len(view.minutes_chart.bars) == 1
    # Every active person of the small company, fewest hours first, with their own hours.
    hours = {e.person.name: e.hours for e in figures.training_hours.by_person}
    shown = [(b.label, b.value) for b in view.hours_chart.bars]
    assert sorted(shown) == sorted(hours.items())
    assert [value for _, value in shown] == sorted(hours.values())


def test_changing_the_as_of_date_shows_the_figures_of_that_day(
    qtbot: QtBot, view: MetricsView, document: Document
) -> None:
    second_drill = document.store.metrics(AS_OF).phishing()[1].drill.held_on
    earlier = second_drill - timedelta(days=1)
    edit = view.as_of_edit.line_edit
    edit.selectAll()
    qtbot.keyClicks(edit, earlier.isoformat())
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert document.as_of == earlier
    assert view.metrics is not None and view.metrics.as_of == earlier
    assert_shows(view, document.store.metrics(earlier))
    assert len(view.phishing_chart.x_labels) == 1  # the later drill is not known yet


def test_recording_a_session_raises_the_completion_shown(
    qtbot: QtBot, demo_window: MainWindow, document: Document, view: MetricsView
) -> None:
    store = document.store
    backup = store.competencies.by_name("Backup and recovery")
    before = completion_texts(view)["Backup and recovery"]
    training = shown_view(demo_window, TRAINING_TAB, "training", TrainingView)
    dialog = open_new_session(qtbot, training, backup)
    assert dialog.model.rows(), "someone lacks backup and recovery in the demo"
    qtbot.keyClicks(dialog.trainer_edit, "Mikko Virtanen")
    type_scores(qtbot, dialog, ["100"] * len(dialog.model.rows()))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()

    demo_window.show_view(METRICS_TAB)
    after = completion_texts(view)["Backup and recovery"]
    assert before == "50%" and after == "100%"
    assert_shows(view, store.metrics(AS_OF))


def test_a_large_document_computes_off_the_gui_thread_and_then_shows_the_figures(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, demo_window: MainWindow, document: Document
) -> None:
    monkeypatch.setattr(metrics_view, "INLINE_PEOPLE", 0)
    view = shown_view(demo_window, METRICS_TAB, "metrics", MetricsView)
    assert view.summary_label.text().startswith("Computing the figures")
    qtbot.waitUntil(lambda: view.metrics is not None, timeout=5000)
    assert_shows(view, document.store.metrics(AS_OF))


def test_today_and_copy_figures(qtbot: QtBot, view: MetricsView, document: Document) -> None:
    qtbot.mouseClick(view.copy_button, Qt.MouseButton.LeftButton)
    lines = metrics_as_text(document.store.metrics(AS_OF), document.store.path.name)
    assert QApplication.clipboard().text() == "\n".join(lines) + "\n"
    qtbot.mouseClick(view.today_button, Qt.MouseButton.LeftButton)
    assert document.as_of == date.today() and view.as_of_edit.value() == date.today()
    assert view.metrics is not None and view.metrics.as_of == date.today()
