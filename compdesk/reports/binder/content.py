"""What the binder shows, gathered once from the document through its area managers.

Every section draws from one `BinderContent`: the binder's people only (a sample leaves the
others out of every part), the gap matrix of exactly those people, the findings and onboarding
records restricted to them, and the hashes the cover prints.

The evidence index hash (see docs/architecture.md, "The audit binder"): the SHA-256 of the
UTF-8 text with one line `<attachment sha256> <evidence id> <file name>\\n` per attachment of the
binder's people, the lines sorted as byte strings.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from compdesk.models.gaps import GapMatrix, compute_matrix
from compdesk.models.records import (
    Action,
    ActionState,
    Attachment,
    Attendance,
    Competency,
    Drill,
    DrillResult,
    Evidence,
    EvidenceDates,
    Person,
    Role,
    Settings,
    TrainingSession,
)
from compdesk.reports.binder.options import BinderOptions, choose_people
from compdesk.storage import CHUNK_SIZE, Store
from compdesk.storage.findings import AuditRows

if TYPE_CHECKING:
    from compdesk.models.findings import Finding
    from compdesk.models.metrics import Metrics
    from compdesk.models.onboarding import OnboardingRecord
    from compdesk.reports.binder.appendix import AppendixItem


@dataclass(frozen=True)
class BinderContent:
    options: BinderOptions
    as_of: date
    organisation: str
    isms_scope: str
    prepared_by: str
    document_name: str
    document_sha256: str
    evidence_index_sha256: str
    change_log_head: str
    settings: Settings
    # Sorted by name.
    roles: tuple[Role, ...]
    # In the matrix's order.
    competencies: tuple[Competency, ...]
    # (role id, competency id)
    requirements: frozenset[tuple[int, int]]
    # Its people are exactly the binder's people.
    matrix: GapMatrix
    # The binder's people (active on the date, chosen), by name.
    people: tuple[Person, ...]
    # Each person's evidence, with attachments: by competency in matrix order, newest first.
    evidence_by_person: Mapping[int, tuple[Evidence, ...]]
    # Of the binder's people.
    actions: tuple[Action, ...]
    # Restricted to the binder's people.
    findings: tuple[Finding, ...]
    # Of the binder's people.
    onboarding: tuple[OnboardingRecord, ...]
    # Held up to the as-of date, oldest first; only sessions with one of the binder's people.
    sessions: tuple[TrainingSession, ...] = ()
    # Of the binder's people on those sessions.
    attendance: tuple[Attendance, ...] = ()
    # Held up to the as-of date, oldest first.
    drills: tuple[Drill, ...] = ()
    # Of the binder's people.
    drill_results: tuple[DrillResult, ...] = ()
    # The figures of the binder's people as of the date and a year before it (the management
    # review's trend); None in the matrix-only content.
    metrics: Metrics | None = None
    previous_metrics: Metrics | None = None
    # () without the appendix.
    appendix: tuple[AppendixItem, ...] = ()
    # Attachment id → binder page (1-based) where it starts; absent: not reproduced (embedded,
    # or no appendix).
    appendix_pages: Mapping[int, int] = field(default_factory=dict)
    # The number of change-log entries up to and including `change_log_head`.
    change_log_length: int = 0

    def role(self, role_id: int) -> Role:
        return self._roles_by_id[role_id]

    def competency(self, competency_id: int) -> Competency:
        return self._competencies_by_id[competency_id]

    def person(self, person_id: int) -> Person:
        return self._people_by_id[person_id]

    # Sections look records up by id thousands of times: each table is made once, on first use
    # (cached_property writes the instance's __dict__, which a frozen dataclass allows).
    @cached_property
    def _roles_by_id(self) -> dict[int, Role]:
        return {role.id: role for role in self.roles}

    @cached_property
    def _competencies_by_id(self) -> dict[int, Competency]:
        return {competency.id: competency for competency in self.competencies}

    @cached_property
    def _people_by_id(self) -> dict[int, Person]:
        return {person.id: person for person in self.people}


class BinderAttachment(NamedTuple):
    """One attachment of the binder's people, with what it is evidence of, in binder order."""

    attachment: Attachment
    evidence: Evidence
    person: Person
    competency: Competency


def binder_attachments(content: BinderContent) -> Iterator[BinderAttachment]:
    """Every attachment of the binder's people in binder order: people by name, then their
    evidence as section 3 lists it, then each record's files in their own order."""
    for person in content.people:
        for evidence in content.evidence_by_person.get(person.id, ()):
            competency = content.competency(evidence.competency_id)
            for attachment in evidence.attachments:
                yield BinderAttachment(attachment, evidence, person, competency)


def evidence_index_text(attachments: Iterable[tuple[Attachment, Evidence]]) -> bytes:
    """The canonical text the evidence index hash is taken of (module docstring)."""
    lines = sorted(
        f"{attachment.sha256} {evidence.id} {attachment.file_name}\n".encode()
        for attachment, evidence in attachments
    )
    return b"".join(lines)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK_SIZE):
            digest.update(chunk)
    return digest.hexdigest()


def gather_content(store: Store, options: BinderOptions) -> BinderContent:
    """The binder's content as of `options.as_of`; InputError for options naming no one known."""
    # Imported here: the findings rules are only needed once a binder is built.
    from compdesk.models.findings import restricted_to

    as_of = options.as_of
    content, rows = _matrix_content(store, options)
    people_ids = frozenset(person.id for person in content.people)
    evidence_records = store.evidence.list()
    evidence_by_person = _evidence_by_person(evidence_records, people_ids, content.competencies)
    actions = tuple(store.actions.list())
    training = _Training(
        sessions=tuple(store.training.sessions(until=as_of)),
        attendance=tuple(store.training.attendance()),
    )
    # The findings and onboarding records are of the whole document (then restricted to the
    # binder's people), from the rows the matrix and the lists above have already read.
    audit = AuditRows(
        as_of=as_of,
        people=rows.document_people,
        roles=content.roles,
        competencies=content.competencies,
        requirements=content.requirements,
        evidence=rows.document_evidence,
        evidence_versions=rows.evidence_versions,
        fixed_since=rows.fixed_since,
        settings=content.settings,
        evidence_without_files=tuple(e for e in evidence_records if not e.attachments),
        actions=actions,
        sessions=training.sessions,
        attendance=training.attendance,
    )
    head_hash, head_length = store.change_log.head()
    return replace(
        content,
        document_sha256=file_sha256(store.path),
        evidence_index_sha256=hashlib.sha256(
            evidence_index_text(
                (attachment, evidence)
                for records in evidence_by_person.values()
                for evidence in records
                for attachment in evidence.attachments
            )
        ).hexdigest(),
        change_log_head=head_hash,
        change_log_length=head_length,
        evidence_by_person=evidence_by_person,
        actions=tuple(a for a in actions if a.person_id in people_ids),
        findings=restricted_to(store.findings(as_of, audit), people_ids),
        onboarding=tuple(r for r in store.onboarding(as_of, audit) if r.person.id in people_ids),
        **_training_content(store, content, rows, training, people_ids),
    )


class _Training(NamedTuple):
    """The whole document's sessions held up to the binder's date, and all attendance."""

    sessions: tuple[TrainingSession, ...]
    attendance: tuple[Attendance, ...]


class _PeopleRows(NamedTuple):
    """The matrix's inputs of the binder's people, read once for the matrix and the figures,
    and the whole document's people and evidence dates that the findings read."""

    evidence: tuple[EvidenceDates, ...]
    evidence_versions: dict[int, str]
    actions: tuple[ActionState, ...]
    fixed_since: dict[int, date]
    document_people: tuple[Person, ...]
    document_evidence: tuple[EvidenceDates, ...]


def _training_content(
    store: Store,
    content: BinderContent,
    rows: _PeopleRows,
    training: _Training,
    people_ids: frozenset[int],
) -> dict[str, Any]:
    """The sessions, drills and figures of the binder's people (the `BinderContent` fields)."""
    # Imported here: the figures are only needed once a whole binder is built.
    from compdesk.models.dates import add_months
    from compdesk.models.metrics import compute_metrics

    as_of = content.as_of
    attendance = tuple(a for a in training.attendance if a.person_id in people_ids)
    attended_sessions = {a.session_id for a in attendance}
    sessions = tuple(
        sorted(
            (s for s in training.sessions if s.id in attended_sessions),
            key=lambda s: (s.held_on, s.id),
        )
    )
    drills = tuple(
        sorted(
            (d for d in store.drills.all() if d.held_on <= as_of), key=lambda d: (d.held_on, d.id)
        )
    )
    results = tuple(r for r in store.drills.results() if r.person_id in people_ids)

    def figures(day: date) -> Metrics:
        return compute_metrics(
            people=content.people, competencies=content.competencies,
            requirements=content.requirements, evidence=rows.evidence, actions=rows.actions,
            settings=content.settings, as_of=day, sessions=sessions, attendance=attendance,
            drills=drills, drill_results=results, evidence_versions=rows.evidence_versions,
            fixed_since=rows.fixed_since,
        )

    return {
        "sessions": sessions,
        "attendance": attendance,
        "drills": drills,
        "drill_results": results,
        "metrics": figures(as_of),
        "previous_metrics": figures(add_months(as_of, -12)),
    }


def gather_matrix_content(store: Store, options: BinderOptions) -> BinderContent:
    """Only what the matrix section reads (the matrix, its people and competencies, the
    settings, the roles), the hashes left empty: `compdesk matrix --format pdf` prints that
    section alone, and loading every evidence record and finding of a large document for it
    would be waste. `gather_content` completes it."""
    return _matrix_content(store, options)[0]


def _matrix_content(
    store: Store, options: BinderOptions
) -> tuple[BinderContent, _PeopleRows]:
    settings = store.settings.get()
    document_people = tuple(store.people.all())
    people = choose_people(document_people, options)
    people_ids = frozenset(person.id for person in people)
    competencies = tuple(store.competencies.all())
    requirements = frozenset(store.requirements.all())
    evidence, versions = store.evidence.dates_and_versions()
    rows = _PeopleRows(
        evidence=tuple(row for row in evidence if row[1] in people_ids),
        evidence_versions=versions,
        actions=tuple(s for s in store.actions.states() if s.person_id in people_ids),
        fixed_since=store.competencies.fixed_since(),
        document_people=document_people,
        document_evidence=tuple(evidence),
    )
    matrix = compute_matrix(
        people=people,
        competencies=competencies,
        requirements=requirements,
        evidence=rows.evidence,
        actions=rows.actions,
        settings=settings,
        as_of=options.as_of,
        evidence_versions=rows.evidence_versions,
        fixed_since=rows.fixed_since,
    )
    content = BinderContent(
        options=options,
        as_of=options.as_of,
        organisation=settings.organisation,
        isms_scope=settings.isms_scope,
        prepared_by=store.user,
        document_name=store.path.name,
        document_sha256="",
        evidence_index_sha256="",
        change_log_head="",
        settings=settings,
        roles=tuple(sorted(store.roles.all(), key=lambda role: (role.name.casefold(), role.id))),
        competencies=competencies,
        requirements=requirements,
        matrix=matrix,
        people=people,
        evidence_by_person={},
        actions=(),
        findings=(),
        onboarding=(),
    )
    return content, rows


def _evidence_by_person(
    evidence: Iterable[Evidence], people_ids: frozenset[int], competencies: Iterable[Competency]
) -> dict[int, tuple[Evidence, ...]]:
    order = {competency.id: index for index, competency in enumerate(competencies)}
    grouped: dict[int, list[Evidence]] = {person_id: [] for person_id in people_ids}
    for record in evidence:
        if record.person_id in people_ids:
            grouped[record.person_id].append(record)
    # The store lists newest first; a stable sort by competency keeps that within each.
    return {
        person_id: tuple(sorted(records, key=lambda e: order.get(e.competency_id, len(order))))
        for person_id, records in grouped.items()
    }


__all__ = [
    "BinderAttachment",
    "BinderContent",
    "binder_attachments",
    "evidence_index_text",
    "file_sha256",
    "gather_content",
    "gather_matrix_content",
]
