"""Findings: what an auditor would raise about the competence record, as of a date.

Pure functions of the records and a date, shown alike by the window's Findings panel, the
binder's Findings section and `compdesk findings`. Each rule runs in one pass over its records
(thousands of people stay fast) and takes its notion of met, expired, overdue, due for review
or active from `compdesk.models.rules` and the gap engine, so a finding never disagrees with
the matrix.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date

from compdesk.models.finding_kinds import (
    ABOUT_NO_ONE,
    NAMED_IN_SUMMARY,
    Finding,
    FindingKind,
    Names,
    RecordKind,
    RecordRef,
    count_people,
    shared_advice,
    sort_key,
    whole_percent,
)
from compdesk.models.gaps import GapMatrix, GapStatus, compute_matrix
from compdesk.models.onboarding import OnboardingRecord, find_onboarding
from compdesk.models.records import (
    Action,
    ActionState,
    Attendance,
    Competency,
    Evidence,
    EvidenceDates,
    Person,
    PersonType,
    Role,
    Settings,
    TrainingSession,
)
from compdesk.models.retention import due_for_purge
from compdesk.models.rules import (
    Validity,
    awaits_evaluation,
    counts_on,
    days_overdue,
    expiry_date,
    review_state,
    validity_on,
)
from compdesk.models.training_findings import (
    onboarding_after_access,
    retakes_missing,
    superseded_acknowledgements,
)

__all__ = [
    "Finding",
    "FindingKind",
    "RecordKind",
    "RecordRef",
    "evidence_label",
    "find_findings",
    "normalised_name",
    "owner_of",
    "restricted_to",
    "shared_advice",
]


def restricted_to(findings: Iterable[Finding], people_ids: Collection[int]) -> tuple[Finding, ...]:
    """The findings as a sample of people sees them: findings about no one in particular (a
    competency's completion, a role's review) stay, naming only the people in the sample;
    every other finding is about one person and stays only if that person is in it."""
    kept_people = frozenset(people_ids)
    restricted = []
    for finding in findings:
        people = finding.people_ids()
        if finding.kind in ABOUT_NO_ONE:
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
    evidence_versions: Mapping[int, str] | None = None,
    fixed_since: Mapping[int, date] | None = None,
    sessions: Iterable[TrainingSession] = (),
    attendance: Iterable[Attendance] = (),
) -> tuple[Finding, ...]:
    """Every finding as of a date, from the whole document's rows: every person, role,
    competency, requirement, action, the dates of every evidence record (as the gap engine
    takes them, with `evidence_versions` and `fixed_since` as `compute_matrix` does), the
    evidence records that have no attached file, and the training sessions with their
    attendance; in FindingKind order, then by the name of what each is about."""
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
        evidence_versions=evidence_versions,
        fixed_since=fixed_since,
    )
    onboarding = find_onboarding(
        people=matrix.people,
        competencies=competency_list,
        requirements=requirement_pairs,
        evidence=evidence_dates,
        settings=settings,
        as_of=as_of,
    )
    names = Names(matrix.people, roles, competency_list)
    found: list[tuple[tuple[str, int], Finding]] = []
    found += _completion_below_target(matrix, names, settings)
    found += _action_findings(actions, names, as_of)
    found += _reviews_overdue(names.roles.values(), as_of)
    found += _competencies_missing(matrix, names)
    found += _evidence_without_files(evidence_without_files, names, as_of)
    found += _no_evidence_at_all(evidence_dates, names, as_of)
    found += _onboarding_late(onboarding, names)
    found += onboarding_after_access(onboarding, names)
    found += retakes_missing(sessions, attendance, names, settings, as_of)
    found += superseded_acknowledgements(
        matrix, evidence_dates, evidence_versions or {}, names, settings, as_of
    )
    found += _owners_lacking(requirement_pairs, evidence_dates, names, settings, as_of)
    found += _leavers_past_retention(people, settings, as_of)
    kind_order = {kind: index for index, kind in enumerate(FindingKind)}
    found.sort(key=lambda keyed: (kind_order[keyed[1].kind], keyed[0]))
    return tuple(finding for _, finding in found)


def _naming(headline: str, names: Sequence[str], unnamed: int = 0) -> str:
    """The headline and the people it is about: 'X; not met by A, B and 3 more', naming at
    most NAMED_IN_SUMMARY of `names` and counting the `unnamed` (people left out of a sample)."""
    shown = list(names[:NAMED_IN_SUMMARY])
    more = len(names) - len(shown) + unnamed
    if not shown:
        return f"{headline}; not met by {count_people(more)}" if more else headline
    items = [*shown, f"{more} more"] if more else shown
    listed = items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
    return f"{headline}; not met by {listed}"


def _completion_below_target(
    matrix: GapMatrix, names: Names, settings: Settings
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
            f"{competency.name} is met by {met_count} of the {count_people(needed)} who "
            f"{'needs' if needed == 1 else 'need'} it ({whole_percent(met_count / needed)}; target {whole_percent(target)})"
        )
        finding = Finding(
            FindingKind.COMPLETION_BELOW_TARGET,
            _naming(headline, [p.name for p in missing]),
            f"Close the gaps of the people listed, with evidence or an action with a due date, "
            f"until at least {whole_percent(target)} of them meet it.",
            (names.competency(competency_id), *(names.person(p) for p in missing)),
            headline=headline,
        )
        found.append((sort_key(competency.name, competency_id), finding))
    return found


def _action_label(action: Action, competency: Competency) -> str:
    label = f"{action.type.label} for {competency.name}"
    return f"{label} ({action.description})" if action.description else label


def _action_findings(
    actions: Iterable[Action], names: Names, as_of: date
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
        found.append((sort_key(person.name, action.id), finding))
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
        found.append((sort_key(role.name, role.id), finding))
    return found


def _competencies_missing(
    matrix: GapMatrix, names: Names
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
        found.append((sort_key(person.name, person.id), finding))
    return found


def evidence_label(evidence: Evidence, competency: Competency) -> str:
    """How a finding names an evidence record: 'Certificate · ISMS requirements (ISO LI)'."""
    label = f"{evidence.kind.label} · {competency.name}"
    return f"{label} ({evidence.title})" if evidence.title else label


def _evidence_without_files(
    evidence: Iterable[Evidence], names: Names, as_of: date
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
        found.append((sort_key(person.name, record.id), finding))
    return found


def _no_evidence_at_all(
    evidence: Iterable[EvidenceDates], names: Names, as_of: date
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
        found.append((sort_key(person.name, person.id), finding))
    return found


def _onboarding_late(
    onboarding: Iterable[OnboardingRecord], names: Names
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
        found.append((sort_key(person.name, person.id), finding))
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
    names: Names,
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
        found.append((sort_key(role.name, role.id), finding))
    return found


def _leavers_past_retention(
    people: Iterable[Person], settings: Settings, as_of: date
) -> list[tuple[tuple[str, int], Finding]]:
    """Leavers whose personal data is kept longer than the document's retention allows."""
    months = settings.leaver_retention_months
    found = []
    for person in people:
        if not due_for_purge(person, as_of, months):
            continue
        assert person.end_date is not None  # due_for_purge: only leavers
        finding = Finding(
            FindingKind.LEAVER_PAST_RETENTION,
            f"{person.name} left on {person.end_date.isoformat()}: their personal data is kept "
            f"beyond the {months} months set",
            "Purge their personal data (People, Purge personal data…, or compdesk "
            "purge-leaver): their figures stay, anonymous.",
            (RecordRef(RecordKind.PERSON, person.id, person.name),),
        )
        found.append((sort_key(person.name, person.id), finding))
    return found
