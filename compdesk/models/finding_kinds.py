"""The vocabulary of findings: their kinds and clauses, the records behind them, and the names
the rules give those records. `compdesk.models.findings` and `compdesk.models.training_findings`
hold the rules; the window, the command line and the binder import these through
`compdesk.models.findings`.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final, NamedTuple

from compdesk.models.records import Competency, Person, Role


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
    ONBOARDING_AFTER_ACCESS = "onboarding after access was granted"
    RETAKE_MISSING = "session below the pass rate without a retake"
    SUPERSEDED_ACKNOWLEDGEMENT = "acknowledgement of a superseded version"
    OWNER_LACKS_COMPETENCY = "role owner lacks a required competency"
    LEAVER_PAST_RETENTION = "leaver past retention: purge due"

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
    FindingKind.ONBOARDING_AFTER_ACCESS: "A 6.3",
    FindingKind.RETAKE_MISSING: "7.2 c",
    FindingKind.SUPERSEDED_ACKNOWLEDGEMENT: "7.3",
    FindingKind.OWNER_LACKS_COMPETENCY: "5.3",
    # Privacy and protection of personal data (Annex A of ISO/IEC 27001:2022).
    FindingKind.LEAVER_PAST_RETENTION: "A 5.34",
}

# Findings about the organisation rather than anyone in particular: a sample keeps them.
# A session's retake is about its group: it names no one.
ABOUT_NO_ONE: Final = frozenset(
    {FindingKind.COMPLETION_BELOW_TARGET, FindingKind.REVIEW_OVERDUE, FindingKind.RETAKE_MISSING}
)

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


class Names:
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


def sort_key(name: str, record_id: int) -> tuple[str, int]:
    return (name.casefold(), record_id)


def count_people(count: int) -> str:
    return f"{count} {'person' if count == 1 else 'people'}"


def whole_percent(value: float) -> str:
    """A share as whole percent, rounded down: 94.9 % shows as 94 %, never as a 95 % target."""
    return f"{math.floor(value * 100 + 1e-9)} %"
