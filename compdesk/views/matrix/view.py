"""The Matrix view, compdesk's home: who holds which required competency, as of a date.

People are rows (their names are the table's vertical header, so they stay in view when
scrolling sideways), competencies are columns grouped by level, and each cell shows the gap
engine's status by colour and symbol. Enter or double-click opens a side panel with the
evidence and actions of that person × competency; files dropped on a cell become evidence.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QLabel,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from compdesk.models.errors import DocumentError
from compdesk.models.gaps import GapCell, GapStatus
from compdesk.models.records import (
    Action,
    Competency,
    Evidence,
    Person,
)
from compdesk.models.rules import accepted_kind_problem, guess_evidence_kind, usual_route
from compdesk.reports.formatting import percent
from compdesk.reports.matrix_csv import MatrixCsvRow, matrix_csv
from compdesk.views.collector import collector_paused
from compdesk.views.commands.evidence import AddEvidenceCommand
from compdesk.views.document import Document
from compdesk.views.findings.entry import FindingsEntry
from compdesk.views.matrix.as_of_banner import AsOfBanner
from compdesk.views.matrix.descriptions import counted
from compdesk.views.matrix.filter_proxy import MatrixFilterModel
from compdesk.views.matrix.filter_row import MatrixFilterRow
from compdesk.views.matrix.headers import CompetencyHeader, NameHeader
from compdesk.views.matrix.legend import (
    display_symbols,
)
from compdesk.views.matrix.legend_row import StatusLegend
from compdesk.views.matrix.model import MatrixModel
from compdesk.views.matrix.rows import COMPLETION_COLUMN
from compdesk.views.matrix.side_panel import CellPanel
from compdesk.views.matrix.table import MatrixTable, viewport_of
from compdesk.views.widgets.attachments import open_attachment
from compdesk.views.widgets.document_view import DocumentView
from compdesk.views.widgets.forms import FormMessage

log = logging.getLogger(__name__)

PANEL_WIDTH = 420


class MatrixView(DocumentView):
    title = "Matrix"

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self._editable = document.editable
        self._panel_cell: tuple[int, int] | None = None
        self._completion_target: float | None = None
        self.open_dialog: QDialog | None = None
        self.model = MatrixModel(self)
        self.proxy = MatrixFilterModel(self)
        self.proxy.setSourceModel(self.model)

        layout = QVBoxLayout(self)
        self.overall_label = QLabel()
        self.overall_label.setAccessibleName("Overall completion")
        self.overall_label.setTextFormat(Qt.TextFormat.RichText)
        self.overall_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.overall_label)

        self.filters = MatrixFilterRow(document.as_of)
        self.filters.role_combo.currentIndexChanged.connect(self.on_role_combo_changed)
        self.filters.type_combo.currentIndexChanged.connect(self.on_type_combo_changed)
        self.filters.gaps_check.toggled.connect(self.on_gaps_check_toggled)
        self.filters.search_edit.textChanged.connect(self.on_search_edit_text_changed)
        self.filters.as_of_edit.date_entered.connect(self.on_as_of_edit_date_entered)
        self.filters.as_of_edit.refusal_changed.connect(self.on_as_of_edit_refusal_changed)
        self.filters.export_button.clicked.connect(self.on_export_button_clicked)
        layout.addLayout(self.filters)
        self.as_of_message = FormMessage()
        self.as_of_message.setAccessibleName("Matrix date problem")
        layout.addWidget(self.as_of_message)
        self.as_of_banner = AsOfBanner()
        self.as_of_banner.today_requested.connect(self.filters.on_today_button_clicked)
        layout.addWidget(self.as_of_banner)
        self.legend = StatusLegend()
        layout.addLayout(self.legend)

        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.empty_label.setAccessibleName("Matrix notice")
        self.empty_label.hide()
        layout.addWidget(self.empty_label)

        self.table = MatrixTable()
        self.table.setAccessibleName("Competence matrix")
        self.header = CompetencyHeader(self.table)
        self.names = NameHeader(self.table)
        self.table.setHorizontalHeader(self.header)
        self.table.setVerticalHeader(self.names)
        self.table.setModel(self.proxy)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setCornerButtonEnabled(False)
        # Arrows move between cells; Tab leaves the grid (for the panel, or the next control).
        self.table.setTabKeyNavigation(False)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # No sort at first: people in name order. A third click on a header returns to it.
        self.header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.activated.connect(self.on_table_activated)
        self.table.files_dropped.connect(self.on_table_files_dropped)
        self.table.horizontalScrollBar().valueChanged.connect(viewport_of(self.header).update)
        self.table.selectionModel().currentChanged.connect(self.on_table_current_changed)
        self.table.viewport().installEventFilter(self)

        # PERF: the side panel is built when a cell is first opened (`panel`), not with the view.
        self._panel: CellPanel | None = None
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setCollapsible(0, False)
        layout.addWidget(self.splitter, 1)

        # The findings open beside the matrix, from the end of the legend's row.
        self.findings = FindingsEntry(document, self.splitter, self.table, self)
        self.findings.opened.connect(self.close_panel)
        self.legend.addWidget(self.findings.button)
        # Tab goes from the controls above the matrix to the grid, then to a panel beside it.
        QWidget.setTabOrder(self.findings.button, self.table)

        close_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        close_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        close_shortcut.activated.connect(self.close_panel)
        close_shortcut.activated.connect(self.findings.close)
        self.setFocusProxy(self.table)
        self._apply_metrics()

    @property
    def panel(self) -> CellPanel:
        """The side panel of one cell, built the first time it is wanted: most sessions open
        the matrix without ever opening a cell, and it is hidden until then."""
        if self._panel is None:
            panel = CellPanel()
            panel.hide()
            panel.set_editable(self._editable)
            panel.close_requested.connect(self.close_panel)
            panel.add_evidence_requested.connect(self.on_panel_add_evidence_requested)
            panel.plan_action_requested.connect(self.on_panel_plan_action_requested)
            panel.evidence_activated.connect(self.on_panel_evidence_activated)
            panel.attachment_activated.connect(self.on_panel_attachment_activated)
            panel.action_activated.connect(self.on_panel_action_activated)
            panel.files_dropped.connect(self.on_panel_files_dropped)
            self.splitter.addWidget(panel)
            self._panel = panel
        return self._panel

    def _panel_shown(self) -> bool:
        return self._panel is not None and self._panel.isVisible()

    def _apply_metrics(self) -> None:
        metrics = self.table.fontMetrics()
        symbols = display_symbols(lambda text: all(metrics.inFontUcs4(ord(c)) for c in text))
        self.model.set_symbols(symbols)
        self.legend.set_symbols(symbols)
        width = self.header.column_width()
        self.header.setDefaultSectionSize(width)
        self.header.setMinimumSectionSize(width)
        self.names.fit_names(row.label for row in self.model.rows)
        self.table.updateGeometry()
        self.header.updateGeometry()
        self.header.viewport().update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # PERF: what cell tooltips name is read when one is wanted, so a refresh stays quick.
        if event.type() == QEvent.Type.ToolTip and watched is self.table.viewport():
            self.ensure_details()
        return False

    def ensure_details(self) -> None:
        """Load what the cell tooltips describe, if a refresh has made it stale."""
        if self.model.details_loaded:
            return
        # PERF: one cell's records per tooltip, not every evidence record with its files.
        self.model.set_detail_reader(self._cell_details)

    def _cell_details(self, cell: GapCell) -> tuple[Evidence | None, Action | None]:
        store = self.document.store
        try:
            evidence = store.evidence.get(cell.evidence_id) if cell.evidence_id else None
            action = store.actions.get(cell.action_id) if cell.action_id else None
        except DocumentError as error:
            log.warning("cannot read the evidence for a tooltip: %s", error)
            return None, None
        return evidence, action

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            # Once set here, the fonts of the table, its headers and their viewports no longer
            # follow the view's: set them again.
            for widget in (self.table, self.header, self.names):
                widget.setFont(self.font())
                if isinstance(widget, QAbstractItemView):
                    widget.viewport().setFont(self.font())
            # Audit mode enlarges the type: the columns and names must grow with it.
            self._apply_metrics()

    # ---- DocumentView ------------------------------------------------------------------------

    def refresh(self) -> None:
        # PERF: no cyclic collection while the rows are built (≈ 10 ms on 1000 people).
        with collector_paused():
            self._refresh()

    def _refresh(self) -> None:
        store = self.document.store
        current = self._current_ids()
        scroll = (self.table.horizontalScrollBar().value(), self.table.verticalScrollBar().value())
        try:
            matrix = self.document.matrix()
            roles = store.roles.all()
            # Read with the matrix, not at each filter change or search keystroke: a change of
            # the settings refreshes every view.
            self._completion_target = store.settings.get().completion_target
        except DocumentError as error:
            self.document.failed.emit(str(error))
            return
        if not self.filters.fill_roles(roles):
            # The role shown was deleted (or its addition undone): show everyone again.
            self.proxy.set_role_id(None)
        self.filters.show_as_of(matrix.as_of)
        people, self.changed_people = self.changed_people, None
        columns = self.proxy.summary().columns
        if people is not None and self.model.update_people(matrix, people):
            # The proxy re-sorts and re-filters the changed rows itself; the columns shown
            # follow from every row shown, so only a change of them needs a refilter.
            if self.proxy.summary().columns != columns:
                self.proxy.refilter()
        elif not self.model.set_matrix(matrix, roles=roles):
            # Changed in place: the proxy re-decides what it shows (a reset already made it).
            self.proxy.refilter()
        self._apply_metrics()
        if current is not None and self._current_ids() != current:
            index = self.index_of(*current)
            if index.isValid():
                self.table.setCurrentIndex(index)
            self.table.horizontalScrollBar().setValue(scroll[0])
            self.table.verticalScrollBar().setValue(scroll[1])
        self._update_summary()
        if self._panel_cell is not None:
            self.open_cell(*self._panel_cell, focus=False)
        self.findings.reload()

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self.table.drops_enabled = editable
        if self._panel is not None:
            self._panel.set_editable(editable)
        if self.document.audit_mode:
            # In front of the auditor the whole grid comes first; a cell opens on request.
            self.close_panel()

    def focus_search(self) -> None:
        self.filters.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filters.search_edit.selectAll()

    # ---- state shown -------------------------------------------------------------------------

    def _update_summary(self) -> None:
        matrix_completion = self.model.overall_completion()
        summary = self.proxy.summary()
        total = len(self.model.rows)
        as_of = self.model.as_of.isoformat()
        if matrix_completion is None:
            # Nothing to count yet: say what would give the matrix something to count.
            what_to_do = (
                "add people in the People view (Ctrl+2) and give them roles"
                if total == 0
                else "give the roles competencies in Roles & competencies (Ctrl+3)"
            )
            text = f"No completion yet (as of {as_of}): {what_to_do}"
        else:
            text = f"Overall completion {percent(matrix_completion)} (as of {as_of})"
        target = self._completion_target
        if target is not None and matrix_completion is not None:
            text += f" · target {percent(target)}"
        if summary.people != total:
            shown = f"{summary.people} of {counted(total, 'person', 'people')} shown"
            text += f" · {shown}: {percent(summary.completion)}"
        self.overall_label.setText(f"<b><big>{html.escape(text)}</big></b>")
        self.legend.show_counts(summary.counts)
        self.as_of_banner.show_as_of(self.model.as_of, date.today())
        if total == 0:
            self.empty_label.setText(
                f"Nobody is in the matrix as of {self.model.as_of.isoformat()}. Add people in the "
                "People view (Ctrl+2) and give them roles; the roles decide what they must know."
            )
            self.empty_label.show()
        elif summary.people == 0:
            self.empty_label.setText("No one matches the filters.")
            self.empty_label.show()
        else:
            self.empty_label.hide()
        self.header.viewport().update()

    def _current_ids(self) -> tuple[int, int] | None:
        return self.proxy.cell_ids(self.table.currentIndex())

    # ---- look-ups (also for tests) -----------------------------------------------------------

    def index_of(self, person_id: int, competency_id: int) -> QModelIndex:
        """The shown cell of a person × competency, or an invalid index if it is filtered out."""
        row, column = self.model.row_of(person_id), self.model.column_of(competency_id)
        if row is None or column is None:
            return QModelIndex()
        return self.proxy.mapFromSource(self.model.index(row, column))

    def status_of(self, person_id: int, competency_id: int) -> GapStatus | None:
        """The status shown for a person × competency, None if not shown."""
        return self.proxy.status(self.index_of(person_id, competency_id))

    def shown_person_ids(self) -> list[int]:
        """The people shown, top to bottom."""
        ids = (self.proxy.person_id(row) for row in range(self.proxy.rowCount()))
        return [person_id for person_id in ids if person_id is not None]

    def shown_competency_ids(self) -> list[int]:
        """The competencies shown, left to right."""
        columns = range(COMPLETION_COLUMN + 1, self.proxy.columnCount())
        competencies = (self.proxy.column_competency(column) for column in columns)
        return [c.id for c in competencies if c is not None]

    # ---- filters -----------------------------------------------------------------------------

    def on_role_combo_changed(self, _index: int) -> None:
        self.proxy.set_role_id(self.filters.chosen_role_id())
        self._update_summary()

    def on_type_combo_changed(self, _index: int) -> None:
        self.proxy.set_person_type(self.filters.chosen_person_type())
        self._update_summary()

    def on_gaps_check_toggled(self, checked: bool) -> None:
        self.proxy.set_gaps_only(checked)
        self._update_summary()

    def on_search_edit_text_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_summary()

    def on_as_of_edit_date_entered(self, as_of: date) -> None:
        self.document.set_as_of(as_of)

    def on_as_of_edit_refusal_changed(self, refusal: str) -> None:
        # The matrix keeps the date it had; the field stays marked until it holds a date.
        if refusal:
            self.as_of_message.show_error(
                f"{refusal} The matrix still shows {self.document.as_of.isoformat()}."
            )
        else:
            self.as_of_message.clear_message()

    # ---- export ------------------------------------------------------------------------------

    def on_export_button_clicked(self) -> None:
        source = self.document.store.path
        suggested = source.with_name(f"{source.stem} matrix {self.model.as_of.isoformat()}.csv")
        path_text, _ = QFileDialog.getSaveFileName(
            self, "Export the matrix as CSV", str(suggested), "CSV files (*.csv);;All files (*)"
        )
        if path_text and self.export_csv(Path(path_text)):
            window = self.window()
            if isinstance(window, QMainWindow):
                window.statusBar().showMessage(f"Exported the matrix to {path_text}", 5000)

    def export_csv(self, path: Path | str) -> bool:
        """Write the matrix as shown (filters, column choice and order applied); False on failure.

        UTF-8 with a byte-order mark, so spreadsheets read names in any script correctly; cells a
        spreadsheet would run as a formula get a leading '.
        """
        path = Path(path)
        competency_columns = range(COMPLETION_COLUMN + 1, self.proxy.columnCount())
        competencies = [self.proxy.column_competency(c) for c in competency_columns]
        rows: list[MatrixCsvRow] = []
        for proxy_row in range(self.proxy.rowCount()):
            source_row = self.proxy.mapToSource(self.proxy.index(proxy_row, 0)).row()
            row = self.model.rows[source_row]
            statuses = [
                self.proxy.status(self.proxy.index(proxy_row, column))
                for column in competency_columns
            ]
            rows.append(MatrixCsvRow(row.person, statuses, row.roles_text, row.completion))
        text = matrix_csv(
            [competency.name if competency else "" for competency in competencies],
            rows,
            with_roles_and_completion=True,
            line_terminator="\r\n",
        )
        partial = path.with_name(path.name + ".part")
        try:
            with partial.open("w", encoding="utf-8-sig", newline="") as stream:
                stream.write(text)
            partial.replace(path)
        except OSError as error:
            partial.unlink(missing_ok=True)
            self.document.failed.emit(f"Cannot export the matrix: {error.strerror or error}")
            return False
        return True

    # ---- the side panel ----------------------------------------------------------------------

    def on_table_activated(self, index: QModelIndex) -> None:
        ids = self.table.cell_ids(index)
        if ids is not None:
            self.open_cell(*ids)

    def on_table_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        # With the panel open, it follows the current cell as the user moves through the grid.
        if self._panel_shown():
            ids = self.table.cell_ids(current)
            if ids is not None and ids != self._panel_cell:
                self.open_cell(*ids, focus=False)

    def open_cell(self, person_id: int, competency_id: int, *, focus: bool = False) -> bool:
        """Show the side panel for a person × competency; False if it is not in the matrix."""
        person = self.model.person(person_id)
        competency = self.model.competency(competency_id)
        if person is None or competency is None:
            self.close_panel()
            return False
        store = self.document.store
        try:
            evidence = store.evidence.list(person_id=person_id, competency_id=competency_id)
            actions = store.actions.list(person_id=person_id, competency_id=competency_id)
        except DocumentError as error:
            self.document.failed.emit(str(error))
            return False
        cell = self.document.matrix().cell(person_id, competency_id)
        self.findings.close()
        self.panel.show_cell(person, competency, cell, evidence, actions, self.model.symbols)
        self._panel_cell = (person_id, competency_id)
        if not self.panel.isVisible():
            self.panel.show()
            total = max(self.splitter.width(), PANEL_WIDTH * 2)
            self.splitter.setSizes([total - PANEL_WIDTH, PANEL_WIDTH])
        if focus:
            self.panel.evidence_tree.setFocus()
        return True

    def close_panel(self) -> None:
        if self._panel_shown():
            self.panel.hide()
            self.table.setFocus()
        self._panel_cell = None

    def _panel_records(self) -> tuple[Person, Competency] | None:
        panel = self._panel
        if panel is None or panel.person is None or panel.competency is None:
            return None
        return panel.person, panel.competency

    def on_panel_add_evidence_requested(self) -> None:
        records = self._panel_records()
        if records is not None:
            self.open_evidence_dialog(*records)

    def on_panel_plan_action_requested(self) -> None:
        records = self._panel_records()
        if records is None or not self._editable:
            return
        # PERF: imported when first opened, not with the matrix (the two dialogs: ≈ 17 ms).
        from compdesk.views.actions.dialog import ActionDialog

        dialog = ActionDialog(self.document, person=records[0], competency=records[1], parent=self)
        self._show_dialog(dialog)

    def on_panel_evidence_activated(self, evidence: Evidence) -> None:
        if self._editable:
            self.open_evidence_dialog(evidence=evidence)

    def on_panel_attachment_activated(self, attachment_id: int) -> None:
        # Reading a file changes nothing: it opens in audit mode and read-only too.
        open_attachment(self.document, attachment_id, self)

    def on_panel_action_activated(self, action: Action) -> None:
        if not self._editable:
            return
        from compdesk.views.actions.dialog import ActionDialog

        self._show_dialog(ActionDialog(self.document, action=action, parent=self))

    def on_panel_files_dropped(self, paths: list[Path]) -> None:
        if self._panel_cell is not None:
            self.add_evidence_files(*self._panel_cell, paths)

    # ---- adding evidence ---------------------------------------------------------------------

    def on_table_files_dropped(self, person_id: int, competency_id: int, paths: list[Path]) -> None:
        self.add_evidence_files(person_id, competency_id, paths)

    def open_evidence_dialog(
        self,
        person: Person | None = None,
        competency: Competency | None = None,
        *,
        evidence: Evidence | None = None,
        files: Sequence[Path] = (),
    ) -> bool:
        """Open the evidence form (non-blocking); False while the document cannot be edited."""
        if not self._editable:
            return False
        from compdesk.views.evidence.dialog import EvidenceDialog

        dialog = EvidenceDialog(
            self.document,
            person=person,
            competency=competency,
            evidence=evidence,
            files=tuple(files),
            parent=self,
        )
        self._show_dialog(dialog)
        return True

    def _show_dialog(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.open_dialog = dialog
        dialog.open()

    def add_evidence_files(
        self, person_id: int, competency_id: int, paths: Iterable[Path | str], *, ask: bool = True
    ) -> bool:
        """Files dropped on a cell become evidence of that person × competency.

        With `ask`, the evidence form opens pre-filled so the user can set the kind and dates;
        without it, the evidence is added at once, dated today, with
        a kind guessed from the first file's name and that kind's usual route; a kind the
        competency does not accept is refused. False if nothing was added or opened.
        """
        files = tuple(Path(p) for p in paths)
        person = self.model.person(person_id)
        competency = self.model.competency(competency_id)
        if not files or person is None or competency is None or not self._editable:
            return False
        if ask and self.open_evidence_dialog(person, competency, files=files):
            return True
        kind = guess_evidence_kind(files[0])
        refusal = accepted_kind_problem(competency, kind)
        if refusal is not None:
            self.document.failed.emit(refusal)
            return False
        title = files[0].stem
        if len(files) > 1:
            title += f" and {len(files) - 1} more file{'s' if len(files) > 2 else ''}"
        command = AddEvidenceCommand(
            self.document.store,
            person,
            competency,
            kind,
            usual_route(kind),
            files=files,
            title=title,
            achieved_on=date.today(),
        )
        return self.document.push_or_report(command)
