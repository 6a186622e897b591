"""The Training view: the register of training sessions, newest first, with each group's result."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from compdesk.models.errors import DocumentError
from compdesk.models.records import Attendance, Competency, Person, SessionFile, TrainingSession
from compdesk.models.training import GroupResult, group_result, retake_of
from compdesk.views.commands.base import Change
from compdesk.views.commands.training import DeleteSessionCommand, RemoveSessionFileCommand
from compdesk.views.document import Document
from compdesk.views.training.dialog import SessionDialog, result_text
from compdesk.views.training.quiz import QUIZ_FILE_FILTER, QUIZ_SUFFIXES, read_quiz_for_form
from compdesk.views.widgets.document_view import DocumentView
from compdesk.views.widgets.file_drops import accept_file_drop, local_files
from compdesk.views.widgets.forms import plain_tooltip
from compdesk.views.widgets.list_page import (
    button_row,
    connect_record_keys,
    details_label,
    table_over_details,
)
from compdesk.views.widgets.record_table import (
    RecordFilterProxy,
    RowTableModel,
    fit_columns_to_contents,
    make_record_table,
    reselect_record_row,
    select_record_row,
    selected_item,
)

_WARNING: Final = "⚠"
_FLAG_COLOUR: Final = "#a4262c"


@dataclass(frozen=True, slots=True)
class SessionRow:
    session: TrainingSession
    competency: Competency
    attendees: tuple[Attendance, ...]
    names: tuple[str, ...]
    result: GroupResult
    flagged: bool  # below the retake threshold, and no retake held since
    retake: TrainingSession | None = None

    @property
    def pass_rate_text(self) -> str:
        rate = self.result.pass_rate
        if rate is None:
            return "—"
        if self.flagged:
            return f"{rate:.0%} retake"
        if self.retake is not None:
            return f"{rate:.0%} (retaken {self.retake.held_on.isoformat()})"
        return f"{rate:.0%}"

    @property
    def length_text(self) -> str:
        minutes = self.session.minutes
        if minutes is None:
            return ""
        hours, rest = divmod(minutes, 60)
        return f"{hours} h {rest:02d} min" if hours else f"{rest} min"


class SessionColumn(enum.IntEnum):
    TOPIC = 0
    DATE = 1
    LENGTH = 2
    TRAINER = 3
    DELIVERY = 4
    ATTENDEES = 5
    PASS_RATE = 6


class SessionTableModel(RowTableModel):
    """Every training session of the document, one per row (a SessionRow)."""

    headers = ("Topic", "Date", "Length", "Trainer", "Delivery", "Attendees", "Pass rate")

    def row_id(self, item: SessionRow) -> int:
        return item.session.id

    def display(self, item: SessionRow, column: int) -> str:
        session = item.session
        match SessionColumn(column):
            case SessionColumn.TOPIC:
                return item.competency.name
            case SessionColumn.DATE:
                return session.held_on.isoformat()
            case SessionColumn.LENGTH:
                return item.length_text
            case SessionColumn.TRAINER:
                return session.trainer
            case SessionColumn.DELIVERY:
                return session.delivery.label
            case SessionColumn.ATTENDEES:
                return str(item.result.attended)
            case SessionColumn.PASS_RATE:
                return item.pass_rate_text

    def search_text(self, item: SessionRow) -> str:
        parts = [item.competency.name, item.session.trainer, *item.names]
        return "\n".join(parts).casefold()

    def sort_key(self, item: SessionRow, column: int) -> object:
        session = item.session
        if column == SessionColumn.DATE:
            return (session.held_on.isoformat(), session.id)
        if column == SessionColumn.LENGTH:
            return session.minutes or 0
        if column == SessionColumn.ATTENDEES:
            return item.result.attended
        if column == SessionColumn.PASS_RATE:
            rate = item.result.pass_rate
            return -1.0 if rate is None else rate
        return self.display(item, column).casefold()

    def extra_data(self, item: SessionRow, column: int, role: int) -> object:
        flagged = item.flagged and column == SessionColumn.PASS_RATE
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.display(item, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == SessionColumn.ATTENDEES:
                return plain_tooltip(", ".join(item.names))
            if column == SessionColumn.PASS_RATE:
                return plain_tooltip(
                    f"{item.result.passed} of {item.result.attended} passed"
                    + (": below the retake threshold, plan a retake" if item.flagged else "")
                )
            return plain_tooltip(self.display(item, column))
        if role == Qt.ItemDataRole.ForegroundRole and flagged:
            return QBrush(QColor(_FLAG_COLOUR))
        if role == Qt.ItemDataRole.DecorationRole and flagged:
            return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return None


def session_rows(
    sessions: Sequence[TrainingSession],
    attendees: dict[int, list[Attendance]],
    people: Sequence[Person],
    competencies: Sequence[Competency],
    retake_below: float,
) -> list[SessionRow]:
    names = {p.id: p.name for p in people}
    competencies_by_id = {c.id: c for c in competencies}
    rows = []
    for session in sessions:
        competency = competencies_by_id.get(session.competency_id)
        if competency is None:
            continue
        listed = tuple(attendees.get(session.id, []))
        result = group_result(listed, session.pass_mark)
        retake = retake_of(session, sessions) if result.needs_retake(retake_below) else None
        rows.append(
            SessionRow(
                session,
                competency,
                listed,
                tuple(names.get(a.person_id, "?") for a in listed),
                result,
                result.needs_retake(retake_below) and retake is None,
                retake,
            )
        )
    return rows


class TrainingView(DocumentView):
    title = "Training"
    shows = Change.TRAINING | Change.PEOPLE | Change.COMPETENCIES | Change.EVIDENCE

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self._editable = document.editable
        self.dialog: SessionDialog | None = None

        self.search_edit = self.make_search_edit(
            "Search topics, trainers, attendees…", "Search training sessions"
        )
        search_label = QLabel("&Search:")
        search_label.setBuddy(self.search_edit)
        self.summary_label = QLabel()
        self.summary_label.setAccessibleName("Training summary")
        filters = QHBoxLayout()
        filters.addWidget(search_label)
        filters.addWidget(self.search_edit, 1)
        filters.addWidget(self.summary_label)

        self.new_button = QPushButton("&Record session…")
        self.new_button.setToolTip(
            "Record a training session: its attendees are those who still need the topic"
        )
        self.new_button.clicked.connect(self.new_session)
        self.import_quiz_button = QPushButton("Import &quiz results…")
        self.import_quiz_button.setToolTip(
            "Record a quiz's results (Google Forms, Microsoft Forms or a CSV of email and score) "
            "as a session; or drop the file here"
        )
        self.import_quiz_button.clicked.connect(self.import_quiz)
        self.edit_button = QPushButton("Ed&it…")
        self.edit_button.setToolTip("Edit the session or its attendees' results (Enter)")
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton("De&lete")
        self.delete_button.setToolTip(
            "Delete the session and the evidence it gave (Delete; undo with Ctrl+Z)"
        )
        self.delete_button.clicked.connect(self.delete_selected)
        self.remove_file_button = QPushButton("Re&move file")
        self.remove_file_button.setToolTip(
            "Remove one of the session's files, from its attendees' evidence too (undo with Ctrl+Z)"
        )
        # Lists the selected session's files; picking one removes it.
        self.remove_file_button.setMenu(QMenu(self.remove_file_button))
        self._files: list[SessionFile] = []
        buttons = button_row(
            (
                self.new_button,
                self.import_quiz_button,
                self.edit_button,
                self.delete_button,
                self.remove_file_button,
            )
        )

        self.model = SessionTableModel(self)
        self.proxy = RecordFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_record_table(self.proxy, "Training sessions")
        self.table.setTabKeyNavigation(True)
        self.table.sortByColumn(SessionColumn.DATE, Qt.SortOrder.DescendingOrder)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(SessionColumn.TOPIC, QHeaderView.ResizeMode.Stretch)
        self._columns_sized = False
        connect_record_keys(
            self.table,
            edit=self.on_table_activated,
            selection_changed=self.on_selection_changed,
            delete=self.delete_selected,
            delete_text="Delete session",
        )

        self.details = details_label("Session details")
        splitter = table_over_details(self.table, self.details, 3)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)

        self.search_edit.textChanged.connect(self._apply_search)
        self.setAcceptDrops(True)
        self.set_editable(document.editable)
        self._show_details(None)

    # ---- loading ------------------------------------------------------------------------

    def refresh(self) -> None:
        store = self.document.store
        selected = self.selected_row()
        selected_proxy_row = self.table.currentIndex().row()
        attendees: dict[int, list[Attendance]] = {}
        for attendance in store.training.attendance():
            attendees.setdefault(attendance.session_id, []).append(attendance)
        people = store.people.all()
        order = {p.id: p.name.casefold() for p in people}
        for listed in attendees.values():
            listed.sort(key=lambda a: order.get(a.person_id, ""))
        rows = session_rows(
            store.training.sessions(),
            attendees,
            people,
            store.competencies.all(),
            store.settings.get().retake_below,
        )
        self.model.set_rows(rows)
        if rows and not self._columns_sized:
            self._size_columns()
        if selected is not None:
            reselect_record_row(
                self.table, self.model, self.proxy, selected.session.id, selected_proxy_row
            )
        self._show_details(self.selected_row())
        self._update_summary()

    def _size_columns(self) -> None:
        self._columns_sized = True
        fit_columns_to_contents(
            self.table, lambda column: None if column == SessionColumn.TOPIC else 24
        )

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and self.model.rowCount():
            self._size_columns()

    def _apply_search(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_summary()

    def _update_summary(self) -> None:
        rows = self.model.rows()
        flagged = sum(row.flagged for row in rows)
        parts = [f"{len(rows)} session{'' if len(rows) == 1 else 's'}"]
        if flagged:
            parts.append(f"{_WARNING} {flagged} flagged for retake")
        shown = self.proxy.rowCount()
        if shown != len(rows):
            parts.append(f"showing {shown} of {len(rows)}")
        self.summary_label.setText(" · ".join(parts))

    # ---- selection ----------------------------------------------------------------------

    def selected_row(self) -> SessionRow | None:
        item = selected_item(self.table)
        return item if isinstance(item, SessionRow) else None

    def select_session(self, session_id: int) -> bool:
        return select_record_row(self.table, self.model, self.proxy, session_id)

    def show_session(self, session_id: int) -> bool:
        """Select a session, clearing the search if it hides it."""
        if self.isVisible() and self._stale:
            self.refresh()
        if self.select_session(session_id):
            return True
        self.search_edit.clear()
        return self.select_session(session_id)

    def on_selection_changed(self, *_args: object) -> None:
        self._show_details(self.selected_row())

    def _show_details(self, item: SessionRow | None) -> None:
        self._files = [] if item is None else self.document.store.training.files(item.session.id)
        self._fill_file_menu(item)
        if item is None:
            self.details.setText(
                "Select a session to see its attendees, or record one: pick the topic and the "
                "date, and everyone who still needs it is listed."
            )
        else:
            session = item.session
            mark = (
                "not scored" if session.pass_mark is None else f"pass mark {session.pass_mark:g} %"
            )
            results = []
            for name, attendance in zip(item.names, item.attendees, strict=True):
                score = "" if attendance.score is None else f" {attendance.score:g} %"
                if not attendance.attended:
                    outcome = "absent"
                else:
                    outcome = "passed" if attendance.passes(session.pass_mark) else "not passed"
                results.append(f"{name}{score} ({outcome})")
            retake_below = self.document.store.settings.get().retake_below
            files = self._files
            lines = [
                f"{item.competency.name}, {session.held_on.isoformat()}, "
                f"{session.delivery.label.lower()}, {mark}",
                result_text(item.attendees, session.pass_mark, retake_below),
                "Attendees: " + ("; ".join(results) or "—"),
                "Files: " + (", ".join(f.file_name for f in files) or "—"),
            ]
            self.details.setText("\n".join(lines))
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_session = self.selected_row() is not None
        self.new_button.setEnabled(self._editable)
        self.import_quiz_button.setEnabled(self._editable)
        self.edit_button.setEnabled(self._editable and has_session)
        self.delete_button.setEnabled(self._editable and has_session)
        self.remove_file_button.setEnabled(self._editable and bool(self._files))

    def _fill_file_menu(self, item: SessionRow | None) -> None:
        menu = self.remove_file_button.menu()
        menu.clear()
        for session_file in self._files:
            action = menu.addAction(session_file.file_name)
            action.triggered.connect(
                lambda _checked=False, f=session_file: self.remove_file(item, f)
            )

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self._update_buttons()

    # ---- editing ------------------------------------------------------------------------

    def _open_dialog(self, dialog: SessionDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda result: self.on_dialog_finished(dialog, result))
        dialog.open()

    def new_session(self) -> None:
        if self._editable:
            self._open_dialog(SessionDialog(self.document, parent=self))

    def import_quiz(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "Import quiz results", str(self.document.folder), QUIZ_FILE_FILTER
        )
        if path:
            self.open_quiz(Path(path))

    def open_quiz(self, path: Path) -> SessionDialog | None:
        """The session form pre-filled from a quiz's results; problems are reported and
        nothing is recorded until the form's Record session."""
        if not self._editable:
            return None
        try:
            quiz = read_quiz_for_form(path, self.document.store.people.all(), self)
        except DocumentError as error:
            self.document.failed.emit(str(error))
            return None
        if quiz is None:
            return None
        dialog = SessionDialog(self.document, quiz=quiz, parent=self)
        self._open_dialog(dialog)
        return dialog

    def _quiz_drop(self, event: QDropEvent) -> list[Path]:
        files = local_files(event.mimeData())
        wanted = len(files) == 1 and files[0].suffix.casefold() in QUIZ_SUFFIXES
        return accept_file_drop(event, self._editable and wanted)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self._quiz_drop(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self._quiz_drop(event)

    def dropEvent(self, event: QDropEvent) -> None:
        files = self._quiz_drop(event)
        if files:
            self.open_quiz(files[0])

    def edit_selected(self) -> None:
        item = self.selected_row()
        if item is not None and self._editable:
            self._open_dialog(SessionDialog(self.document, session=item.session, parent=self))

    def on_dialog_finished(self, dialog: SessionDialog, result: int) -> None:
        if result == SessionDialog.DialogCode.Accepted and dialog.saved_session_id is not None:
            self.show_session(dialog.saved_session_id)
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def delete_selected(self) -> None:
        item = self.selected_row()
        if item is not None and self._editable:
            self.document.push_or_report(
                DeleteSessionCommand(self.document.store, item.competency, item.session)
            )

    def remove_file(self, item: SessionRow | None, session_file: SessionFile) -> None:
        if item is not None and self._editable:
            label = self.document.store.training.label(item.session)
            self.document.push_or_report(
                RemoveSessionFileCommand(self.document.store, label, session_file)
            )

    def on_table_activated(self, _index: QModelIndex) -> None:
        self.edit_selected()
