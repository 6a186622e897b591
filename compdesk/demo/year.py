"""Writing the sample organisation's year (`programme`) through the store, once its people are in.

Sessions go through `store.training`, so each passing attendee's evidence is the session's
own; the quiz's results go the way `compdesk import-quiz` takes them, from a response sheet as
Google Forms writes it (read by `models.quiz_import`, kept as the session's file). Drills go
through `store.drills` with each person's result, and this year's calendar says what is done.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Final

from compdesk.demo.attachments import AttachmentMaker
from compdesk.demo.plan import PersonPlan
from compdesk.demo.programme import (
    INCIDENT_MINUTES_TARGET,
    INCIDENT_NAME,
    PHISHING_CLICK_TARGET,
    PHISHING_NAMES,
    PHISHING_REPORT_TARGET,
    QUIZ_OUT_OF,
    SESSIONS,
    DrillSeat,
    SessionPlan,
    incident_held_on,
    incident_seat,
    median_minutes,
    phishing_held_on,
    phishing_seat,
    seat,
)
from compdesk.models.export_dates import DateOrder
from compdesk.models.quiz_import import import_notes, match_quiz, read_quiz_results
from compdesk.models.records import Attendance, CalendarActivity, DrillKind, DrillResult
from compdesk.models.training import group_result
from compdesk.storage import Store

# The months of the starter calendar's drills (models/templates.py), and what its other
# activities achieve when no session or drill of the document records it.
_PHISHING_MONTH: Final = 3
_INCIDENT_MONTH: Final = 9
_USUAL_OUTCOMES: Final = {
    1: "Awareness session and e-learning for all staff",
    5: "Supervisor workshop on onboarding, offboarding and access reviews",
    8: "Onboarding checklist and starter e-learning updated",
    11: "Management review held; 3 improvement actions decided",
}
QUIZ_SHEET_NAME: Final = "Passwords and MFA quiz (Responses).csv"
# Someone answered from a private address: an import lists it as matching nobody.
_UNMATCHED_ADDRESS: Final = "kwame.m.private@mailbox.example"
_QUIZ_QUESTIONS: Final = (
    "What does the password manager do for you?",
    "Where do you approve an unexpected MFA prompt?",
)
_ANSWERS: Final = (
    ("Creates and keeps a unique password per service", "Keeps one strong password for all"),
    ("Nowhere: I deny it and tell IT", "On my phone, to make it stop"),
)


class YearWriter:
    """Writes the year's sessions, drills and calendar for people already in the document."""

    def __init__(
        self,
        store: Store,
        plans: Sequence[PersonPlan],
        person_ids: Mapping[str, int],
        files: AttachmentMaker,
        as_of: date,
        seed: int,
    ) -> None:
        self._store = store
        self._files = files
        self._plans = plans
        self._person_ids = person_ids  # by email
        self._as_of = as_of
        self._seed = seed
        self._competencies = {c.name: c for c in store.competencies.all()}
        self._calendar = _Calendar(store, as_of)

    def write(self) -> None:
        for session in SESSIONS:
            if session.key == "passwords quiz":
                self._write_quiz(session)
            else:
                self._write_session(session)
        self._write_phishing_drills()
        self._write_incident_drill()
        self._calendar.write_outcomes()

    # ---- sessions -----------------------------------------------------------------------

    def _attendees(self, session: SessionPlan) -> list[tuple[PersonPlan, Attendance]]:
        attendees = []
        for plan in self._plans:
            found = seat(plan, session, self._as_of, self._seed)
            if found is not None:
                person_id = self._person_ids[plan.email]
                # A scored session's result is its score; an unscored one's, attendance.
                attendees.append((plan, Attendance(0, person_id, score=found.score)))
        return attendees

    def _write_session(self, session: SessionPlan) -> None:
        seated = self._attendees(session)
        if not seated:
            return
        held_on = session.held_on(self._as_of)
        attendees = [attendance for _, attendance in seated]
        session_id = self._add_session(session, held_on, attendees, session.notes)
        attendance_list = self._files.session_attendance_list(
            session.title or session.competency,
            held_on,
            session.trainer,
            session.minutes,
            [plan.name for plan, _ in seated],
        )
        self._store.training.attach_bytes(
            session_id, attendance_list.file_name, attendance_list.data
        )

    def _add_session(
        self, session: SessionPlan, held_on: date, attendees: list[Attendance], notes: str
    ) -> int:
        month = session.calendar_month
        calendar_id = self._calendar.activity_id(month, held_on)
        added = self._store.training.add(
            self._competencies[session.competency].id,
            held_on,
            attendees,
            minutes=session.minutes,
            trainer=session.trainer,
            delivery=session.delivery,
            pass_mark=session.pass_mark,
            notes=notes,
            calendar_id=calendar_id,
        )
        if calendar_id is not None:
            result = group_result(attendees, session.pass_mark)
            rate = f", {round(100 * (result.pass_rate or 0))} % passed" if session.pass_mark else ""
            self._calendar.fulfilled(
                calendar_id,
                f"{session.title or session.competency}: {result.attended} people on "
                f"{held_on.isoformat()}{rate}",
            )
        return added.id

    def _write_quiz(self, session: SessionPlan) -> None:
        """The quiz's response sheet, read and matched as an import reads it, then the session."""
        seated = self._attendees(session)
        if not seated:
            return
        held_on = session.held_on(self._as_of)
        sheet = _google_forms_sheet(seated, held_on, random.Random(f"demo quiz {self._seed}"))
        results = read_quiz_results(
            sheet, today=self._as_of, name=QUIZ_SHEET_NAME, date_order=DateOrder.MONTH_FIRST
        )
        matched, unmatched = match_quiz(results, self._store.people.all())
        attendees = [
            Attendance(0, person.id, attended=True, score=round(row.score, 2))
            for person, row in matched
        ]
        notes = f"{session.notes} {import_notes(results, unmatched)}"
        session_id = self._add_session(session, results.held_on or held_on, attendees, notes)
        self._store.training.attach_bytes(session_id, QUIZ_SHEET_NAME, sheet)

    # ---- drills -------------------------------------------------------------------------

    def _results(self, seats: Sequence[tuple[int, DrillSeat]]) -> list[DrillResult]:
        return [
            DrillResult(0, person_id, s.clicked, s.reported, s.minutes_to_report)
            for person_id, s in seats
        ]

    def _write_phishing_drills(self) -> None:
        # Oldest first, as they happened.
        for index in reversed(range(len(PHISHING_NAMES))):
            seats = [
                (self._person_ids[plan.email], found)
                for plan in self._plans
                if (found := phishing_seat(plan, index, self._as_of, self._seed)) is not None
            ]
            if not seats:
                continue
            held_on = phishing_held_on(index, self._as_of)
            calendar_id = self._calendar.activity_id(_PHISHING_MONTH, held_on)
            drill = self._store.drills.add(
                DrillKind.PHISHING,
                held_on,
                self._results(seats),
                name=PHISHING_NAMES[index],
                click_target=PHISHING_CLICK_TARGET,
                report_target=PHISHING_REPORT_TARGET,
                notes="Simulated e-mail sent with Gophish to every employee at work that week.",
                calendar_id=calendar_id,
            )
            if calendar_id is not None and drill.sent:
                self._calendar.fulfilled(
                    calendar_id,
                    f"“{drill.name}” on {held_on.isoformat()}: {drill.clicked} of {drill.sent} "
                    f"clicked ({round(100 * (drill.clicked or 0) / drill.sent)} %), "
                    f"{drill.reported} reported",
                )

    def _write_incident_drill(self) -> None:
        seats = [
            (self._person_ids[plan.email], found)
            for plan in self._plans
            if (found := incident_seat(plan, self._as_of, self._seed)) is not None
        ]
        if not seats:
            return
        held_on = incident_held_on(self._as_of)
        calendar_id = self._calendar.activity_id(_INCIDENT_MONTH, held_on)
        drill = self._store.drills.add(
            DrillKind.INCIDENT,
            held_on,
            self._results(seats),
            name=INCIDENT_NAME,
            minutes_to_report=median_minutes(found for _, found in seats),
            minutes_target=INCIDENT_MINUTES_TARGET,
            notes="Tabletop exercise: minutes from the scenario's start to the first report.",
            calendar_id=calendar_id,
        )
        if calendar_id is not None:
            self._calendar.fulfilled(
                calendar_id,
                f"“{drill.name}” on {held_on.isoformat()}: {drill.participants} took part, "
                f"reports after a median of {drill.minutes_to_report:g} minutes",
            )


class _Calendar:
    """Last year's calendar, all done, and this year's, done up to the as-of month; each
    activity links the sessions and drills that fulfilled it, whenever in its year they were
    held (plans slip), and says what they achieved."""

    def __init__(self, store: Store, as_of: date) -> None:
        self._store = store
        self._as_of = as_of
        template = [a for a in store.calendar.all() if a.year is None]
        self._by_year: dict[int, dict[int, CalendarActivity]] = {as_of.year: {}}
        self._by_year[as_of.year - 1] = {
            a.month: store.calendar.add(
                a.month, a.activity, a.owner, a.target, year=as_of.year - 1
            )
            for a in template
        }
        self._by_year[as_of.year] = {a.month: a for a in template}
        self._outcomes: dict[int, list[str]] = {}

    def activity_id(self, month: int | None, held_on: date) -> int | None:
        """The activity of this month in the year of `held_on`, if the calendar has it."""
        if month is None:
            return None
        activity = self._by_year.get(held_on.year, {}).get(month)
        return activity.id if activity is not None else None

    def fulfilled(self, activity_id: int, outcome: str) -> None:
        self._outcomes.setdefault(activity_id, []).append(outcome)

    def write_outcomes(self) -> None:
        for year, activities in self._by_year.items():
            for month, activity in activities.items():
                outcomes = self._outcomes.get(activity.id, [])
                if outcomes or year < self._as_of.year or month < self._as_of.month:
                    status = "done"
                    result = "; ".join(outcomes) or _USUAL_OUTCOMES.get(month, "Done as planned")
                elif month == self._as_of.month:
                    status, result = "in progress", ""
                else:
                    status, result = "planned", ""
                self._store.calendar.update(
                    replace(activity, year=year, status=status, actual_result=result)
                )


def _google_forms_sheet(
    seated: Sequence[tuple[PersonPlan, Attendance]], held_on: date, rng: random.Random
) -> bytes:
    """The response sheet as Google Forms writes it: M/D/YYYY timestamps, "8 / 10" scores,
    the questions' answers; responses over the three days up to the session's date."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(("Timestamp", "Email Address", "Score", *_QUIZ_QUESTIONS))
    rows = []
    for number, (plan, attendance) in enumerate(seated):
        points = round((attendance.score or 0) * QUIZ_OUT_OF / 100)
        day = held_on if number == len(seated) - 1 else held_on - timedelta(rng.randint(0, 3))
        rows.append((day, plan.email, points))
    rows.append((held_on - timedelta(days=1), _UNMATCHED_ADDRESS, 9))
    rows.sort(key=lambda row: (row[0], row[1]))
    for day, email, points in rows:
        taken = datetime.combine(day, time(rng.randint(8, 17), rng.randint(0, 59), rng.randint(0, 59)))
        answers = [pair[0] if points >= 8 or rng.random() < 0.5 else pair[1] for pair in _ANSWERS]
        writer.writerow(
            (
                f"{taken.month}/{taken.day}/{taken.year} {taken:%H:%M:%S}",
                email,
                f"{points} / {QUIZ_OUT_OF}",
                *answers,
            )
        )
    return buffer.getvalue().encode("utf-8")

