"""The evidence form: one record of a person's competence, with the files that prove it."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from compdesk.models.errors import DocumentError, InputError
from compdesk.models.records import Competency, Evidence, EvidenceKind, Person, Route
from compdesk.models.rules import (
    accepted_kind_problem,
    default_evidence_kind,
    expiry_date,
    usual_route,
)
from compdesk.reports.formatting import format_size
from compdesk.views.commands.base import StoreCommand
from compdesk.views.commands.evidence import (
    AddEvidenceCommand,
    AttachFilesCommand,
    UpdateEvidenceCommand,
)
from compdesk.views.document import Document
from compdesk.views.evidence.form_guard import FormGuard
from compdesk.views.widgets.attachments import file_size, run_attaching
from compdesk.views.widgets.date_edit import OptionalDateEdit
from compdesk.views.widgets.file_drops import accept_file_drop
from compdesk.views.widgets.forms import FieldError, format_date, make_text_box
from compdesk.views.widgets.subject_dialog import SubjectDialog
from compdesk.views.widgets.workers import LongWork

log = logging.getLogger(__name__)


def parse_score(text: str) -> float | None:
    """A score as people type it: 85, 85.5, 85,5 or 85 %."""
    cleaned = text.strip().removesuffix("%").strip().replace(",", ".")
    if not cleaned:
        return None
    try:
        return float(cleaned)
    except ValueError:
        raise InputError(f"The score “{text.strip()}” is not a number (for example 85).") from None


def attaching_label(count: int) -> str:
    return f"Attaching {count} file{'' if count == 1 else 's'}…"


def format_score(score: float | None) -> str:
    if score is None:
        return ""
    return f"{score:g}"


class EvidenceDialog(SubjectDialog):
    """Add evidence (with files to attach), or edit one record.

    Accepting pushes AddEvidenceCommand or UpdateEvidenceCommand (and one AttachFilesCommand per
    new file of an edited record). When the document refuses, the dialog stays open and says why.
    A new record starts from `kind` (when the competency accepts it; else the competency's first
    accepted kind), `route`, `title` and `achieved_on`, as far as they are given.
    """

    def __init__(
        self,
        document: Document,
        *,
        person: Person | None = None,
        competency: Competency | None = None,
        evidence: Evidence | None = None,
        files: Sequence[Path] = (),
        kind: EvidenceKind | None = None,
        route: Route | None = None,
        title: str = "",
        achieved_on: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        store = document.store
        self._people = store.people.all()
        self._competencies = {c.id: c for c in store.competencies.all()}
        super().__init__(
            document,
            noun="evidence",
            people=self._people,
            competencies=list(self._competencies.values()),
            person=person,
            competency=competency,
            record=evidence,
            parent=parent,
        )
        self.evidence = evidence
        # The id of the evidence added or edited, once accepted.
        self.saved_evidence_id: int | None = evidence.id if evidence is not None else None
        self._files: list[Path] = []
        self._route_chosen = evidence is not None or route is not None
        # Until the user picks a kind, a new record's kind follows the competency chosen.
        self._kind_chosen = evidence is not None
        self._preferred_kind = kind
        # The attaching under way, when it runs off the GUI thread.
        self.pending: LongWork | None = None
        self.setAcceptDrops(True)
        self.setMinimumWidth(560)

        self.kind_combo = QComboBox()
        for each_kind in EvidenceKind:
            self.kind_combo.addItem(each_kind.label, each_kind)
        self.kind_hint = QLabel()
        self.kind_hint.setWordWrap(True)
        self.kind_hint.setTextFormat(Qt.TextFormat.PlainText)
        self.route_combo = QComboBox()
        for each_route in Route:
            self.route_combo.addItem(each_route.label, each_route)
        self.route_combo.setToolTip("How the competence was gained (ISO/IEC 27001 clause 7.2 b)")
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("e.g. OWASP Top 10 for developers")
        self.issuer_edit = QLineEdit()
        self.issuer_edit.setPlaceholderText("Who issued or delivered it")
        self.achieved_edit = OptionalDateEdit("date achieved")
        self.expires_edit = OptionalDateEdit("expiry date")
        self.expiry_hint = QLabel()
        self.expiry_hint.setWordWrap(True)
        self.expiry_hint.setTextFormat(Qt.TextFormat.PlainText)
        self.score_edit = QLineEdit()
        self.score_edit.setPlaceholderText("optional, e.g. 85")
        self.verified_by_edit = QLineEdit()
        self.verified_by_edit.setPlaceholderText("Who checked the evidence")
        self.verified_on_edit = OptionalDateEdit("verification date")
        self.notes_edit = make_text_box(4, self)
        self.version_edit = QLineEdit()
        self.version_edit.setToolTip(
            "The version of the document this acknowledgement is of; an earlier version stops "
            "counting after the grace period once a new one is published"
        )
        # Until the user types a version, a new record's follows the competency chosen.
        self._version_typed = evidence is not None
        self.version_edit.textEdited.connect(self.on_version_edited)

        form = self.subject_form(
            (
                ("&Kind:", self.kind_combo, "Kind of evidence"),
                ("", self.kind_hint, "Accepted kinds"),
                ("&Route:", self.route_combo, "Route"),
                ("&Title:", self.title_edit, "Title"),
                ("&Issuer:", self.issuer_edit, "Issuer"),
                ("&Achieved on:", self.achieved_edit, None),
                ("E&xpires on:", self.expires_edit, None),
                ("", self.expiry_hint, "Expiry"),
                ("&Score:", self.score_edit, "Score"),
                ("Doc&ument version:", self.version_edit, "Document version"),
                ("&Verified by:", self.verified_by_edit, "Verified by"),
                ("Verified &on:", self.verified_on_edit, None),
                ("&Notes:", self.notes_edit, "Notes"),
            )
        )
        self._form = form

        self.files_box = QGroupBox("Files to attach")
        self.files_model = QStringListModel(self)
        self.files_view = QListView()
        self.files_view.setModel(self.files_model)
        self.files_view.setAccessibleName("Files to attach")
        self.files_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.files_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.files_view.setMaximumHeight(self.fontMetrics().lineSpacing() * 5 + 12)
        self.add_files_button = QPushButton("&Add files…")
        self.add_files_button.clicked.connect(self.on_add_files_clicked)
        self.remove_files_button = QPushButton("Re&move from list")
        self.remove_files_button.clicked.connect(self.on_remove_files_clicked)
        drop_hint = QLabel("You can also drop files onto this window.")
        drop_hint.setWordWrap(True)
        self.attached_label = QLabel()
        self.attached_label.setWordWrap(True)
        self.attached_label.setTextFormat(Qt.TextFormat.PlainText)
        self.attached_label.setVisible(evidence is not None)
        file_buttons = QHBoxLayout()
        file_buttons.addWidget(self.add_files_button)
        file_buttons.addWidget(self.remove_files_button)
        file_buttons.addWidget(drop_hint, 1)
        files_layout = QVBoxLayout(self.files_box)
        files_layout.addWidget(self.attached_label)
        files_layout.addWidget(self.files_view)
        files_layout.addLayout(file_buttons)

        self.person_combo.currentIndexChanged.connect(self._update_hints)
        self.competency_combo.currentIndexChanged.connect(self.on_competency_changed)
        self.kind_combo.currentIndexChanged.connect(self.on_kind_changed)
        self.kind_combo.activated.connect(self.on_kind_activated)
        self.route_combo.activated.connect(self.on_route_activated)
        self.achieved_edit.line_edit.textChanged.connect(self._update_hints)
        self.expires_edit.line_edit.textChanged.connect(self._update_hints)
        self.files_view.selectionModel().selectionChanged.connect(self._update_file_buttons)

        if evidence is not None:
            self._fill(evidence)
            self.ok_button.setText("Apply changes")
        else:
            self._start_new(route=route, title=title, achieved_on=achieved_on)
        self.add_files(files)
        self._update_hints()
        self._update_file_buttons()
        self.finish_layout(
            (form, self.files_box),
            first_field=self.kind_combo,
            why_subjects="evidence belongs to a person and a competency.",
        )
        self.guard = FormGuard(
            self,
            self.message,
            self.ok_button,
            (
                self.person_combo,
                self.competency_combo,
                self.kind_combo,
                self.route_combo,
                self.title_edit,
                self.issuer_edit,
                self.achieved_edit,
                self.expires_edit,
                self.score_edit,
                self.version_edit,
                self.verified_by_edit,
                self.verified_on_edit,
                self.notes_edit,
            ),
            noun="evidence",
            check=self.values,
            extra_state=lambda: self.files,
        )

    # ---- filling --------------------------------------------------------------------------

    def _fill(self, evidence: Evidence) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(evidence.kind))
        self.route_combo.setCurrentIndex(self.route_combo.findData(evidence.route))
        self.title_edit.setText(evidence.title)
        self.issuer_edit.setText(evidence.issuer)
        self.achieved_edit.setText(format_date(evidence.achieved_on))
        self.expires_edit.setText(format_date(evidence.expires_on))
        self.score_edit.setText(format_score(evidence.score))
        self.verified_by_edit.setText(evidence.verified_by)
        self.verified_on_edit.setText(format_date(evidence.verified_on))
        self.notes_edit.setPlainText(evidence.notes)
        self.version_edit.setText(evidence.document_version)
        self._show_attached(evidence)

    def _start_new(self, *, route: Route | None, title: str, achieved_on: date | None) -> None:
        self._follow_competency()
        if route is not None:
            self.route_combo.setCurrentIndex(self.route_combo.findData(route))
        self.title_edit.setText(title)
        self.achieved_edit.set_date(achieved_on)

    def _show_attached(self, evidence: Evidence) -> None:
        if evidence.attachments:
            names = ", ".join(a.file_name for a in evidence.attachments)
            self.attached_label.setText(f"Already attached: {names}")
        else:
            self.attached_label.setText("No files are attached yet.")

    # ---- files ----------------------------------------------------------------------------

    @property
    def files(self) -> tuple[Path, ...]:
        return tuple(self._files)

    def add_files(self, paths: Sequence[Path]) -> None:
        for path in paths:
            if path not in self._files:
                self._files.append(path)
        self._show_files()

    def _show_files(self) -> None:
        labels = []
        for path in self._files:
            try:
                size = format_size(path.stat().st_size)
            except OSError:
                size = "cannot be read"
            labels.append(f"{path.name} ({size})")
        self.files_model.setStringList(labels)
        self.files_box.setTitle(
            f"Files to attach ({len(self._files)})" if self._files else "Files to attach"
        )
        self._update_file_buttons()

    def on_add_files_clicked(self) -> None:
        chosen, _ = QFileDialog.getOpenFileNames(
            self, "Files to attach as evidence", str(self.document.folder)
        )
        self.add_files([Path(name) for name in chosen])

    def on_remove_files_clicked(self) -> None:
        rows = sorted({index.row() for index in self.files_view.selectedIndexes()}, reverse=True)
        for row in rows:
            del self._files[row]
        self._show_files()

    def _update_file_buttons(self, *_args: object) -> None:
        self.remove_files_button.setEnabled(bool(self.files_view.selectedIndexes()))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        accept_file_drop(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        accept_file_drop(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = accept_file_drop(event)
        if paths:
            self.add_files(paths)

    # ---- hints ----------------------------------------------------------------------------

    def selected_competency(self) -> Competency | None:
        competency_id = self.competency_combo.currentData()
        return self._competencies.get(competency_id) if competency_id is not None else None

    def on_competency_changed(self, _index: int) -> None:
        self._follow_competency()
        self._update_hints()

    def _follow_competency(self) -> None:
        """A kind not chosen yet is the one the competency usually accepts; a version not
        typed yet is the document's current version."""
        competency = self.selected_competency()
        if not self._version_typed:
            self.version_edit.setText(competency.document_version if competency else "")
        if self._kind_chosen:
            return
        kind = default_evidence_kind(self.selected_competency(), self._preferred_kind)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))

    def on_version_edited(self, _text: str) -> None:
        self._version_typed = True

    def on_kind_activated(self, _index: int) -> None:
        self._kind_chosen = True

    def on_kind_changed(self, _index: int) -> None:
        kind = self.kind_combo.currentData()
        if not self._route_chosen and isinstance(kind, EvidenceKind):
            self.route_combo.setCurrentIndex(self.route_combo.findData(usual_route(kind)))
        self._update_hints()

    def on_route_activated(self, _index: int) -> None:
        self._route_chosen = True

    def _update_hints(self, *_args: object) -> None:
        competency = self.selected_competency()
        problem = self._kind_problem(competency)
        if problem is not None:
            self.kind_hint.setText(f"⚠ {problem}")
            self.kind_hint.show()
        else:
            self.kind_hint.clear()
            self.kind_hint.hide()
        self.expiry_hint.setText(self._expiry_hint(competency))
        # Only a document to acknowledge has versions (or a record that already names one).
        self._form.setRowVisible(
            self.version_edit,
            bool(self.version_edit.text().strip())
            or (competency is not None and bool(competency.document_version)),
        )

    def _kind_problem(self, competency: Competency | None) -> str | None:
        """Why the competency chosen does not accept the kind chosen (None: it does)."""
        kind = self.kind_combo.currentData()
        if competency is None or not isinstance(kind, EvidenceKind):
            return None
        return accepted_kind_problem(competency, kind)

    def _expiry_hint(self, competency: Competency | None) -> str:
        if self.expires_edit.text().strip():
            return "This date overrides the competency's renewal interval."
        if competency is None:
            return ""
        if not competency.renewal_months:
            return f"Leave empty: {competency.name} does not need renewing, so this never expires."
        interval = f"the {competency.renewal_months}-month renewal interval of {competency.name}"
        try:
            achieved = self.achieved_edit.date()
        except FieldError:
            achieved = None
        if achieved is None:
            return f"Leave empty to derive it from {interval} and the date achieved."
        derived = expiry_date(None, achieved, competency.renewal_months)
        return f"Leave empty to use {interval}: valid until {format_date(derived)}."

    # ---- accepting ------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """The evidence fields as typed, or an InputError (FieldError) saying what is wrong."""
        person_id, competency_id = self.chosen_subject_ids(
            no_person="Choose the person this evidence is about.",
            no_competency="Choose the competency it shows.",
        )
        kind = self.kind_combo.currentData()
        # Refused as the command line refuses it. A record saved before its competency's
        # accepted kinds changed stays editable while its kind and competency stay the same.
        recorded_anew = (
            self.evidence is None
            or self.evidence.competency_id != competency_id
            or self.evidence.kind is not kind
        )
        problem = self._kind_problem(self._competencies.get(competency_id))
        if problem is not None and recorded_anew:
            raise FieldError(self.kind_combo, problem)
        achieved_on = self.achieved_edit.date()
        expires_on = self.expires_edit.date()
        verified_on = self.verified_on_edit.date()
        if achieved_on and expires_on and expires_on < achieved_on:
            raise FieldError(
                self.expires_edit.line_edit,
                "The expiry date is before the date achieved.",
            )
        try:
            score = parse_score(self.score_edit.text())
        except InputError as error:
            raise FieldError(self.score_edit, str(error)) from None
        return {
            "person_id": person_id,
            "competency_id": competency_id,
            "kind": kind,
            "route": self.route_combo.currentData(),
            "title": self.title_edit.text().strip(),
            "issuer": self.issuer_edit.text().strip(),
            "achieved_on": achieved_on,
            "expires_on": expires_on,
            "score": score,
            "verified_by": self.verified_by_edit.text().strip(),
            "verified_on": verified_on,
            "notes": self.notes_edit.toPlainText().strip(),
            "document_version": self.version_edit.text().strip(),
        }

    def commands(self) -> list[StoreCommand]:
        """The edits that accepting asks for."""
        values = self.values()
        store = self.document.store
        if self.evidence is None:
            person = store.people.get(values.pop("person_id"))
            competency = store.competencies.get(values.pop("competency_id"))
            kind, route = values.pop("kind"), values.pop("route")
            return [
                AddEvidenceCommand(store, person, competency, kind, route, self.files, **values)
            ]
        commands: list[StoreCommand] = []
        after = replace(self.evidence, **values)
        if after != self.evidence:
            commands.append(UpdateEvidenceCommand(store, self.evidence, after))
        commands += [AttachFilesCommand(store, after, path) for path in self._files]
        return commands

    def accept(self) -> None:
        self.message.clear_message()
        try:
            commands = self.commands()
        except FieldError as error:
            self.guard.show_field_error(error)
            return
        except DocumentError as error:
            self.message.show_error(str(error))
            return
        if not commands:
            super().accept()
            return
        sizes = [0] * len(commands)
        file_sizes = [file_size(path) for path in self._files]
        if self.evidence is None:
            sizes[0] = sum(file_sizes)
        else:
            sizes[len(commands) - len(file_sizes) :] = file_sizes
        self.ok_button.setEnabled(False)
        self.pending = run_attaching(
            self.document,
            commands,
            sizes=sizes,
            parent=self,
            label=attaching_label(len(self._files)),
            on_finished=self.on_commands_finished,
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.guard.close(event):
            super().closeEvent(event)

    def reject(self) -> None:
        if self.pending is not None:
            # Closing now would lose the attaching under way: stop it; the dialog stays.
            self.pending.cancel()
            return
        self.guard.reject(super().reject)

    def on_commands_finished(self, applied: list[StoreCommand], error: str | None) -> None:
        self.pending = None
        self.ok_button.setEnabled(True)
        for command in applied:
            if isinstance(command, AddEvidenceCommand):
                self.saved_evidence_id = command.record_id
        if error is None:
            super().accept()
            return
        if self.evidence is not None and applied:
            # Part of the edit is done (and can be undone); what is left is what failed.
            done = {c for c in applied if isinstance(c, AttachFilesCommand)}
            self._files = self._files[len(done) :]
            try:
                self.evidence = self.document.store.evidence.get(self.evidence.id)
                self._show_attached(self.evidence)
            except DocumentError:
                log.warning("evidence %s vanished while editing", self.evidence.id)
            self._show_files()
        self.message.show_error(f"Not saved: {error}")
