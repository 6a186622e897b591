"""The records of a compdesk document: frozen dataclasses and the enums they use."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple, TypeVar

E = TypeVar("E", bound=enum.Enum)


class Level(enum.Enum):
    BASIC = "basic"
    ROLE_SPECIFIC = "role-specific"
    ADVANCED = "advanced"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()


class PersonType(enum.Enum):
    EMPLOYEE = "employee"
    CONTRACTOR = "contractor"
    THIRD_PARTY = "third party"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class EvidenceKind(enum.Enum):
    CERTIFICATE = "certificate"
    TRAINING_RECORD = "training record"
    CV = "cv / experience"
    ASSESSMENT = "assessment or quiz result"
    DRILL_RESULT = "drill result"
    ATTENDANCE_LIST = "attendance list"
    CONTRACT_CLAUSE = "contract clause"
    OTHER = "other"

    @property
    def label(self) -> str:
        if self is EvidenceKind.CV:
            return "CV / experience"
        text = str(self.value)
        return text[0].upper() + text[1:]


class Route(enum.Enum):
    EDUCATION = "education"
    TRAINING = "training"
    EXPERIENCE = "experience"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class ActionType(enum.Enum):
    TRAINING = "training"
    MENTORING = "mentoring"
    SELF_STUDY = "self-study"
    EXTERNAL_EXPERTISE = "external expertise"
    HIRING = "hiring"

    @property
    def label(self) -> str:
        return self.value[0].upper() + self.value[1:]


class ActionStatus(enum.Enum):
    PLANNED = "planned"
    IN_PROGRESS = "in progress"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Effectiveness(enum.Enum):
    NOT_YET_EVALUATED = "not yet evaluated"
    EFFECTIVE = "effective"
    PARTLY = "partly effective"
    NOT_EFFECTIVE = "not effective"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class RenewalMode(enum.Enum):
    """How a competency's evidence falls due again."""

    AFTER_COMPLETION = "after completion"  # due N months after the last completion
    FIXED_DATE = "fixed yearly date"  # due every year on a fixed day (Competency.renewal_on)

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Delivery(enum.Enum):
    CLASSROOM = "classroom"
    ONLINE = "online"
    E_LEARNING = "e-learning"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class DrillKind(enum.Enum):
    PHISHING = "phishing"
    INCIDENT = "incident"

    @property
    def label(self) -> str:
        return self.value.capitalize()


def parse_enum(enum_type: type[E], text: str) -> E:
    """Find the member whose value or name matches `text`, ignoring case, `_` and `-`."""

    def normal(value: str) -> str:
        return value.strip().lower().replace("_", " ").replace("-", " ")

    wanted = normal(text)
    for member in enum_type:
        if wanted in (normal(str(member.value)), normal(member.name)):
            return member
    choices = ", ".join(str(member.value) for member in enum_type)
    raise ValueError(f"{text!r} is not one of: {choices}")


@dataclass(frozen=True, slots=True)
class Role:
    id: int
    name: str
    description: str = ""
    responsibilities: str = ""
    owner: str = ""
    last_reviewed: date | None = None
    review_interval_months: int | None = 12


@dataclass(frozen=True, slots=True)
class Competency:
    id: int
    name: str
    level: Level = Level.BASIC
    renewal_months: int | None = None
    description: str = ""
    accepted_kinds: tuple[EvidenceKind, ...] = ()
    last_reviewed: date | None = None
    renewal_mode: RenewalMode = RenewalMode.AFTER_COMPLETION
    # "MM-DD" when renewal_mode is FIXED_DATE; "02-29" means 28 February in other years.
    renewal_on: str = ""
    # Non-empty: the competency is a document to acknowledge, at this version.
    document_version: str = ""
    version_since: date | None = None  # when that version was published


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    name: str
    email: str
    type: PersonType = PersonType.EMPLOYEE
    job_title: str = ""
    start_date: date | None = None
    end_date: date | None = None
    notes: str = ""
    access_granted_on: date | None = None
    role_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Attachment:
    id: int
    evidence_id: int
    file_name: str
    sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class Evidence:
    id: int
    person_id: int
    competency_id: int
    kind: EvidenceKind
    route: Route
    title: str = ""
    issuer: str = ""
    achieved_on: date | None = None
    expires_on: date | None = None
    score: float | None = None
    verified_by: str = ""
    verified_on: date | None = None
    notes: str = ""
    document_version: str = ""  # the version an acknowledgement is of
    attachments: tuple[Attachment, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Action:
    id: int
    person_id: int
    competency_id: int
    type: ActionType
    description: str = ""
    owner: str = ""
    due_date: date | None = None
    status: ActionStatus = ActionStatus.PLANNED
    completed_on: date | None = None
    effectiveness: Effectiveness = Effectiveness.NOT_YET_EVALUATED
    evaluation: str = ""
    evaluated_on: date | None = None


# The part of an evidence record that the gap engine reads: (id, person id, competency id,
# achieved on, expires on). PERF: a plain tuple, not a NamedTuple: the store builds one per
# evidence record, and a NamedTuple costs about 4 ms more per 10,000.
EvidenceDates = tuple[int, int, int, date | None, date | None]


class ActionState(NamedTuple):
    """The part of an action that the gap engine reads, loaded for every action at once."""

    id: int
    person_id: int
    competency_id: int
    status: ActionStatus
    effectiveness: Effectiveness


@dataclass(frozen=True, slots=True)
class CalendarActivity:
    id: int
    month: int
    activity: str
    owner: str = ""
    target: str = ""
    status: str = "planned"
    actual_result: str = ""
    year: int | None = None


@dataclass(frozen=True, slots=True)
class ChangeLogEntry:
    id: int
    at: str
    who: str
    what: str
    previous_hash: str
    hash: str


@dataclass(frozen=True, slots=True)
class Settings:
    """Document-wide settings, kept in the file so every machine computes the same matrix."""

    organisation: str = ""
    isms_scope: str = ""
    onboarding_grace_days: int = 7
    expiry_warning_days: int = 30
    renewal_grace_days: int = 30
    pass_mark: float = 80.0
    completion_target: float = 0.95
    access_grace_days: int = 2  # onboarding may end at most this long after access is granted
    retake_below: float = 0.9  # a session whose pass rate is under this fraction: retake
    acknowledgement_grace_days: int = 30  # after a new version, old acknowledgements count this long
    leaver_retention_months: int = 24  # a leaver's personal data is kept this long, then purged
    attachment_limit_mb: int = 256  # the largest file that can be attached, in MB


@dataclass(frozen=True, slots=True)
class TrainingSession:
    """One held training session of one competency; its attendees are `Attendance` rows."""

    id: int
    competency_id: int
    held_on: date
    minutes: int | None = None
    trainer: str = ""
    delivery: Delivery = Delivery.CLASSROOM
    pass_mark: float | None = None  # percent 0-100; None: the session is not scored
    notes: str = ""
    calendar_id: int | None = None


@dataclass(frozen=True, slots=True)
class Attendance:
    """One person on a training session; `evidence_id` is the record a pass produced."""

    session_id: int
    person_id: int
    attended: bool = True
    score: float | None = None  # percent 0-100
    passed: bool | None = None  # None: decided by the score against the session's pass mark
    evidence_id: int | None = None

    def passes(self, pass_mark: float | None) -> bool:
        """Did the attendee pass a session of this pass mark (None: a session not scored)?

        An explicit `passed` (the trainer's judgement) wins; otherwise attending an unscored
        session passes, and a scored one needs a score of at least the mark.
        """
        if not self.attended:
            return False
        if self.passed is not None:
            return self.passed
        if pass_mark is None:
            return True
        return self.score is not None and self.score >= pass_mark


@dataclass(frozen=True, slots=True)
class SessionFile:
    """A file of a training session (materials, the signed attendance list)."""

    id: int
    session_id: int
    file_name: str
    sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class Drill:
    """A phishing simulation or an incident exercise, with its totals and its targets."""

    id: int
    kind: DrillKind
    held_on: date
    name: str = ""
    sent: int | None = None
    clicked: int | None = None
    reported: int | None = None
    participants: int | None = None
    minutes_to_report: float | None = None
    click_target: float | None = None  # fraction 0-1 (e.g. 0.10)
    report_target: float | None = None  # fraction 0-1
    minutes_target: float | None = None  # e.g. 15
    notes: str = ""
    calendar_id: int | None = None


@dataclass(frozen=True, slots=True)
class DrillResult:
    """What one person did in one drill."""

    drill_id: int
    person_id: int
    clicked: bool = False
    reported: bool = False
    minutes_to_report: float | None = None
