"""The matrix's side panel over one person × competency: its status, the evidence with its
attachments, and the actions."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from compdesk.models.gaps import GapCell, GapStatus
from compdesk.models.records import Action, ActionStatus, Competency, Evidence, Person
from compdesk.models.rules import evidence_expiry
from compdesk.reports.formatting import format_size
from compdesk.views.matrix.descriptions import describe_action, describe_evidence
from compdesk.views.matrix.legend import STATUS_COLOURS, STATUS_MEANINGS, STATUS_TEXT_COLOUR
from compdesk.views.widgets.file_drops import FileDropFrame
from compdesk.views.widgets.forms import plain_tooltip

# The attachment id on an attachment's row (its evidence id is under UserRole, as on the
# evidence's own row).
ATTACHMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1

ModelIndex = QModelIndex | QPersistentModelIndex


class _WrappingTree(QTreeView):
    """A tree whose rows wrap at the panel's width and grow to show every line whole."""

    def __init__(self) -> None:
        super().__init__()
        self.setItemDelegate(_WrappingDelegate(self))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # The rows' heights follow the new width (Qt keeps those measured at the old one).
        self.scheduleDelayedItemsLayout()


class _WrappingDelegate(QStyledItemDelegate):
    """Measures a row at the width the tree gives it: QTreeView asks for a row's height with
    no width, so wrapped text would be measured as one line and cut."""

    def __init__(self, tree: QTreeView) -> None:
        super().__init__(tree)
        self._tree = tree

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        width = self._tree.viewport().width() - self._tree.indentation() * (depth + 1)
        measured = QStyleOptionViewItem(option)
        measured.rect = QRect(0, 0, max(width, 40), 10_000)
        return super().sizeHint(measured, index)


class CellPanel(FileDropFrame):
    """One person × competency: its status, evidence with attachments, and actions."""

    add_evidence_requested = Signal()
    plan_action_requested = Signal()
    # Edit the evidence (its row activated, or Edit pressed with it or its file selected).
    evidence_activated = Signal(object)  # Evidence
    # Open an attached file (its row activated): attachment id.
    attachment_activated = Signal(int)
    action_activated = Signal(object)  # Action
    close_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Cell details")
        self.person: Person | None = None
        self.competency: Competency | None = None
        self._evidence: list[Evidence] = []
        self._actions: list[Action] = []

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        # Emphasis in rich text rather than fonts set on the labels, so that the larger type
        # of audit mode still reaches them.
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        top.addWidget(self.heading, 1)
        self.close_button = QPushButton("Close")
        self.close_button.setToolTip("Close the details (Esc)")
        self.close_button.setAccessibleName("Close the cell details")
        self.close_button.clicked.connect(self.close_requested)
        top.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)

        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.RichText)
        self.status_label.setAccessibleName("Status")
        layout.addWidget(self.status_label)

        evidence_label = QLabel("<b>Evidence</b>")
        layout.addWidget(evidence_label)
        self.evidence_model = QStandardItemModel(self)
        self.evidence_tree = self._tree(self.evidence_model, "Evidence")
        self.evidence_tree.activated.connect(self.on_evidence_tree_activated)
        layout.addWidget(self.evidence_tree, 3)
        evidence_buttons = QHBoxLayout()
        self.edit_evidence_button = QPushButton("&Edit evidence…")
        self.edit_evidence_button.setAccessibleName("Edit the selected evidence")
        self.edit_evidence_button.setToolTip(
            "Edit the evidence selected; a double click on a file opens the file"
        )
        self.edit_evidence_button.clicked.connect(self.on_edit_evidence_button_clicked)
        evidence_buttons.addWidget(self.edit_evidence_button)
        evidence_buttons.addStretch(1)
        layout.addLayout(evidence_buttons)
        self._editable = True
        self.evidence_tree.selectionModel().currentChanged.connect(self._update_edit_button)

        actions_label = QLabel("<b>Actions</b>")
        layout.addWidget(actions_label)
        self.actions_model = QStandardItemModel(self)
        self.actions_tree = self._tree(self.actions_model, "Actions")
        self.actions_tree.activated.connect(self.on_actions_tree_activated)
        layout.addWidget(self.actions_tree, 2)

        self.drop_hint = QLabel("Drop files here or on a cell to add them as evidence.")
        self.drop_hint.setWordWrap(True)
        layout.addWidget(self.drop_hint)
        buttons = QHBoxLayout()
        self.add_evidence_button = QPushButton("Add evi&dence…")
        self.add_evidence_button.setAccessibleName("Add evidence")
        self.add_evidence_button.clicked.connect(self.add_evidence_requested)
        self.plan_action_button = QPushButton("&Plan action…")
        self.plan_action_button.setAccessibleName("Plan an action")
        self.plan_action_button.clicked.connect(self.plan_action_requested)
        buttons.addWidget(self.add_evidence_button)
        buttons.addWidget(self.plan_action_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    @staticmethod
    def _tree(model: QStandardItemModel, name: str) -> QTreeView:
        tree = _WrappingTree()
        tree.setModel(model)
        tree.setAccessibleName(name)
        tree.setRootIsDecorated(True)
        # Two lines per record (what, then the facts), wrapped at the panel's width between
        # facts, never inside a date; the tooltip has it all.
        tree.setWordWrap(True)
        tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        tree.setAlternatingRowColors(True)
        tree.setHeaderHidden(True)
        return tree

    def show_cell(
        self,
        person: Person,
        competency: Competency,
        cell: GapCell,
        evidence: Sequence[Evidence],
        actions: Sequence[Action],
        symbols: Mapping[GapStatus, str],
    ) -> None:
        self.person, self.competency = person, competency
        self._evidence, self._actions = list(evidence), list(actions)
        self.heading.setText(
            f"<b><big>{html.escape(f'{person.name} — {competency.name}')}</big></b>"
        )
        self.setAccessibleDescription(f"{person.name}, {competency.name}")
        self.status_label.setText(_status_html(cell, symbols))

        self.evidence_model.clear()
        self.evidence_model.setHorizontalHeaderLabels(["Evidence"])
        for item in self._evidence:
            title = QStandardItem(
                f"{item.title or item.kind.label}\n{_evidence_facts(item, competency)}"
            )
            title.setToolTip(plain_tooltip(describe_evidence(item)))
            title.setData(item.id, Qt.ItemDataRole.UserRole)
            for attachment in item.attachments:
                child = QStandardItem(f"{attachment.file_name} ({format_size(attachment.size)})")
                child.setToolTip(
                    plain_tooltip(f"{attachment.file_name}\nSHA-256 {attachment.sha256}")
                )
                child.setData(item.id, Qt.ItemDataRole.UserRole)
                child.setData(attachment.id, ATTACHMENT_ID_ROLE)
                title.appendRow(child)
            self.evidence_model.appendRow(title)
        if not self._evidence:
            self.evidence_model.appendRow(_placeholder("No evidence yet"))
        self.evidence_tree.expandAll()
        self._update_edit_button()

        self.actions_model.clear()
        self.actions_model.setHorizontalHeaderLabels(["Actions"])
        for action in self._actions:
            text = action.type.label + (f": {action.description}" if action.description else "")
            row = QStandardItem(f"{text}\n{_action_facts(action)}")
            row.setToolTip(plain_tooltip(describe_action(action)))
            row.setData(action.id, Qt.ItemDataRole.UserRole)
            self.actions_model.appendRow(row)
        if not self._actions:
            self.actions_model.appendRow(_placeholder("No actions"))

    def evidence_titles(self) -> list[str]:
        """The evidence listed, as shown (for tests and accessibility checks)."""
        return [item.title or item.kind.label for item in self._evidence]

    def attachment_names(self) -> list[str]:
        return [a.file_name for item in self._evidence for a in item.attachments]

    def action_ids(self) -> list[int]:
        return [action.id for action in self._actions]

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self.drops_enabled = editable
        self.add_evidence_button.setEnabled(editable)
        self.plan_action_button.setEnabled(editable)
        self.drop_hint.setVisible(editable)
        self._update_edit_button()

    def _evidence_at(self, index: QModelIndex) -> Evidence | None:
        evidence_id = index.siblingAtColumn(0).data(Qt.ItemDataRole.UserRole)
        return next((item for item in self._evidence if item.id == evidence_id), None)

    def _update_edit_button(self) -> None:
        current = self.evidence_tree.currentIndex()
        if not current.isValid() and self._evidence:
            current = self.evidence_model.index(0, 0)
        self.edit_evidence_button.setEnabled(
            self._editable and self._evidence_at(current) is not None
        )

    def on_evidence_tree_activated(self, index: QModelIndex) -> None:
        attachment_id = index.siblingAtColumn(0).data(ATTACHMENT_ID_ROLE)
        if attachment_id is not None:
            self.attachment_activated.emit(int(attachment_id))
            return
        evidence = self._evidence_at(index)
        if evidence is not None:
            self.evidence_activated.emit(evidence)

    def on_edit_evidence_button_clicked(self) -> None:
        current = self.evidence_tree.currentIndex()
        evidence = self._evidence_at(current) if current.isValid() else None
        if evidence is None and self._evidence:
            evidence = self._evidence[0]
        if evidence is not None:
            self.evidence_activated.emit(evidence)

    def on_actions_tree_activated(self, index: QModelIndex) -> None:
        action_id = index.siblingAtColumn(0).data(Qt.ItemDataRole.UserRole)
        for action in self._actions:
            if action.id == action_id:
                self.action_activated.emit(action)


def _evidence_facts(evidence: Evidence, competency: Competency) -> str:
    expires_on = evidence_expiry(evidence, competency)
    facts = [
        evidence.kind.label,
        f"achieved {evidence.achieved_on.isoformat()}" if evidence.achieved_on else "undated",
        f"valid until {expires_on.isoformat()}" if expires_on else "does not expire",
    ]
    if evidence.issuer:
        facts.append(evidence.issuer)
    return _facts_line(facts)


def _facts_line(facts: list[str]) -> str:
    # A line wraps between facts: no-break spaces keep "valid until 2027-05-01" whole.
    return " · ".join(fact.replace(" ", "\N{NO-BREAK SPACE}") for fact in facts)


def _action_facts(action: Action) -> str:
    facts = [action.status.label]
    if action.status is ActionStatus.DONE:
        facts[0] += f", {action.effectiveness.label.lower()}"
    if action.due_date is not None:
        facts.append(f"due {action.due_date.isoformat()}")
    if action.owner:
        facts.append(f"owner {action.owner}")
    return _facts_line(facts)


def _placeholder(text: str) -> QStandardItem:
    item = QStandardItem(text)
    item.setEnabled(False)
    return item


def _status_html(cell: GapCell, symbols: Mapping[GapStatus, str]) -> str:
    status = cell.status
    colour = STATUS_COLOURS.get(status)
    chip = (
        f'<span style="background:{colour}; color:{STATUS_TEXT_COLOUR};">&nbsp;{symbols[status]}'
        f"&nbsp;{status.label}&nbsp;</span>"
        if colour
        else f"{symbols[status]} {status.label}"
    )
    lines = [f"{chip} — {html.escape(STATUS_MEANINGS[status])}"]
    if status.counts_as_met:
        lines.append(
            f"Valid until {cell.expires_on.isoformat()}." if cell.expires_on else "Does not expire."
        )
    elif status is GapStatus.DUE and cell.grace_ends_on is not None:
        lines.append(f"Grace period ends {cell.grace_ends_on.isoformat()}.")
    elif status is GapStatus.EXPIRED and cell.expires_on is not None:
        lines.append(f"Expired {cell.expires_on.isoformat()}.")
    return "<br>".join(lines)
