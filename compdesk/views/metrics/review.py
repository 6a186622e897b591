"""The management review in the window: the figures against their targets and a year before,
the open gaps by competency and the completed actions not yet evaluated, as of the Metrics
view's date; saved as PDF or printed as the same page `compdesk review` writes.

The figures are judged by models/management_review.py over the binder content that
`compdesk review` gathers (reports/binder/content.py), so the dialog and the page agree.
A large document gathers it on a worker thread with a connection of its own.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Final

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QThreadPool,
)
from PySide6.QtGui import QColor
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from compdesk.models.errors import DocumentError
from compdesk.models.finding_kinds import RecordKind, RecordRef
from compdesk.models.management_review import ManagementReview, ReviewFigure, management_review
from compdesk.reports.binder.content import BinderContent, gather_content
from compdesk.reports.binder.options import BinderOptions
from compdesk.reports.management_review import write_review
from compdesk.views.document import Document
from compdesk.views.widgets.workers import LongWork, ReadOnOwnConnection, ReadSignals

# Up to this many people the content is gathered on the GUI thread (about 30 ms for 15).
INLINE_PEOPLE: Final = 100
FIGURE_HEADERS: Final = ("Figure", "A year before", "Now", "Target", "Met")
ACTION_HEADERS: Final = ("Person", "Competency", "Completed", "Owner")
MIN_COLUMN_WIDTH: Final = 96
PDF_FILTER: Final = "PDF documents (*.pdf)"
# Never colour alone: each judgement has its mark and its word too.
_MET_TEXT: Final = {True: "✔ met", False: "✘ missed", None: "—"}
_MET_COLOUR: Final = {True: QColor("#1b7a2e"), False: QColor("#b3261e")}

Index = QModelIndex | QPersistentModelIndex


class _HeadedModel(QAbstractTableModel):
    """A read-only table with the column titles `headers`."""

    headers: tuple[str, ...] = ()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None


class FiguresModel(_HeadedModel):
    """The review's figures, one row each, in FIGURE_HEADERS' columns."""

    headers = FIGURE_HEADERS

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figures: tuple[ReviewFigure, ...] = ()

    def set_figures(self, figures: tuple[ReviewFigure, ...]) -> None:
        self.beginResetModel()
        self.figures = figures
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.figures)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        figure = self.figures[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (figure.name, figure.before, figure.now, figure.target,
                    _MET_TEXT[figure.met])[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == 4 and figure.met is not None:
            return _MET_COLOUR[figure.met]
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class UnevaluatedModel(_HeadedModel):
    """The completed actions not yet evaluated: person, competency, completed, owner."""

    headers = ACTION_HEADERS

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[int, tuple[str, str, str, str]]] = []

    def set_rows(self, review: ManagementReview, content: BinderContent) -> None:
        self.beginResetModel()
        self.rows = [
            (action.id, (
                content.person(action.person_id).name,
                content.competency(action.competency_id).name,
                action.completed_on.isoformat() if action.completed_on else "—",
                action.owner or "—",
            ))
            for action in review.unevaluated
        ]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if index.isValid() and role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][1][index.column()]
        return None


def _table(model: QAbstractTableModel, name: str) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # Room around short values ("8.5", "—"): narrow columns read as one run of figures.
    table.horizontalHeader().setMinimumSectionSize(MIN_COLUMN_WIDTH)
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return table


class ManagementReviewDialog(QDialog):
    """The review as of `as_of`; `show_record` (the main window's) takes an action's
    double-click to the Actions view."""

    def __init__(
        self,
        document: Document,
        as_of: date,
        parent: QWidget | None = None,
        show_record: Callable[[RecordRef], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.document, self.as_of, self._show_record = document, as_of, show_record
        self.content: BinderContent | None = None
        self.review: ManagementReview | None = None
        self._work: LongWork | None = None
        self._print_folder = tempfile.TemporaryDirectory(prefix="compdesk-review-")
        self._signals = ReadSignals()
        self._signals.computed.connect(self.on_computed, Qt.ConnectionType.QueuedConnection)
        self._signals.failed.connect(self.on_failed, Qt.ConnectionType.QueuedConnection)
        self.setWindowTitle(f"Management review as of {as_of.isoformat()}")

        self.intro_label = QLabel()
        self.intro_label.setWordWrap(True)
        self.intro_label.setTextFormat(Qt.TextFormat.PlainText)  # the organisation's name
        self.figures_model = FiguresModel(self)
        self.figures_table = _table(self.figures_model, "Review figures")
        self.gaps_label = QLabel()
        self.gaps_label.setWordWrap(True)
        self.gaps_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.actions_label = QLabel()
        self.actions_model = UnevaluatedModel(self)
        self.actions_table = _table(self.actions_model, "Completed actions not yet evaluated")
        self.actions_table.setToolTip("Double-click or Enter: show the action in the Actions view")
        self.actions_table.doubleClicked.connect(self.on_actions_table_double_clicked)
        self.actions_table.activated.connect(self.on_actions_table_double_clicked)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)

        self.save_button = QPushButton("&Save as PDF…")
        self.save_button.clicked.connect(self.on_save_button_clicked)
        self.print_button = QPushButton("&Print…")
        self.print_button.clicked.connect(self.on_print_button_clicked)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message_label, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addWidget(self.figures_table)
        layout.addWidget(self.gaps_label)
        layout.addWidget(self.actions_label)
        layout.addWidget(self.actions_table, 1)
        layout.addLayout(buttons)
        self.resize(820, 560)
        self._load()

    def _load(self) -> None:
        self._set_ready(False)
        store, options = self.document.store, BinderOptions(as_of=self.as_of, attachments=False)
        if store.counts()["people"] <= INLINE_PEOPLE:
            try:
                self.show_content(gather_content(store, options))
            except DocumentError as error:
                self.on_failed(0, str(error))
            return
        self.intro_label.setText(f"Computing the review as of {self.as_of.isoformat()}…")
        QThreadPool.globalInstance().start(
            ReadOnOwnConnection(store, lambda own: gather_content(own, options), 0,
                                self._signals, "management review")
        )

    def _set_ready(self, ready: bool) -> None:
        self.save_button.setEnabled(ready)
        self.print_button.setEnabled(ready)

    def on_computed(self, _number: int, content: BinderContent) -> None:
        self.show_content(content)

    def on_failed(self, _number: int, message: str) -> None:
        self.intro_label.setText(f"The review could not be computed: {message}")

    def show_content(self, content: BinderContent) -> None:
        metrics = content.metrics
        assert metrics is not None, "gather_content gathers the figures"
        previous = content.previous_metrics
        review = management_review(metrics, previous, content.actions)
        self.content, self.review = content, review
        self.intro_label.setText(
            f"{content.organisation or 'The organisation'}, as of {self.as_of.isoformat()}, "
            f"against the targets and the year before (as of "
            f"{previous.as_of.isoformat() if previous else '—'})."
        )
        self.figures_model.set_figures(review.figures)
        _fit_height(self.figures_table)
        gaps = "; ".join(f"{g.competency.name} {g.met}/{g.required}" for g in review.open_gaps)
        self.gaps_label.setText(
            f"<b>Open gaps by competency</b> (met/required): {_escaped(gaps) or 'none'}."
        )
        self.actions_label.setText(
            f"<b>Completed actions not yet evaluated for effectiveness:</b> "
            f"{len(review.unevaluated)}"
        )
        self.actions_model.set_rows(review, content)
        self.actions_table.setVisible(bool(review.unevaluated))
        self._set_ready(True)

    def suggested_file_name(self) -> str:
        return f"management-review-{self.as_of.isoformat()}.pdf"

    def on_actions_table_double_clicked(self, index: QModelIndex) -> None:
        if self._show_record is None or not index.isValid():
            return
        action_id, (person, competency, _completed, _owner) = self.actions_model.rows[index.row()]
        self._show_record(RecordRef(RecordKind.ACTION, action_id, f"{person}: {competency}"))
        self.accept()

    def on_save_button_clicked(self) -> None:
        if self.content is None:
            return
        target_text, _ = QFileDialog.getSaveFileName(
            self, "Save the management review as",
            str(self.document.folder / self.suggested_file_name()), PDF_FILTER,
        )
        if not target_text:
            return
        target = Path(target_text)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        self._write(target, lambda: self.message_label.setText(f"Saved the review as {target}."))

    def on_print_button_clicked(self) -> None:
        if self.content is None:
            return
        target = Path(self._print_folder.name) / self.suggested_file_name()
        self._write(target, lambda: self._print(target))

    def _write(self, target: Path, then: Callable[[], None]) -> None:
        """Write the page at `target` on the thread pool (the first one loads ReportLab's
        fonts), then `then` on the GUI thread."""
        content = self.content
        assert content is not None
        self._set_ready(False)
        self.message_label.setText("Writing the review…")

        def work(_progress: Callable[[int, int], None], _cancel: threading.Event) -> None:
            write_review(content, target)

        self._work = LongWork(self, "Writing the management review…", work)
        self._work.succeeded.connect(lambda _result: then())
        self._work.failed.connect(self.message_label.setText)
        self._work.finished.connect(lambda: self._set_ready(True))
        self._work.start()

    def _print(self, path: Path) -> None:
        # Imported here: the printing module loads QtPrintSupport, only needed to print.
        from compdesk.views.binder.printing import print_with_dialog

        assert self.content is not None
        self.message_label.clear()
        pdf = QPdfDocument(self)
        pdf.load(str(path))
        try:
            outcome = print_with_dialog(
                self, pdf, page_size=self.content.options.page_size,
                title=self.suggested_file_name().removesuffix(".pdf"),
                what="the management review",
            )
        except DocumentError as error:
            outcome = str(error)
        if outcome is not None:
            self.message_label.setText(outcome)

    def done(self, result: int) -> None:
        self._print_folder.cleanup()
        super().done(result)


def _fit_height(table: QTableView) -> None:
    """As tall as its rows: the few figures need no scroll bar, nor empty space below."""
    table.resizeRowsToContents()
    rows = sum(table.rowHeight(row) for row in range(table.model().rowCount()))
    table.setFixedHeight(rows + table.horizontalHeader().height() + 2 * table.frameWidth())


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


__all__ = ["ManagementReviewDialog"]
