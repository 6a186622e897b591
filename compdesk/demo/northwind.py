"""Northwind Cloud Ltd, the sample organisation's story: its people, events and evidence.

A small SaaS company with an ISMS manager, developers, DevOps, support, two contractors, a
recent leaver and a new starter. Between them the fifteen people show every gap status, every
evidence kind and route, and actions at every stage. Everything here is data, with dates
relative to the as-of date so that the story always looks current.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from typing import Final

from compdesk.demo.plan import (
    REQUIRED_BY_ROLE,
    ActionPlan,
    CellPlan,
    Event,
    Occurrence,
    PersonPlan,
    Recipe,
    SampleFileKind,
    Standing,
)
from compdesk.models.records import (
    ActionStatus,
    ActionType,
    Effectiveness,
    EvidenceKind,
    PersonType,
    Route,
)

ORGANISATION: Final = "Northwind Cloud Ltd"
ISMS_SCOPE: Final = (
    "Development, operation and support of the Northwind Cloud scheduling platform (SaaS), "
    "including its AWS production environment, the Berlin office and remote staff; "
    "contractors with access to company systems or data are in scope."
)
MAIL_DOMAIN: Final = "northwind-cloud.example"
ISMS_MANAGER: Final = "Zoë Müller"
CTO: Final = "Arjun Mehta"
NEW_STARTER: Final = "Hana Sato"

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
EVENT_BY_COMPETENCY: Final = {c: event for event in EVENTS for c in event.competencies}

_LMS: Final = "SecureStart Academy"
RECIPES: Final = {
    "Passwords and MFA": Recipe(
        EvidenceKind.TRAINING_RECORD,
        Route.TRAINING,
        "E-learning: passwords, password manager and MFA",
        _LMS,
        SampleFileKind.TRAINING_RECORD,
    ),
    "Phishing recognition": Recipe(
        EvidenceKind.TRAINING_RECORD,
        Route.TRAINING,
        "E-learning: spotting and reporting phishing",
        _LMS,
        SampleFileKind.TRAINING_RECORD,
    ),
    "Data handling": Recipe(
        EvidenceKind.ASSESSMENT,
        Route.TRAINING,
        "Quiz: confidential, internal and public data",
        _LMS,
        SampleFileKind.QUIZ,
    ),
    "Devices and cloud services": Recipe(
        EvidenceKind.ASSESSMENT,
        Route.TRAINING,
        "Quiz: approved devices and cloud services",
        _LMS,
        SampleFileKind.QUIZ,
    ),
    "Incident reporting": Recipe(
        EvidenceKind.TRAINING_RECORD,
        Route.TRAINING,
        "E-learning: how to report a security incident",
        _LMS,
        SampleFileKind.TRAINING_RECORD,
    ),
    "Security policy": Recipe(
        EvidenceKind.TRAINING_RECORD,
        Route.TRAINING,
        "Information security policy read and accepted",
        _LMS,
        SampleFileKind.TRAINING_RECORD,
    ),
    "Secure coding (OWASP Top 10)": Recipe(
        EvidenceKind.CERTIFICATE,
        Route.TRAINING,
        "OWASP Top 10 for developers",
        "SecureCode Campus",
        SampleFileKind.CERTIFICATE,
    ),
    "Access-control principles": Recipe(
        EvidenceKind.TRAINING_RECORD,
        Route.TRAINING,
        "Workshop: least privilege and authorisation checks",
        "Northwind Cloud engineering",
        SampleFileKind.TRAINING_RECORD,
    ),
    "Change management and code review": Recipe(
        EvidenceKind.TRAINING_RECORD,
        Route.TRAINING,
        "Walkthrough: change management and code review process",
        f"{CTO} (CTO)",
        SampleFileKind.TRAINING_RECORD,
    ),
    "Secure cloud configuration": Recipe(
        EvidenceKind.CERTIFICATE,
        Route.TRAINING,
        "AWS Certified Security - Specialty",
        "Amazon Web Services",
        SampleFileKind.CERTIFICATE,
        36,
    ),
    "Logging and monitoring": Recipe(
        EvidenceKind.CV,
        Route.EXPERIENCE,
        "CV: running production logging, alerting and on-call",
        "",
        SampleFileKind.CV,
    ),
    "Backup and recovery": Recipe(
        EvidenceKind.OTHER,
        Route.EXPERIENCE,
        "Restore test protocol: point-in-time recovery of the customer database",
        "Northwind Cloud operations",
        SampleFileKind.REPORT,
    ),
    "Vulnerability management": Recipe(
        EvidenceKind.TRAINING_RECORD,
        Route.TRAINING,
        "Workshop: vulnerability triage and patch deadlines",
        "Redfort Security",
        SampleFileKind.TRAINING_RECORD,
    ),
    "Customer data protection": Recipe(
        EvidenceKind.ASSESSMENT,
        Route.TRAINING,
        "Quiz: GDPR and customer data in support tickets",
        _LMS,
        SampleFileKind.QUIZ,
    ),
    "Security leadership for supervisors": Recipe(
        EvidenceKind.TRAINING_RECORD,
        Route.TRAINING,
        "E-learning: security duties of supervisors",
        _LMS,
        SampleFileKind.TRAINING_RECORD,
    ),
    "ISO 27001 requirements": Recipe(
        EvidenceKind.CERTIFICATE,
        Route.TRAINING,
        "ISO/IEC 27001:2022 Lead Implementer",
        "Certa Academy",
        SampleFileKind.CERTIFICATE,
        36,
    ),
    "Risk assessment method": Recipe(
        EvidenceKind.CV,
        Route.EXPERIENCE,
        "CV: information security risk assessments (ISO/IEC 27005)",
        "",
        SampleFileKind.CV,
    ),
    "Internal audit": Recipe(
        EvidenceKind.CERTIFICATE,
        Route.TRAINING,
        "ISO/IEC 27001:2022 Lead Auditor",
        "Certa Academy",
        SampleFileKind.CERTIFICATE,
        36,
    ),
    "Reporting to leadership": Recipe(
        EvidenceKind.CV,
        Route.EXPERIENCE,
        "CV: management reviews and reporting to the board",
        "",
        SampleFileKind.CV,
    ),
}
_CONTRACT_CLAUSE: Final = Recipe(
    EvidenceKind.CONTRACT_CLAUSE,
    Route.TRAINING,
    "Services agreement § 9: security policy and trained staff",
    "",
    SampleFileKind.CONTRACT,
    24,
)
_DEGREE: Final = Recipe(
    EvidenceKind.CERTIFICATE,
    Route.EDUCATION,
    "MSc Cybersecurity (part-time), module Identity and Access Management",
    "Universidad de Sevilla",
    SampleFileKind.SCAN,
)
_AWS_SCAN: Final = replace(RECIPES["Secure cloud configuration"], sample_file=SampleFileKind.SCAN)
_SECURE_CODE_EXERCISE: Final = Recipe(
    EvidenceKind.ASSESSMENT,
    Route.TRAINING,
    "Secure code review exercise (retake)",
    "Northwind Cloud engineering",
    SampleFileKind.QUIZ,
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


def core_people(as_of: date, rng: random.Random) -> list[PersonPlan]:
    """The fifteen people of the story: between them, every status, kind, route and action."""

    def started(days_ago: int, jitter: int = 20) -> date:
        return as_of - timedelta(days=days_ago + rng.randint(-jitter, jitter))

    starter_days = rng.randint(2, 3)
    leaver_end = as_of - timedelta(days=70 + rng.randint(-10, 10))
    people = [
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
            NEW_STARTER,
            f"hana.sato@{MAIL_DOMAIN}",
            "Customer Support Specialist",
            ("Customer support",),
            as_of - timedelta(days=starter_days),
            notes="New starter: onboarding security training in her first week.",
            cells={
                **{name: CellPlan(Standing.NONE) for name in REQUIRED_BY_ROLE["Customer support"]},
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
    return [replace(plan, access_granted_on=_access_granted_on(plan, as_of)) for plan in people]


def _access_granted_on(plan: PersonPlan, as_of: date) -> date | None:
    """Employees' accounts are created on their first day; the new starter's the day before the
    as-of date, still inside the access grace; contractors' are their firms' (not recorded)."""
    if plan.type is not PersonType.EMPLOYEE:
        return None
    if plan.name == NEW_STARTER:
        return as_of - timedelta(days=1)
    return plan.start_date


def recipe_for(plan: PersonPlan, competency: str) -> Recipe:
    """How this person evidences a competency when no shared event covers it."""
    cell = plan.cell(competency)
    if cell.recipe is not None:
        return cell.recipe
    if competency == "Security policy" and plan.type is not PersonType.EMPLOYEE:
        return _CONTRACT_CLAUSE
    return RECIPES[competency]
