"""The drill form: record a drill by hand, or edit one.

An incident drill (participants, minutes to report) is exported by no tool, and a phishing
tool may give only totals: both are typed here. The fields follow the kind. A drill imported
with per-person results keeps them when edited, and its totals are read-only: they were
counted from the tool's file, and totals typed over them would disagree with the people's
history shown beside them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from compdesk.models.records import Drill, DrillKind
from compdesk.views.commands.base import StoreCommand
from compdesk.views.commands.drills import RecordDrillCommand, UpdateDrillCommand
from compdesk.views.document import Document
from compdesk.views.drills.dialogs import target_box
from compdesk.views.evidence.form_guard import FormGuard
from compdesk.views.widgets.calendar_choice import CalendarChoice
from compdesk.views.widgets.command_dialog import CommandDialog
from compdesk.views.widgets.date_edit import OptionalDateEdit
from compdesk.views.widgets.forms import (
    FieldError,
    FormMessage,
    make_dialog_buttons,
    make_text_box,
)

# A first drill's targets (DOMAIN.md: click rate below 10 %, reporting within 15 minutes; it
# names no report rate, half of those who got the email is a common first aim).
DEFAULT_CLICK_TARGET: Final = 0.10
DEFAULT_REPORT_TARGET: Final = 0.50
DEFAULT_MINUTES_TARGET: Final = 15.0


def previous_drill(drills: Sequence[Drill], kind: DrillKind) -> Drill | None:
    """The latest drill of that kind: a new one keeps its targets."""
    same = [drill for drill in drills if drill.kind is kind]
    return max(same, key=lambda d: (d.held_on, d.id), default=None)


def _count_box(name: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, 1_000_000)
    box.setAccessibleName(name)
    return box


def _minutes_box(name: str, none_text: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(0, 24 * 60)
    # Tools give a median such as 8.5 minutes: kept as it is when the drill is edited.
    box.setDecimals(1)
    box.setSuffix(" min")
    box.setSpecialValueText(none_text)
    box.setAccessibleName(name)
    return box


class DrillDialog(CommandDialog):
    """Record a drill (`drill` None) or edit one.

    Accepting pushes RecordDrillCommand or UpdateDrillCommand; when the store refuses (more
    clicked than sent), the dialog stays open and says why."""

    def __init__(
        self, document: Document, *, drill: Drill | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.document = document
        store = document.store
        self.drill = drill
        self._drills = store.drills.all()
        self.result_count = len(store.drills.results(drill.id)) if drill else 0
        # The id of the drill recorded or edited, once accepted.
        self.saved_drill_id: int | None = drill.id if drill else None
        self.setWindowTitle(f"Edit {store.drills.label(drill)}" if drill else "Add drill")
        self.setMinimumWidth(480)

        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName("Kind")
        self.kind_combo.addItem("Phishing drill", DrillKind.PHISHING)
        self.kind_combo.addItem("Incident drill", DrillKind.INCIDENT)
        # A drill keeps its kind: its figures mean something else in the other kind.
        self.kind_combo.setEnabled(drill is None)
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName("Drill name")
        self.name_edit.setPlaceholderText("e.g. March payroll, ransomware tabletop")
        self.date_edit = OptionalDateEdit("drill date")
        self.sent_spin = _count_box("Emails sent")
        self.clicked_spin = _count_box("Clicked")
        self.reported_spin = _count_box("Reported")
        self.click_target = target_box(None, "Click target (at most)")
        self.report_target = target_box(None, "Report target (at least)")
        self.participants_spin = _count_box("Participants")
        self.minutes_spin = _minutes_box("Minutes to report", "not measured")
        self.minutes_target = _minutes_box("Minutes target", "none")
        self.totals_note = QLabel(
            f"The totals come from the {self.result_count} per-person results imported: "
            "they cannot be changed here."
        )
        self.totals_note.setWordWrap(True)
        self.notes_edit = make_text_box(3, self)
        self.notes_edit.setAccessibleName("Notes")
        self.calendar_choice = CalendarChoice(
            store.calendar.all(), drill.calendar_id if drill else None
        )

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._form = form
        rows: tuple[tuple[str, QWidget], ...] = (
            ("&Kind:", self.kind_combo),
            ("&Name:", self.name_edit),
            ("&Date:", self.date_edit),
            ("Emails &sent:", self.sent_spin),
            ("Cl&icked:", self.clicked_spin),
            ("&Reported:", self.reported_spin),
            ("Click rate &at most:", self.click_target),
            ("Report rate a&t least:", self.report_target),
            ("&Participants:", self.participants_spin),
            ("&Minutes to report:", self.minutes_spin),
            ("Report &within:", self.minutes_target),
            ("N&otes:", self.notes_edit),
            ("Ca&lendar activity:", self.calendar_choice),
        )
        for text, field in rows:
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        form.insertRow(6, "", self.totals_note)
        self._phishing_fields: tuple[QWidget, ...] = (
            self.sent_spin,
            self.clicked_spin,
            self.reported_spin,
            self.click_target,
            self.report_target,
        )
        self._incident_fields: tuple[QWidget, ...] = (
            self.participants_spin,
            self.minutes_spin,
            self.minutes_target,
        )

        self.message = FormMessage(self)
        self.buttons = make_dialog_buttons(self, "Apply changes" if drill else "Add drill")
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        self._fill(drill)
        self.kind_combo.currentIndexChanged.connect(self.on_kind_changed)
        self.date_edit.editingFinished.connect(self.on_date_changed)
        self.on_kind_changed()
        self.guard = FormGuard(
            self,
            self.message,
            self.ok_button,
            (
                self.kind_combo,
                self.name_edit,
                self.date_edit,
                self.notes_edit,
                self.calendar_choice,
            ),
            noun="drill",
            check=self.values,
            extra_state=self._state,
        )
        (self.kind_combo if drill is None else self.name_edit).setFocus(
            Qt.FocusReason.OtherFocusReason
        )

    def _fill(self, drill: Drill | None) -> None:
        if drill is None:
            self.date_edit.set_date(self.document.as_of)
            self.calendar_choice.follow_date(self.document.as_of)
            self._fill_targets(DrillKind.PHISHING)
            return
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(drill.kind))
        self.name_edit.setText(drill.name)
        self.date_edit.set_date(drill.held_on)
        self.sent_spin.setValue(drill.sent or 0)
        self.clicked_spin.setValue(drill.clicked or 0)
        self.reported_spin.setValue(drill.reported or 0)
        self.participants_spin.setValue(drill.participants or 0)
        self.minutes_spin.setValue(drill.minutes_to_report or 0)
        self._show_targets(drill)
        self.notes_edit.setPlainText(drill.notes)

    def _fill_targets(self, kind: DrillKind) -> None:
        """A new drill's targets: those of the previous drill of its kind, else the defaults."""
        previous = previous_drill(self._drills, kind)
        self._show_targets(
            previous
            or Drill(
                id=0,
                kind=kind,
                held_on=self.document.as_of,
                click_target=DEFAULT_CLICK_TARGET,
                report_target=DEFAULT_REPORT_TARGET,
                minutes_target=DEFAULT_MINUTES_TARGET,
            )
        )

    def _show_targets(self, drill: Drill) -> None:
        self.click_target.setValue((drill.click_target or 0) * 100)
        self.report_target.setValue((drill.report_target or 0) * 100)
        self.minutes_target.setValue(drill.minutes_target or 0)

    def _state(self) -> object:
        boxes: tuple[QSpinBox | QDoubleSpinBox, ...] = (
            self.sent_spin,
            self.clicked_spin,
            self.reported_spin,
            self.click_target,
            self.report_target,
            self.participants_spin,
            self.minutes_spin,
            self.minutes_target,
        )
        return tuple(box.value() for box in boxes)

    def kind(self) -> DrillKind:
        kind = self.kind_combo.currentData()
        assert isinstance(kind, DrillKind)
        return kind

    def on_kind_changed(self, *_args: object) -> None:
        phishing = self.kind() is DrillKind.PHISHING
        for field in self._phishing_fields:
            self._form.setRowVisible(field, phishing)
        for field in self._incident_fields:
            self._form.setRowVisible(field, not phishing)
        has_results = self.result_count > 0
        self._form.setRowVisible(self.totals_note, has_results)
        for field in (self.sent_spin, self.clicked_spin, self.reported_spin):
            field.setReadOnly(has_results)
        self.participants_spin.setReadOnly(has_results)
        if self.drill is None:
            self._fill_targets(self.kind())
        self.adjustSize()

    def on_date_changed(self) -> None:
        try:
            held_on = self.date_edit.date()
        except FieldError:
            return
        self.calendar_choice.follow_date(held_on)

    # ---- accepting ------------------------------------------------------------------------

    def values(self) -> Drill:
        """The drill as typed, or a FieldError saying what is wrong."""
        held_on = self.date_edit.date()
        if held_on is None:
            raise FieldError(self.date_edit.line_edit, "Give the date the drill was held.")
        kind = self.kind()
        base = self.drill or Drill(id=0, kind=kind, held_on=held_on)
        common = replace(
            base,
            held_on=held_on,
            name=self.name_edit.text().strip(),
            notes=self.notes_edit.toPlainText().strip(),
            calendar_id=self.calendar_choice.activity_id(),
        )
        if kind is DrillKind.PHISHING:
            if not self.sent_spin.value():
                raise FieldError(self.sent_spin, "Give the number of emails sent.")
            return replace(
                common,
                sent=self.sent_spin.value(),
                clicked=self.clicked_spin.value(),
                reported=self.reported_spin.value(),
                click_target=self.click_target.value() / 100 or None,
                report_target=self.report_target.value() / 100 or None,
            )
        if not self.participants_spin.value():
            raise FieldError(self.participants_spin, "Give the number of participants.")
        return replace(
            common,
            participants=self.participants_spin.value(),
            minutes_to_report=self.minutes_spin.value() or None,
            minutes_target=self.minutes_target.value() or None,
        )

    def command(self) -> StoreCommand | None:
        """The edit accepting asks for (None when nothing changed)."""
        drill = self.values()
        store = self.document.store
        if self.drill is None:
            fields = {
                name: getattr(drill, name)
                for name in Drill.__dataclass_fields__
                if name not in ("id", "kind", "held_on")
            }
            return RecordDrillCommand(store, drill.kind, drill.held_on, (), **fields)
        if drill == self.drill:
            return None
        return UpdateDrillCommand(store, self.drill, drill)

    def on_saved(self, command: StoreCommand) -> None:
        if isinstance(command, RecordDrillCommand):
            self.saved_drill_id = command.record_id
