"""The Actions view: gap-closure actions, what is overdue, and what still needs evaluating."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from compdesk.models.records import (
    Action,
    ActionStatus,
    Competency,
    Effectiveness,
    Person,
)
from compdesk.models.rules import Attention, action_is_open, attention_of
from compdesk.views.actions.dialog import ActionDialog
from compdesk.views.actions.evidence_offer import EvidenceOffer
from compdesk.views.commands.actions import DeleteActionCommand
from compdesk.views.commands.base import Change
from compdesk.views.document import Document
from compdesk.views.widgets.document_view import DocumentView
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


_EFFECTIVENESS_SYMBOLS: Final = {
    Effectiveness.EFFECTIVE: "✔",
    Effectiveness.PARTLY: "◐",
    Effectiveness.NOT_EFFECTIVE: "✘",
}


@dataclass(frozen=True, slots=True)
class ActionRow:
    action: Action
    person: Person
    competency: Competency
    attention: Attention
    days_overdue: int = 0

    @property
    def status_text(self) -> str:
        if self.attention is Attention.OVERDUE:
            return f"Overdue ({self.action.status.label.lower()})"
        return self.action.status.label

    @property
    def effectiveness_text(self) -> str:
        action = self.action
        if self.attention is Attention.NOT_EVALUATED:
            return "Not evaluated"
        if action.effectiveness is Effectiveness.NOT_YET_EVALUATED:
            return "—"
        return f"{_EFFECTIVENESS_SYMBOLS[action.effectiveness]} {action.effectiveness.label}"

    def search_text(self) -> str:
        action = self.action
        parts = [
            self.person.name,
            self.person.email,
            self.competency.name,
            action.type.label,
            action.description,
            action.owner,
            action.evaluation,
            self.status_text,
            self.effectiveness_text,
        ]
        return "\n".join(parts).casefold()


def action_rows(
    actions: Sequence[Action],
    people: Sequence[Person],
    competencies: Sequence[Competency],
    *,
    as_of: date,
) -> list[ActionRow]:
    people_by_id = {p.id: p for p in people}
    competencies_by_id = {c.id: c for c in competencies}
    rows = []
    for action in actions:
        person = people_by_id.get(action.person_id)
        competency = competencies_by_id.get(action.competency_id)
        if person is None or competency is None:
            continue
        attention, days = attention_of(action, as_of)
        rows.append(ActionRow(action, person, competency, attention, days))
    return rows


class ActionRole(enum.IntEnum):
    """Data the actions table gives beyond its cells (see also RecordRole)."""

    ATTENTION = Qt.ItemDataRole.UserRole + 20


class ActionColumn(enum.IntEnum):
    PERSON = 0
    COMPETENCY = 1
    TYPE = 2
    DESCRIPTION = 3
    OWNER = 4
    DUE = 5
    STATUS = 6
    EFFECTIVENESS = 7


_ATTENTION_COLOUR: Final = "#a4262c"

# Status and effectiveness sort in the order their enums declare them.
_STATUS_ORDER: Final = {status: order for order, status in enumerate(ActionStatus)}
_EFFECTIVENESS_ORDER: Final = {
    effectiveness: order for order, effectiveness in enumerate(Effectiveness)
}


class ActionTableModel(RowTableModel):
    """Every gap-closure action of the document, one per row (an ActionRow)."""

    headers = (
        "Person",
        "Competency",
        "Type",
        "Description",
        "Owner",
        "Due",
        "Status",
        "Effectiveness",
    )

    def row_id(self, item: ActionRow) -> int:
        return item.action.id

    def display(self, item: ActionRow, column: int) -> str:
        action = item.action
        match column:  # PERF: IntEnum members compare equal to ints; no enum lookup per cell
            case ActionColumn.PERSON:
                return item.person.name
            case ActionColumn.COMPETENCY:
                return item.competency.name
            case ActionColumn.TYPE:
                return action.type.label
            case ActionColumn.DESCRIPTION:
                return action.description.replace("\n", " ")
            case ActionColumn.OWNER:
                return action.owner
            case ActionColumn.DUE:
                return action.due_date.isoformat() if action.due_date else ""
            case ActionColumn.STATUS:
                return item.status_text
            case ActionColumn.EFFECTIVENESS:
                return item.effectiveness_text
            case _:
                return ""

    def search_text(self, item: ActionRow) -> str:
        return item.search_text()

    def extra_data(self, item: ActionRow, column: int, role: int) -> object:
        # PERF: the role is tested first; Qt asks for many roles this model never answers
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.display(item, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(self._tooltip(item, ActionColumn(column)))
        if role == Qt.ItemDataRole.DecorationRole:
            if self._flagged(item, column):
                return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(_ATTENTION_COLOUR)) if self._flagged(item, column) else None
        if role == ActionRole.ATTENTION:
            return item.attention
        return None

    @staticmethod
    def _flagged(item: ActionRow, column: int) -> bool:
        return (column == ActionColumn.STATUS and item.attention is Attention.OVERDUE) or (
            column == ActionColumn.EFFECTIVENESS and item.attention is Attention.NOT_EVALUATED
        )

    def _tooltip(self, item: ActionRow, column: ActionColumn) -> str:
        action = item.action
        if column is ActionColumn.STATUS:
            if item.attention is Attention.OVERDUE:
                days = item.days_overdue
                return f"Overdue: due {action.due_date}, {days} day{'s' if days != 1 else ''} ago"
            if action.completed_on:
                return f"{action.status.label}, completed on {action.completed_on}"
        if column is ActionColumn.EFFECTIVENESS:
            if item.attention is Attention.NOT_EVALUATED:
                return (
                    "Done, but whether it worked was never judged: "
                    "record the effectiveness evaluation (Edit…)"
                )
            if action.effectiveness is not Effectiveness.NOT_YET_EVALUATED:
                when = f" on {action.evaluated_on}" if action.evaluated_on else ""
                return f"{action.effectiveness.label}{when}: {action.evaluation}"
            return "Evaluated once the action is done"
        return self.display(item, column)

    def sort_key(self, item: ActionRow, column: int) -> object:
        action = item.action
        if column == ActionColumn.DUE:
            return action.due_date.isoformat() if action.due_date else "9999-12-31"
        if column == ActionColumn.STATUS:
            order = _STATUS_ORDER[action.status]
            return (0 if item.attention is Attention.OVERDUE else 1) * 10 + order
        if column == ActionColumn.EFFECTIVENESS:
            order = _EFFECTIVENESS_ORDER[action.effectiveness]
            return (0 if item.attention is Attention.NOT_EVALUATED else 1) * 10 + order
        return self.display(item, column).casefold()


class ActionFilterProxy(RecordFilterProxy):
    """Open, overdue or not-evaluated actions, matching a search text."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.open_only = False
        self.overdue_only = False
        self.not_evaluated_only = False

    def set_filters(
        self, *, open_only: bool, overdue_only: bool, not_evaluated_only: bool, text: str
    ) -> None:
        def change() -> None:
            self.open_only, self.overdue_only = open_only, overdue_only
            self.not_evaluated_only = not_evaluated_only

        self.refilter(change, search=text)

    def accepts_record(self, record: ActionRow) -> bool:
        if self.open_only and not action_is_open(record.action):
            return False
        if self.overdue_only and record.attention is not Attention.OVERDUE:
            return False
        return not (self.not_evaluated_only and record.attention is not Attention.NOT_EVALUATED)


class ActionsView(DocumentView):
    title = "Actions"
    shows = Change.ACTIONS | Change.PEOPLE | Change.COMPETENCIES | Change.AS_OF

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self._editable = document.editable
        self.dialog: ActionDialog | None = None
        # The offer to record evidence that follows an action done and effective, while open.
        self.evidence_offer: EvidenceOffer | None = None

        self.search_edit = self.make_search_edit(
            "Search people, competencies, owners, descriptions…", "Search actions"
        )
        self.open_check = QCheckBox("&Open only")
        self.open_check.setToolTip(
            "Actions not cancelled, and not yet done and evaluated (an action counts as open "
            "until its effectiveness is judged)"
        )
        self.overdue_check = QCheckBox("O&verdue")
        self.overdue_check.setToolTip("Past the due date, and neither done nor cancelled")
        self.not_evaluated_check = QCheckBox("Not e&valuated")
        self.not_evaluated_check.setToolTip("Done, but whether it worked was never judged")
        self.summary_label = QLabel()
        self.summary_label.setAccessibleName("Actions summary")
        search_label = QLabel("&Search:")
        search_label.setBuddy(self.search_edit)
        filters = QHBoxLayout()
        filters.addWidget(search_label)
        filters.addWidget(self.search_edit, 1)
        for check in (self.open_check, self.overdue_check, self.not_evaluated_check):
            filters.addWidget(check)
        filters.addWidget(self.summary_label)

        self.new_button = QPushButton("&New action…")
        self.new_button.clicked.connect(self.new_action)
        self.edit_button = QPushButton("Ed&it…")
        self.edit_button.setToolTip("Edit the action, or record whether it worked (Enter)")
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton("De&lete")
        self.delete_button.setToolTip("Delete the selected action (Delete; undo with Ctrl+Z)")
        self.delete_button.clicked.connect(self.delete_selected)
        buttons = button_row((self.new_button, self.edit_button, self.delete_button))

        self.model = ActionTableModel(self)
        self.proxy = ActionFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_record_table(self.proxy, "Actions")
        self.table.setTabKeyNavigation(True)
        self.table.sortByColumn(ActionColumn.DUE, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(ActionColumn.DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        self._columns_sized = False
        connect_record_keys(
            self.table,
            edit=self.on_table_activated,
            selection_changed=self.on_selection_changed,
            delete=self.delete_selected,
            delete_text="Delete action",
        )

        self.details = details_label("Action details")
        splitter = table_over_details(self.table, self.details, 4)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)

        self.search_edit.textChanged.connect(self._apply_filters)
        for check in (self.open_check, self.overdue_check, self.not_evaluated_check):
            check.toggled.connect(self._apply_filters)
        self.set_editable(document.editable)
        self._show_details(None)

    # ---- loading ------------------------------------------------------------------------

    def refresh(self) -> None:
        store = self.document.store
        selected = self.selected_action()
        selected_proxy_row = self.table.currentIndex().row()
        rows = action_rows(
            store.actions.list(),
            store.people.all(),
            store.competencies.all(),
            as_of=self.document.as_of,
        )
        self.model.set_rows(rows)
        if rows and not self._columns_sized:
            self._size_columns()
        if selected is not None:
            reselect_record_row(self.table, self.model, self.proxy, selected.id, selected_proxy_row)
        self._show_details(self.selected_row())
        self._update_summary()

    def _size_columns(self) -> None:
        self._columns_sized = True
        fit_columns_to_contents(
            self.table, lambda column: None if column == ActionColumn.DESCRIPTION else 24
        )

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # Audit mode enlarges the type: the columns follow.
        if event.type() == QEvent.Type.FontChange and self.model.rowCount():
            self._size_columns()

    def _apply_filters(self, *_args: object) -> None:
        selected = self.selected_action()
        self.proxy.set_filters(
            open_only=self.open_check.isChecked(),
            overdue_only=self.overdue_check.isChecked(),
            not_evaluated_only=self.not_evaluated_check.isChecked(),
            text=self.search_edit.text(),
        )
        if selected is not None and not self.select_action(selected.id):
            self.table.setCurrentIndex(QModelIndex())
            self.table.clearSelection()
        self._show_details(self.selected_row())
        self._update_summary()

    def _update_summary(self) -> None:
        rows = self.model.rows()
        open_count = sum(action_is_open(r.action) for r in rows)
        overdue = sum(r.attention is Attention.OVERDUE for r in rows)
        not_evaluated = sum(r.attention is Attention.NOT_EVALUATED for r in rows)
        shown = self.proxy.rowCount()
        parts = [f"{open_count} open"]
        if overdue:
            parts.append(f"{_WARNING} {overdue} overdue")
        if not_evaluated:
            parts.append(f"{_WARNING} {not_evaluated} not evaluated")
        if shown != len(rows):
            parts.append(f"showing {shown} of {len(rows)}")
        self.summary_label.setText(" · ".join(parts))

    # ---- selection ----------------------------------------------------------------------

    def selected_row(self) -> ActionRow | None:
        item = selected_item(self.table)
        return item if isinstance(item, ActionRow) else None

    def selected_action(self) -> Action | None:
        item = self.selected_row()
        return item.action if item else None

    def select_action(self, action_id: int) -> bool:
        return select_record_row(self.table, self.model, self.proxy, action_id)

    def show_action(self, action_id: int) -> bool:
        """Select an action, clearing the filters if they hide it (for other views to link
        here); False if it is not in the document."""
        if self.isVisible() and self._stale:
            self.refresh()
        if self.select_action(action_id):
            return True
        for check in (self.open_check, self.overdue_check, self.not_evaluated_check):
            check.setChecked(False)
        self.search_edit.clear()
        return self.select_action(action_id)

    def on_selection_changed(self, *_args: object) -> None:
        self._show_details(self.selected_row())

    def _show_details(self, item: ActionRow | None) -> None:
        if item is None:
            self.details.setText("Select an action to see its description and evaluation.")
        else:
            action = item.action
            lines = [
                f"{action.type.label} for {item.person.name}, {item.competency.name}",
                f"Description: {action.description or '—'}",
                f"Owner: {action.owner or '—'} · Due: {action.due_date or '—'} · "
                f"Status: {item.status_text}"
                + (f", completed on {action.completed_on}" if action.completed_on else ""),
            ]
            if item.attention is Attention.NOT_EVALUATED:
                lines.append(f"{_WARNING} Effectiveness not evaluated yet: the action stays open.")
            elif action.effectiveness is not Effectiveness.NOT_YET_EVALUATED:
                when = f" on {action.evaluated_on}" if action.evaluated_on else ""
                lines.append(
                    f"Effectiveness: {item.effectiveness_text}{when}. "
                    f"How it was judged: {action.evaluation or '—'}"
                )
            self.details.setText("\n".join(lines))
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_action = self.selected_row() is not None
        self.new_button.setEnabled(self._editable)
        self.edit_button.setEnabled(self._editable and has_action)
        self.delete_button.setEnabled(self._editable and has_action)

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self._update_buttons()

    # ---- editing ------------------------------------------------------------------------

    def _open_dialog(self, dialog: ActionDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda result: self.on_dialog_finished(dialog, result))
        dialog.open()

    def new_action(self) -> None:
        if self._editable:
            self._open_dialog(ActionDialog(self.document, parent=self))

    def edit_selected(self) -> None:
        action = self.selected_action()
        if action is not None and self._editable:
            self._open_dialog(ActionDialog(self.document, action=action, parent=self))

    def on_dialog_finished(self, dialog: ActionDialog, result: int) -> None:
        if result == ActionDialog.DialogCode.Accepted and dialog.saved_action_id is not None:
            self.show_action(dialog.saved_action_id)
        self.evidence_offer = dialog.evidence_offer
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def delete_selected(self) -> None:
        action = self.selected_action()
        if action is not None and self._editable:
            self.document.push_or_report(DeleteActionCommand(self.document.store, action))

    def on_table_activated(self, _index: QModelIndex) -> None:
        self.edit_selected()
