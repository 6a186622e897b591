"""Starter templates: what a new document holds before the user adds their people.

The data only; `compdesk.storage.templates` writes it into a document.
"""

from __future__ import annotations

import enum
from typing import NamedTuple

from compdesk.models.records import EvidenceKind, Level


class Template(enum.Enum):
    STARTUP = "startup"
    BLANK = "blank"


class CompetencySpec(NamedTuple):
    name: str
    level: Level
    renewal_months: int | None
    description: str
    accepted_kinds: tuple[EvidenceKind, ...] = ()


_TRAINING = (EvidenceKind.TRAINING_RECORD, EvidenceKind.ATTENDANCE_LIST, EvidenceKind.ASSESSMENT)
_EXPERTISE = (
    EvidenceKind.CERTIFICATE,
    EvidenceKind.TRAINING_RECORD,
    EvidenceKind.CV,
    EvidenceKind.ASSESSMENT,
)

# Basic awareness for everyone, with the recurring frequencies small organisations use.
BASIC = (
    CompetencySpec(
        "Passwords and MFA", Level.BASIC, 12,
        "Strong passwords, the password manager and multi-factor authentication.", _TRAINING,
    ),
    CompetencySpec(
        "Phishing recognition", Level.BASIC, 3,
        "Recognise and report suspicious messages; refreshed by quarterly drills.",
        (*_TRAINING, EvidenceKind.DRILL_RESULT),
    ),
    CompetencySpec(
        "Data handling", Level.BASIC, 12,
        "Tell confidential, internal and public data apart and handle each accordingly.", _TRAINING,
    ),
    CompetencySpec(
        "Devices and cloud services", Level.BASIC, 6,
        "Use approved tools and services; protect the workstation.", _TRAINING,
    ),
    CompetencySpec(
        "Incident reporting", Level.BASIC, 12,
        "Know whom to tell about a security event, and how; practised in drills.",
        (*_TRAINING, EvidenceKind.DRILL_RESULT),
    ),
    CompetencySpec(
        "Security policy", Level.BASIC, 12,
        "Has read and accepted the information security policy.",
        (*_TRAINING, EvidenceKind.CONTRACT_CLAUSE),
    ),
)

ROLE_SPECIFIC = (
    CompetencySpec(
        "Secure coding (OWASP Top 10)", Level.ROLE_SPECIFIC, 12,
        "Writes code that avoids the OWASP Top 10 weaknesses.", _EXPERTISE,
    ),
    CompetencySpec(
        "Access-control principles", Level.ROLE_SPECIFIC, 24,
        "Least privilege, separation of duties, authorisation checks.", _EXPERTISE,
    ),
    CompetencySpec(
        "Change management and code review", Level.ROLE_SPECIFIC, 24,
        "Follows the organisation's change management and code review process.", _EXPERTISE,
    ),
    CompetencySpec(
        "Secure cloud configuration", Level.ROLE_SPECIFIC, 24,
        "Hardens and reviews the configuration of cloud services.", _EXPERTISE,
    ),
    CompetencySpec(
        "Logging and monitoring", Level.ROLE_SPECIFIC, 24,
        "Collects, protects and reviews logs; responds to alerts.", _EXPERTISE,
    ),
    CompetencySpec(
        "Backup and recovery", Level.ROLE_SPECIFIC, 24,
        "Runs backups and proves that restores work.", _EXPERTISE,
    ),
    CompetencySpec(
        "Vulnerability management", Level.ROLE_SPECIFIC, 24,
        "Tracks, prioritises and fixes vulnerabilities in time.", _EXPERTISE,
    ),
    CompetencySpec(
        "Customer data protection", Level.ROLE_SPECIFIC, 12,
        "Handles customer personal data as the privacy policy and contracts require.", _TRAINING,
    ),
    CompetencySpec(
        "Security leadership for supervisors", Level.ROLE_SPECIFIC, 12,
        "Supervisors: onboarding and offboarding duties, access reviews, leading by example.",
        _TRAINING,
    ),
)

ADVANCED = (
    CompetencySpec(
        "ISO 27001 requirements", Level.ADVANCED, None,
        "Knows the standard's clauses and Annex A controls (e.g. lead implementer).", _EXPERTISE,
    ),
    CompetencySpec(
        "Risk assessment method", Level.ADVANCED, 36,
        "Runs the organisation's information security risk assessment.", _EXPERTISE,
    ),
    CompetencySpec(
        "Internal audit", Level.ADVANCED, None,
        "Plans and performs internal ISMS audits (e.g. lead auditor).", _EXPERTISE,
    ),
    CompetencySpec(
        "Reporting to leadership", Level.ADVANCED, None,
        "Reports ISMS performance to top management and the management review.", _EXPERTISE,
    ),
)

_BASIC_NAMES = tuple(spec.name for spec in BASIC)

# Role → required competencies. Every role carries the basics, so nobody is missed.
ROLES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "ISMS manager",
        "Runs the information security management system.",
        (*_BASIC_NAMES, "ISO 27001 requirements", "Risk assessment method", "Internal audit",
         "Reporting to leadership"),
    ),
    (
        "Developer",
        "Builds and maintains the product.",
        (*_BASIC_NAMES, "Secure coding (OWASP Top 10)", "Access-control principles",
         "Change management and code review"),
    ),
    (
        "System administrator / DevOps",
        "Runs the cloud infrastructure and production systems.",
        (*_BASIC_NAMES, "Secure cloud configuration", "Logging and monitoring",
         "Backup and recovery", "Vulnerability management", "Access-control principles"),
    ),
    (
        "Supervisor",
        "Leads a team: hires, onboards, offboards and reviews access.",
        (*_BASIC_NAMES, "Security leadership for supervisors"),
    ),
    (
        "Customer support",
        "Works with customers and their data.",
        (*_BASIC_NAMES, "Customer data protection"),
    ),
    (
        "All staff",
        "Everyone else whose work touches company information.",
        _BASIC_NAMES,
    ),
    (
        "Contractor in scope",
        "Contractors and third parties with access to company systems or data.",
        ("Security policy", "Incident reporting", "Data handling", "Passwords and MFA"),
    ),
)

CALENDAR: tuple[tuple[int, str, str, str], ...] = (
    (1, "Yearly basic training for all", "HR + security officer", "95 % completion"),
    (3, "Phishing drill", "IT / security", "Click rate below 10 %"),
    (5, "Role-specific training for supervisors", "Management + HR", "100 % participation"),
    (8, "Refresh onboarding material", "Security officer", "Material updated"),
    (9, "Incident drill", "IT + key staff", "Reporting within 15 minutes"),
    (11, "Management review of training results", "Management", "3 improvement actions decided"),
)

