"""The findings about training itself (issue: training that shows it works), beside the others
of `compdesk.models.findings`, which gathers them.

- Onboarding after access (A 6.3): a starter's onboarding finished more than the access grace
  after their access was granted, or still unfinished then (`models.onboarding`).
- A session without a retake (7.2 c): a session of the twelve months to the as-of date whose
  group pass rate is under `Settings.retake_below` (`models.training`), with no later session
  of the same competency held up to the as-of date.
- An acknowledgement of a superseded version (7.3): a person required to acknowledge a
  document whose latest acknowledgement is of an earlier version, the grace after the new
  version over (`models.acknowledgements`). Inside the grace it still counts: no finding.

Completion of a recurring training below target is the completion finding of
`compdesk.models.findings`: the same rule (a required competency met by fewer than the target),
which the gap engine's renewal (after completion or on a fixed date) already applies.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from compdesk.models.acknowledgements import Acknowledgement, document_acknowledgements
from compdesk.models.finding_kinds import (
    Finding,
    FindingKind,
    Names,
    RecordKind,
    RecordRef,
    sort_key,
    whole_percent,
)
from compdesk.models.gaps import GapMatrix
from compdesk.models.onboarding import OnboardingRecord, recent_since
from compdesk.models.records import Attendance, EvidenceDates, Settings, TrainingSession
from compdesk.models.training import group_result, retake_of

Keyed = list[tuple[tuple[str, int], Finding]]


def onboarding_after_access(onboarding: Iterable[OnboardingRecord], names: Names) -> Keyed:
    found: Keyed = []
    for record in onboarding:
        if not record.after_access:
            continue
        person = record.person
        assert record.access_granted_on is not None and record.access_deadline is not None
        finished = record.finished_on
        when = f"finished {finished.isoformat()}" if finished else "still not finished"
        unmet = [
            item
            for item in record.items
            if item.met_on is None or item.met_on > record.access_deadline
        ]
        finding = Finding(
            FindingKind.ONBOARDING_AFTER_ACCESS,
            f"{person.name} was given access {record.access_granted_on.isoformat()}; onboarding "
            f"was due by {record.access_deadline.isoformat()} and is {when}",
            "Complete the induction before, or within the access grace of, granting a "
            "starter's access, and record both dates.",
            (names.person(person), *(names.competency(item.competency_id) for item in unmet)),
        )
        found.append((sort_key(person.name, person.id), finding))
    return found


def retakes_missing(
    sessions: Iterable[TrainingSession],
    attendance: Iterable[Attendance],
    names: Names,
    settings: Settings,
    as_of: date,
) -> Keyed:
    held = [s for s in sessions if s.held_on <= as_of and s.competency_id in names.competencies]
    attendees: dict[int, list[Attendance]] = {}
    for entry in attendance:
        attendees.setdefault(entry.session_id, []).append(entry)
    since = recent_since(as_of)
    found: Keyed = []
    for session in held:
        if session.held_on < since or retake_of(session, held) is not None:
            continue
        result = group_result(attendees.get(session.id, ()), session.pass_mark)
        if not result.needs_retake(settings.retake_below) or result.pass_rate is None:
            continue
        competency = names.competencies[session.competency_id]
        finding = Finding(
            FindingKind.RETAKE_MISSING,
            f"{competency.name}, session of {session.held_on.isoformat()}: "
            f"{result.passed} of {result.attended} passed ({whole_percent(result.pass_rate)}; retake "
            f"below {whole_percent(settings.retake_below)}) and no later session was held",
            "Hold a retake (or a follow-up session) of the topic for the group, and record "
            "what changed in how it is taught.",
            (names.competency(competency.id),),
        )
        found.append((sort_key(competency.name, session.id), finding))
    return found


def superseded_acknowledgements(
    matrix: GapMatrix,
    evidence: Iterable[EvidenceDates],
    evidence_versions: Mapping[int, str],
    names: Names,
    settings: Settings,
    as_of: date,
) -> Keyed:
    documents = {c.id: c for c in matrix.competencies if c.document_version}
    if not documents:
        return []
    concerned: dict[int, set[int]] = {}
    for person_id, competency_id in matrix.cells:
        if competency_id in documents:
            concerned.setdefault(competency_id, set()).add(person_id)
    acknowledgements: dict[int, list[Acknowledgement]] = {}
    for evidence_id, person_id, competency_id, achieved_on, _ in evidence:
        if competency_id in concerned:
            acknowledgements.setdefault(competency_id, []).append(
                Acknowledgement(
                    evidence_id, person_id, evidence_versions.get(evidence_id, ""), achieved_on
                )
            )
    found: Keyed = []
    for competency_id, people_ids in concerned.items():
        document = documents[competency_id]
        listing = document_acknowledgements(
            competency=document,
            people=(p for p in matrix.people if p.id in people_ids),
            acknowledgements=acknowledgements.get(competency_id, ()),
            settings=settings,
            as_of=as_of,
        )
        for entry in listing.superseded():
            latest = entry.latest
            assert latest is not None  # a superseded state has an acknowledgement
            version = f"version {latest.version}" if latest.version else "no version"
            signed = f" of {latest.achieved_on.isoformat()}" if latest.achieved_on else ""
            published = (
                f" published {document.version_since.isoformat()}" if document.version_since else ""
            )
            label = f"Acknowledgement · {document.name} ({version})"
            finding = Finding(
                FindingKind.SUPERSEDED_ACKNOWLEDGEMENT,
                f"{entry.person.name}: latest acknowledgement of {document.name} is of "
                f"{version}{signed}; the current version is {document.document_version}"
                f"{published}",
                "Have the person read and acknowledge the current version, and record it.",
                (
                    RecordRef(RecordKind.EVIDENCE, latest.evidence_id, label),
                    names.person(entry.person),
                    names.competency(competency_id),
                ),
            )
            found.append((sort_key(entry.person.name, latest.evidence_id), finding))
    return found
