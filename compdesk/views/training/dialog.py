"""The session form: record a training session, or edit one, with its attendees' results.

Recording is quick: pick the topic and the date, and the attendee list fills itself with the
active people who need that competency and do not have it as of that date (the gap matrix);
scores go in a column. The group's pass rate is shown as it is typed, flagged for a retake
below the document's threshold.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from compdesk.models.gaps import GapStatus
from compdesk.models.records import Attendance, Delivery, Person, TrainingSession
from compdesk.models.rules import is_active
from compdesk.models.training import group_result
from compdesk.views.commands.base import StoreCommand
from compdesk.views.commands.training import AddSessionCommand, UpdateSessionCommand
from compdesk.views.document import Document
from compdesk.views.evidence.form_guard import FormGuard
from compdesk.views.training.attendees import (
    AttendeeColumn,
    AttendeeModel,
    AttendeeRow,
    AttendeeTable,
)
from compdesk.views.training.quiz import QuizImport
from compdesk.views.widgets.calendar_choice import CalendarChoice
from compdesk.views.widgets.command_dialog import CommandDialog
from compdesk.views.widgets.date_edit import OptionalDateEdit
from compdesk.views.widgets.forms import (
    FieldError,
    FormMessage,
    make_dialog_buttons,
)
from compdesk.views.widgets.subject_dialog import fill_competencies, person_label

# The competency is held already: nobody needs this session for it.
_HELD: Final = frozenset({GapStatus.MET, GapStatus.EXPIRING, GapStatus.NOT_REQUIRED})
# The attendee table shows this many rows by default, so a column of scores is typed in sight.
_ROWS_SHOWN: Final = 8
# ...and never fewer, however small the screen.
_FEWEST_ROWS_SHOWN: Final = 4


def result_text(
    attendees: Sequence[Attendance], pass_mark: float | None, retake_below: float
) -> str:
    """The group's result as the form and the register say it."""
    attended = [a for a in attendees if a.attended]
    if (
        pass_mark is not None
        and attended
        and all(a.score is None and a.passed is None for a in attended)
    ):
        return "Group pass rate: — (no scores yet)"
    result = group_result(attendees, pass_mark)
    rate = result.pass_rate
    if rate is None:
        return "Group pass rate: — (nobody attended)"
    text = f"Group pass rate: {result.passed} of {result.attended} passed ({rate:.0%})"
    if result.needs_retake(retake_below):
        text += f" ⚠ below {retake_below:.0%}: flagged for retake"
    return text


class SessionDialog(CommandDialog):
    """Record a training session (`session` None) or edit one.

    Accepting pushes AddSessionCommand or UpdateSessionCommand; when the document refuses,
    the dialog stays open and says why. `quiz` pre-fills a new session from a quiz's results:
    its people and scores, its date, and the file, attached."""

    def __init__(
        self,
        document: Document,
        *,
        session: TrainingSession | None = None,
        quiz: QuizImport | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        store = document.store
        self.session = session
        self.quiz = quiz if session is None else None
        self.settings = store.settings.get()
        self._people = store.people.all()
        self._competencies = store.competencies.all()
        self._before_attendees = store.training.attendees(session.id) if session else []
        # The id of the session recorded or edited, once accepted.
        self.saved_session_id: int | None = session.id if session else None
        # The attendee list follows the topic and date until the user changes it.
        self._attendees_edited = session is not None or self.quiz is not None
        self.files: list[Path] = []
        if self.quiz is not None:
            self.setWindowTitle(f"Record training session from {self.quiz.path.name}")
        else:
            self.setWindowTitle("Edit training session" if session else "Record training session")
        self.setMinimumWidth(560)

        self.topic_combo = QComboBox()
        self.topic_combo.setAccessibleName("Topic")
        self.topic_combo.setPlaceholderText("Pick the competency the session trained")
        fill_competencies(
            self.topic_combo, self._competencies, session.competency_id if session else None
        )
        self.date_edit = OptionalDateEdit("session date")
        self.date_edit.set_date(session.held_on if session else self._quiz_date() or document.as_of)
        self.minutes_spin = QSpinBox()
        self.minutes_spin.setAccessibleName("Length in minutes")
        self.minutes_spin.setRange(0, 100 * 60)
        self.minutes_spin.setSingleStep(15)
        self.minutes_spin.setSpecialValueText("—")
        self.minutes_spin.setSuffix(" min")
        self.trainer_edit = QLineEdit()
        self.trainer_edit.setAccessibleName("Trainer or provider")
        self.trainer_edit.setPlaceholderText("Who gave it, e.g. the ISMS manager or a provider")
        self.delivery_combo = QComboBox()
        self.delivery_combo.setAccessibleName("Delivery")
        self.calendar_choice = CalendarChoice(
            store.calendar.all(), session.calendar_id if session else None
        )
        self.calendar_choice.follow_date(self.date_edit.date())
        for delivery in Delivery:
            self.delivery_combo.addItem(delivery.label, delivery)
        self.scored_check = QCheckBox("Sc&ored, pass mark:")
        self.scored_check.setToolTip("Clear it for a session without a test: attending passes")
        self.pass_mark_spin = QDoubleSpinBox()
        self.pass_mark_spin.setAccessibleName("Pass mark")
        self.pass_mark_spin.setRange(0, 100)
        self.pass_mark_spin.setDecimals(0)
        self.pass_mark_spin.setSuffix(" %")
        pass_mark_row = QHBoxLayout()
        pass_mark_row.addWidget(self.scored_check)
        pass_mark_row.addWidget(self.pass_mark_spin)
        pass_mark_row.addStretch(1)

        self.model = AttendeeModel(self)
        self.table = AttendeeTable(self.model, self)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(AttendeeColumn.PERSON, QHeaderView.ResizeMode.Stretch)
        for column in (AttendeeColumn.ATTENDED, AttendeeColumn.SCORE, AttendeeColumn.PASSED):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.add_person_combo = QComboBox()
        self.add_person_combo.setAccessibleName("Person to add")
        self.add_person_button = QPushButton("Add &person")
        self.add_person_button.clicked.connect(self.on_add_person_clicked)
        self.remove_person_button = QPushButton("Re&move person")
        self.remove_person_button.clicked.connect(self.on_remove_person_clicked)
        people_row = QHBoxLayout()
        people_row.addWidget(self.add_person_combo, 1)
        people_row.addWidget(self.add_person_button)
        people_row.addWidget(self.remove_person_button)
        self.result_label = QLabel()
        self.result_label.setAccessibleName("Group pass rate")
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)

        self.unmatched_label = QLabel()
        self.unmatched_label.setAccessibleName("Addresses that matched nobody")
        self.unmatched_label.setTextFormat(Qt.TextFormat.PlainText)
        self.unmatched_label.setWordWrap(True)
        self.unmatched_label.setVisible(False)

        self.files_list = QListWidget()
        self.files_list.setAccessibleName("Files")
        self.files_list.setMaximumHeight(self.fontMetrics().height() * 4)
        if session is not None:
            for existing in store.training.files(session.id):
                self.files_list.addItem(f"{existing.file_name} (attached)")
        self.attach_button = QPushButton("Attach &files…")
        self.attach_button.setToolTip(
            "Materials, the signed attendance list: shared with every passing attendee's evidence"
        )
        self.attach_button.clicked.connect(self.on_attach_clicked)

        self.message = FormMessage(self)
        self.buttons = make_dialog_buttons(self, "Apply changes" if session else "Record session")
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        rows: tuple[tuple[str, QWidget], ...] = (
            ("&Topic:", self.topic_combo),
            ("&Date:", self.date_edit),
            ("&Length:", self.minutes_spin),
            ("T&rainer:", self.trainer_edit),
            ("Deli&very:", self.delivery_combo),
            ("&Calendar activity:", self.calendar_choice),
        )
        for text, field in rows:
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        form.addRow("", pass_mark_row)
        attendees_label = QLabel("&Attendees (type the scores; Enter moves down):")
        attendees_label.setBuddy(self.table)
        files_label = QLabel("Files:")
        files_label.setBuddy(self.files_list)
        files_row = QHBoxLayout()
        files_row.addWidget(self.files_list, 1)
        files_row.addWidget(self.attach_button, 0, Qt.AlignmentFlag.AlignTop)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.unmatched_label)
        layout.addWidget(attendees_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(people_row)
        layout.addWidget(self.result_label)
        layout.addWidget(files_label)
        layout.addLayout(files_row)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        self._fill(session)
        self.topic_combo.currentIndexChanged.connect(self.on_topic_or_date_changed)
        self.date_edit.editingFinished.connect(self.on_topic_or_date_changed)
        # Cheap, unlike the attendee list: the activity follows the date as it is typed.
        self.date_edit.edited.connect(self.on_date_edited)
        self.scored_check.toggled.connect(self.on_pass_mark_changed)
        self.pass_mark_spin.valueChanged.connect(self.on_pass_mark_changed)
        self.model.dataChanged.connect(self.on_attendees_changed)
        self.model.rowsInserted.connect(self.on_attendees_changed)
        self.model.rowsRemoved.connect(self.on_attendees_changed)
        self.model.modelReset.connect(self.on_attendees_changed)
        self.model.score_refused.connect(self.on_score_refused)
        self.table.scores_done.connect(self.on_scores_done)
        self.on_pass_mark_changed()
        self.guard = FormGuard(
            self,
            self.message,
            self.ok_button,
            (
                self.topic_combo,
                self.date_edit,
                self.trainer_edit,
                self.delivery_combo,
                self.calendar_choice,
            ),
            noun="training session",
            check=self.values,
            extra_state=self._state,
        )
        self._size_for_rows()
        self.topic_combo.setFocus(Qt.FocusReason.OtherFocusReason)

    def _size_for_rows(self) -> None:
        """Room for `_ROWS_SHOWN` attendees, as far as the screen's available height allows."""
        row_height = self.table.verticalHeader().defaultSectionSize()
        chrome = self.table.horizontalHeader().sizeHint().height() + 2 * self.table.frameWidth()
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setMinimumHeight(chrome + _ROWS_SHOWN * row_height)
        screen = self.screen()
        available = screen.availableGeometry().height() if screen is not None else 0
        # The window's frame and title take some of the screen too.
        room = available - 2 * self.fontMetrics().height()
        wanted = self.sizeHint().height()
        if available and wanted > room:
            rows = max(_FEWEST_ROWS_SHOWN, _ROWS_SHOWN - -(-(wanted - room) // row_height))
            self.table.setMinimumHeight(chrome + rows * row_height)
        self.resize(self.sizeHint())

    def _quiz_date(self) -> date | None:
        return self.quiz.results.held_on if self.quiz is not None else None

    def _fill(self, session: TrainingSession | None) -> None:
        if session is None:
            self.scored_check.setChecked(True)
            self.pass_mark_spin.setValue(self.settings.pass_mark)
            if self.quiz is None:
                self._prefill_attendees()
            else:
                self._fill_from_quiz(self.quiz)
            return
        self.minutes_spin.setValue(session.minutes or 0)
        self.trainer_edit.setText(session.trainer)
        self.delivery_combo.setCurrentIndex(self.delivery_combo.findData(session.delivery))
        self.scored_check.setChecked(session.pass_mark is not None)
        self.pass_mark_spin.setValue(
            session.pass_mark if session.pass_mark is not None else self.settings.pass_mark
        )
        people = {p.id: p for p in self._people}
        self.model.set_rows(
            [
                AttendeeRow(people[a.person_id], a.attended, a.score, a.passed)
                for a in self._before_attendees
                if a.person_id in people
            ]
        )
        self._fill_people_to_add()

    def _fill_from_quiz(self, quiz: QuizImport) -> None:
        """The quiz's people with their scores, attending; the file attached; e-learning."""
        self.delivery_combo.setCurrentIndex(self.delivery_combo.findData(Delivery.E_LEARNING))
        self.model.set_rows(
            # Two decimals: a score of 2/3 reaches a pass mark typed as 66.67.
            [AttendeeRow(person, True, round(row.score, 2)) for person, row in quiz.matched]
        )
        self._fill_people_to_add()
        self.add_files([quiz.path])
        self.unmatched_label.setText(quiz.unmatched_text)
        self.unmatched_label.setVisible(bool(quiz.unmatched))

    def _state(self) -> object:
        return (
            self.minutes_spin.value(),
            self.scored_check.isChecked(),
            self.pass_mark_spin.value(),
            tuple(self.model.rows()),
            tuple(self.files),
        )

    # ---- the attendee list ----------------------------------------------------------------

    def _prefill_attendees(self) -> None:
        """The active people who need the topic and do not hold it on the session's date."""
        competency_id = self.topic_combo.currentData()
        try:
            held_on = self.date_edit.date()
        except FieldError:
            return
        if competency_id is None or held_on is None:
            self.model.set_rows([])
        else:
            matrix = self.document.store.gap_matrix(held_on)
            self.model.set_rows(
                [
                    AttendeeRow(person)
                    for person in sorted(matrix.people, key=lambda p: p.name.casefold())
                    if is_active(person, held_on)
                    and matrix.status(person.id, competency_id) not in _HELD
                ]
            )
        self._fill_people_to_add()

    def _fill_people_to_add(self) -> None:
        listed = {row.person.id for row in self.model.rows()}
        self.add_person_combo.clear()
        candidates: list[Person] = [p for p in self._people if p.id not in listed]
        for person in sorted(candidates, key=lambda p: p.name.casefold()):
            self.add_person_combo.addItem(person_label(person), person.id)
        self.add_person_button.setEnabled(bool(candidates))

    def on_date_edited(self) -> None:
        # A date still being typed: the choice waits for a whole one.
        with suppress(FieldError):
            self.calendar_choice.follow_date(self.date_edit.date())

    def on_topic_or_date_changed(self, *_args: object) -> None:
        if not self._attendees_edited:
            self._prefill_attendees()

    def on_add_person_clicked(self) -> None:
        person_id = self.add_person_combo.currentData()
        person = next((p for p in self._people if p.id == person_id), None)
        if person is None:
            return
        self._attendees_edited = True
        row = self.model.add_person(person)
        self._fill_people_to_add()
        self.table.setCurrentIndex(self.model.index(row, AttendeeColumn.SCORE))

    def on_remove_person_clicked(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self._attendees_edited = True
            self.model.remove_row(index.row())
            self._fill_people_to_add()

    def on_pass_mark_changed(self, *_args: object) -> None:
        self.pass_mark_spin.setEnabled(self.scored_check.isChecked())
        self.model.set_pass_mark(self.pass_mark())
        self.on_attendees_changed()

    def on_attendees_changed(self, *_args: object) -> None:
        if self.model.rowCount():
            text = result_text(
                self.model.attendances(), self.pass_mark(), self.settings.retake_below
            )
        elif self.topic_combo.currentData() is None:
            text = "Pick the topic: the people who need it are listed here."
        else:
            text = "Nobody listed: everyone who needs this topic holds it on this date. Add the "
            text += "attendees with Add person."
        self.result_label.setText(text)
        self.remove_person_button.setEnabled(self.model.rowCount() > 0)

    def on_scores_done(self) -> None:
        # Enter on the last score: the next key goes to Record, not over that score.
        self.ok_button.setFocus(Qt.FocusReason.TabFocusReason)

    def on_score_refused(self, why: str) -> None:
        self.message.show_error(f"Score not taken: {why}.")

    def pass_mark(self) -> float | None:
        return self.pass_mark_spin.value() if self.scored_check.isChecked() else None

    # ---- files ----------------------------------------------------------------------------

    def on_attach_clicked(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self, "Attach files to the session", str(self.document.folder)
        )
        self.add_files([Path(name) for name in names])

    def add_files(self, paths: Sequence[Path]) -> None:
        for path in paths:
            if path not in self.files:
                self.files.append(path)
                self.files_list.addItem(path.name)

    # ---- accepting ------------------------------------------------------------------------

    def values(self) -> TrainingSession:
        """The session as typed, or a FieldError saying what is wrong."""
        competency_id = self.topic_combo.currentData()
        if competency_id is None:
            raise FieldError(self.topic_combo, "Choose the competency the session trained.")
        held_on = self.date_edit.date()
        if held_on is None:
            raise FieldError(self.date_edit.line_edit, "Give the date the session was held.")
        base = self.session or TrainingSession(
            id=0,
            competency_id=competency_id,
            held_on=held_on,
            notes=self.quiz.notes if self.quiz is not None else "",
        )
        return replace(
            base,
            competency_id=competency_id,
            held_on=held_on,
            minutes=self.minutes_spin.value() or None,
            trainer=self.trainer_edit.text().strip(),
            delivery=self.delivery_combo.currentData(),
            pass_mark=self.pass_mark(),
            calendar_id=self.calendar_choice.activity_id(),
        )

    def command(self) -> StoreCommand | None:
        """The edit accepting asks for (None when nothing changed)."""
        session = self.values()
        store = self.document.store
        competency = store.competencies.get(session.competency_id)
        if self.session is None:
            if not self.model.rowCount():
                raise FieldError(self.table, "List who attended: add a person.")
            return AddSessionCommand(
                store, competency, session, self.model.attendances(), self.files
            )
        attendees = self.model.attendances(session.id)
        before = [replace(a, evidence_id=None) for a in self._before_attendees]
        if session == self.session and attendees == before and not self.files:
            return None
        return UpdateSessionCommand(
            store,
            competency,
            (self.session, self._before_attendees),
            (session, attendees),
            self.files,
        )

    def on_saved(self, command: StoreCommand) -> None:
        if isinstance(command, AddSessionCommand):
            self.saved_session_id = command.record_id
