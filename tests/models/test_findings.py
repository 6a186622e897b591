"""The findings an auditor would raise, each rule at its boundaries, their order and a sample."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import pytest

from compdesk.models.findings import (
    Finding,
    FindingKind,
    RecordKind,
    RecordRef,
    find_findings,
    restricted_to,
)
from compdesk.models.records import (
    Action,
    ActionStatus,
    ActionType,
    Attachment,
    Attendance,
    Competency,
    Effectiveness,
    Evidence,
    EvidenceKind,
    Level,
    Person,
    PersonType,
    Role,
    Route,
    Settings,
    TrainingSession,
)

AS_OF = date(2026, 11, 25)
DAY = timedelta(days=1)
DEVELOPER = Role(1, "Developer", last_reviewed=date(2026, 6, 1))
POLICY = Competency(10, "Security policy", Level.BASIC, renewal_months=None)
CODING = Competency(11, "Secure coding", Level.ROLE_SPECIFIC, renewal_months=12)
LONG_AGO = date(2020, 1, 6)


def person(person_id: int, name: str, **values: object) -> Person:
    values.setdefault("start_date", LONG_AGO)
    values.setdefault("role_ids", (DEVELOPER.id,))
    email = f"{name.split()[0].lower()}@example.com"
    return replace(Person(person_id, name, email), **values)  # type: ignore[arg-type]


def evidence(
    evidence_id: int,
    who: Person,
    competency: Competency,
    achieved_on: date | None = date(2026, 3, 1),
    *,
    with_file: bool = True,
    **values: object,
) -> Evidence:
    files = (Attachment(evidence_id, evidence_id, "proof.pdf", "0" * 64, 10),) if with_file else ()
    record = Evidence(
        evidence_id,
        who.id,
        competency.id,
        EvidenceKind.CERTIFICATE,
        Route.TRAINING,
        achieved_on=achieved_on,
        attachments=files,
    )
    return replace(record, **values)  # type: ignore[arg-type]


def action(action_id: int, who: Person, **values: object) -> Action:
    return replace(Action(action_id, who.id, CODING.id, ActionType.TRAINING), **values)  # type: ignore[arg-type]


@dataclass
class Organisation:
    """A small document's records; by default Ana holds both of the Developer's competencies."""

    people: list[Person] = field(default_factory=lambda: [person(1, "Ana Ruiz")])
    roles: list[Role] = field(default_factory=lambda: [DEVELOPER])
    competencies: list[Competency] = field(default_factory=lambda: [POLICY, CODING])
    requirements: set[tuple[int, int]] = field(
        default_factory=lambda: {(DEVELOPER.id, POLICY.id), (DEVELOPER.id, CODING.id)}
    )
    # None: each person has evidence of both competencies.
    evidence: list[Evidence] | None = None
    actions: list[Action] = field(default_factory=list)
    settings: Settings = field(default_factory=Settings)
    sessions: list[TrainingSession] = field(default_factory=list)
    attendance: list[Attendance] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.evidence is None:
            self.evidence = [
                evidence(100 + 2 * offset + number, who, competency)
                for offset, who in enumerate(self.people)
                for number, competency in enumerate((POLICY, CODING))
            ]

    def findings(self, as_of: date = AS_OF) -> tuple[Finding, ...]:
        return find_findings(
            people=self.people,
            roles=self.roles,
            competencies=self.competencies,
            requirements=self.requirements,
            evidence=[
                (e.id, e.person_id, e.competency_id, e.achieved_on, e.expires_on)
                for e in self.evidence or ()
            ],
            evidence_without_files=[e for e in self.evidence or () if not e.attachments],
            actions=self.actions,
            settings=self.settings,
            as_of=as_of,
            evidence_versions={
                e.id: e.document_version for e in self.evidence or () if e.document_version
            },
            sessions=self.sessions,
            attendance=self.attendance,
        )

    def of_kind(self, kind: FindingKind, as_of: date = AS_OF) -> list[Finding]:
        return [f for f in self.findings(as_of) if f.kind is kind]


def kinds(findings: Sequence[Finding]) -> list[FindingKind]:
    return [f.kind for f in findings]


def test_a_complete_record_has_no_findings() -> None:
    assert Organisation().findings() == ()


def test_kinds_have_a_heading_and_a_clause() -> None:
    assert FindingKind.COMPLETION_BELOW_TARGET.title == "Completion below target"
    assert FindingKind.OWNER_LACKS_COMPETENCY.clause == "5.3"
    assert FindingKind.ONBOARDING_LATE.clause == "A 6.3"
    assert FindingKind.REVIEW_OVERDUE.clause == "7.2 a"
    assert all(kind.clause for kind in FindingKind)


# ---- completion -----------------------------------------------------------------------------


def twenty_developers(meeting_coding: int) -> Organisation:
    people = [person(i, f"Person {i:02}") for i in range(1, 21)]
    records = [evidence(100 + p.id, p, POLICY) for p in people]
    records += [evidence(200 + p.id, p, CODING) for p in people[:meeting_coding]]
    return Organisation(people=people, evidence=records)


def test_completion_exactly_at_the_target_is_not_a_finding() -> None:
    assert twenty_developers(19).of_kind(FindingKind.COMPLETION_BELOW_TARGET) == []


def test_completion_below_the_target_names_the_competency_and_who_has_not_met_it() -> None:
    (finding,) = twenty_developers(18).of_kind(FindingKind.COMPLETION_BELOW_TARGET)

    assert finding.summary == (
        "Secure coding is met by 18 of the 20 people who need it (90 %; target 95 %); "
        "not met by Person 19 and Person 20"
    )
    assert finding.records[0] == RecordRef(RecordKind.COMPETENCY, CODING.id, "Secure coding")
    assert finding.people_ids() == {19, 20}
    assert "95 %" in finding.advice


def test_completion_follows_the_documents_target() -> None:
    organisation = twenty_developers(18)
    organisation.settings = Settings(completion_target=0.9)

    assert organisation.of_kind(FindingKind.COMPLETION_BELOW_TARGET) == []


def test_completion_just_below_the_target_never_shows_as_the_target() -> None:
    organisation = twenty_developers(18)
    organisation.settings = Settings(completion_target=0.91)

    (finding,) = organisation.of_kind(FindingKind.COMPLETION_BELOW_TARGET)
    assert "(90 %; target 91 %)" in finding.summary


def test_a_long_list_of_people_is_cut_in_the_summary_but_kept_in_the_records() -> None:
    (finding,) = twenty_developers(0).of_kind(FindingKind.COMPLETION_BELOW_TARGET)

    assert finding.summary.endswith("Person 10 and 10 more")
    assert len(finding.people_ids()) == 20


# ---- actions --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "overdue"),
    [(AS_OF + DAY, False), (AS_OF, False), (AS_OF - DAY, True)],
    ids=["due tomorrow", "due today", "due yesterday"],
)
def test_an_action_is_overdue_from_the_day_after_its_due_date(due: date, overdue: bool) -> None:
    ana = person(1, "Ana Ruiz")
    organisation = Organisation(actions=[action(7, ana, due_date=due, owner="Ben Ode")])

    found = organisation.of_kind(FindingKind.ACTION_OVERDUE)

    assert len(found) == overdue
    if overdue:
        assert found[0].summary == (
            "Training for Secure coding, Ana Ruiz: planned, due 2026-11-24, 1 day overdue "
            "(owner: Ben Ode)"
        )
        assert found[0].records[0] == RecordRef(RecordKind.ACTION, 7, "Training for Secure coding")


@pytest.mark.parametrize(
    ("status", "effectiveness", "raised"),
    [
        (ActionStatus.DONE, Effectiveness.NOT_YET_EVALUATED, True),
        (ActionStatus.DONE, Effectiveness.PARTLY, False),
        (ActionStatus.CANCELLED, Effectiveness.NOT_YET_EVALUATED, False),
        (ActionStatus.IN_PROGRESS, Effectiveness.NOT_YET_EVALUATED, False),
    ],
)
def test_a_done_action_never_evaluated_is_a_finding(
    status: ActionStatus, effectiveness: Effectiveness, raised: bool
) -> None:
    ana = person(1, "Ana Ruiz")
    done = action(
        7,
        ana,
        status=status,
        effectiveness=effectiveness,
        completed_on=date(2026, 10, 1),
        description="OWASP course",
    )

    found = Organisation(actions=[done]).of_kind(FindingKind.ACTION_NOT_EVALUATED)

    assert len(found) == raised
    if raised:
        assert found[0].summary == (
            "Training for Secure coding (OWASP course), Ana Ruiz: done on 2026-10-01 but never "
            "evaluated"
        )


def test_a_done_and_overdue_action_is_only_not_evaluated() -> None:
    ana = person(1, "Ana Ruiz")
    done = action(7, ana, status=ActionStatus.DONE, due_date=AS_OF - 30 * DAY)

    assert kinds(Organisation(actions=[done]).findings()) == [FindingKind.ACTION_NOT_EVALUATED]


# ---- role reviews ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("last_reviewed", "raised"),
    [(date(2025, 11, 26), False), (date(2025, 11, 25), False), (date(2025, 11, 24), True)],
    ids=["less than a year ago", "exactly a year ago", "a year and a day ago"],
)
def test_a_role_is_overdue_for_review_after_its_interval(last_reviewed: date, raised: bool) -> None:
    role = replace(DEVELOPER, last_reviewed=last_reviewed)

    found = Organisation(roles=[role]).of_kind(FindingKind.REVIEW_OVERDUE)

    assert len(found) == raised
    if raised:
        assert found[0].summary == (
            "The requirements of Developer were last reviewed 2025-11-24; the next review was "
            "due 2026-11-24"
        )
        assert found[0].records == (RecordRef(RecordKind.ROLE, 1, "Developer"),)


def test_a_role_never_reviewed_is_a_finding_and_one_without_interval_is_not() -> None:
    never = Role(2, "Auditor")
    no_interval = Role(3, "Board", last_reviewed=date(2019, 1, 1), review_interval_months=None)

    found = Organisation(roles=[DEVELOPER, never, no_interval]).of_kind(FindingKind.REVIEW_OVERDUE)

    assert [f.summary for f in found] == ["The requirements of Auditor were never reviewed"]


# ---- missing or expired required competencies ---------------------------------------------


def test_missing_and_expired_competencies_are_one_finding_per_person() -> None:
    ana = person(1, "Ana Ruiz")
    expired = evidence(101, ana, CODING, achieved_on=date(2025, 1, 10))

    (finding,) = Organisation(evidence=[expired]).of_kind(FindingKind.COMPETENCY_MISSING)

    assert finding.summary == (
        "Ana Ruiz (Developer) lacks Security policy (missing), Secure coding (expired 2026-01-10)"
    )
    assert [r.kind for r in finding.records] == [
        RecordKind.PERSON,
        RecordKind.COMPETENCY,
        RecordKind.COMPETENCY,
    ]


def test_a_planned_gap_and_a_gap_in_its_grace_are_not_missing() -> None:
    ana = person(1, "Ana Ruiz")
    starter = person(2, "Ben Ode", start_date=AS_OF - 3 * DAY)
    planned = action(7, ana, competency_id=POLICY.id, due_date=AS_OF + 10 * DAY)
    records = [evidence(101, ana, CODING)]

    organisation = Organisation(people=[ana, starter], evidence=records, actions=[planned])

    assert organisation.of_kind(FindingKind.COMPETENCY_MISSING) == []


def test_leavers_and_people_not_yet_started_raise_nothing() -> None:
    leaver = person(1, "Ana Ruiz", end_date=AS_OF - DAY, type=PersonType.CONTRACTOR)
    future = person(2, "Ben Ode", start_date=AS_OF + DAY)
    overdue = action(7, leaver, due_date=AS_OF - 10 * DAY)

    organisation = Organisation(
        people=[leaver, future],
        evidence=[evidence(1, leaver, POLICY, with_file=False)],
        actions=[overdue],
    )

    assert organisation.findings() == ()


# ---- contractors and evidence files ----------------------------------------------------------


@pytest.mark.parametrize("kind", [PersonType.CONTRACTOR, PersonType.THIRD_PARTY])
def test_a_contractor_or_third_party_without_any_evidence_is_a_finding(kind: PersonType) -> None:
    ana, outsider = person(1, "Ana Ruiz"), person(2, "Ben Ode", type=kind, role_ids=())
    records = [evidence(1, ana, POLICY), evidence(2, ana, CODING)]
    organisation = Organisation(people=[ana, outsider], evidence=records)

    (finding,) = organisation.of_kind(FindingKind.NO_EVIDENCE_AT_ALL)

    assert finding.summary == f"Ben Ode ({kind.value}) has no evidence of competence at all"
    assert finding.people_ids() == {2}


def test_an_employee_without_evidence_or_a_contractor_with_some_is_not_that_finding() -> None:
    employee = person(1, "Ana Ruiz", role_ids=())
    contractor = person(2, "Ben Ode", type=PersonType.CONTRACTOR, role_ids=())
    records = [evidence(1, contractor, POLICY, achieved_on=date(2019, 1, 1))]

    organisation = Organisation(people=[employee, contractor], evidence=records)

    assert organisation.of_kind(FindingKind.NO_EVIDENCE_AT_ALL) == []


def test_evidence_achieved_after_the_date_is_not_yet_evidence() -> None:
    contractor = person(2, "Ben Ode", type=PersonType.CONTRACTOR, role_ids=())
    later = evidence(1, contractor, POLICY, achieved_on=AS_OF + DAY, with_file=False)

    found = Organisation(people=[contractor], evidence=[later]).findings()

    assert kinds(found) == [FindingKind.NO_EVIDENCE_AT_ALL]


def test_evidence_without_a_file_is_one_finding_per_record() -> None:
    ana = person(1, "Ana Ruiz")
    records = [
        evidence(1, ana, POLICY, with_file=False, kind=EvidenceKind.ATTENDANCE_LIST),
        evidence(2, ana, CODING, with_file=False, title="OWASP Top 10"),
    ]

    found = Organisation(evidence=records).of_kind(FindingKind.EVIDENCE_WITHOUT_FILE)

    assert [f.summary for f in found] == [
        "Attendance list · Security policy of 2026-03-01, Ana Ruiz: no file attached",
        "Certificate · Secure coding (OWASP Top 10) of 2026-03-01, Ana Ruiz: no file attached",
    ]
    assert found[0].records[0] == RecordRef(
        RecordKind.EVIDENCE, 1, "Attendance list · Security policy"
    )


# ---- onboarding -----------------------------------------------------------------------------

START = date(2026, 11, 2)  # the grace of 7 days ends 2026-11-09


@pytest.mark.parametrize(
    ("met_on", "late"),
    [(START + 7 * DAY, False), (START + 8 * DAY, True), (START - 30 * DAY, False)],
    ids=["on the grace's last day", "the day after", "before the start"],
)
def test_onboarding_is_late_when_met_after_the_grace(met_on: date, late: bool) -> None:
    starter = person(1, "Ana Ruiz", start_date=START)
    records = [evidence(1, starter, POLICY, met_on), evidence(2, starter, CODING, START)]

    found = Organisation(people=[starter], evidence=records).of_kind(FindingKind.ONBOARDING_LATE)

    assert len(found) == late
    if late:
        assert found[0].summary == (
            "Ana Ruiz started 2026-11-02, onboarding due by 2026-11-09: "
            "Security policy met 2026-11-10"
        )


@pytest.mark.parametrize(
    ("as_of", "late"),
    [(START + 7 * DAY, False), (START + 8 * DAY, True)],
    ids=["on the grace's last day", "the day after"],
)
def test_unmet_onboarding_is_late_once_the_grace_has_passed(as_of: date, late: bool) -> None:
    starter = person(1, "Ana Ruiz", start_date=START)
    records = [evidence(2, starter, CODING, START)]

    found = Organisation(people=[starter], evidence=records).of_kind(
        FindingKind.ONBOARDING_LATE, as_of
    )

    assert len(found) == late
    if late:
        assert found[0].summary.endswith(": Security policy not met")


@pytest.mark.parametrize(
    ("start", "raised"),
    [(date(2025, 11, 26), True), (date(2025, 11, 25), False)],
    ids=["within twelve months", "exactly twelve months before"],
)
def test_only_starters_of_the_last_twelve_months_are_checked(start: date, raised: bool) -> None:
    starter = person(1, "Ana Ruiz", start_date=start)
    records = [evidence(1, starter, POLICY, start + 60 * DAY), evidence(2, starter, CODING, start)]

    found = Organisation(people=[starter], evidence=records).of_kind(FindingKind.ONBOARDING_LATE)

    assert len(found) == raised


# ---- role owners ----------------------------------------------------------------------------


@pytest.mark.parametrize("owner", ["  ana   RUIZ ", "Ana@Example.com"])
def test_a_role_owner_matched_by_name_or_email_who_lacks_a_competency(owner: str) -> None:
    ana = person(1, "Ana Ruiz", role_ids=())
    role = replace(DEVELOPER, owner=owner)

    found = Organisation(people=[ana], roles=[role], evidence=[evidence(1, ana, POLICY)]).of_kind(
        FindingKind.OWNER_LACKS_COMPETENCY
    )

    (finding,) = found
    assert finding.summary == (
        "Ana Ruiz, owner of Developer, lacks Secure coding that the role requires"
    )
    assert finding.records == (
        RecordRef(RecordKind.ROLE, 1, "Developer"),
        RecordRef(RecordKind.PERSON, 1, "Ana Ruiz"),
        RecordRef(RecordKind.COMPETENCY, CODING.id, "Secure coding"),
    )


@pytest.mark.parametrize(
    ("owner", "coding_achieved"),
    [
        ("Ana Ruiz", date(2026, 3, 1)),  # holds both
        ("Ana Ruiz", AS_OF - DAY * 365),  # expires 2026-11-25: valid through the day
        ("Dana Scully", date(2019, 1, 1)),  # names no one in the document
        ("", date(2019, 1, 1)),
    ],
    ids=["holds them", "valid through the date", "no such person", "no owner"],
)
def test_no_owner_finding_when_the_owner_holds_the_competencies_or_is_unknown(
    owner: str, coding_achieved: date
) -> None:
    ana = person(1, "Ana Ruiz")
    records = [evidence(1, ana, POLICY), evidence(2, ana, CODING, coding_achieved)]

    organisation = Organisation(
        people=[ana], roles=[replace(DEVELOPER, owner=owner)], evidence=records
    )

    assert organisation.of_kind(FindingKind.OWNER_LACKS_COMPETENCY) == []


def test_an_owner_whose_evidence_expired_the_day_before_lacks_it() -> None:
    ana = person(1, "Ana Ruiz")
    records = [evidence(1, ana, POLICY), evidence(2, ana, CODING, AS_OF - DAY * 366)]

    organisation = Organisation(
        people=[ana], roles=[replace(DEVELOPER, owner="Ana Ruiz")], evidence=records
    )

    assert len(organisation.of_kind(FindingKind.OWNER_LACKS_COMPETENCY)) == 1


def test_an_owner_name_two_people_share_is_not_matched() -> None:
    twins = [person(1, "Ana Ruiz", role_ids=()), person(2, "Ana Ruiz", role_ids=())]
    twins[1] = replace(twins[1], email="ana.other@example.com")

    organisation = Organisation(
        people=twins, roles=[replace(DEVELOPER, owner="Ana Ruiz")], evidence=[]
    )

    assert organisation.of_kind(FindingKind.OWNER_LACKS_COMPETENCY) == []


# ---- order and samples ----------------------------------------------------------------------


def untidy_organisation() -> Organisation:
    """Zoë lacks everything, émile has an overdue action, Ana's evidence has no file."""
    ana, zoe, emile = person(3, "Ana Ruiz"), person(1, "Zoë Ng"), person(2, "émile Roux")
    records = [
        evidence(1, ana, POLICY, with_file=False),
        evidence(2, ana, CODING),
        evidence(3, emile, POLICY),
        evidence(4, emile, CODING),
    ]
    return Organisation(
        people=[ana, zoe, emile],
        roles=[DEVELOPER, Role(2, "Auditor")],
        evidence=records,
        actions=[action(9, emile, due_date=AS_OF - DAY)],
    )


def test_findings_come_in_kind_order_then_by_name() -> None:
    found = untidy_organisation().findings()

    assert [(f.kind, sorted(f.people_ids())) for f in found] == [
        (FindingKind.COMPLETION_BELOW_TARGET, [1]),
        (FindingKind.COMPLETION_BELOW_TARGET, [1]),
        (FindingKind.ACTION_OVERDUE, [2]),
        (FindingKind.REVIEW_OVERDUE, []),
        (FindingKind.COMPETENCY_MISSING, [1]),
        (FindingKind.EVIDENCE_WITHOUT_FILE, [3]),
    ]
    assert found[0].summary.startswith("Secure coding")  # "Secure…" before "Security…"


def test_a_sample_keeps_findings_about_no_one_and_only_its_own_peoples() -> None:
    found = untidy_organisation().findings()

    sampled = restricted_to(found, {3})

    assert kinds(sampled) == [
        FindingKind.COMPLETION_BELOW_TARGET,
        FindingKind.COMPLETION_BELOW_TARGET,
        FindingKind.REVIEW_OVERDUE,
        FindingKind.EVIDENCE_WITHOUT_FILE,
    ]
    assert sampled[0].summary == (
        "Secure coding is met by 2 of the 3 people who need it (66 %; target 95 %); "
        "not met by 1 person"
    )
    assert all(not (f.people_ids() - {3}) for f in sampled)
    assert not any("Zoë" in f.summary or "émile" in f.summary for f in sampled)
    assert not any("Zoë" in r.label for f in sampled for r in f.records)


def test_a_sample_with_everyone_changes_nothing() -> None:
    found = untidy_organisation().findings()

    assert restricted_to(found, {1, 2, 3}) == found
