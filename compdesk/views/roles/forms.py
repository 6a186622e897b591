"""The forms under the lists: one role, one competency."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any, ClassVar, Final

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from compdesk.models.errors import InputError
from compdesk.models.records import Competency, EvidenceKind, Level, RenewalMode, Role
from compdesk.models.renewal import parse_renewal_on
from compdesk.models.rules import review_state
from compdesk.views.commands.base import StoreCommand
from compdesk.views.commands.competencies import AddCompetencyCommand, UpdateCompetencyCommand
from compdesk.views.commands.roles import AddRoleCommand, UpdateRoleCommand
from compdesk.views.document import Document
from compdesk.views.widgets.date_edit import (
    OptionalDateEdit,
    OptionalMonthsSpinBox,
    date_not_in_future,
)
from compdesk.views.widgets.forms import (
    FieldError,
    fill_combo,
    require_unique_name,
    required_text,
    set_combo_data,
)
from compdesk.views.widgets.record_form import RecordForm

DEFAULT_REVIEW_MONTHS: Final = 12


class RoleForm(RecordForm):
    noun = "role"
    field_labels: ClassVar[dict[str, str]] = {
        "review_interval_months": "review interval",
        "last_reviewed": "last review date",
    }

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self.name_edit = QLineEdit()
        self.add_row("&Name:", self.name_edit, accessible_name="Role name")
        self.owner_edit = QLineEdit()
        self.owner_edit.setPlaceholderText("Who keeps this role's requirements up to date")
        self.add_row("O&wner:", self.owner_edit, accessible_name="Role owner")
        self.last_reviewed_edit = OptionalDateEdit("last review date")
        self.reviewed_today_button = QPushButton("Today")
        self.reviewed_today_button.setToolTip("Record that the requirements were reviewed today")
        self.reviewed_today_button.setAccessibleName("Reviewed today")
        self.reviewed_today_button.clicked.connect(self.on_reviewed_today_button_clicked)
        reviewed_row = QWidget()
        reviewed_layout = QHBoxLayout(reviewed_row)
        reviewed_layout.setContentsMargins(0, 0, 0, 0)
        reviewed_layout.addWidget(self.last_reviewed_edit, 1)
        reviewed_layout.addWidget(self.reviewed_today_button)
        reviewed_label = QLabel("&Last reviewed:")
        reviewed_label.setBuddy(self.last_reviewed_edit.line_edit)
        self.fields.addRow(reviewed_label, reviewed_row)
        self.watch(self.last_reviewed_edit)
        self.review_months_spin = OptionalMonthsSpinBox("No fixed interval")
        self.review_months_spin.setToolTip("Review the requirements at least this often")
        self.add_row("Review &every:", self.review_months_spin, accessible_name="Review interval")
        self.review_label = QLabel()
        self.review_label.setTextFormat(Qt.TextFormat.PlainText)
        self.review_label.setAccessibleName("Review status")
        self.fields.addRow("Next review:", self.review_label)
        self.description_edit = QPlainTextEdit()
        self.description_edit.setFixedHeight(60)
        self.add_row("&Description:", self.description_edit, accessible_name="Role description")
        self.responsibilities_edit = QPlainTextEdit()
        self.responsibilities_edit.setFixedHeight(60)
        self.responsibilities_edit.setPlaceholderText(
            "The security duties of this role (clause 5.3)"
        )
        self.add_row(
            "Res&ponsibilities:",
            self.responsibilities_edit,
            accessible_name="Role responsibilities",
        )

    def set_editable(self, editable: bool) -> None:
        super().set_editable(editable)
        self.reviewed_today_button.setEnabled(editable)

    def on_reviewed_today_button_clicked(self) -> None:
        self.last_reviewed_edit.set_date(date.today())
        self.on_choice_made()

    def fill(self, record: Any | None) -> None:
        role: Role | None = record
        self.name_edit.setText(role.name if role else "")
        self.owner_edit.setText(role.owner if role else "")
        self.last_reviewed_edit.set_date(role.last_reviewed if role else None)
        self.review_months_spin.set_months(
            role.review_interval_months if role else DEFAULT_REVIEW_MONTHS
        )
        self.description_edit.setPlainText(role.description if role else "")
        self.responsibilities_edit.setPlainText(role.responsibilities if role else "")
        if role is None:
            self.review_label.setText("—")
        else:
            self.review_label.setText(review_state(role, self.document.as_of).text())

    def command(self) -> StoreCommand | None:
        store = self.document.store
        name = required_text(self.name_edit, "role name")
        current: Role | None = self.record
        require_unique_name(self.name_edit, name, store.roles.all(), current, "role")
        last_reviewed = date_not_in_future(self.last_reviewed_edit)
        values: dict[str, Any] = {
            "owner": self.owner_edit.text().strip(),
            "last_reviewed": last_reviewed,
            "review_interval_months": self.review_months_spin.months(),
            "description": self.description_edit.toPlainText().strip(),
            "responsibilities": self.responsibilities_edit.toPlainText().strip(),
        }
        if current is None:
            return AddRoleCommand(store, name, **values)
        after = replace(current, name=name, **values)
        return None if after == current else UpdateRoleCommand(store, current, after)


class CompetencyForm(RecordForm):
    noun = "competency"
    field_labels: ClassVar[dict[str, str]] = {
        "renewal_months": "renewal interval",
        "last_reviewed": "last review date",
        "accepted_kinds": "accepted evidence",
        "renewal_mode": "renewal mode",
        "renewal_on": "yearly renewal date",
        "document_version": "document version",
        "version_since": "version publication date",
    }

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self.name_edit = QLineEdit()
        self.add_row("&Name:", self.name_edit, accessible_name="Competency name")
        self.level_combo = QComboBox()
        fill_combo(self.level_combo, [(level.label, level) for level in Level])
        self.level_combo.setToolTip(
            "Basic: everyone. Role-specific: supervisors, IT, people handling customer data. "
            "Advanced: the people running the ISMS."
        )
        self.add_row("Le&vel:", self.level_combo, accessible_name="Competency level")
        self.renewal_spin = OptionalMonthsSpinBox("Never expires")
        self.renewal_spin.setToolTip("Evidence stops counting this long after it was achieved")
        self.add_row("Rene&w every:", self.renewal_spin, accessible_name="Renewal interval")
        self.renewal_mode_combo = QComboBox()
        fill_combo(
            self.renewal_mode_combo,
            [
                ("N months after completion", RenewalMode.AFTER_COMPLETION),
                ("Every year on", RenewalMode.FIXED_DATE),
            ],
        )
        self.renewal_mode_combo.setToolTip(
            "Due again the renewal interval after each person's completion, or for everyone "
            "on one day of the year. Completions before a switch keep their due dates."
        )
        self.renewal_on_edit = QLineEdit()
        self.renewal_on_edit.setPlaceholderText("MM-DD")
        self.renewal_on_edit.setMaxLength(5)
        self.renewal_on_edit.setAccessibleName("Yearly renewal date")
        self.renewal_on_edit.setToolTip("The day of the year, as MM-DD (03-31 for 31 March)")
        mode_row = QWidget()
        mode_layout = QHBoxLayout(mode_row)
        mode_layout.setContentsMargins(0, 0, 0, 0)
        mode_layout.addWidget(self.renewal_mode_combo, 1)
        mode_layout.addWidget(self.renewal_on_edit)
        mode_label = QLabel("Renewal &due:")
        mode_label.setBuddy(self.renewal_mode_combo)
        self.renewal_mode_combo.setAccessibleName("Renewal mode")
        self.fields.addRow(mode_label, mode_row)
        self.watch(self.renewal_mode_combo)
        self.watch(self.renewal_on_edit)
        self.renewal_mode_combo.currentIndexChanged.connect(self._show_renewal_on)
        self.document_version_edit = QLineEdit()
        self.document_version_edit.setPlaceholderText("Empty: not a document to acknowledge")
        self.document_version_edit.setToolTip(
            "A policy or agreement people acknowledge: its current version. Acknowledgements "
            "of an earlier version stop counting after the grace period."
        )
        self.add_row(
            "Document &version:", self.document_version_edit, accessible_name="Document version"
        )
        self.version_since_edit = OptionalDateEdit("version publication date")
        self.add_row("&Published on:", self.version_since_edit)
        self.last_reviewed_edit = OptionalDateEdit("last review date")
        self.add_row("&Last reviewed:", self.last_reviewed_edit)
        self.description_edit = QPlainTextEdit()
        self.description_edit.setFixedHeight(60)
        self.add_row(
            "&Description:", self.description_edit, accessible_name="Competency description"
        )
        kinds_box = QWidget()
        kinds_box.setAccessibleName("Accepted evidence kinds")
        kinds_layout = QGridLayout(kinds_box)
        kinds_layout.setContentsMargins(0, 0, 0, 0)
        kinds_layout.setVerticalSpacing(2)
        self.kind_checks: dict[EvidenceKind, QCheckBox] = {}
        for index, kind in enumerate(EvidenceKind):
            check = QCheckBox(kind.label)
            check.setAccessibleName(f"Accept {kind.label.lower()}")
            self.kind_checks[kind] = check
            kinds_layout.addWidget(check, index // 2, index % 2)
            self.watch(check)
        kinds_label = QLabel("Accepted\nevidence:")
        self.fields.addRow(kinds_label, kinds_box)

    def fill(self, record: Any | None) -> None:
        competency: Competency | None = record
        self.name_edit.setText(competency.name if competency else "")
        set_combo_data(self.level_combo, competency.level if competency else Level.BASIC)
        self.renewal_spin.set_months(competency.renewal_months if competency else None)
        set_combo_data(
            self.renewal_mode_combo,
            competency.renewal_mode if competency else RenewalMode.AFTER_COMPLETION,
        )
        self.renewal_on_edit.setText(competency.renewal_on if competency else "")
        self._show_renewal_on()
        self.document_version_edit.setText(competency.document_version if competency else "")
        self.version_since_edit.set_date(competency.version_since if competency else None)
        self.last_reviewed_edit.set_date(competency.last_reviewed if competency else None)
        self.description_edit.setPlainText(competency.description if competency else "")
        accepted = set(competency.accepted_kinds) if competency else set()
        for kind, check in self.kind_checks.items():
            check.setChecked(kind in accepted)

    def command(self) -> StoreCommand | None:
        store = self.document.store
        name = required_text(self.name_edit, "competency name")
        current: Competency | None = self.record
        require_unique_name(self.name_edit, name, store.competencies.all(), current, "competency")
        last_reviewed = date_not_in_future(self.last_reviewed_edit)
        renewal_mode: RenewalMode = self.renewal_mode_combo.currentData()
        renewal_on = self._checked_renewal_on(renewal_mode)
        document_version = self.document_version_edit.text().strip()
        values: dict[str, Any] = {
            "level": self.level_combo.currentData(),
            "renewal_months": self.renewal_spin.months(),
            "renewal_mode": renewal_mode,
            "renewal_on": renewal_on,
            "document_version": document_version,
            "version_since": self._version_since(current, document_version),
            "last_reviewed": last_reviewed,
            "description": self.description_edit.toPlainText().strip(),
            "accepted_kinds": tuple(
                kind for kind, check in self.kind_checks.items() if check.isChecked()
            ),
        }
        # The day a fixed yearly date takes effect: earlier completions keep their due dates.
        effective_on = date.today()
        if current is None:
            return AddCompetencyCommand(store, name, effective_on=effective_on, **values)
        after = replace(current, name=name, **values)
        if after == current:
            return None
        return UpdateCompetencyCommand(store, current, after, effective_on=effective_on)

    def _version_since(self, current: Competency | None, version: str) -> date | None:
        """The publication date; a new version whose date was left as it was is published
        today, so that the earlier version's acknowledgements get their grace from today."""
        if not version:
            return None
        since = self.version_since_edit.date()
        old_version = current.document_version if current else ""
        old_since = current.version_since if current else None
        if version != old_version and since == old_since:
            return date.today()
        return since

    def _show_renewal_on(self, *_args: object) -> None:
        fixed = self.renewal_mode_combo.currentData() is RenewalMode.FIXED_DATE
        self.renewal_on_edit.setEnabled(fixed)
        if fixed and self.dirty and not self.renewal_on_edit.text().strip():
            # Chosen by the user: the day comes next.
            self.renewal_on_edit.setFocus()

    def _checked_renewal_on(self, mode: RenewalMode) -> str:
        """The fixed yearly date as MM-DD ("" when renewal follows each completion)."""
        text = self.renewal_on_edit.text().strip()
        if mode is not RenewalMode.FIXED_DATE:
            return ""
        if not text:
            raise FieldError(
                self.renewal_on_edit, "Renewal every year on a fixed day needs the day, as MM-DD."
            )
        try:
            month, day = parse_renewal_on(text)
        except InputError as error:
            raise FieldError(self.renewal_on_edit, f"{str(error).capitalize()}.") from None
        return f"{month:02d}-{day:02d}"
