"""The Metrics view: what the training achieves, as of the document's date, in charts.

Every figure comes from store.metrics (models/metrics.py), the numbers `compdesk metrics` and
the binder show. They read the whole document (about 0.5 s for 1000 people), so a large
document computes them on a worker thread with a connection of its own; a small one (well
under 50 ms) on the GUI thread, so the charts are there as soon as the view is shown.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from compdesk.models.errors import DocumentError
from compdesk.models.metrics import Metrics
from compdesk.reports.metrics_text import metrics_as_text
from compdesk.views.document import Document
from compdesk.views.metrics.charts import Bar, BarChart, LineChart, Series, Target, percent
from compdesk.views.widgets.date_edit import DateEdit
from compdesk.views.widgets.document_view import DocumentView
from compdesk.views.widgets.workers import ReadOnOwnConnection, ReadSignals

if TYPE_CHECKING:
    from compdesk.views.metrics.review import ManagementReviewDialog

# Up to this many people the figures take under about 50 ms: computed on the GUI thread.
INLINE_PEOPLE: Final = 100
# The people with the fewest training hours shown as bars (all of them in a small company).
HOURS_BARS: Final = 15


def _minutes(value: float) -> str:
    return f"{value:g} min"


def _hours(value: float) -> str:
    return f"{value:.1f} h"


def _count(value: float) -> str:
    return f"{value:.0f}"


class MetricsView(DocumentView):
    title = "Metrics"
    # Completion and gaps follow people, roles, requirements, evidence and actions; hours
    # follow training; drills follow every import: the view shows every area.

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self.metrics: Metrics | None = None
        self._requested = 0
        # Kept by each computation too, so it outlives this view if the document closes.
        self._signals = ReadSignals()
        self._signals.computed.connect(self.on_computed, Qt.ConnectionType.QueuedConnection)
        self._signals.failed.connect(self.on_failed, Qt.ConnectionType.QueuedConnection)

        self.as_of_edit = DateEdit("as-of date", document.as_of)
        self.as_of_edit.line_edit.setAccessibleName("Metrics as of date")
        self.as_of_edit.set_help(
            "The figures as they stood on this day, as YYYY-MM-DD; Enter takes it "
            "(the matrix follows the same date)"
        )
        self.as_of_edit.date_entered.connect(self.document.set_as_of)
        as_of_label = QLabel("As &of:")
        as_of_label.setBuddy(self.as_of_edit.line_edit)
        self.today_button = QPushButton("&Today")
        self.today_button.setAccessibleName("Show the figures as of today")
        self.today_button.clicked.connect(self.on_today_button_clicked)
        self.copy_button = QPushButton("&Copy figures")
        self.copy_button.setAccessibleName("Copy the figures as text")
        self.copy_button.setToolTip(
            "Copy every figure with its target, as `compdesk metrics` prints them, "
            "to paste into a management review"
        )
        self.copy_button.clicked.connect(self.on_copy_button_clicked)
        self.copy_button.setEnabled(False)
        self.review_button = QPushButton("Management &review…")
        self.review_button.setToolTip(
            "The yearly management review: these figures against their targets and a year "
            "before, the open gaps and the actions to evaluate; save it as PDF or print it"
        )
        self.review_button.clicked.connect(self.on_review_button_clicked)
        self.review_dialog: ManagementReviewDialog | None = None
        controls = QHBoxLayout()
        controls.addWidget(as_of_label)
        controls.addWidget(self.as_of_edit)
        controls.addWidget(self.today_button)
        controls.addStretch(1)
        controls.addWidget(self.copy_button)
        controls.addWidget(self.review_button)

        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.completion_chart = BarChart("Completion of required training, per competency")
        self.phishing_chart = LineChart("Phishing drills: click and report rates")
        self.minutes_chart = BarChart("Incident drills: minutes to report", _minutes)
        self.hours_chart = BarChart("Training hours per person, last twelve months", _hours)
        self.gaps_chart = LineChart("Open gaps, month by month", _count)

        charts = QWidget()
        grid = QGridLayout(charts)
        # The drills stacked beside the long completion chart; a spanning grid cell would
        # let Qt give the completion chart less than its height.
        drills = QVBoxLayout()
        drills.addWidget(self.phishing_chart)
        drills.addWidget(self.minutes_chart)
        drills.addStretch(1)
        grid.addWidget(self.completion_chart, 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addLayout(drills, 0, 1)
        grid.addWidget(self.hours_chart, 1, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.gaps_chart, 1, 1, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(charts)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.summary_label)
        layout.addWidget(scroll, 1)

    @property
    def computing(self) -> bool:
        return self.metrics is None or self.metrics.as_of != self.document.as_of

    def on_today_button_clicked(self) -> None:
        self.as_of_edit.choose(date.today())

    def on_copy_button_clicked(self) -> None:
        if self.metrics is not None:
            name = self.document.store.path.name
            QApplication.clipboard().setText("\n".join(metrics_as_text(self.metrics, name)) + "\n")

    def on_review_button_clicked(self) -> None:
        self.show_review()

    def show_review(self) -> ManagementReviewDialog:
        """Open the management review as of the view's date (window-modal, not blocking)."""
        # Imported here: the window imports the views, not the other way round; the review
        # loads the binder's content gathering only once asked for.
        from compdesk.views.main_window import MainWindow
        from compdesk.views.metrics.review import ManagementReviewDialog

        window = self.window()
        dialog = ManagementReviewDialog(
            self.document, self.document.as_of, self,
            show_record=window.show_record if isinstance(window, MainWindow) else None,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.review_dialog = dialog
        dialog.finished.connect(lambda _result: self._forget_review(dialog))
        dialog.open()
        return dialog

    def _forget_review(self, dialog: ManagementReviewDialog) -> None:
        if self.review_dialog is dialog:
            self.review_dialog = None

    def refresh(self) -> None:
        store, as_of = self.document.store, self.document.as_of
        self.as_of_edit.set_date(as_of)
        self.copy_button.setEnabled(False)
        self._requested += 1
        if store.counts()["people"] <= INLINE_PEOPLE:
            try:
                self.show_metrics(store.metrics(as_of))
            except DocumentError as error:
                self.on_failed(self._requested, str(error))
            return
        self.summary_label.setText(f"Computing the figures as of {as_of.isoformat()}…")
        QThreadPool.globalInstance().start(
            ReadOnOwnConnection(
                store, lambda own: own.metrics(as_of), self._requested, self._signals, "metrics"
            )
        )

    def on_computed(self, number: int, figures: Metrics) -> None:
        if number == self._requested:  # an older answer is out of date
            self.show_metrics(figures)

    def on_failed(self, number: int, message: str) -> None:
        if number == self._requested:
            self.summary_label.setText(f"The figures could not be computed: {message}")

    def show_metrics(self, figures: Metrics) -> None:
        self.metrics = figures
        self.copy_button.setEnabled(True)
        self.summary_label.setText(summary_text(figures))
        target = figures.completion_target
        self.completion_chart.set_bars(
            [Bar("All required training", figures.completion_rate)]
            + [Bar(c.competency.name, c.rate) for c in figures.per_competency],
            Target(target, f"target {percent(target)}"),
            maximum=1.0,
        )
        self._show_phishing(figures)
        incidents = figures.incidents()
        minutes_targets = {d.drill.minutes_target for d in incidents} - {None}
        minutes_target = max((t for t in minutes_targets if t is not None), default=None)
        self.minutes_chart.set_bars(
            [
                Bar(f"{d.drill.held_on.isoformat()} {d.drill.name}", d.minutes_to_report)
                for d in incidents
            ],
            None
            if minutes_target is None
            else Target(minutes_target, f"target {_minutes(minutes_target)}"),
        )
        self.minutes_chart.empty_text = "No incident drill up to this date."
        self._show_hours(figures)
        points = figures.gaps_over_time
        self.gaps_chart.set_data(
            [p.on.strftime("%b %y") for p in points],
            [Series("Open gaps", tuple(float(p.open) for p in points))],
            y_title="required training not met, at each month's date",
        )

    def _show_phishing(self, figures: Metrics) -> None:
        drills = figures.phishing()
        self.phishing_chart.empty_text = "No phishing drill up to this date."
        targets = []
        click_targets = {d.drill.click_target for d in drills} - {None}
        report_targets = {d.drill.report_target for d in drills} - {None}
        # The latest drill's targets: the ones the company aims at now.
        if click_targets and drills[-1].drill.click_target is not None:
            targets.append(
                Target(
                    drills[-1].drill.click_target,
                    f"click target {percent(drills[-1].drill.click_target)}",
                )
            )
        if report_targets and drills[-1].drill.report_target is not None:
            targets.append(
                Target(
                    drills[-1].drill.report_target,
                    f"report target {percent(drills[-1].drill.report_target)}",
                )
            )
        self.phishing_chart.set_data(
            [d.drill.held_on.isoformat() for d in drills],
            [
                Series("Clicked", tuple(d.click_rate for d in drills)),
                Series("Reported", tuple(d.report_rate for d in drills)),
            ],
            targets,
            maximum=1.0,
            y_title="share of the emails sent",
        )

    def _show_hours(self, figures: Metrics) -> None:
        hours = figures.training_hours
        fewest = sorted(hours.by_person, key=lambda entry: (entry.hours, entry.person.name))
        shown = fewest[:HOURS_BARS]
        left_out = len(fewest) - len(shown)
        note = (
            f"The {len(shown)} with the fewest hours of {len(fewest)} people." if left_out else ""
        )
        average = hours.per_person
        self.hours_chart.set_bars(
            [Bar(entry.person.name, entry.hours) for entry in shown],
            None if average is None else Target(average, f"average {_hours(average)}"),
            note=note,
        )


def summary_text(figures: Metrics) -> str:
    completion = figures.completion_rate
    parts = [
        f"As of {figures.as_of.isoformat()}: "
        + (
            "no training is required yet"
            if completion is None
            else f"{percent(completion)} of required training complete "
            f"({figures.met} of {figures.required}; target {percent(figures.completion_target)})"
        )
    ]
    per_person = figures.training_hours.per_person
    if per_person is not None:
        parts.append(f"{_hours(per_person)} of training per person in the last twelve months")
    if figures.gaps_over_time:
        parts.append(f"{figures.gaps_over_time[-1].open} open gaps")
    return "; ".join(parts) + "."
