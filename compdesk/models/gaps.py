"""The gap engine: the status of every person × required competency, as of a date.

A pure function of the record's rows and the date, so the matrix view, the command line and
the binder always agree. The rules it applies to single records (validity, open actions, who
is active) are those of `compdesk.models.rules`; the grace periods and the order of the
statuses live here.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from compdesk.models.acknowledgements import superseded_limit
from compdesk.models.records import ActionState, Competency, EvidenceDates, Person, Settings
from compdesk.models.renewal import RenewalRule, renewal_rule
from compdesk.models.rules import Validity, action_is_open, counts_on, is_active, validity_on


class GapStatus(enum.Enum):
    MET = "met"
    EXPIRING = "expiring"
    DUE = "due"
    PLANNED = "planned"
    EXPIRED = "expired"
    MISSING = "missing"
    NOT_REQUIRED = "not required"

    @property
    def symbol(self) -> str:
        """A mark that tells the status apart without colour."""
        return _SYMBOLS[self]

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def counts_as_met(self) -> bool:
        return self in (GapStatus.MET, GapStatus.EXPIRING)


_SYMBOLS = {
    GapStatus.MET: "✔",
    GapStatus.EXPIRING: "⚠",
    GapStatus.DUE: "◔",
    GapStatus.PLANNED: "➜",
    GapStatus.EXPIRED: "✘",
    GapStatus.MISSING: "○",
    GapStatus.NOT_REQUIRED: "—",
}


class GapCell(NamedTuple):
    person_id: int
    competency_id: int
    status: GapStatus
    # The evidence that decided the status (the longest-valid one, or the last to expire).
    evidence_id: int | None = None
    expires_on: date | None = None
    # The open action addressing the gap, if any.
    action_id: int | None = None
    # For a due cell: the last day of the grace period.
    grace_ends_on: date | None = None


@dataclass(frozen=True)
class GapMatrix:
    as_of: date
    people: tuple[Person, ...]
    competencies: tuple[Competency, ...]
    # Only required cells; every other person × competency is not required.
    cells: dict[tuple[int, int], GapCell] = field(default_factory=dict)

    def cell(self, person_id: int, competency_id: int) -> GapCell:
        found = self.cells.get((person_id, competency_id))
        return found or GapCell(person_id, competency_id, GapStatus.NOT_REQUIRED)

    def status(self, person_id: int, competency_id: int) -> GapStatus:
        return self.cell(person_id, competency_id).status

    def counts(self) -> Counter[GapStatus]:
        return Counter(cell.status for cell in self.cells.values())

    def overall_completion(self) -> float | None:
        return _completion(self.cells.values())

    def person_completion(self, person_id: int) -> float | None:
        return _completion(self.cell(person_id, c.id) for c in self.competencies)

    def competency_completion(self, competency_id: int) -> float | None:
        return _completion(self.cell(p.id, competency_id) for p in self.people)

    def with_people_from(self, part: GapMatrix, person_ids: Iterable[int]) -> GapMatrix | None:
        """This matrix with the cells of `person_ids` taken from `part` (the matrix of those
        people alone, on the same date and requirements); None if who is in the matrix would
        change (someone joined or left), which only a whole matrix can say."""
        touched = frozenset(person_ids)
        kept = {p.id for p in self.people if p.id in touched}
        if {p.id for p in part.people} != kept or part.competencies != self.competencies:
            return None
        cells = dict(self.cells)
        # PERF: only the touched people's keys are looked up, not every cell of the matrix.
        for person_id in kept:
            for competency in self.competencies:
                cells.pop((person_id, competency.id), None)
        cells.update(part.cells)
        read_again = {p.id: p for p in part.people}
        people = tuple(read_again.get(p.id, p) for p in self.people)
        return GapMatrix(self.as_of, people, self.competencies, cells)


def _completion(cells: Iterable[GapCell]) -> float | None:
    """Share of required cells that are met (expiring still counts); None if none required."""
    required = met = 0
    for cell in cells:
        if cell.status is GapStatus.NOT_REQUIRED:
            continue
        required += 1
        met += cell.status.counts_as_met
    return met / required if required else None


def compute_matrix(
    *,
    people: Iterable[Person],
    competencies: Iterable[Competency],
    requirements: Iterable[tuple[int, int]],
    evidence: Iterable[EvidenceDates],
    actions: Iterable[ActionState],
    settings: Settings,
    as_of: date,
    evidence_versions: Mapping[int, str] | None = None,
    fixed_since: Mapping[int, date] | None = None,
) -> GapMatrix:
    """The gap matrix as of a date, from the rows a document's bulk loads give: every person,
    competency and (role id, competency id) requirement, the dates of every evidence record and
    the state of every action.

    `evidence_versions` maps an evidence id to the document version it acknowledges (only
    records of documents to acknowledge need an entry; a missing one is of no version, so
    earlier than the current). `fixed_since` maps a fixed-date competency's id to the day its
    fixed date took effect, for the transition of `compdesk.models.renewal`."""
    competency_list = tuple(competencies)
    since = fixed_since or {}
    rules = {c.id: renewal_rule(c, settings, since.get(c.id)) for c in competency_list}
    documents = {c.id: c for c in competency_list if c.document_version}
    longest_lasting = _longest_lasting_evidence(
        evidence, rules, as_of, documents, evidence_versions or {}, settings
    )
    open_actions: dict[tuple[int, int], int] = {}
    for action in actions:
        if action_is_open(action):
            open_actions.setdefault((action.person_id, action.competency_id), action.id)
    required_by_role: dict[int, set[int]] = {}
    for role_id, competency_id in requirements:
        required_by_role.setdefault(role_id, set()).add(competency_id)

    warning_days = settings.expiry_warning_days
    renewal_grace = timedelta(days=settings.renewal_grace_days)
    onboarding_grace = timedelta(days=settings.onboarding_grace_days)
    active = tuple(p for p in people if is_active(p, as_of))
    # PERF: people share role combinations; each combination's requirements are worked out
    # once (1000 people have a few dozen combinations).
    required_by_roles: dict[tuple[int, ...], tuple[int, ...]] = {}
    cells: dict[tuple[int, int], GapCell] = {}
    for person in active:
        required = required_by_roles.get(person.role_ids)
        if required is None:
            required = tuple(
                frozenset().union(*(required_by_role.get(r, ()) for r in person.role_ids))
            )
            required_by_roles[person.role_ids] = required
        onboarding_ends = None
        if person.start_date is not None:
            onboarding_ends = person.start_date + onboarding_grace
            if as_of > onboarding_ends:
                onboarding_ends = None
        for competency_id in required:
            key = (person.id, competency_id)
            expires_on, evidence_id, superseded_grace = longest_lasting.get(key, _NO_EVIDENCE)
            validity = None
            if evidence_id is not None:
                validity = validity_on(expires_on, as_of, warning_days)
            if validity is not None and validity is not Validity.EXPIRED:
                status = GapStatus.EXPIRING if validity is Validity.EXPIRING else GapStatus.MET
                cells[key] = GapCell(person.id, competency_id, status, evidence_id, expires_on)
            else:
                cells[key] = _gap_cell(
                    key,
                    expires_on,
                    evidence_id,
                    open_actions.get(key),
                    as_of,
                    renewal_grace,
                    onboarding_ends,
                    superseded_grace,
                )
    return GapMatrix(as_of, active, competency_list, cells)


# Where a person × competency has no evidence that counts.
_NO_EVIDENCE: tuple[None, None, None] = (None, None, None)

# Per person × competency: the decisive evidence's last valid day (None: never expires), its id,
# and, when it acknowledges a superseded document version, the last day of that grace.
_Longest = tuple[date | None, int, date | None]


def _longest_lasting_evidence(
    evidence: Iterable[EvidenceDates],
    rules: dict[int, RenewalRule],
    as_of: date,
    documents: Mapping[int, Competency],
    evidence_versions: Mapping[int, str],
    settings: Settings,
) -> dict[tuple[int, int], _Longest]:
    """Per person × competency, the expiry and id of the evidence that lasts longest (None:
    never expires), of the evidence that counts as of the date. If it is expired, every record
    is: it is then the one that expired last. Of records lasting as long, the first wins.
    An acknowledgement of an earlier version lasts at most to the day before the new one."""
    longest: dict[tuple[int, int], _Longest] = {}
    for evidence_id, person_id, competency_id, achieved_on, own_expiry in evidence:
        rule = rules.get(competency_id)
        if rule is None or not counts_on(achieved_on, as_of):
            continue
        expires_on = rule.evidence_due(own_expiry, achieved_on)
        superseded_grace = None
        document = documents.get(competency_id)
        if document is not None:
            version = evidence_versions.get(evidence_id, "")
            limit = superseded_limit(document, version, as_of, settings)
            if limit is not None and limit.never_counts:
                continue
            if limit is not None and (expires_on is None or expires_on > limit.valid_through):
                expires_on, superseded_grace = limit.valid_through, limit.grace_ends
        key = (person_id, competency_id)
        kept = longest.get(key)
        if kept is None or (kept[0] is not None and (expires_on is None or expires_on > kept[0])):
            longest[key] = (expires_on, evidence_id, superseded_grace)
    return longest


def _gap_cell(
    key: tuple[int, int],
    expired_on: date | None,
    expired_evidence_id: int | None,
    open_action_id: int | None,
    as_of: date,
    renewal_grace: timedelta,
    onboarding_ends: date | None,
    superseded_grace: date | None = None,
) -> GapCell:
    """A required cell without valid evidence: due, planned, expired or missing. An
    acknowledgement of a superseded version is due through its own grace, not the renewal's."""
    person_id, competency_id = key
    grace_ends = None
    if superseded_grace is not None:
        grace_ends = superseded_grace if as_of <= superseded_grace else None
    elif expired_on is not None and as_of - expired_on <= renewal_grace:
        grace_ends = expired_on + renewal_grace
    if onboarding_ends is not None:
        grace_ends = max(grace_ends or onboarding_ends, onboarding_ends)
    if grace_ends is not None:
        status = GapStatus.DUE
    elif open_action_id is not None:
        status = GapStatus.PLANNED
    elif expired_on is not None:
        status = GapStatus.EXPIRED
    else:
        status = GapStatus.MISSING
    return GapCell(
        person_id,
        competency_id,
        status,
        expired_evidence_id,
        expired_on,
        open_action_id,
        grace_ends,
    )
