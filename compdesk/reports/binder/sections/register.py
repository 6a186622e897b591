"""Section 5's training register: the sessions of the last 12 months with their attendees,
scores and pass rates, and who, required to, has no training record of a competency.

A session is listed when one of the binder's people attended it; its attendees, pass rate and
retake flag are those of the binder's people (models/training.group_result).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Final

from reportlab.platypus import Flowable, Spacer

from compdesk.models.records import Attendance, EvidenceKind, TrainingSession
from compdesk.models.training import group_result
from compdesk.reports.binder.sections.common import ATTENTION_MARK, LATE_MARK, day, paragraph
from compdesk.reports.binder.text import markup

if TYPE_CHECKING:
    from compdesk.reports.binder.content import BinderContent
    from compdesk.reports.binder.layout import Layout

# The evidence kinds that show training was done (not a certificate or a CV).
TRAINING_KINDS: Final = frozenset(
    {
        EvidenceKind.TRAINING_RECORD,
        EvidenceKind.ATTENDANCE_LIST,
        EvidenceKind.ASSESSMENT,
        EvidenceKind.DRILL_RESULT,
    }
)

PASS_MARK: Final = "✔"
# A register row holds at most this many attendees; more continue on the rows below.
ATTENDEES_PER_ROW: Final = 12

_REGISTER_COLUMNS: Final = (0.16, 0.115, 0.085, 0.13, 0.11, 0.28, 0.12)
_OTHER_COLUMNS: Final = (0.24, 0.20, 0.34, 0.12, 0.10)
_MISSING_COLUMNS: Final = (0.26, 0.10, 0.10, 0.54)
# The people named per competency in "who is missing"; the matrix (section 2) shows the rest.
MISSING_LISTED: Final = 60


def register(content: BinderContent, layout: Layout, since: date) -> list[Flowable]:
    """The sessions held after `since` up to the as-of date, newest first."""
    attendance: dict[int, list[Attendance]] = {}
    for entry in content.attendance:
        attendance.setdefault(entry.session_id, []).append(entry)
    sessions = [s for s in reversed(content.sessions) if since < s.held_on <= content.as_of]
    if not sessions:
        return [paragraph("No training session was held in the last 12 months.", layout, "Body")]
    retake_below = content.settings.retake_below
    rows: list[list[Flowable | str]] = [
        [
            paragraph(f"<b>{h}</b>", layout, "CellBold")
            for h in ("Topic", "Date", "Length", "Trainer", "Delivery", "Attendees", "Pass rate")
        ]
    ]
    retakes = 0
    for session in sessions:
        attendees = attendance.get(session.id, [])
        result = group_result(attendees, session.pass_mark)
        rate = result.pass_rate
        rate_text = "—" if rate is None else f"{rate:.0%} ({result.passed}/{result.attended})"
        if result.needs_retake(retake_below):
            retakes += 1
            rate_text += f"<br/><b>{ATTENTION_MARK} retake</b>"
        # A table splits only between rows: a long attendee list goes on rows of its own.
        chunks = _attendee_chunks(attendees, session, content)
        rows.append(
            [
                paragraph(markup(content.competency(session.competency_id).name), layout),
                paragraph(day(session.held_on), layout),
                paragraph(_length(session), layout),
                paragraph(markup(session.trainer) or "—", layout),
                paragraph(session.delivery.label, layout),
                paragraph(chunks[0], layout),
                paragraph(rate_text, layout),
            ]
        )
        rows += [["", "", "", "", "", paragraph(chunk, layout), ""] for chunk in chunks[1:]]
    width = layout.portrait.width
    summary = (
        f"{len(sessions)} session{'' if len(sessions) == 1 else 's'}; a pass rate under "
        f"{retake_below:.0%} calls for a retake ({retakes} flagged). {PASS_MARK} passed, "
        f"{LATE_MARK} did not pass, a score in percent."
    )
    return [
        paragraph(summary, layout, "Small"),
        Spacer(1, 3),
        layout.table(rows, [share * width for share in _REGISTER_COLUMNS]),
    ]


def missing(content: BinderContent, layout: Layout, since: date) -> list[Flowable]:
    """Per required competency: how many have a training record of the last 12 months and who
    has none."""
    trained: dict[int, set[int]] = {}
    for person in content.people:
        for evidence in content.evidence_by_person.get(person.id, ()):
            achieved = evidence.achieved_on
            if (
                evidence.kind in TRAINING_KINDS
                and achieved is not None
                and since <= achieved <= content.as_of
            ):
                trained.setdefault(evidence.competency_id, set()).add(person.id)
    required_of: dict[int, list[int]] = {}
    for person_id, competency_id in content.matrix.cells:
        required_of.setdefault(competency_id, []).append(person_id)
    rows: list[list[Flowable | str]] = [
        [
            paragraph(f"<b>{h}</b>", layout, "CellBold")
            for h in ("Competency", "Required of", "Trained", "Who has none (status in the matrix)")
        ]
    ]
    for competency in content.competencies:
        required = required_of.get(competency.id)
        if not required:
            continue
        done = trained.get(competency.id, set())
        absent = [person_id for person_id in required if person_id not in done]
        rows.append(
            [
                paragraph(markup(competency.name), layout),
                paragraph(str(len(required)), layout),
                paragraph(str(len(required) - len(absent)), layout),
                paragraph(_missing_text(absent, competency.id, content), layout),
            ]
        )
    if len(rows) == 1:
        return [paragraph("No competency is required of the binder's people.", layout, "Body")]
    width = layout.portrait.width
    return [layout.table(rows, [share * width for share in _MISSING_COLUMNS])]


def other_records(content: BinderContent, layout: Layout, since: date) -> list[Flowable]:
    """Training evidence of the last 12 months that no session of the register produced (an
    e-learning certificate, a quiz entered by hand), newest first."""
    from_sessions = {a.evidence_id for a in content.attendance if a.evidence_id is not None}
    found = [
        (person, evidence)
        for person in content.people
        for evidence in content.evidence_by_person.get(person.id, ())
        if evidence.kind in TRAINING_KINDS
        and evidence.id not in from_sessions
        and evidence.achieved_on is not None
        and since <= evidence.achieved_on <= content.as_of
    ]
    if not found:
        return []
    found.sort(key=lambda item: (item[1].achieved_on or since, item[1].id), reverse=True)
    rows: list[list[Flowable | str]] = [
        [
            paragraph(f"<b>{h}</b>", layout, "CellBold")
            for h in ("Competency", "Person", "Record", "Date", "Score")
        ]
    ]
    for person, evidence in found:
        record = evidence.kind.label
        if evidence.title:
            record += f": {markup(evidence.title)}"
        rows.append(
            [
                paragraph(markup(content.competency(evidence.competency_id).name), layout),
                paragraph(markup(person.name), layout),
                paragraph(record, layout),
                paragraph(day(evidence.achieved_on), layout),
                paragraph("—" if evidence.score is None else f"{evidence.score:g}", layout),
            ]
        )
    width = layout.portrait.width
    return [
        Spacer(1, 6),
        paragraph(
            "<b>Training recorded as evidence outside the sessions above</b>", layout, "Small"
        ),
        layout.table(rows, [share * width for share in _OTHER_COLUMNS]),
    ]


def _length(session: TrainingSession) -> str:
    if session.minutes is None:
        return "—"
    hours, minutes = divmod(session.minutes, 60)
    if not hours:
        return f"{minutes} min"
    return f"{hours} h" if not minutes else f"{hours} h {minutes:02d}"


def _attendee_chunks(
    attendees: list[Attendance], session: TrainingSession, content: BinderContent
) -> list[str]:
    """The attendees by name, each with their score and pass, ATTENDEES_PER_ROW to a row."""
    names = []
    for entry in sorted(attendees, key=lambda a: content.person(a.person_id).name.casefold()):
        text = markup(content.person(entry.person_id).name)
        if not entry.attended:
            names.append(f"{text} (absent)")
            continue
        if entry.score is not None:
            text += f" {entry.score:g}"
        text += f" {PASS_MARK if entry.passes(session.pass_mark) else LATE_MARK}"
        names.append(text)
    if not names:
        return ["—"]
    return [
        "; ".join(names[start : start + ATTENDEES_PER_ROW])
        for start in range(0, len(names), ATTENDEES_PER_ROW)
    ]


def _missing_text(absent: list[int], competency_id: int, content: BinderContent) -> str:
    if not absent:
        return "—"
    named = "; ".join(_missing_person(p, competency_id, content) for p in absent[:MISSING_LISTED])
    more = len(absent) - MISSING_LISTED
    if more > 0:
        named += f"; and {more} more, each shown in the matrix (section 2)"
    return "Missing: " + named


def _missing_person(person_id: int, competency_id: int, content: BinderContent) -> str:
    status = content.matrix.status(person_id, competency_id)
    text = f"{markup(content.person(person_id).name)} ({status.symbol} {status.label.lower()}"
    if status.counts_as_met:
        text += " by other evidence"
    return text + ")"
