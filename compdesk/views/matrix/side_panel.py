"""The matrix's side panel over one person × competency: its status, the evidence with its
attachments, and the actions."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
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


class CellPanel(FileDropFrame):
    """One person × competency: its status, evidence with attachments, and actions."""

    add_evidence_requested = Signal()
    plan_action_requested = Signal()
    evidence_activated = Signal(object)  # Evidence
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
        tree = QTreeView()
        tree.setModel(model)
        tree.setAccessibleName(name)
        tree.setRootIsDecorated(True)
        # Two lines per record (what, then the facts), each cut to the panel's width; the
        # tooltip has it all.
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
                title.appendRow(child)
            self.evidence_model.appendRow(title)
        if not self._evidence:
            self.evidence_model.appendRow(_placeholder("No evidence yet"))
        self.evidence_tree.expandAll()

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
        self.drops_enabled = editable
        self.add_evidence_button.setEnabled(editable)
        self.plan_action_button.setEnabled(editable)
        self.drop_hint.setVisible(editable)

    def on_evidence_tree_activated(self, index: QModelIndex) -> None:
        evidence_id = index.siblingAtColumn(0).data(Qt.ItemDataRole.UserRole)
        for item in self._evidence:
            if item.id == evidence_id:
                self.evidence_activated.emit(item)

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
    return " · ".join(facts)


def _action_facts(action: Action) -> str:
    facts = [action.status.label]
    if action.status is ActionStatus.DONE:
        facts[0] += f", {action.effectiveness.label.lower()}"
    if action.due_date is not None:
        facts.append(f"due {action.due_date.isoformat()}")
    if action.owner:
        facts.append(f"owner {action.owner}")
    return " · ".join(facts)


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
