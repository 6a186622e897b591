"""The Drills view: the document's drills oldest to newest with their rates against the targets,
each person's history across them and the repeat clickers; adds, edits and deletes drills by
hand, imports a drill tool's results and plans a follow-up training for a drill's clickers."""

from __future__ import annotations

import enum
from datetime import date
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from compdesk.models.drill_history import clickers, drill_histories, repeat_clickers
from compdesk.models.drill_import import read_drill_results
from compdesk.models.errors import DocumentError
from compdesk.models.metrics import DrillFigures, drill_figures
from compdesk.models.records import Drill, DrillKind, DrillResult, Person
from compdesk.reports.formatting import percent
from compdesk.views.commands.base import Change
from compdesk.views.commands.drills import DeleteDrillCommand
from compdesk.views.document import Document
from compdesk.views.drills.dialogs import FollowUpDialog, ImportDrillDialog
from compdesk.views.drills.entry import DrillDialog
from compdesk.views.widgets.document_view import DocumentView
from compdesk.views.widgets.list_page import connect_record_keys, details_label
from compdesk.views.widgets.record_table import (
    RecordFilterProxy,
    RowTableModel,
    make_record_table,
    select_record_row,
    selected_item,
)


class DrillColumn(enum.IntEnum):
    DRILL = 0
    DATE = 1
    PEOPLE = 2
    CLICKED = 3
    REPORTED = 4
    TIME = 5
    TARGETS = 6


def _against(rate: float | None, met: bool | None) -> str:
    if rate is None:
        return "—"
    return percent(rate) + ("" if met is None else " ✔" if met else " ✘ missed")


def targets_text(figures: DrillFigures) -> str:
    drill = figures.drill
    parts = []
    if drill.click_target is not None:
        parts.append(f"click ≤ {percent(drill.click_target)}")
    if drill.report_target is not None:
        parts.append(f"report ≥ {percent(drill.report_target)}")
    if drill.minutes_target is not None:
        parts.append(f"report within {drill.minutes_target:g} min")
    return ", ".join(parts) or "none set"


def history_entry(drill: Drill, result: DrillResult) -> str:
    """What a person did in one drill, in a few words."""
    minutes = result.minutes_to_report
    within = "" if minutes is None else f" in {minutes:g} min"
    if drill.kind is DrillKind.PHISHING:
        clicked = "clicked" if result.clicked else "did not click"
        reported = f", reported{within}" if result.reported else ""
        return f"{drill.held_on.isoformat()} {clicked}{reported}"
    return f"{drill.held_on.isoformat()} incident drill" + (f", reported{within}" if within else "")


class DrillTableModel(RowTableModel):
    """The document's drills (their DrillFigures), oldest first."""

    headers = (
        "Drill",
        "Date",
        "Sent / took part",
        "Clicked",
        "Reported",
        "Time to report",
        "Targets",
    )

    def row_id(self, item: DrillFigures) -> int:
        return item.drill.id

    def display(self, item: DrillFigures, column: int) -> str:
        drill = item.drill
        phishing = drill.kind is DrillKind.PHISHING
        match DrillColumn(column):
            case DrillColumn.DRILL:
                return f"{drill.name or 'Unnamed'} ({drill.kind.value})"
            case DrillColumn.DATE:
                return drill.held_on.isoformat()
            case DrillColumn.PEOPLE:
                count = item.sent if phishing else item.participants
                return "—" if count is None else str(count)
            case DrillColumn.CLICKED:
                return _against(item.click_rate, item.click_target_met) if phishing else ""
            case DrillColumn.REPORTED:
                return _against(item.report_rate, item.report_target_met) if phishing else ""
            case DrillColumn.TIME:
                minutes = item.minutes_to_report
                if minutes is None:
                    return "—"
                met = item.minutes_target_met
                return f"{minutes:g} min" + ("" if met is None else " ✔" if met else " ✘ missed")
            case DrillColumn.TARGETS:
                return targets_text(item)

    def sort_key(self, item: DrillFigures, column: int) -> object:
        return (item.drill.held_on.isoformat(), item.drill.id)

    def extra_data(self, item: DrillFigures, column: int, role: int) -> object:
        # The tooltip carries a cell's whole text where a narrow window cuts it.
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return self.display(item, column)
        return None


DrillsDialog = ImportDrillDialog | FollowUpDialog | DrillDialog


class DrillsView(DocumentView):
    title = "Drills"
    shows = Change.TRAINING | Change.PEOPLE | Change.ACTIONS

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self._editable = document.editable
        self.dialog: DrillsDialog | None = None

        self.summary_label = QLabel()
        self.summary_label.setAccessibleName("Drills summary")
        self.add_button = QPushButton("&Add drill…")
        self.add_button.setToolTip(
            "Record a drill by hand: an incident drill, or a phishing drill's totals"
        )
        self.add_button.clicked.connect(self.add_drill)
        self.edit_button = QPushButton("Ed&it…")
        self.edit_button.setToolTip("Edit the selected drill (Enter)")
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton("De&lete")
        self.delete_button.setToolTip(
            "Delete the selected drill with its per-person results (Delete; undo with Ctrl+Z)"
        )
        self.delete_button.clicked.connect(self.delete_selected)
        self.import_button = QPushButton("&Import results…")
        self.import_button.setToolTip(
            "Record a phishing drill from Gophish's results or events export, Microsoft "
            "Defender's simulation users report or a CSV of email, clicked, reported"
        )
        self.import_button.clicked.connect(self.import_results)
        self.follow_up_button = QPushButton("Plan &follow-up for clickers…")
        self.follow_up_button.setToolTip(
            "Plan a training action for each person who clicked in the selected drill"
        )
        self.follow_up_button.clicked.connect(self.plan_follow_up)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.follow_up_button)
        buttons.addStretch(1)
        buttons.addWidget(self.summary_label)

        self._people: list[Person] = []
        self._results: list[DrillResult] = []
        self.model = DrillTableModel(self)
        self.proxy = RecordFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_record_table(self.proxy, "Drills")
        self.table.sortByColumn(DrillColumn.DATE, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(DrillColumn.DRILL, QHeaderView.ResizeMode.Stretch)
        connect_record_keys(
            self.table,
            edit=self.on_table_activated,
            selection_changed=self._show_details,
            delete=self.delete_selected,
            delete_text="Delete drill",
        )

        self.details = details_label("Drill details")
        self.repeat_label = QLabel()
        self.repeat_label.setWordWrap(True)
        self.repeat_label.setTextFormat(Qt.TextFormat.PlainText)
        self.repeat_label.setAccessibleName("Repeat clickers")
        self.history = QPlainTextEdit()
        self.history.setReadOnly(True)
        self.history.setAccessibleName("History per person")
        people_pane = QWidget()
        people_layout = QVBoxLayout(people_pane)
        people_layout.setContentsMargins(0, 0, 0, 0)
        people_layout.addWidget(self.repeat_label)
        people_layout.addWidget(QLabel("History per person (oldest drill first):"))
        people_layout.addWidget(self.history, 1)

        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.details)
        lower.addWidget(people_pane)
        lower.setChildrenCollapsible(False)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)
        self._show_details()

    # ---- loading ------------------------------------------------------------------------

    def refresh(self) -> None:
        store = self.document.store
        selected = self.selected_figures()
        drills = store.drills.all()
        results = store.drills.results()
        self._people = store.people.all()
        self._results = results
        figures = drill_figures(drills, results, as_of=date.max)
        self.model.set_rows(list(figures))
        histories = drill_histories(self._people, drills, results)
        repeat = repeat_clickers(histories)
        self.repeat_label.setText(
            "Repeat clickers: "
            + ("; ".join(f"{h.person.name} ({h.clicks} drills)" for h in repeat) or "none")
        )
        self.history.setPlainText(
            "\n".join(
                f"{h.person.name}: "
                + "; ".join(history_entry(drill, result) for drill, result in h.results)
                for h in histories
            )
        )
        phishing = [f for f in figures if f.kind is DrillKind.PHISHING]
        self.summary_label.setText(
            f"{len(figures)} drills · {len(phishing)} phishing · "
            f"{len(repeat)} repeat clicker{'' if len(repeat) == 1 else 's'}"
        )
        if selected is not None:
            self.select_drill(selected.drill.id)
        self._show_details()

    def selected_figures(self) -> DrillFigures | None:
        item = selected_item(self.table)
        return item if isinstance(item, DrillFigures) else None

    def select_drill(self, drill_id: int) -> bool:
        return select_record_row(self.table, self.model, self.proxy, drill_id)

    def selected_clickers(self) -> list[int]:
        figures = self.selected_figures()
        if figures is None:
            return []
        return clickers(r for r in self._results if r.drill_id == figures.drill.id)

    def _show_details(self, *_args: object) -> None:
        figures = self.selected_figures()
        if figures is None:
            self.details.setText(
                "Select a drill to see who clicked and who reported, or import a drill tool's "
                "results."
            )
        else:
            drill = figures.drill
            names = {p.id: p.name for p in self._people}
            own = [r for r in self._results if r.drill_id == drill.id]
            clicked = [names.get(r.person_id, "?") for r in own if r.clicked]
            reported = [names.get(r.person_id, "?") for r in own if r.reported]
            lines = [
                self.document.store.drills.label(drill),
                f"Targets: {targets_text(figures)}",
                "Clicked: " + (", ".join(clicked) or "—"),
                "Reported: " + (", ".join(reported) or "—"),
            ]
            if drill.notes:
                lines.append(drill.notes)
            self.details.setText("\n".join(lines))
        self._update_buttons()

    def _update_buttons(self) -> None:
        selected = self.selected_figures() is not None
        self.add_button.setEnabled(self._editable)
        self.edit_button.setEnabled(self._editable and selected)
        self.delete_button.setEnabled(self._editable and selected)
        self.import_button.setEnabled(self._editable)
        self.follow_up_button.setEnabled(self._editable and bool(self.selected_clickers()))

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self._update_buttons()

    # ---- editing ------------------------------------------------------------------------

    def add_drill(self) -> DrillDialog | None:
        if not self._editable:
            return None
        dialog = DrillDialog(self.document, parent=self)
        self._open(dialog)
        return dialog

    def edit_selected(self) -> DrillDialog | None:
        figures = self.selected_figures()
        if figures is None or not self._editable:
            return None
        dialog = DrillDialog(self.document, drill=figures.drill, parent=self)
        self._open(dialog)
        return dialog

    def delete_selected(self) -> None:
        figures = self.selected_figures()
        if figures is not None and self._editable:
            self.document.push_or_report(DeleteDrillCommand(self.document.store, figures.drill))

    def on_table_activated(self, _index: QModelIndex) -> None:
        self.edit_selected()

    def import_results(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            "Import drill results",
            str(self.document.folder),
            "CSV files (*.csv);;All files (*)",
        )
        if path:
            self.open_import(Path(path))

    def open_import(self, path: Path) -> ImportDrillDialog | None:
        """Read the file and show what it holds; problems are reported, nothing is recorded."""
        try:
            drill_import = read_drill_results(path, today=date.today())
            drill_import.raise_for_problems()
        except DocumentError as error:
            self.document.failed.emit(str(error))
            return None
        dialog = ImportDrillDialog(self.document, drill_import, parent=self)
        self._open(dialog)
        return dialog

    def plan_follow_up(self) -> FollowUpDialog | None:
        figures = self.selected_figures()
        person_ids = set(self.selected_clickers())
        if figures is None or not person_ids or not self._editable:
            return None
        people = [p for p in self._people if p.id in person_ids]
        dialog = FollowUpDialog(self.document, figures.drill, people, parent=self)
        self._open(dialog)
        return dialog

    def _open(self, dialog: DrillsDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._dialog_finished(dialog))
        dialog.open()

    def _dialog_finished(self, dialog: DrillsDialog) -> None:
        if isinstance(dialog, ImportDrillDialog) and dialog.recorded_drill_id is not None:
            self.refresh()
            self.select_drill(dialog.recorded_drill_id)
        if isinstance(dialog, DrillDialog) and dialog.saved_drill_id is not None:
            self.refresh()
            self.select_drill(dialog.saved_drill_id)
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
