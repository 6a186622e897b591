"""Findings: what an auditor would raise about the competence record, as of a date.

Pure functions of the records and a date, shown alike by the window's Findings panel, the
binder's Findings section and `compdesk findings`. Each rule runs in one pass over its records
(thousands of people stay fast) and takes its notion of met, expired, overdue, due for review
or active from `compdesk.models.rules` and the gap engine, so a finding never disagrees with
the matrix.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Final, NamedTuple

from compdesk.models.gaps import GapMatrix, GapStatus, compute_matrix
from compdesk.models.onboarding import OnboardingRecord, find_onboarding
from compdesk.models.records import (
    Action,
    ActionState,
    Competency,
    Evidence,
    EvidenceDates,
    Person,
    PersonType,
    Role,
    Settings,
)
from compdesk.models.rules import (
    Validity,
    awaits_evaluation,
    counts_on,
    days_overdue,
    expiry_date,
    review_state,
    validity_on,
)


class FindingKind(enum.Enum):
    """What a finding is about; the values are the JSON strings, the order the report's."""

    COMPLETION_BELOW_TARGET = "completion below target"
    ACTION_NOT_EVALUATED = "action not evaluated"
    ACTION_OVERDUE = "action overdue"
    REVIEW_OVERDUE = "requirements not reviewed"
    COMPETENCY_MISSING = "required competency missing or expired"
    NO_EVIDENCE_AT_ALL = "contractor or third party without evidence"
    EVIDENCE_WITHOUT_FILE = "evidence without a file"
    ONBOARDING_LATE = "onboarding past its grace"
    OWNER_LACKS_COMPETENCY = "role owner lacks a required competency"

    @property
    def title(self) -> str:
        """The heading of the kind's findings ("Completion below target")."""
        return self.value[0].upper() + self.value[1:]

    @property
    def clause(self) -> str:
        """The clause of ISO/IEC 27001:2022 the finding is raised against."""
        return _CLAUSES[self]


_CLAUSES: Final = {
    FindingKind.COMPLETION_BELOW_TARGET: "7.2 b",
    FindingKind.ACTION_NOT_EVALUATED: "7.2 c",
    FindingKind.ACTION_OVERDUE: "7.2 c",
    FindingKind.REVIEW_OVERDUE: "7.2 a",
    FindingKind.COMPETENCY_MISSING: "7.2 b",
    FindingKind.NO_EVIDENCE_AT_ALL: "7.2 d",
    FindingKind.EVIDENCE_WITHOUT_FILE: "7.2 d",
    FindingKind.ONBOARDING_LATE: "A 6.3",
    FindingKind.OWNER_LACKS_COMPETENCY: "5.3",
}

# Findings about the organisation rather than anyone in particular: a sample keeps them.
_ABOUT_NO_ONE: Final = frozenset({FindingKind.COMPLETION_BELOW_TARGET, FindingKind.REVIEW_OVERDUE})

# A summary names at most this many people; the records hold them all.
NAMED_IN_SUMMARY: Final = 10


class RecordKind(enum.Enum):
    PERSON = "person"
    ROLE = "role"
    COMPETENCY = "competency"
    EVIDENCE = "evidence"
    ACTION = "action"


class RecordRef(NamedTuple):
    """A record behind a finding, with the name it is shown by."""

    kind: RecordKind
    id: int
    label: str


@dataclass(frozen=True, slots=True)
class Finding:
    kind: FindingKind
    # One line, plain text, with names as typed.
    summary: str
    # What to do about it, one sentence.
    advice: str
    # The people and records behind it.
    records: tuple[RecordRef, ...]
    # The summary without its list of people, for findings that name many (the completion of
    # a competency): `restricted_to` names only the people it keeps after it.
    headline: str = ""

    def people_ids(self) -> frozenset[int]:
        return frozenset(r.id for r in self.records if r.kind is RecordKind.PERSON)


def shared_advice(findings: Iterable[Finding]) -> str | None:
    """What to do about every one of these findings, when it is the same for all (the window,
    the command line and the binder then say it once for the group); None when it differs."""
    advice = {finding.advice for finding in findings}
    return advice.pop() if len(advice) == 1 else None


def restricted_to(findings: Iterable[Finding], people_ids: Collection[int]) -> tuple[Finding, ...]:
    """The findings as a sample of people sees them: findings about no one in particular (a
    competency's completion, a role's review) stay, naming only the people in the sample;
    every other finding is about one person and stays only if that person is in it."""
    kept_people = frozenset(people_ids)
    restricted = []
    for finding in findings:
        people = finding.people_ids()
        if finding.kind in _ABOUT_NO_ONE:
            if people <= kept_people:
                restricted.append(finding)
                continue
            records = tuple(
                r for r in finding.records if r.kind is not RecordKind.PERSON or r.id in kept_people
            )
            names = [r.label for r in records if r.kind is RecordKind.PERSON]
            summary = _naming(finding.headline, names, len(people - kept_people))
            restricted.append(replace(finding, summary=summary, records=records))
        elif people & kept_people:
            restricted.append(finding)
    return tuple(restricted)


# ---- the rules ------------------------------------------------------------------------------


def find_findings(
    *,
    people: Iterable[Person],
    roles: Iterable[Role],
    competencies: Iterable[Competency],
    requirements: Iterable[tuple[int, int]],
    evidence: Iterable[EvidenceDates],
    evidence_without_files: Iterable[Evidence],
    actions: Iterable[Action],
    settings: Settings,
    as_of: date,
) -> tuple[Finding, ...]:
    """Every finding as of a date, from the whole document's rows: every person, role,
    competency, requirement, action, the dates of every evidence record (as the gap engine
    takes them) and the evidence records that have no attached file; in FindingKind order,
    then by the name of what each is about."""
    people = tuple(people)
    competency_list = tuple(competencies)
    requirement_pairs = tuple(requirements)
    evidence_dates = tuple(evidence)
    actions = tuple(actions)
    matrix = compute_matrix(
        people=people,
        competencies=competency_list,
        requirements=requirement_pairs,
        evidence=evidence_dates,
        actions=(
            ActionState(a.id, a.person_id, a.competency_id, a.status, a.effectiveness)
            for a in actions
        ),
        settings=settings,
        as_of=as_of,
    )
    onboarding = find_onboarding(
        people=matrix.people,
        competencies=competency_list,
        requirements=requirement_pairs,
        evidence=evidence_dates,
        settings=settings,
        as_of=as_of,
    )
    names = _Names(matrix.people, roles, competency_list)
    found: list[tuple[tuple[str, int], Finding]] = []
    found += _completion_below_target(matrix, names, settings)
    found += _action_findings(actions, names, as_of)
    found += _reviews_overdue(names.roles.values(), as_of)
    found += _competencies_missing(matrix, names)
    found += _evidence_without_files(evidence_without_files, names, as_of)
    found += _no_evidence_at_all(evidence_dates, names, as_of)
    found += _onboarding_late(onboarding, names)
    found += _owners_lacking(requirement_pairs, evidence_dates, names, settings, as_of)
    kind_order = {kind: index for index, kind in enumerate(FindingKind)}
    found.sort(key=lambda keyed: (kind_order[keyed[1].kind], keyed[0]))
    return tuple(finding for _, finding in found)


class _Names:
    """The records the findings name, by id: the active people, every role and competency."""

    def __init__(
        self,
        active_people: Iterable[Person],
        roles: Iterable[Role],
        competencies: Sequence[Competency],
    ) -> None:
        self.people: Mapping[int, Person] = {p.id: p for p in active_people}
        self.roles: Mapping[int, Role] = {r.id: r for r in roles}
        self.competencies: Mapping[int, Competency] = {c.id: c for c in competencies}
        # The matrix order, for listing a person's competencies.
        self.competency_order: Mapping[int, int] = {c.id: i for i, c in enumerate(competencies)}

    def person(self, person: Person) -> RecordRef:
        return RecordRef(RecordKind.PERSON, person.id, person.name)

    def competency(self, competency_id: int) -> RecordRef:
        return RecordRef(
            RecordKind.COMPETENCY, competency_id, self.competencies[competency_id].name
        )

    def role(self, role: Role) -> RecordRef:
        return RecordRef(RecordKind.ROLE, role.id, role.name)

    def role_names(self, person: Person) -> str:
        return ", ".join(self.roles[r].name for r in person.role_ids if r in self.roles)


def _key(name: str, record_id: int) -> tuple[str, int]:
    return (name.casefold(), record_id)


def _naming(headline: str, names: Sequence[str], unnamed: int = 0) -> str:
    """The headline and the people it is about: 'X; not met by A, B and 3 more', naming at
    most NAMED_IN_SUMMARY of `names` and counting the `unnamed` (people left out of a sample)."""
    shown = list(names[:NAMED_IN_SUMMARY])
    more = len(names) - len(shown) + unnamed
    if not shown:
        return f"{headline}; not met by {_count_people(more)}" if more else headline
    items = [*shown, f"{more} more"] if more else shown
    listed = items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
    return f"{headline}; not met by {listed}"


def _count_people(count: int) -> str:
    return f"{count} {'person' if count == 1 else 'people'}"


def _share(value: float) -> str:
    """A share as whole percent, rounded down: 94.9 % shows as 94 %, never as a 95 % target."""
    return f"{math.floor(value * 100 + 1e-9)} %"


def _completion_below_target(
    matrix: GapMatrix, names: _Names, settings: Settings
) -> list[tuple[tuple[str, int], Finding]]:
    """A required competency met by fewer than the completion target of the people who need it
    (exactly at the target is not a finding)."""
    required: dict[int, int] = {}
    met: dict[int, int] = {}
    unmet: dict[int, list[Person]] = {}
    for cell in matrix.cells.values():
        competency_id = cell.competency_id
        required[competency_id] = required.get(competency_id, 0) + 1
        if cell.status.counts_as_met:
            met[competency_id] = met.get(competency_id, 0) + 1
        else:
            unmet.setdefault(competency_id, []).append(names.people[cell.person_id])
    target = settings.completion_target
    found = []
    for competency_id, needed in required.items():
        met_count = met.get(competency_id, 0)
        if met_count / needed >= target:
            continue
        competency = names.competencies[competency_id]
        # The matrix lists people alphabetically; the cells keep that order per competency.
        missing = unmet[competency_id]
        headline = (
            f"{competency.name} is met by {met_count} of the {_count_people(needed)} who "
            f"{'needs' if needed == 1 else 'need'} it ({_share(met_count / needed)}; target {_share(target)})"
        )
        finding = Finding(
            FindingKind.COMPLETION_BELOW_TARGET,
            _naming(headline, [p.name for p in missing]),
            f"Close the gaps of the people listed, with evidence or an action with a due date, "
            f"until at least {_share(target)} of them meet it.",
            (names.competency(competency_id), *(names.person(p) for p in missing)),
            headline=headline,
        )
        found.append((_key(competency.name, competency_id), finding))
    return found


def _action_label(action: Action, competency: Competency) -> str:
    label = f"{action.type.label} for {competency.name}"
    return f"{label} ({action.description})" if action.description else label


def _action_findings(
    actions: Iterable[Action], names: _Names, as_of: date
) -> list[tuple[tuple[str, int], Finding]]:
    """Actions of active people done but never evaluated, and actions past their due date
    (an action due today is not overdue)."""
    found = []
    for action in actions:
        person = names.people.get(action.person_id)
        if person is None:
            continue
        competency = names.competencies[action.competency_id]
        label = _action_label(action, competency)
        owner = f" (owner: {action.owner})" if action.owner else ""
        records = (
            RecordRef(RecordKind.ACTION, action.id, label),
            names.person(person),
            names.competency(competency.id),
        )
        if awaits_evaluation(action):
            done = f" on {action.completed_on.isoformat()}" if action.completed_on else ""
            finding = Finding(
                FindingKind.ACTION_NOT_EVALUATED,
                f"{label}, {person.name}: done{done} but never evaluated{owner}",
                "Record whether the action worked and how that was judged (a quiz, an "
                "observation, a drill result).",
                records,
            )
        elif overdue := days_overdue(action, as_of):
            assert action.due_date is not None  # days_overdue
            finding = Finding(
                FindingKind.ACTION_OVERDUE,
                f"{label}, {person.name}: {action.status.value}, due "
                f"{action.due_date.isoformat()}, {overdue} day{'s' if overdue > 1 else ''} "
                f"overdue{owner}",
                "Finish the action, or agree a new due date with its owner and note why it "
                "slipped.",
                records,
            )
        else:
            continue
        found.append((_key(person.name, action.id), finding))
    return found


def _reviews_overdue(roles: Iterable[Role], as_of: date) -> list[tuple[tuple[str, int], Finding]]:
    """Roles whose requirements were never reviewed or not within their interval (reviewed
    exactly one interval ago is not overdue)."""
    found = []
    for role in roles:
        state = review_state(role, as_of)
        if not state.due:
            continue
        if role.last_reviewed is None or state.next_review is None:  # never reviewed
            summary = f"The requirements of {role.name} were never reviewed"
        else:
            summary = (
                f"The requirements of {role.name} were last reviewed "
                f"{role.last_reviewed.isoformat()}; the next review was due "
                f"{state.next_review.isoformat()}"
            )
        interval = role.review_interval_months
        every = f" (at least every {interval} months)" if interval else ""
        finding = Finding(
            FindingKind.REVIEW_OVERDUE,
            summary,
            f"Review the competencies the role requires{every} and record the review date.",
            (RecordRef(RecordKind.ROLE, role.id, role.name),),
        )
        found.append((_key(role.name, role.id), finding))
    return found


def _competencies_missing(
    matrix: GapMatrix, names: _Names
) -> list[tuple[tuple[str, int], Finding]]:
    """People with a required competency missing or expired. A planned cell has an action and
    a due one is within its grace: neither is this finding."""
    lacking: dict[int, list[tuple[int, GapStatus, date | None]]] = {}
    for cell in matrix.cells.values():
        if cell.status in (GapStatus.MISSING, GapStatus.EXPIRED):
            lacking.setdefault(cell.person_id, []).append(
                (cell.competency_id, cell.status, cell.expires_on)
            )
    found = []
    for person_id, gaps in lacking.items():
        person = names.people[person_id]
        gaps.sort(key=lambda gap: names.competency_order[gap[0]])
        described = ", ".join(
            f"{names.competencies[competency_id].name} ("
            + (f"expired {expired_on.isoformat()}" if expired_on else status.value)
            + ")"
            for competency_id, status, expired_on in gaps
        )
        roles = names.role_names(person)
        finding = Finding(
            FindingKind.COMPETENCY_MISSING,
            f"{person.name}" + (f" ({roles})" if roles else "") + f" lacks {described}",
            "Record current evidence of each, or plan an action with a due date to close the gap.",
            (names.person(person), *(names.competency(gap[0]) for gap in gaps)),
        )
        found.append((_key(person.name, person.id), finding))
    return found


def evidence_label(evidence: Evidence, competency: Competency) -> str:
    """How a finding names an evidence record: 'Certificate · ISMS requirements (ISO LI)'."""
    label = f"{evidence.kind.label} · {competency.name}"
    return f"{label} ({evidence.title})" if evidence.title else label


def _evidence_without_files(
    evidence: Iterable[Evidence], names: _Names, as_of: date
) -> list[tuple[tuple[str, int], Finding]]:
    """Evidence without a file, of the active people, that counts as of the date."""
    found = []
    for record in evidence:
        person = names.people.get(record.person_id)
        if person is None or record.attachments or not counts_on(record.achieved_on, as_of):
            continue
        competency = names.competencies[record.competency_id]
        label = evidence_label(record, competency)
        achieved = f" of {record.achieved_on.isoformat()}" if record.achieved_on else ""
        finding = Finding(
            FindingKind.EVIDENCE_WITHOUT_FILE,
            f"{label}{achieved}, {person.name}: no file attached",
            "Attach the document that shows it (a certificate, an attendance list, a quiz "
            "result), so the record can be checked.",
            (
                RecordRef(RecordKind.EVIDENCE, record.id, label),
                names.person(person),
                names.competency(competency.id),
            ),
        )
        found.append((_key(person.name, record.id), finding))
    return found


def _no_evidence_at_all(
    evidence: Iterable[EvidenceDates], names: _Names, as_of: date
) -> list[tuple[tuple[str, int], Finding]]:
    """Active contractors and third parties without a single evidence record that counts as
    of the date (expired evidence is still evidence: the matrix shows it as expired)."""
    with_evidence = {
        person_id for _, person_id, _, achieved_on, _ in evidence if counts_on(achieved_on, as_of)
    }
    found = []
    for person in names.people.values():
        if person.type is PersonType.EMPLOYEE or person.id in with_evidence:
            continue
        finding = Finding(
            FindingKind.NO_EVIDENCE_AT_ALL,
            f"{person.name} ({person.type.value}) has no evidence of competence at all",
            "Record their evidence: for a contractor or a third party, a contract clause or a "
            "certificate will do.",
            (names.person(person),),
        )
        found.append((_key(person.name, person.id), finding))
    return found


def _onboarding_late(
    onboarding: Iterable[OnboardingRecord], names: _Names
) -> list[tuple[tuple[str, int], Finding]]:
    found = []
    for record in onboarding:
        late = record.late_items()
        if not late:
            continue
        person = record.person
        assert person.start_date is not None  # a starter
        described = ", ".join(
            names.competencies[item.competency_id].name
            + (f" met {item.met_on.isoformat()}" if item.met_on else " not met")
            for item in late
        )
        finding = Finding(
            FindingKind.ONBOARDING_LATE,
            f"{person.name} started {person.start_date.isoformat()}, onboarding due by "
            f"{record.deadline.isoformat()}: {described}",
            "Complete the onboarding still open, and make sure each starter's induction "
            "happens within the onboarding grace of their start date.",
            (names.person(person), *(names.competency(item.competency_id) for item in late)),
        )
        found.append((_key(person.name, person.id), finding))
    return found


def normalised_name(text: str) -> str:
    """A name or email as typed, compared without case and extra whitespace."""
    return " ".join(text.split()).casefold()


def owner_of(role: Role, people_by_name: Mapping[str, Sequence[Person]]) -> Person | None:
    """The person a role's free-text owner names, by name or email; None when it names no one
    or more than one person (two people of the same name: it cannot tell which)."""
    matches = people_by_name.get(normalised_name(role.owner), ())
    return matches[0] if len(matches) == 1 else None


def _people_by_name(people: Iterable[Person]) -> dict[str, list[Person]]:
    index: dict[str, list[Person]] = {}
    for person in people:
        keys = {normalised_name(person.name), normalised_name(person.email)}
        for key in keys - {""}:
            index.setdefault(key, []).append(person)
    return index


def _owners_lacking(
    requirements: Iterable[tuple[int, int]],
    evidence: Iterable[EvidenceDates],
    names: _Names,
    settings: Settings,
    as_of: date,
) -> list[tuple[tuple[str, int], Finding]]:
    """A role's owner (an active person matched by name or email) without valid evidence, as
    of the date, of a competency the role requires (clause 5.3: the owner must plausibly hold
    the skill)."""
    people_by_name = _people_by_name(names.people.values())
    owners = {
        role.id: owner
        for role in names.roles.values()
        if role.owner.strip() and (owner := owner_of(role, people_by_name)) is not None
    }
    if not owners:
        return []
    owner_ids = {owner.id for owner in owners.values()}
    held: set[tuple[int, int]] = set()
    warning_days = settings.expiry_warning_days
    for _, person_id, competency_id, achieved_on, expires_on in evidence:
        if person_id not in owner_ids or not counts_on(achieved_on, as_of):
            continue
        renewal = names.competencies[competency_id].renewal_months
        expiry = expiry_date(expires_on, achieved_on, renewal)
        if validity_on(expiry, as_of, warning_days) is not Validity.EXPIRED:
            held.add((person_id, competency_id))
    required_by_role: dict[int, list[int]] = {}
    for role_id, competency_id in requirements:
        required_by_role.setdefault(role_id, []).append(competency_id)
    found = []
    for role_id, owner in owners.items():
        role = names.roles[role_id]
        lacking = sorted(
            (c for c in required_by_role.get(role_id, ()) if (owner.id, c) not in held),
            key=names.competency_order.__getitem__,
        )
        if not lacking:
            continue
        listed = ", ".join(names.competencies[c].name for c in lacking)
        finding = Finding(
            FindingKind.OWNER_LACKS_COMPETENCY,
            f"{owner.name}, owner of {role.name}, lacks {listed} that the role requires",
            "Record the owner's evidence of these competencies, plan an action for them, or "
            "name an owner who holds them.",
            (names.role(role), names.person(owner), *(names.competency(c) for c in lacking)),
        )
        found.append((_key(role.name, role.id), finding))
    return found
