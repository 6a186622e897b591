"""The domain rules of a competence record, each in one place.

Plain functions over records and dates, so the window, the command line, the gap engine and
the binder always agree: when evidence stops being valid, when a role is due for review, who
has left or not yet started, when an action is open or overdue, which route an evidence kind
usually shows, which kinds a competency accepts, the kind a new record starts with, the evidence
an action that worked usually leaves, and the kind a file's name suggests.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import PurePath
from typing import Final, NamedTuple

from compdesk.models.dates import add_months
from compdesk.models.errors import InputError
from compdesk.models.records import (
    Action,
    ActionState,
    ActionStatus,
    ActionType,
    Competency,
    Effectiveness,
    Evidence,
    EvidenceKind,
    Person,
    Role,
    Route,
)

# ---- evidence validity ----------------------------------------------------------------------


class Validity(enum.Enum):
    """Whether evidence is still valid on a date."""

    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    NEVER_EXPIRES = "never expires"

    @property
    def symbol(self) -> str:
        """The matrix's mark for an expiring or expired cell; other states have none."""
        return _VALIDITY_SYMBOLS.get(self, "")


_VALIDITY_SYMBOLS: Final = {Validity.EXPIRING: "⚠", Validity.EXPIRED: "✘"}


def expiry_date(
    expires_on: date | None, achieved_on: date | None, renewal_months: int | None
) -> date | None:
    """When evidence stops being valid: its own expiry date, else achieved + renewal interval.

    Evidence is valid up to and including this date. None means it never expires.
    """
    if expires_on is not None:
        return expires_on
    if renewal_months and achieved_on is not None:
        return add_months(achieved_on, renewal_months)
    return None


def evidence_expiry(evidence: Evidence, competency: Competency) -> date | None:
    """`expiry_date` of an evidence record of this competency."""
    return expiry_date(evidence.expires_on, evidence.achieved_on, competency.renewal_months)


def expiry_is_derived(evidence: Evidence, competency: Competency) -> bool:
    """True when the expiry comes from the competency's renewal interval, not the record."""
    return evidence.expires_on is None and evidence_expiry(evidence, competency) is not None


def validity_on(expires_on: date | None, as_of: date, warning_days: int) -> Validity:
    """Valid through the expiry date; expiring within `warning_days` of it (the document's
    expiry warning setting), the expiry day itself included."""
    if expires_on is None:
        return Validity.NEVER_EXPIRES
    days_left = (expires_on - as_of).days
    if days_left < 0:
        return Validity.EXPIRED
    if days_left <= warning_days:
        return Validity.EXPIRING
    return Validity.VALID


def counts_on(achieved_on: date | None, as_of: date) -> bool:
    """Evidence counts from the day it was achieved; undated evidence always counts."""
    return achieved_on is None or achieved_on <= as_of


# ---- people ---------------------------------------------------------------------------------


def is_leaver(person: Person, as_of: date) -> bool:
    """Gone by `as_of`: leavers drop out of the matrix after their end date."""
    return person.end_date is not None and person.end_date < as_of


def has_not_started(person: Person, as_of: date) -> bool:
    """Not yet in the matrix: their start date is still to come."""
    return person.start_date is not None and person.start_date > as_of


def is_active(person: Person, as_of: date) -> bool:
    """A person is in the matrix from their start date through their end date."""
    return not has_not_started(person, as_of) and not is_leaver(person, as_of)


# ---- role review ----------------------------------------------------------------------------

REVIEW_DUE_MARK: Final = "⚠"


class ReviewState(NamedTuple):
    """Where a role stands with its periodic review, as of a date."""

    next_review: date | None
    due: bool
    never_reviewed: bool

    def text(self) -> str:
        if self.never_reviewed:
            return f"{REVIEW_DUE_MARK} never reviewed"
        if self.next_review is None:
            return "no fixed interval"
        if self.due:
            return f"{REVIEW_DUE_MARK} due since {self.next_review.isoformat()}"
        return self.next_review.isoformat()


def review_state(role: Role, as_of: date) -> ReviewState:
    """Requirements are reviewed at least every `review_interval_months` (DOMAIN: yearly);
    a role never reviewed is due, a role without an interval never falls due."""
    if role.last_reviewed is None:
        return ReviewState(None, due=True, never_reviewed=True)
    if not role.review_interval_months:
        return ReviewState(None, due=False, never_reviewed=False)
    next_review = add_months(role.last_reviewed, role.review_interval_months)
    return ReviewState(next_review, due=next_review < as_of, never_reviewed=False)


# ---- actions --------------------------------------------------------------------------------


class Attention(enum.Enum):
    """What an action needs from its owner, as of a date."""

    NONE = "none"
    OVERDUE = "overdue"
    NOT_EVALUATED = "not evaluated"


def awaits_evaluation(action: Action | ActionState) -> bool:
    """Done, but whether it worked was never judged."""
    return (
        action.status is ActionStatus.DONE
        and action.effectiveness is Effectiveness.NOT_YET_EVALUATED
    )


def action_is_open(action: Action | ActionState) -> bool:
    """An action is open until cancelled, or until done *and* evaluated: an action whose
    effect was never judged still counts as open (DOMAIN: training never evaluated)."""
    if action.status in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS):
        return True
    return awaits_evaluation(action)


def days_overdue(action: Action, as_of: date) -> int:
    """Days past the due date of an action neither done nor cancelled; 0 if not overdue."""
    unfinished = action.status in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)
    if not unfinished or action.due_date is None:
        return 0
    return max((as_of - action.due_date).days, 0)


def is_overdue(action: Action, as_of: date) -> bool:
    """Past its due date and neither done nor cancelled."""
    return days_overdue(action, as_of) > 0


def attention_of(action: Action, as_of: date) -> tuple[Attention, int]:
    """What the action needs, with the days it is overdue by (0 unless overdue)."""
    overdue_days = days_overdue(action, as_of)
    if overdue_days:
        return Attention.OVERDUE, overdue_days
    if awaits_evaluation(action):
        return Attention.NOT_EVALUATED, 0
    return Attention.NONE, 0


def action_worked(action: Action | ActionState) -> bool:
    """Done and judged effective: the gap now closes only by evidence of the competence."""
    return action.status is ActionStatus.DONE and action.effectiveness is Effectiveness.EFFECTIVE


# The evidence an action of each type usually leaves once it has worked: its kind, and the
# route (clause 7.2 b) through which the competence was gained.
_ACTION_EVIDENCE: Final[Mapping[ActionType, tuple[EvidenceKind, Route]]] = {
    ActionType.TRAINING: (EvidenceKind.TRAINING_RECORD, Route.TRAINING),
    ActionType.MENTORING: (EvidenceKind.TRAINING_RECORD, Route.TRAINING),
    ActionType.SELF_STUDY: (EvidenceKind.ASSESSMENT, Route.TRAINING),
    ActionType.EXTERNAL_EXPERTISE: (EvidenceKind.CONTRACT_CLAUSE, Route.EXPERIENCE),
    ActionType.HIRING: (EvidenceKind.CV, Route.EXPERIENCE),
}


def evidence_of_action(action_type: ActionType) -> tuple[EvidenceKind, Route]:
    """The kind and the route of the evidence an action of this type usually leaves."""
    return _ACTION_EVIDENCE[action_type]


# ---- evidence kinds and routes --------------------------------------------------------------

# The route each kind of evidence usually shows, offered when the user does not choose one.
USUAL_ROUTES: Final[Mapping[EvidenceKind, Route]] = {
    EvidenceKind.CERTIFICATE: Route.TRAINING,
    EvidenceKind.TRAINING_RECORD: Route.TRAINING,
    EvidenceKind.CV: Route.EXPERIENCE,
    EvidenceKind.ASSESSMENT: Route.TRAINING,
    EvidenceKind.DRILL_RESULT: Route.TRAINING,
    EvidenceKind.ATTENDANCE_LIST: Route.TRAINING,
    EvidenceKind.CONTRACT_CLAUSE: Route.EXPERIENCE,
    EvidenceKind.OTHER: Route.TRAINING,
}


def usual_route(kind: EvidenceKind) -> Route:
    return USUAL_ROUTES[kind]


# Words in a file name that tell what kind of evidence it probably is, first match wins.
_KIND_HINTS: Final[tuple[tuple[frozenset[str], EvidenceKind], ...]] = (
    (frozenset({"cv", "resume", "résumé", "curriculum", "vitae"}), EvidenceKind.CV),
    (frozenset({"certificate", "certification", "cert", "diploma"}), EvidenceKind.CERTIFICATE),
    (
        frozenset({"attendance", "attendees", "signin", "sign", "register"}),
        EvidenceKind.ATTENDANCE_LIST,
    ),
    (frozenset({"drill", "phishing", "gophish", "simulation"}), EvidenceKind.DRILL_RESULT),
    (
        frozenset({"quiz", "assessment", "exam", "test", "score", "results"}),
        EvidenceKind.ASSESSMENT,
    ),
    (frozenset({"contract", "nda", "agreement", "clause"}), EvidenceKind.CONTRACT_CLAUSE),
    (frozenset({"training", "course", "completion", "transcript"}), EvidenceKind.TRAINING_RECORD),
)


def guess_evidence_kind(path: PurePath | str) -> EvidenceKind:
    """A likely evidence kind from a file's name ("ISO27001_certificate.pdf": certificate)."""
    words = set(re.split(r"[^\w]+|_", PurePath(path).stem.casefold()))
    for hints, kind in _KIND_HINTS:
        if words & hints:
            return kind
    return EvidenceKind.OTHER


# ---- accepted evidence kinds ----------------------------------------------------------------


def accepts_kind(competency: Competency, kind: EvidenceKind) -> bool:
    """A competency that lists no accepted kinds accepts every kind."""
    return not competency.accepted_kinds or kind in competency.accepted_kinds


def accepted_kind_problem(competency: Competency, kind: EvidenceKind) -> str | None:
    """Why evidence of this kind cannot be recorded for the competency, or None if it can."""
    if accepts_kind(competency, kind):
        return None
    accepted = _either(_kind_in_sentence(k) for k in competency.accepted_kinds)
    return (
        f"{competency.name} accepts {accepted}, not {_kind_in_sentence(kind)}; add the kind "
        "to the competency's accepted kinds in Roles & competencies to record it."
    )


def default_evidence_kind(
    competency: Competency | None, preferred: EvidenceKind | None = None
) -> EvidenceKind:
    """The kind a new evidence record starts with: `preferred` when the competency accepts it,
    else the first kind the competency accepts, else `preferred` or a certificate."""
    if competency is not None and competency.accepted_kinds:
        if preferred is not None and preferred in competency.accepted_kinds:
            return preferred
        return competency.accepted_kinds[0]
    return preferred or EvidenceKind.CERTIFICATE


def require_accepted_kind(competency: Competency, kind: EvidenceKind) -> None:
    """Refuse evidence of a kind the competency does not accept (InputError)."""
    problem = accepted_kind_problem(competency, kind)
    if problem is not None:
        raise InputError(problem)


def _kind_in_sentence(kind: EvidenceKind) -> str:
    # Lower case inside a sentence, except the abbreviation.
    return kind.label if kind is EvidenceKind.CV else kind.value


def _either(names: Iterable[str]) -> str:
    """'a', 'a or b', 'a, b or c'."""
    listed = list(names)
    if len(listed) <= 1:
        return "".join(listed)
    return f"{', '.join(listed[:-1])} or {listed[-1]}"
