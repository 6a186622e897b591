"""The whole-document rows the findings and the onboarding records are computed from.

`store.findings` and `store.onboarding` compute from one `AuditRows`: each reads it when not
given one, and the binder builds one from the rows it has already read for its matrix and
passes it to both, so that a binder reads the people, evidence, actions and sessions once.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from compdesk.models.records import (
    Action,
    Attendance,
    Competency,
    Evidence,
    EvidenceDates,
    Person,
    Role,
    Settings,
    TrainingSession,
)

if TYPE_CHECKING:
    from compdesk.models.findings import Finding
    from compdesk.models.onboarding import OnboardingRecord


@dataclass(frozen=True, slots=True)
class AuditRows:
    """Every row of the document that the findings rules read, as of one date."""

    as_of: date
    people: tuple[Person, ...]
    roles: tuple[Role, ...]
    competencies: tuple[Competency, ...]
    requirements: Collection[tuple[int, int]]
    evidence: tuple[EvidenceDates, ...]
    evidence_versions: Mapping[int, str]
    fixed_since: Mapping[int, date]
    settings: Settings
    evidence_without_files: tuple[Evidence, ...]
    actions: tuple[Action, ...]
    sessions: tuple[TrainingSession, ...]  # the sessions held up to `as_of`
    attendance: tuple[Attendance, ...]


def findings_of(rows: AuditRows) -> tuple[Finding, ...]:
    """What an auditor would raise about the rows as of their date."""
    # PERF: the findings' rules load when first asked for, not with every document.
    from compdesk.models.findings import find_findings

    return find_findings(
        people=rows.people,
        roles=rows.roles,
        competencies=rows.competencies,
        requirements=rows.requirements,
        evidence=rows.evidence,
        evidence_without_files=rows.evidence_without_files,
        actions=rows.actions,
        settings=rows.settings,
        as_of=rows.as_of,
        evidence_versions=rows.evidence_versions,
        fixed_since=rows.fixed_since,
        sessions=rows.sessions,
        attendance=rows.attendance,
    )


def onboarding_of(rows: AuditRows) -> tuple[OnboardingRecord, ...]:
    """The onboarding record of each active starter of the twelve months up to the rows' date."""
    from compdesk.models.onboarding import find_onboarding

    return find_onboarding(
        people=rows.people,
        competencies=rows.competencies,
        requirements=rows.requirements,
        evidence=rows.evidence,
        settings=rows.settings,
        as_of=rows.as_of,
    )
