"""The import of a drill tool's results, and the follow-up training for a drill's clickers.

The import dialog shows who matched, which addresses match nobody and which the tool did not
send to before anything is recorded; recording is one undo step.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from compdesk.models.drill_history import (
    latest_targets,
    phishing_competency,
    recorded_results,
    same_drill,
)
from compdesk.models.drill_import import DrillImport, DrillMatch, match_drill
from compdesk.models.records import Drill, DrillKind, Person
from compdesk.reports.formatting import percent
from compdesk.views.commands.drills import PlanFollowUpCommand, RecordDrillCommand
from compdesk.views.document import Document
from compdesk.views.widgets.calendar_choice import CalendarChoice
from compdesk.views.widgets.date_edit import DateEdit
from compdesk.views.widgets.forms import FormMessage, fill_combo, make_dialog_buttons

_LISTED = 12  # addresses shown before "and N more"


def _listed(addresses: Sequence[str]) -> str:
    shown = ", ".join(addresses[:_LISTED])
    more = len(addresses) - _LISTED
    return shown + (f" and {more} more" if more > 0 else "")


def target_box(percent: float | None, name: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(0, 100)
    box.setDecimals(0)
    box.setSuffix(" %")
    box.setSpecialValueText("none")
    box.setValue(0 if percent is None else percent * 100)
    box.setAccessibleName(name)
    return box


def import_summary(drill_import: DrillImport, match: DrillMatch) -> str:
    """What the file holds and how it meets the document's people, in lines."""
    lines = [
        f"{drill_import.source_name}: {drill_import.source.value}, "
        f"{len(drill_import.results)} people the drill was sent to",
        f"Matched to people: {len(match.matched)}",
        _totals_line(drill_import),
    ]
    if match.unmatched:
        lines.append(
            f"Matching nobody ({len(match.unmatched)}, counted in the totals without a "
            f"person's history): {_listed(match.unmatched)}"
        )
    if drill_import.not_sent:
        lines.append(
            f"Not sent by the tool ({len(drill_import.not_sent)}, not counted): "
            f"{_listed(drill_import.not_sent)}"
        )
    return "\n".join(lines)


def _totals_line(drill_import: DrillImport) -> str:
    totals = drill_import.totals
    line = (
        f"Clicked: {totals.clicked} of {totals.sent} ({_rate(totals.click_rate)}); "
        f"reported: {totals.reported} ({_rate(totals.report_rate)})"
    )
    minutes = totals.median_minutes_to_report
    return line + ("" if minutes is None else f"; reported after a median of {minutes:g} min")


def _rate(rate: float | None) -> str:
    return "—" if rate is None else percent(rate)


class ImportDrillDialog(QDialog):
    """Shows an imported results file against the document's people; Record adds the drill."""

    def __init__(
        self, document: Document, drill_import: DrillImport, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.drill_import = drill_import
        self.recorded_drill_id: int | None = None
        store = document.store
        self.match = match_drill(drill_import.results, store.people.all())
        self.setWindowTitle(f"Import drill results — {drill_import.source_name}")

        self.summary = QPlainTextEdit(import_summary(drill_import, self.match))
        self.summary.setReadOnly(True)
        self.summary.setAccessibleName("Import summary")
        self.name_edit = QLineEdit(drill_import.name or Path(drill_import.source_name).stem)
        self.name_edit.setAccessibleName("Drill name")
        self.date_edit = DateEdit(
            "the day the drill was sent", drill_import.held_on or date.today()
        )
        click, report = latest_targets(store.drills.all(kind=DrillKind.PHISHING))
        self.click_target = target_box(click, "Click target (at most)")
        self.report_target = target_box(report, "Report target (at least)")
        self.calendar_choice = CalendarChoice(store.calendar.all())
        self.calendar_choice.follow_date(self.date_edit.value())
        self.date_edit.date_entered.connect(self.calendar_choice.follow_date)
        form = QFormLayout()
        form.addRow("&Name:", self.name_edit)
        form.addRow("&Sent on:", self.date_edit)
        if drill_import.held_on is None:
            form.addRow("", QLabel("The file does not say when the drill was sent: check the day."))
        form.addRow("&Click rate at most:", self.click_target)
        form.addRow("&Report rate at least:", self.report_target)
        form.addRow("Calendar &activity:", self.calendar_choice)

        self.message = FormMessage(self)
        self.buttons = make_dialog_buttons(self, "&Record drill")
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary, 1)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(640, 460)
        if not self.match.matched:
            self.message.show_error(self._nobody_matches())
            self.record_button.setEnabled(False)

    def _nobody_matches(self) -> str:
        return (
            f"No address in {self.drill_import.source_name} belongs to a person in this "
            "document: check that it is the right file, or add the people first"
        )

    @property
    def record_button(self) -> QWidget:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def accept(self) -> None:
        name = self.name_edit.text().strip()
        held_on = self.date_edit.value()
        store = self.document.store
        if not self.match.matched:
            self.message.show_error(self._nobody_matches())
            return
        earlier = same_drill(store.drills.all(kind=DrillKind.PHISHING), held_on, name)
        if earlier is not None:
            self.message.show_error(
                f"This drill is already recorded ({store.drills.label(earlier)}): give it "
                "another name to record it again"
            )
            return
        totals = self.drill_import.totals
        command = RecordDrillCommand(
            store,
            DrillKind.PHISHING,
            held_on,
            recorded_results(self.match.matched),
            name=name,
            sent=totals.sent,
            clicked=totals.clicked,
            reported=totals.reported,
            minutes_to_report=totals.median_minutes_to_report,
            click_target=self.click_target.value() / 100 or None,
            report_target=self.report_target.value() / 100 or None,
            notes=f"Imported from {self.drill_import.source_name} "
            f"({self.drill_import.source.value})",
            calendar_id=self.calendar_choice.activity_id(),
        )
        refusal = self.document.push(command)
        if refusal is not None:
            self.message.show_error(refusal)
            return
        self.recorded_drill_id = command.record_id
        super().accept()


class FollowUpDialog(QDialog):
    """Plans one training action for each person who clicked in a drill."""

    def __init__(
        self,
        document: Document,
        drill: Drill,
        clickers: Sequence[Person],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.document, self.drill, self.clickers = document, drill, tuple(clickers)
        store = document.store
        label = store.drills.label(drill)
        self.setWindowTitle(f"Follow-up for the clickers of the {label}")
        competencies = store.competencies.all()
        self.competency_combo = QComboBox()
        self.competency_combo.setAccessibleName("Training in")
        fill_combo(self.competency_combo, [(c.name, c.id) for c in competencies])
        default = phishing_competency(competencies)
        if default is not None:
            self.competency_combo.setCurrentIndex(self.competency_combo.findData(default.id))
        self.due_edit = DateEdit("the day the training is due", date.today())
        names = QLabel(", ".join(person.name for person in self.clickers))
        names.setWordWrap(True)
        form = QFormLayout()
        form.addRow(f"Clickers ({len(self.clickers)}):", names)
        form.addRow("&Training in:", self.competency_combo)
        form.addRow("&Due:", self.due_edit)
        self.message = FormMessage(self)
        self.buttons = make_dialog_buttons(self, "&Plan training")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def accept(self) -> None:
        store = self.document.store
        competency = store.competencies.get(self.competency_combo.currentData())
        command = PlanFollowUpCommand(
            store,
            competency,
            [person.id for person in self.clickers],
            store.drills.label(self.drill),
            due_date=self.due_edit.value(),
        )
        refusal = self.document.push(command)
        if refusal is not None:
            self.message.show_error(refusal)
            return
        super().accept()
