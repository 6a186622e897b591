"""The sample organisation behind `compdesk demo`: a small SaaS company with a lived-in record.

Northwind Cloud Ltd has an ISMS manager, developers, DevOps, support, two contractors, a
recent leaver and a new starter; evidence of every kind with real attachments; and gaps in
every state, some with actions at every stage. All dates are relative to an as-of date, so the
demo always looks current, and everything follows from the seed, so the same seed and as-of
date give the same organisation.

Generation happens in two steps: a pure plan (who, which roles, where each required competency
stands) and then writing it through the store in one transaction. Larger organisations
(`people` > 15) add generated people whose attachments come from a small shared pool of files,
so the stored files stay under a megabyte at any size; what grows with the people is their
rows and the change log (one entry per edit, as for any edit).

Lives outside `compdesk.models` because it draws PDFs and images (ReportLab, Pillow).
"""

from __future__ import annotations

import enum
import logging
import random
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Final

from compdesk.models.dates import add_months
from compdesk.models.errors import CancelledError, InputError
from compdesk.models.records import (
    ActionStatus,
    ActionType,
    Effectiveness,
    EvidenceKind,
    Person,
    PersonType,
    Route,
)
from compdesk.models.store import Store
from compdesk.models.templates import (
    ADVANCED,
    BASIC,
    ROLE_SPECIFIC,
    ROLES,
    Template,
    create_document,
)
from compdesk.reports import sample_files

log = logging.getLogger(__name__)

ORGANISATION: Final = "Northwind Cloud Ltd"
ISMS_SCOPE: Final = (
    "Development, operation and support of the Northwind Cloud scheduling platform (SaaS), "
    "including its AWS production environment, the Berlin office and remote staff; "
    "contractors with access to company systems or data are in scope."
)
MAIL_DOMAIN: Final = "northwind-cloud.example"
ISMS_MANAGER: Final = "Zoë Müller"
CTO: Final = "Arjun Mehta"
# How many attendees an attendance list names; the rest are summarised, so the list stays a
# few pages even for a benchmark organisation.
_ATTENDANCE_LIST_NAMES: Final = 300

_REQUIRED_BY_ROLE: Final = {name: required for name, _, required in ROLES}
_RENEWAL_MONTHS: Final = {
    spec.name: spec.renewal_months for spec in (*BASIC, *ROLE_SPECIFIC, *ADVANCED)
}


# ---- the plan -------------------------------------------------------------------------------


class Standing(enum.Enum):
    """Where a person's evidence for one competency stands on the as-of date."""

    CURRENT = "current"  # valid well past the expiry warning window
    EXPIRING = "expiring"  # valid, but expires inside the warning window
    LAPSED_RECENTLY = "lapsed recently"  # expired, still inside the renewal grace
    LAPSED = "lapsed"  # expired, grace long over
    NONE = "none"  # never evidenced


class Document(enum.Enum):
    """Which sample file an evidence record carries."""

    CERTIFICATE = "certificate"
    SCAN = "scanned certificate"
    TRAINING_RECORD = "training record"
    QUIZ = "quiz result"
    CV = "cv"
    CONTRACT = "contract"
    REPORT = "report"


@dataclass(frozen=True, slots=True)
class Recipe:
    """How a person usually evidences a competency when no shared event covers it."""

    kind: EvidenceKind
    route: Route
    title: str
    issuer: str
    document: Document
    # External certificates carry their own expiry; everything else follows the renewal
    # interval of its competency.
    validity_months: int | None = None


@dataclass(frozen=True, slots=True)
class ActionPlan:
    type: ActionType
    description: str
    owner: str
    due_in_days: int  # relative to the as-of date; negative is in the past
    status: ActionStatus = ActionStatus.PLANNED
    completed_days_ago: int | None = None
    effectiveness: Effectiveness = Effectiveness.NOT_YET_EVALUATED
    evaluation: str = ""
    evaluated_days_ago: int | None = None


@dataclass(frozen=True, slots=True)
class CellPlan:
    standing: Standing = Standing.CURRENT
    actions: tuple[ActionPlan, ...] = ()
    recipe: Recipe | None = None  # instead of the competency's usual evidence
    achieved_days_ago: int | None = None  # pins the evidence date (to an action, a degree)
    score: float | None = None
    notes: str = ""

    @property
    def is_plain_current(self) -> bool:
        """Current and not told otherwise: eligible to be evidenced by a shared event."""
        return (
            self.standing is Standing.CURRENT
            and self.recipe is None
            and self.achieved_days_ago is None
        )


_CURRENT: Final = CellPlan()


@dataclass(frozen=True, slots=True)
class PersonPlan:
    name: str
    email: str
    job_title: str
    roles: tuple[str, ...]
    start_date: date
    end_date: date | None = None
    type: PersonType = PersonType.EMPLOYEE
    notes: str = ""
    cells: dict[str, CellPlan] = field(default_factory=dict)
    # The fifteen people of the story get documents with their own names; generated people
    # share a pool of files, which keeps benchmark documents small.
    personal_files: bool = True
    company: str = ""  # a contractor's own firm

    @property
    def required(self) -> tuple[str, ...]:
        names: dict[str, None] = {}
        for role in self.roles:
            names.update(dict.fromkeys(_REQUIRED_BY_ROLE[role]))
        return tuple(names)

    def cell(self, competency: str) -> CellPlan:
        return self.cells.get(competency, _CURRENT)

    def reference_date(self, as_of: date) -> date:
        """The last day this person's record grows: the as-of date, or their leaving date."""
        return min(as_of, self.end_date) if self.end_date is not None else as_of

    def employed_on(self, day: date) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)


@dataclass(frozen=True, slots=True)
class Occurrence:
    days_ago: int
    name: str = ""


@dataclass(frozen=True, slots=True)
class Event:
    """Something many employees took part in: one shared file evidences all of them."""

    key: str
    competencies: tuple[str, ...]
    kind: EvidenceKind
    title: str  # may use {name} and {year}
    issuer: str
    minutes: int
    occurrences: tuple[Occurrence, ...]  # latest first

    def held_on(self, index: int, as_of: date) -> date:
        return as_of - timedelta(days=self.occurrences[index].days_ago)

    def title_for(self, index: int, as_of: date) -> str:
        occurrence = self.occurrences[index]
        return self.title.format(name=occurrence.name, year=self.held_on(index, as_of).year)


# The dates keep every latest occurrence valid for more than the 30-day warning window and
# every earlier one expired beyond the 30-day renewal grace, whatever the as-of date.
EVENTS: Final = (
    Event(
        "awareness",
        ("Data handling", "Security policy"),
        EvidenceKind.ATTENDANCE_LIST,
        "Annual security awareness session {year}",
        f"{ISMS_MANAGER} (ISMS manager)",
        60,
        (Occurrence(150), Occurrence(515)),
    ),
    Event(
        "phishing",
        ("Phishing recognition",),
        EvidenceKind.DRILL_RESULT,
        "Phishing drill “{name}”: reported the simulated e-mail",
        "Northwind Cloud IT / security",
        0,
        (Occurrence(40, "Parcel delivery notice"), Occurrence(131, "Shared invoice")),
    ),
    Event(
        "incident",
        ("Incident reporting",),
        EvidenceKind.DRILL_RESULT,
        "Incident drill “{name}”: reported within the 15-minute target",
        "Northwind Cloud IT / security",
        45,
        (
            Occurrence(95, "Lost laptop at the airport"),
            Occurrence(460, "Ransom note on a shared drive"),
        ),
    ),
    Event(
        "supervisors",
        ("Security leadership for supervisors",),
        EvidenceKind.ATTENDANCE_LIST,
        "Supervisor workshop: onboarding, offboarding and access reviews",
        "Bright Lane Consulting",
        120,
        (Occurrence(200),),
    ),
)
_EVENT_BY_COMPETENCY: Final = {c: event for event in EVENTS for c in event.competencies}

_LMS: Final = "SecureStart Academy"
RECIPES: Final = {
    "Passwords and MFA": Recipe(
        EvidenceKind.TRAINING_RECORD,
        Route.TRAINING,
        "E-learning: passwords, password manager and MFA",
        _LMS,
        Document.TRAINING_RECORD,
    ),
    "Phishing recognition": Recipe(
        EvidenceKind.TRAINING_RECORD,
        Route.TRAINING,
        "E-learning: spotting and reporting phishing",
        _LMS,
        Document.TRAINING_RECORD,
    ),
    "Data handling": Recipe(
        EvidenceKind.ASSESSMENT,
        Route.TRAINING,
        "Quiz: confidential, internal and public data",
        _LMS,
        Document.QUIZ,
    ),
    "Devices and cloud services": Recipe(
        EvidenceKind.ASSESSMENT,
        Route.TRAINING,
        "Quiz: approved devices and cloud services",
        _LMS,
        Document.QUIZ,
    ),
    "Incident reporting": Recipe(
        EvidenceKind.TRAINING_RECORD,
        Route.TRAINING,
        "E-learning: how to report a security incident",
        _LMS,
        Document.TRAINING_RECORD,
    ),
    "Security policy": Recipe(
        EvidenceKind.TRAINING_RECORD,
        Route.TRAINING,
        "Information security policy read and accepted",
        _LMS,
        Document.TRAINING_RECORD,
    ),
    "Secure coding (OWASP Top 10)": Recipe(
        EvidenceKind.CERTIFICATE,
        Route.TRAINING,
        "OWASP Top 10 for developers",
        "SecureCode Campus",
        Document.CERTIFICATE,
    ),
    "Access-control principles": Recipe(
        EvidenceKind.TRAINING_RECORD,
        Route.TRAINING,
        "Workshop: least privilege and authorisation checks",
        "Northwind Cloud engineering",
        Document.TRAINING_RECORD,
    ),
    "Change management and code review": Recipe(
        EvidenceKind.TRAINING_RECORD,
        Route.TRAINING,
        "Walkthrough: change management and code review process",
        f"{CTO} (CTO)",
        Document.TRAINING_RECORD,
    ),
    "Secure cloud configuration": Recipe(
        EvidenceKind.CERTIFICATE,
        Route.TRAINING,
        "AWS Certified Security - Specialty",
        "Amazon Web Services",
        Document.CERTIFICATE,
        36,
    ),
    "Logging and monitoring": Recipe(
        EvidenceKind.CV,
        Route.EXPERIENCE,
        "CV: running production logging, alerting and on-call",
        "",
        Document.CV,
    ),
    "Backup and recovery": Recipe(
        EvidenceKind.OTHER,
        Route.EXPERIENCE,
        "Restore test protocol: point-in-time recovery of the customer database",
        "Northwind Cloud operations",
        Document.REPORT,
    ),
    "Vulnerability management": Recipe(
        EvidenceKind.TRAINING_RECORD,
        Route.TRAINING,
        "Workshop: vulnerability triage and patch deadlines",
        "Redfort Security",
        Document.TRAINING_RECORD,
    ),
    "Customer data protection": Recipe(
        EvidenceKind.ASSESSMENT,
        Route.TRAINING,
        "Quiz: GDPR and customer data in support tickets",
        _LMS,
        Document.QUIZ,
    ),
    "Security leadership for supervisors": Recipe(
        EvidenceKind.TRAINING_RECORD,
        Route.TRAINING,
        "E-learning: security duties of supervisors",
        _LMS,
        Document.TRAINING_RECORD,
    ),
    "ISO 27001 requirements": Recipe(
        EvidenceKind.CERTIFICATE,
        Route.TRAINING,
        "ISO/IEC 27001:2022 Lead Implementer",
        "Certa Academy",
        Document.CERTIFICATE,
        36,
    ),
    "Risk assessment method": Recipe(
        EvidenceKind.CV,
        Route.EXPERIENCE,
        "CV: information security risk assessments (ISO/IEC 27005)",
        "",
        Document.CV,
    ),
    "Internal audit": Recipe(
        EvidenceKind.CERTIFICATE,
        Route.TRAINING,
        "ISO/IEC 27001:2022 Lead Auditor",
        "Certa Academy",
        Document.CERTIFICATE,
        36,
    ),
    "Reporting to leadership": Recipe(
        EvidenceKind.CV,
        Route.EXPERIENCE,
        "CV: management reviews and reporting to the board",
        "",
        Document.CV,
    ),
}
_CONTRACT_CLAUSE: Final = Recipe(
    EvidenceKind.CONTRACT_CLAUSE,
    Route.TRAINING,
    "Services agreement § 9: security policy and trained staff",
    "",
    Document.CONTRACT,
    24,
)
_DEGREE: Final = Recipe(
    EvidenceKind.CERTIFICATE,
    Route.EDUCATION,
    "MSc Cybersecurity (part-time), module Identity and Access Management",
    "Universidad de Sevilla",
    Document.SCAN,
)
_AWS_SCAN: Final = replace(RECIPES["Secure cloud configuration"], document=Document.SCAN)
_SECURE_CODE_EXERCISE: Final = Recipe(
    EvidenceKind.ASSESSMENT,
    Route.TRAINING,
    "Secure code review exercise (retake)",
    "Northwind Cloud engineering",
    Document.QUIZ,
)

# Who reviewed which role how many days before the as-of date (DevOps is overdue on purpose:
# requirements are to be reviewed at least yearly).
ROLE_REVIEWS: Final = {
    "ISMS manager": (60, ISMS_MANAGER),
    "Developer": (150, CTO),
    "System administrator / DevOps": (420, "Mikko Virtanen"),
    "Supervisor": (90, "Ingrid Halvorsen"),
    "Customer support": (200, "Sophie Laurent"),
}


def _core_people(as_of: date, rng: random.Random) -> list[PersonPlan]:
    """The fifteen people of the story: between them, every status, kind, route and action."""

    def started(days_ago: int, jitter: int = 20) -> date:
        return as_of - timedelta(days=days_ago + rng.randint(-jitter, jitter))

    starter_days = rng.randint(2, 3)
    leaver_end = as_of - timedelta(days=70 + rng.randint(-10, 10))
    return [
        PersonPlan(
            ISMS_MANAGER,
            f"zoe.muller@{MAIL_DOMAIN}",
            "Head of Security and Compliance",
            ("ISMS manager", "Supervisor"),
            started(1650),
            cells={
                "Internal audit": CellPlan(
                    Standing.EXPIRING,
                    actions=(
                        ActionPlan(
                            ActionType.TRAINING,
                            "Lead Auditor recertification: book the exam before the certificate "
                            "lapses",
                            owner=ISMS_MANAGER,
                            due_in_days=14,
                        ),
                    ),
                ),
            },
        ),
        PersonPlan(
            CTO,
            f"arjun.mehta@{MAIL_DOMAIN}",
            "CTO",
            ("Developer", "Supervisor"),
            started(2100),
            cells={
                "Secure coding (OWASP Top 10)": CellPlan(
                    achieved_days_ago=290,
                    actions=(
                        ActionPlan(
                            ActionType.TRAINING,
                            "External OWASP Top 10 course after the penetration test found an "
                            "injection flaw in the booking API",
                            owner=ISMS_MANAGER,
                            due_in_days=-280,
                            status=ActionStatus.DONE,
                            completed_days_ago=290,
                            effectiveness=Effectiveness.EFFECTIVE,
                            evaluation=(
                                "The follow-up penetration test found no OWASP Top 10 issue in his "
                                "services, and a sample of 20 reviewed pull requests was clean."
                            ),
                            evaluated_days_ago=200,
                        ),
                    ),
                ),
                "Phishing recognition": CellPlan(Standing.EXPIRING),
            },
        ),
        PersonPlan(
            "李娜",
            f"li.na@{MAIL_DOMAIN}",
            "Senior Backend Developer",
            ("Developer",),
            started(900),
            cells={
                "Phishing recognition": CellPlan(
                    Standing.LAPSED_RECENTLY,
                    notes="On parental leave during the latest phishing drill.",
                ),
            },
        ),
        PersonPlan(
            "José Ñúñez",
            f"jose.nunez@{MAIL_DOMAIN}",
            "Backend Developer",
            ("Developer",),
            started(700),
            cells={
                "Secure coding (OWASP Top 10)": CellPlan(
                    Standing.LAPSED,
                    actions=(
                        ActionPlan(
                            ActionType.TRAINING,
                            "OWASP Top 10 e-learning refresher (6 of 10 modules done)",
                            owner=CTO,
                            due_in_days=10,
                            status=ActionStatus.IN_PROGRESS,
                        ),
                    ),
                ),
                "Change management and code review": CellPlan(Standing.EXPIRING),
                "Access-control principles": CellPlan(recipe=_DEGREE, achieved_days_ago=200),
            },
        ),
        PersonPlan(
            "Amara Okafor",
            f"amara.okafor@{MAIL_DOMAIN}",
            "Junior Frontend Developer",
            ("Developer",),
            started(180, jitter=5),
            cells={
                "Access-control principles": CellPlan(
                    Standing.NONE,
                    actions=(
                        ActionPlan(
                            ActionType.MENTORING,
                            f"Pair reviews of authorisation checks with {CTO}",
                            owner=CTO,
                            due_in_days=30,
                        ),
                    ),
                ),
                "Secure coding (OWASP Top 10)": CellPlan(
                    recipe=_SECURE_CODE_EXERCISE,
                    achieved_days_ago=40,
                    score=86,
                    actions=(
                        ActionPlan(
                            ActionType.SELF_STUDY,
                            "OWASP Top 10 self-study with the SecureCode Campus videos, then a "
                            "secure code review exercise",
                            owner=CTO,
                            due_in_days=-50,
                            status=ActionStatus.DONE,
                            completed_days_ago=40,
                            effectiveness=Effectiveness.PARTLY,
                            evaluation=(
                                "The retake passed with 86 % (first attempt 72 %), but two of "
                                "her next five pull requests still missed output encoding: "
                                "pairing continues."
                            ),
                            evaluated_days_ago=20,
                        ),
                    ),
                ),
            },
        ),
        PersonPlan(
            "Mikko Virtanen",
            f"mikko.virtanen@{MAIL_DOMAIN}",
            "Lead DevOps Engineer",
            ("System administrator / DevOps", "Developer"),
            started(1500),
            cells={
                "Vulnerability management": CellPlan(
                    Standing.LAPSED,
                    actions=(
                        ActionPlan(
                            ActionType.SELF_STUDY,
                            "Self-study of the vulnerability management runbook",
                            owner=ISMS_MANAGER,
                            due_in_days=-70,
                            status=ActionStatus.DONE,
                            completed_days_ago=60,
                            effectiveness=Effectiveness.NOT_EFFECTIVE,
                            evaluation=(
                                "Not effective: the follow-up review found two critical CVEs "
                                "past the 14-day fix deadline. An external workshop is needed."
                            ),
                            evaluated_days_ago=30,
                        ),
                    ),
                ),
            },
        ),
        PersonPlan(
            "Fatima Al-Sayed",
            f"fatima.al-sayed@{MAIL_DOMAIN}",
            "Site Reliability Engineer",
            ("System administrator / DevOps",),
            started(600),
            cells={
                "Secure cloud configuration": CellPlan(recipe=_AWS_SCAN),
                "Backup and recovery": CellPlan(
                    Standing.NONE,
                    actions=(
                        ActionPlan(
                            ActionType.MENTORING,
                            "Restore drill shadowing Mikko Virtanen: point-in-time recovery of the "
                            "customer database",
                            owner="Mikko Virtanen",
                            due_in_days=-5,
                            status=ActionStatus.DONE,
                            completed_days_ago=6,
                        ),
                    ),
                ),
            },
        ),
        PersonPlan(
            "Sophie Laurent",
            f"sophie.laurent@{MAIL_DOMAIN}",
            "Head of Customer Success",
            ("Customer support", "Supervisor"),
            started(1300),
        ),
        PersonPlan(
            "Kwame Mensah",
            f"kwame.mensah@{MAIL_DOMAIN}",
            "Customer Support Specialist",
            ("Customer support",),
            started(450),
            cells={"Customer data protection": CellPlan(Standing.NONE)},
        ),
        PersonPlan(
            "Ingrid Halvorsen",
            f"ingrid.halvorsen@{MAIL_DOMAIN}",
            "People and Office Manager",
            ("All staff", "Supervisor"),
            started(1000),
            cells={
                "Security leadership for supervisors": CellPlan(
                    Standing.NONE,
                    actions=(
                        ActionPlan(
                            ActionType.TRAINING,
                            "Supervisor security e-learning and a walkthrough of the leaver "
                            "checklist",
                            owner=ISMS_MANAGER,
                            due_in_days=21,
                        ),
                    ),
                ),
            },
        ),
        PersonPlan(
            "Ólafur Jónsson",
            f"olafur.jonsson@{MAIL_DOMAIN}",
            "Account Executive",
            ("All staff",),
            started(800),
            cells={
                "Passwords and MFA": CellPlan(Standing.EXPIRING),
                "Devices and cloud services": CellPlan(Standing.LAPSED),
            },
        ),
        PersonPlan(
            "Tomasz Nowak",
            "tomasz.nowak@nowak-software.example",
            "Freelance frontend developer",
            ("Contractor in scope",),
            started(400),
            type=PersonType.CONTRACTOR,
            company="Nowak Software",
            notes="Works on the customer portal two days a week.",
            cells={
                "Security policy": CellPlan(recipe=_CONTRACT_CLAUSE),
                "Data handling": CellPlan(
                    Standing.LAPSED,
                    actions=(
                        ActionPlan(
                            ActionType.TRAINING,
                            "Data handling e-learning; cancelled: the contractor licence of the "
                            "learning platform ran out, to be re-planned with the contract "
                            "extension",
                            owner=ISMS_MANAGER,
                            due_in_days=-40,
                            status=ActionStatus.CANCELLED,
                        ),
                    ),
                ),
            },
        ),
        PersonPlan(
            "Priya Raman",
            "priya.raman@redfort-security.example",
            "Penetration tester (Redfort Security)",
            ("Contractor in scope",),
            started(250),
            type=PersonType.CONTRACTOR,
            company="Redfort Security",
            notes="Yearly penetration test and retests; access to the staging environment.",
            cells={
                "Security policy": CellPlan(recipe=_CONTRACT_CLAUSE),
                "Incident reporting": CellPlan(Standing.NONE),
            },
        ),
        PersonPlan(
            "Lucas Pereira",
            f"lucas.pereira@{MAIL_DOMAIN}",
            "Backend Developer",
            ("Developer",),
            started(1200),
            end_date=leaver_end,
            notes="Left the company; access removed on the last working day.",
            cells={
                "Secure coding (OWASP Top 10)": CellPlan(
                    Standing.LAPSED,
                    actions=(
                        ActionPlan(
                            ActionType.TRAINING,
                            "Secure coding refresher; cancelled: he left the company",
                            owner=CTO,
                            due_in_days=(leaver_end - as_of).days + 20,
                            status=ActionStatus.CANCELLED,
                        ),
                    ),
                ),
            },
        ),
        PersonPlan(
            "Hana Sato",
            f"hana.sato@{MAIL_DOMAIN}",
            "Customer Support Specialist",
            ("Customer support",),
            as_of - timedelta(days=starter_days),
            notes="New starter: onboarding security training in her first week.",
            cells={
                **{name: CellPlan(Standing.NONE) for name in _REQUIRED_BY_ROLE["Customer support"]},
                "Passwords and MFA": CellPlan(
                    Standing.NONE,
                    actions=(
                        ActionPlan(
                            ActionType.TRAINING,
                            "Onboarding e-learning: passwords, password manager and MFA",
                            owner="Sophie Laurent",
                            due_in_days=5 - starter_days,
                        ),
                    ),
                ),
                "Security policy": CellPlan(
                    Standing.NONE,
                    actions=(
                        ActionPlan(
                            ActionType.TRAINING,
                            "Onboarding: read and accept the information security policy",
                            owner="Sophie Laurent",
                            due_in_days=7 - starter_days,
                        ),
                    ),
                ),
            },
        ),
    ]


# Diverse names for generated people, each with the spelling its email address uses.
_FIRST_NAMES: Final = (
    ("Aisha", "aisha"),
    ("Björn", "bjorn"),
    ("Chloé", "chloe"),
    ("Darius", "darius"),
    ("Elena", "elena"),
    ("Farid", "farid"),
    ("Grace", "grace"),
    ("Hiroshi", "hiroshi"),
    ("Inês", "ines"),
    ("Jamal", "jamal"),
    ("Katarina", "katarina"),
    ("Léa", "lea"),
    ("Mateo", "mateo"),
    ("Nadia", "nadia"),
    ("Oluwaseun", "oluwaseun"),
    ("Pedro", "pedro"),
    ("Rania", "rania"),
    ("Søren", "soren"),
    ("Thandiwe", "thandiwe"),
    ("Umar", "umar"),
    ("Valentina", "valentina"),
    ("Wei", "wei"),
    ("Yara", "yara"),
    ("Zeynep", "zeynep"),
    ("Amélie", "amelie"),
    ("Kofi", "kofi"),
    ("Priyanka", "priyanka"),
    ("Ömer", "omer"),
)
_LAST_NAMES: Final = (
    ("Andersson", "andersson"),
    ("Bianchi", "bianchi"),
    ("Çelik", "celik"),
    ("Dubois", "dubois"),
    ("Ekström", "ekstrom"),
    ("Fernández", "fernandez"),
    ("García", "garcia"),
    ("Haddad", "haddad"),
    ("Ivanova", "ivanova"),
    ("Jansen", "jansen"),
    ("Kim", "kim"),
    ("Lindqvist", "lindqvist"),
    ("Mbeki", "mbeki"),
    ("Nakamura", "nakamura"),
    ("O'Brien", "obrien"),
    ("Quispe", "quispe"),
    ("Rossi", "rossi"),
    ("Schäfer", "schafer"),
    ("Tanaka", "tanaka"),
    ("Usman", "usman"),
    ("Wójcik", "wojcik"),
    ("Öztürk", "ozturk"),
    ("Zhang", "zhang"),
    ("Nwosu", "nwosu"),
    ("Sánchez", "sanchez"),
    ("Kowalczyk", "kowalczyk"),
)
_CJK_NAMES: Final = (
    ("王伟", "wang.wei"),
    ("陈静", "chen.jing"),
    ("张敏", "zhang.min"),
    ("刘洋", "liu.yang"),
    ("周杰", "zhou.jie"),
    ("佐藤健", "sato.ken"),
)
_JOB_TITLES: Final = {
    "Developer": (
        "Backend Developer",
        "Frontend Developer",
        "Mobile Developer",
        "QA Engineer",
        "Data Engineer",
    ),
    "System administrator / DevOps": (
        "DevOps Engineer",
        "Site Reliability Engineer",
        "Cloud Engineer",
    ),
    "Customer support": (
        "Customer Support Specialist",
        "Customer Success Manager",
        "Implementation Consultant",
    ),
    "All staff": (
        "Account Executive",
        "Marketing Manager",
        "Product Designer",
        "Finance Officer",
        "Office Coordinator",
        "Product Manager",
    ),
    "Contractor in scope": (
        "Freelance developer",
        "UX consultant",
        "Managed-services engineer",
        "Translator",
    ),
}
_CONTRACTOR_FIRMS: Final = (
    "Bright Lane Consulting",
    "Kettle & Finch Ltd",
    "Oakridge IT",
    "Studio Nord",
    "Lingua Partners",
)
_PRIMARY_ROLES: Final = (
    ("Developer", 35),
    ("Customer support", 20),
    ("All staff", 25),
    ("System administrator / DevOps", 8),
    ("Contractor in scope", 7),
)
_STANDINGS: Final = (
    (Standing.CURRENT, 78),
    (Standing.EXPIRING, 6),
    (Standing.LAPSED_RECENTLY, 3),
    (Standing.LAPSED, 6),
    (Standing.NONE, 7),
)


def _validity_months(recipe: Recipe, renewal_months: int | None) -> int | None:
    return recipe.validity_months or renewal_months


def _recipe_for(plan: PersonPlan, competency: str) -> Recipe:
    cell = plan.cell(competency)
    if cell.recipe is not None:
        return cell.recipe
    if competency == "Security policy" and plan.type is not PersonType.EMPLOYEE:
        return _CONTRACT_CLAUSE
    return RECIPES[competency]


def _generated_action(
    rng: random.Random,
    standing: Standing,
    competency: str,
    owner: str,
) -> tuple[ActionPlan, ...]:
    """Most gaps get an open action, a few a closed one, and the rest none at all."""
    roll = rng.random()
    if standing in (Standing.LAPSED, Standing.NONE):
        if roll < 0.5:
            status = rng.choice((ActionStatus.PLANNED, ActionStatus.IN_PROGRESS, ActionStatus.DONE))
            completed = rng.randint(1, 20) if status is ActionStatus.DONE else None
            return (
                ActionPlan(
                    rng.choice((ActionType.TRAINING, ActionType.MENTORING, ActionType.SELF_STUDY)),
                    f"Close the gap in {competency.lower()}",
                    owner=owner,
                    due_in_days=rng.randint(-10, 45),
                    status=status,
                    completed_days_ago=completed,
                ),
            )
        if roll < 0.62:
            if rng.random() < 0.5:
                return (
                    ActionPlan(
                        ActionType.TRAINING,
                        f"{competency} course; cancelled: the date was dropped",
                        owner=owner,
                        due_in_days=rng.randint(-90, -20),
                        status=ActionStatus.CANCELLED,
                    ),
                )
            return (
                ActionPlan(
                    ActionType.SELF_STUDY,
                    f"Self-study: {competency.lower()}",
                    owner=owner,
                    due_in_days=rng.randint(-120, -60),
                    status=ActionStatus.DONE,
                    completed_days_ago=50,
                    effectiveness=Effectiveness.NOT_EFFECTIVE,
                    evaluation="The follow-up check showed the same gap.",
                    evaluated_days_ago=30,
                ),
            )
    elif standing is Standing.CURRENT and roll < 0.04:
        return (
            ActionPlan(
                ActionType.TRAINING,
                f"Training in {competency.lower()}",
                owner=owner,
                due_in_days=rng.randint(-200, -100),
                status=ActionStatus.DONE,
                completed_days_ago=100,
                effectiveness=rng.choice((Effectiveness.EFFECTIVE, Effectiveness.PARTLY)),
                evaluation="Checked in the next review of the person's work.",
                evaluated_days_ago=60,
            ),
        )
    return ()


def _generated_people(
    count: int,
    as_of: date,
    rng: random.Random,
    taken: set[str],
) -> list[PersonPlan]:
    """People beyond the story, for larger demos and benchmarks."""
    roles, role_weights = [r for r, _ in _PRIMARY_ROLES], [w for _, w in _PRIMARY_ROLES]
    standings, standing_weights = [s for s, _ in _STANDINGS], [w for _, w in _STANDINGS]
    people: list[PersonPlan] = []
    for _ in range(count):
        if rng.random() < 0.06:
            name, local = rng.choice(_CJK_NAMES)
        else:
            (first, first_ascii), (last, last_ascii) = (
                rng.choice(_FIRST_NAMES),
                rng.choice(_LAST_NAMES),
            )
            name, local = f"{first} {last}", f"{first_ascii}.{last_ascii}"
        email, number = f"{local}@{MAIL_DOMAIN}", 1
        while email in taken:
            number += 1
            email = f"{local}{number}@{MAIL_DOMAIN}"
        taken.add(email)

        primary = rng.choices(roles, role_weights)[0]
        person_roles: tuple[str, ...] = (primary,)
        person_type, company = PersonType.EMPLOYEE, ""
        if primary == "Contractor in scope":
            person_type = PersonType.THIRD_PARTY if rng.random() < 0.3 else PersonType.CONTRACTOR
            company = rng.choice(_CONTRACTOR_FIRMS)
        elif rng.random() < 0.12:
            person_roles += ("Supervisor",)

        start = as_of - timedelta(days=rng.randint(30, 2600))
        end: date | None = None
        days_employed = (as_of - start).days
        roll = rng.random()
        if roll < 0.05 and days_employed > 200:
            end = as_of - timedelta(days=rng.randint(1, days_employed - 150))
        elif roll < 0.07:
            start = as_of - timedelta(days=rng.randint(1, 6))

        plan = PersonPlan(
            name,
            email,
            rng.choice(_JOB_TITLES[primary]),
            person_roles,
            start,
            end,
            person_type,
            personal_files=False,
            company=company,
        )
        onboarding = (as_of - start).days <= 7
        cells: dict[str, CellPlan] = {}
        for competency in plan.required:
            if onboarding:
                cells[competency] = CellPlan(Standing.NONE)
                continue
            standing = rng.choices(standings, standing_weights)[0]
            recipe = _recipe_for(plan, competency)
            # Evidence that never expires can only be there or not.
            renewal = _RENEWAL_MONTHS.get(competency)
            if _validity_months(recipe, renewal) is None and standing is not Standing.NONE:
                standing = Standing.CURRENT
            actions = _generated_action(rng, standing, competency, ISMS_MANAGER)
            if standing is not Standing.CURRENT or actions:
                cells[competency] = CellPlan(standing, actions)
        people.append(replace(plan, cells=cells))
    return people


def plan_people(count: int, as_of: date, rng: random.Random) -> list[PersonPlan]:
    """Who works at the sample organisation: the story's people first, then generated ones."""
    core = _core_people(as_of, rng)[:count]
    taken = {plan.email for plan in core}
    return core + _generated_people(max(0, count - len(core)), as_of, rng, taken)


def _attends(plan: PersonPlan, event: Event, index: int, as_of: date) -> bool:
    """Whether this person took part in one occurrence of a shared event.

    Only employees attend. The latest occurrence is their current evidence, so only people
    whose competency is plainly current; earlier ones are history that cannot change a status,
    so anyone with some evidence who was employed then.
    """
    if plan.type is not PersonType.EMPLOYEE:
        return False
    held_on = event.held_on(index, as_of)
    if not plan.employed_on(held_on) or held_on > plan.reference_date(as_of):
        return False
    cells = [plan.cell(c) for c in event.competencies if c in plan.required]
    if index == 0:
        return any(cell.is_plain_current for cell in cells)
    return any(cell.standing is not Standing.NONE for cell in cells)


# ---- writing it -----------------------------------------------------------------------------

# Where the expiry of a person's latest evidence falls, in days from their reference date. The
# margins absorb month-end clamping (31 March - 1 month = 28 February) and keep each standing
# clear of the 30-day warning and grace windows.
_EXPIRY_WINDOWS: Final = {
    Standing.EXPIRING: (4, 26),
    Standing.LAPSED_RECENTLY: (-25, -4),
    Standing.LAPSED: (-400, -45),
}
_CURRENT_MARGIN_DAYS: Final = 45
# Holder named on the shared files of generated people (one file per course, not per person).
_GROUP_HOLDER: Final = "Northwind Cloud staff (group record)"
_QUIZ_QUESTIONS: Final = (
    "Which label does a customer contract carry?",
    "Where do you report a suspicious e-mail?",
    "May you forward internal documents to a private address?",
    "Which cloud storage services are approved?",
    "What do you do with a USB stick found in the car park?",
    "When must a laptop screen be locked?",
    "Who may see a customer's support ticket history?",
    "How long are support call recordings kept?",
    "What is a strong password made of?",
    "What does the password manager do for you?",
)


def _file_name(*parts: str, extension: str) -> str:
    """A file name that every operating system accepts: no path separators or reserved marks."""
    text = " - ".join(part for part in parts if part).replace(": ", " - ")
    return re.sub(r'[\\/:*?"<>|]+', "-", text).strip(" .-") + f".{extension}"


def _achieved_on(
    standing: Standing,
    validity_months: int | None,
    reference: date,
    start: date,
    rng: random.Random,
) -> date:
    """When evidence was achieved so that, on the reference date, it has the given standing."""
    if validity_months is None:
        if standing is not Standing.CURRENT:
            raise ValueError(f"evidence that never expires cannot be {standing.value}")
        # Anywhere in the person's time here, at least a week back.
        return reference - timedelta(days=rng.randint(7, max(8, (reference - start).days)))
    if standing is Standing.CURRENT:
        low, high = _CURRENT_MARGIN_DAYS, validity_months * 30 - 10
    else:
        low, high = _EXPIRY_WINDOWS[standing]
    expires = reference + timedelta(days=rng.randint(low, high))
    achieved = add_months(expires, -validity_months)
    if standing is Standing.CURRENT:
        # Later evidence only lasts longer, so moving it past the start date keeps it current.
        achieved = min(max(achieved, start + timedelta(days=rng.randint(1, 5))), reference)
    return achieved


@dataclass(frozen=True, slots=True)
class _Attachment:
    file_name: str
    data: bytes


class _DemoWriter:
    """Writes a plan through the store; builds the attachment files it needs on the way."""

    def __init__(self, store: Store, plans: Sequence[PersonPlan], as_of: date, seed: int) -> None:
        self._store = store
        self._plans = plans
        self._as_of = as_of
        # Its own random stream, so the look of the files never shifts the plan.
        self._rng = random.Random(f"compdesk demo files {seed}")
        self._role_ids = {role.name: role.id for role in store.roles()}
        self._competencies = {c.name: c for c in store.competencies()}
        self._pass_mark = store.settings().pass_mark
        self._pool: dict[tuple[Document, str], bytes] = {}
        self._event_files = {
            (event.key, index): self._event_file(event, index)
            for event in EVENTS
            for index in range(len(event.occurrences))
        }

    # ---- the organisation -------------------------------------------------------------

    def write_organisation(self) -> None:
        store, as_of = self._store, self._as_of
        store.update_settings(
            replace(store.settings(), organisation=ORGANISATION, isms_scope=ISMS_SCOPE)
        )
        for role in store.roles():
            if role.name in ROLE_REVIEWS:
                days_ago, owner = ROLE_REVIEWS[role.name]
                store.update_role(
                    replace(role, last_reviewed=as_of - timedelta(days=days_ago), owner=owner)
                )
        for spec in BASIC:
            competency = self._competencies[spec.name]
            store.update_competency(replace(competency, last_reviewed=as_of - timedelta(days=60)))

    # ---- people -----------------------------------------------------------------------

    def write_person(self, plan: PersonPlan) -> Person:
        person = self._store.add_person(
            plan.name,
            plan.email,
            type=plan.type,
            job_title=plan.job_title,
            start_date=plan.start_date,
            end_date=plan.end_date,
            notes=plan.notes,
            role_ids=tuple(self._role_ids[role] for role in plan.roles),
        )
        for competency in plan.required:
            self._write_cell(person, plan, competency)
        return person

    def _write_cell(self, person: Person, plan: PersonPlan, competency: str) -> None:
        cell = plan.cell(competency)
        evidenced = cell.standing is Standing.NONE
        event = _EVENT_BY_COMPETENCY.get(competency)
        if event is not None and cell.standing is not Standing.NONE:
            # Oldest first, as the record grew; the latest occurrence is the current evidence.
            for index in reversed(range(len(event.occurrences))):
                if index == 0 and not cell.is_plain_current:
                    continue
                if _attends(plan, event, index, self._as_of):
                    self._add_event_evidence(person, plan, competency, event, index)
                    evidenced = evidenced or index == 0
        if not evidenced:
            self._add_own_evidence(person, plan, competency, cell)
        for action in cell.actions:
            self._add_action(person, competency, action)

    def _verification(self, plan: PersonPlan, achieved_on: date) -> dict[str, object]:
        # Nobody verifies their own evidence: the CTO checks the ISMS manager's.
        verifier = CTO if plan.name == ISMS_MANAGER else ISMS_MANAGER
        verified_on = min(
            achieved_on + timedelta(days=self._rng.randint(0, 6)), plan.reference_date(self._as_of)
        )
        return {"verified_by": verifier, "verified_on": verified_on}

    def _add_event_evidence(
        self, person: Person, plan: PersonPlan, competency: str, event: Event, index: int
    ) -> None:
        held_on = event.held_on(index, self._as_of)
        evidence = self._store.add_evidence(
            person.id,
            self._competencies[competency].id,
            event.kind,
            Route.TRAINING,
            title=event.title_for(index, self._as_of),
            issuer=event.issuer,
            achieved_on=held_on,
            **self._verification(plan, held_on),
        )
        attachment = self._event_files[(event.key, index)]
        if attachment is not None:
            self._store.attach_bytes(evidence.id, attachment.file_name, attachment.data)

    def _add_own_evidence(
        self, person: Person, plan: PersonPlan, competency_name: str, cell: CellPlan
    ) -> None:
        competency = self._competencies[competency_name]
        recipe = _recipe_for(plan, competency_name)
        validity = _validity_months(recipe, competency.renewal_months)
        reference = plan.reference_date(self._as_of)
        if cell.achieved_days_ago is not None:
            achieved_on = self._as_of - timedelta(days=cell.achieved_days_ago)
        else:
            achieved_on = _achieved_on(
                cell.standing, validity, reference, plan.start_date, self._rng
            )
        expires_on = (
            add_months(achieved_on, recipe.validity_months) if recipe.validity_months else None
        )
        score = cell.score
        if score is None and recipe.document is Document.QUIZ:
            score = float(self._rng.randint(16, 20) * 5)
        issuer = recipe.issuer or (plan.company if recipe.document is Document.CONTRACT else "")
        evidence = self._store.add_evidence(
            person.id,
            competency.id,
            recipe.kind,
            recipe.route,
            title=recipe.title,
            issuer=issuer,
            achieved_on=achieved_on,
            expires_on=expires_on,
            score=score,
            notes=cell.notes,
            **self._verification(plan, achieved_on),
        )
        attachment = self._own_file(plan, recipe, achieved_on, expires_on, score)
        self._store.attach_bytes(evidence.id, attachment.file_name, attachment.data)

    def _add_action(self, person: Person, competency: str, action: ActionPlan) -> None:
        def days_ago(days: int | None) -> date | None:
            return self._as_of - timedelta(days=days) if days is not None else None

        self._store.add_action(
            person.id,
            self._competencies[competency].id,
            action.type,
            description=action.description,
            owner=action.owner,
            due_date=self._as_of + timedelta(days=action.due_in_days),
            status=action.status,
            completed_on=days_ago(action.completed_days_ago),
            effectiveness=action.effectiveness,
            evaluation=action.evaluation,
            evaluated_on=days_ago(action.evaluated_days_ago),
        )

    # ---- files ------------------------------------------------------------------------

    def _event_file(self, event: Event, index: int) -> _Attachment | None:
        """The one file shared by everyone who took part in an event, if anyone did."""
        attendees = [p for p in self._plans if _attends(p, event, index, self._as_of)]
        if not attendees:
            return None
        held_on, title = event.held_on(index, self._as_of), event.title_for(index, self._as_of)
        if event.kind is EvidenceKind.ATTENDANCE_LIST:
            names = [p.name for p in attendees]
            data = sample_files.attendance_list_pdf(
                organisation=ORGANISATION,
                event=title,
                held_on=held_on,
                trainer=event.issuer,
                minutes=event.minutes,
                attendees=names[:_ATTENDANCE_LIST_NAMES],
                more=max(0, len(names) - _ATTENDANCE_LIST_NAMES),
            )
            return _Attachment(_file_name("Attendance list", title, extension="pdf"), data)
        name = event.occurrences[index].name
        employed = sum(
            1 for p in self._plans if p.type is PersonType.EMPLOYEE and p.employed_on(held_on)
        )
        if event.key == "phishing":
            reported = len(attendees)
            others = max(0, employed - reported)
            clicked = min(others, max(1, round(employed * 0.07)))
            data = sample_files.phishing_drill_png(
                organisation="Northwind Cloud",
                campaign=name,
                held_on=held_on,
                sent=max(employed, reported),
                opened=min(employed, reported + clicked + others // 2),
                clicked=clicked,
                reported=reported,
            )
            return _Attachment(_file_name("Phishing drill", name, "results", extension="png"), data)
        minutes = self._rng.randint(6, 13)
        data = sample_files.memo_pdf(
            organisation=ORGANISATION,
            title=f"Incident drill report: {name}",
            author=ISMS_MANAGER,
            dated=held_on,
            paragraphs=(
                f"Scenario: {name.lower()}. The drill was announced to team leads only; "
                f"{len(attendees)} of {employed} employees took part during working hours.",
                f"Median time from the scenario start to the first report to the security "
                f"hotline: {minutes} minutes (target: under 15 minutes). Everyone who took part "
                "reported through the documented channel.",
                "Improvements decided: add the hotline number to the laptop lock screen; "
                "repeat the drill for the support team's late shift.",
            ),
        )
        return _Attachment(_file_name("Incident drill report", name, extension="pdf"), data)

    def _own_file(
        self,
        plan: PersonPlan,
        recipe: Recipe,
        achieved_on: date,
        expires_on: date | None,
        score: float | None,
    ) -> _Attachment:
        extension = "jpg" if recipe.document is Document.SCAN else "pdf"
        file_name = _file_name(recipe.title, plan.name, extension=extension)
        if plan.personal_files:
            return _Attachment(
                file_name, self._draw(recipe, plan, plan.name, achieved_on, expires_on, score)
            )
        # Generated people share one file per course: the document stays small at any size.
        key = (recipe.document, recipe.title)
        if key not in self._pool:
            self._pool[key] = self._draw(recipe, plan, _GROUP_HOLDER, self._as_of, None, 90.0)
        return _Attachment(file_name, self._pool[key])

    def _draw(
        self,
        recipe: Recipe,
        plan: PersonPlan,
        holder: str,
        achieved_on: date,
        expires_on: date | None,
        score: float | None,
    ) -> bytes:
        rng, document = self._rng, recipe.document
        if document is Document.SCAN and _drawable_in_images(holder):
            return sample_files.scanned_certificate_jpeg(
                holder=holder,
                title=recipe.title,
                issuer=recipe.issuer,
                achieved_on=achieved_on,
                seed=f"{holder}|{recipe.title}",
            )
        if document in (Document.CERTIFICATE, Document.SCAN):
            return sample_files.certificate_pdf(
                holder=holder,
                title=recipe.title,
                issuer=recipe.issuer,
                achieved_on=achieved_on,
                expires_on=expires_on,
                reference=f"{rng.randint(100000, 999999)}-{achieved_on:%y}",
            )
        if document is Document.TRAINING_RECORD:
            return sample_files.training_record_pdf(
                person=holder,
                course=recipe.title,
                provider=recipe.issuer,
                completed_on=achieved_on,
                minutes=rng.choice((10, 15, 20, 25, 45, 90)),
                score=float(rng.randint(16, 20) * 5) if rng.random() < 0.5 else None,
                organisation=ORGANISATION,
            )
        if document is Document.QUIZ:
            taken = score if score is not None else 90.0
            questions = rng.sample(_QUIZ_QUESTIONS, 8)
            right = round(taken / 100 * len(questions))
            return sample_files.quiz_result_pdf(
                person=holder,
                quiz=recipe.title,
                taken_on=achieved_on,
                score=taken,
                pass_mark=self._pass_mark,
                answers=[(q, number < right) for number, q in enumerate(questions)],
            )
        if document is Document.CV:
            return sample_files.cv_pdf(
                person=holder,
                job_title=plan.job_title,
                summary=_cv_summary(plan, recipe),
                experience=_cv_experience(plan, recipe, rng),
            )
        if document is Document.CONTRACT:
            return sample_files.contract_clause_pdf(
                contractor=holder,
                company=plan.company or "independent",
                client=ORGANISATION,
                signed_on=achieved_on,
                valid_until=expires_on or add_months(achieved_on, 24),
            )
        return sample_files.memo_pdf(
            organisation=ORGANISATION,
            title=recipe.title,
            author=holder,
            dated=achieved_on,
            paragraphs=(
                "Objective: prove that the customer database can be restored to a point in "
                "time from the encrypted backups, within the recovery time objective of 4 hours.",
                f"Result: restored to a new instance in {rng.randint(48, 95)} minutes; "
                f"data loss window {rng.randint(2, 5)} minutes (objective: 15 minutes). "
                "Row counts and checksums of five sample tables matched production.",
                "Follow-up: none required. Next test in three months.",
            ),
        )


def _drawable_in_images(text: str) -> bool:
    """Whether the image font (Latin-1) has every glyph: otherwise the scan becomes a PDF."""
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


# The most relevant earlier job on each experience-based CV, by the evidence title.
_CV_HIGHLIGHTS: Final = {
    RECIPES["Logging and monitoring"].title: (
        "Operations engineer at a payment service provider (PCI DSS scope): ran the logging and "
        "alerting stack, wrote the alert runbooks and took part in the 24/7 on-call rotation."
    ),
    RECIPES["Risk assessment method"].title: (
        "Information security officer at a logistics company: ran the yearly ISO/IEC 27005 risk "
        "assessment with the asset owners and kept the risk treatment plan."
    ),
    RECIPES["Reporting to leadership"].title: (
        "Compliance manager at a fintech start-up: wrote the quarterly ISMS report and prepared "
        "the management review for the board."
    ),
}


def _cv_summary(plan: PersonPlan, recipe: Recipe) -> str:
    topic = recipe.title.removeprefix("CV: ")
    return (
        f"{plan.job_title} at {ORGANISATION} since {plan.start_date.year}. Before that, several "
        f"years of hands-on work in {topic}, summarised below from the full CV kept by HR."
    )


def _cv_experience(plan: PersonPlan, recipe: Recipe, rng: random.Random) -> list[tuple[str, str]]:
    joined = plan.start_date.year
    earlier = joined - rng.randint(3, 6)
    first = earlier - rng.randint(3, 5)
    highlight = _CV_HIGHLIGHTS.get(
        recipe.title, _CV_HIGHLIGHTS[RECIPES["Logging and monitoring"].title]
    )
    return [
        (f"{earlier}-{joined}", highlight),
        (
            f"{first}-{earlier}",
            "Systems engineer at a managed hosting company: backups and "
            "restores, patch management, and monthly security reports to management.",
        ),
    ]


# ---- the entry point ------------------------------------------------------------------------


def create_demo(
    path: Path | str,
    people: int = 15,
    seed: int = 1,
    *,
    as_of: date | None = None,
    report_progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
    user: str | None = None,
) -> Store:
    """Create a sample organisation's document at `path` and return it open.

    The default fifteen people show every gap status as of `as_of` (default today); fewer
    takes the first of them, more adds generated people for benchmarks. Deterministic per seed
    and as-of date. Reports progress once per person written; when `cancel` is set, raises
    CancelledError. On cancellation or any failure the partly written file is deleted; an
    existing file is never touched (InputError).
    """
    if people < 1:
        raise InputError("a sample organisation needs at least one person")
    as_of = as_of or date.today()
    plans = plan_people(people, as_of, random.Random(seed))
    store = create_document(path, Template.STARTUP, user=user)
    try:
        writer = _DemoWriter(store, plans, as_of, seed)
        # One transaction (fast, and a cancelled demo is rolled back before the file goes),
        # recorded as one change-log entry rather than tens of thousands.
        with store.logged_as(f"created the sample organisation ({len(plans)} people)"):
            writer.write_organisation()
            for done, plan in enumerate(plans, start=1):
                if cancel is not None and cancel.is_set():
                    raise CancelledError("creating the sample organisation was cancelled")
                writer.write_person(plan)
                if report_progress is not None:
                    report_progress(done, len(plans))
    except BaseException:
        store.close()
        Path(path).unlink(missing_ok=True)
        raise
    log.info("created a sample organisation of %d people in %s", len(plans), store.path.name)
    return store
