"""The sample organisation's year of training, drills and acknowledgements, as pure data.

The year's sessions (a quiz taken in Google Forms, a classroom workshop whose group fell below
the retake threshold and its retake, the acknowledgement of the security policy's version 2,
a secure coding workshop), the two phishing drills with an improving click rate and the
incident drill. Who took part, who passed and who clicked follows from each person's plan, so
that the evidence a session earns is exactly the evidence the plan asks for: a session's
passing attendees are the people whose competency is plainly current (their session is their
evidence), and those who fail are people whose plan leaves the competency open.

Each person's draw comes from a random stream of their own per session or drill, so the same
seed gives the same year whatever the size of the organisation.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median
from typing import Final

from compdesk.demo.northwind import CTO, EVENT_BY_COMPETENCY, ISMS_MANAGER
from compdesk.demo.plan import PersonPlan, Standing, attends
from compdesk.models.records import Delivery, PersonType

# The security policy is a document to acknowledge: version 2 was published this long before
# the as-of date, past the 30-day grace, so the people still on version 1 show as expired.
POLICY: Final = "Security policy"
POLICY_VERSION: Final = "2"
POLICY_EARLIER_VERSION: Final = "1"
POLICY_PUBLISHED_DAYS_AGO: Final = 45

# One recurring competency falls due on a fixed day each year, chosen half a year after the
# as-of date; the switch happened a month before it, so earlier completions keep their due dates
# up to that first fixed date (models/renewal.py) and the matrix tells the same story.
FIXED_DATE_COMPETENCY: Final = "Data handling"
FIXED_DATE_IN_DAYS: Final = 180
FIXED_DATE_SWITCHED_DAYS_AGO: Final = 30

# Scores out of the quiz's ten questions, as Google Forms writes them ("8 / 10").
QUIZ_OUT_OF: Final = 10


@dataclass(frozen=True, slots=True)
class SessionPlan:
    """A training session of the year: what, when, and who among the plans takes part."""

    key: str
    competency: str
    days_ago: int
    minutes: int
    trainer: str
    delivery: Delivery
    pass_mark: float | None  # None: attendance is what counts
    notes: str
    # Of the people whose competency is plainly current, the share who fail (generated people)
    # or those who do (the story's people, by name); they pass the retake, if there is one.
    fail_share: float = 0.0
    failing: frozenset[str] = frozenset()
    # The share of the people whose plan leaves the competency open who took part and failed
    # (all of the story's such people do).
    open_share: float = 0.0
    # The people plainly current who stayed away (still on an earlier document version).
    absent_share: float = 0.0
    absent: frozenset[str] = frozenset()
    title: str = ""  # what its attendance list calls it
    retake_of: str = ""  # the key of the session this one retakes: its failing attendees
    calendar_month: int | None = None  # the calendar activity it fulfils

    def held_on(self, as_of: date) -> date:
        return as_of - timedelta(days=self.days_ago)


SESSIONS: Final = (
    SessionPlan(
        "secure coding",
        "Secure coding (OWASP Top 10)",
        240,
        180,
        "SecureCode Campus",
        Delivery.CLASSROOM,
        None,
        "Half-day workshop on the OWASP Top 10 with exercises on the booking API.",
        title="OWASP Top 10 workshop",
    ),
    SessionPlan(
        "passwords quiz",
        "Passwords and MFA",
        130,
        20,
        "SecureStart Academy",
        Delivery.E_LEARNING,
        80,
        "E-learning module with a ten-question quiz in Google Forms; the results were imported "
        "from the form's response sheet.",
        open_share=0.25,
        calendar_month=1,
    ),
    SessionPlan(
        "devices",
        "Devices and cloud services",
        110,
        60,
        ISMS_MANAGER,
        Delivery.CLASSROOM,
        80,
        "Workshop with a written test: approved devices and cloud services.",
        title="Devices and cloud services workshop",
        calendar_month=1,
        fail_share=0.25,
        failing=frozenset({"José Ñúñez", "Kwame Mensah"}),
        open_share=0.3,
    ),
    SessionPlan(
        "devices retake",
        "Devices and cloud services",
        96,
        45,
        ISMS_MANAGER,
        Delivery.ONLINE,
        80,
        "Retake for those below the pass mark in the workshop: the group's pass rate was under "
        "the 90 % threshold, so the test was reworked and retaken online.",
        title="Devices and cloud services: retake",
        calendar_month=1,
        retake_of="devices",
    ),
    SessionPlan(
        "policy",
        POLICY,
        35,
        15,
        ISMS_MANAGER,
        Delivery.E_LEARNING,
        None,
        f"Information security policy version {POLICY_VERSION} read and accepted in the "
        "learning platform.",
        title="Security policy version 2 read and accepted",
        calendar_month=1,
        absent_share=0.1,
        absent=frozenset({"Ingrid Halvorsen", "Ólafur Jónsson"}),
    ),
)
SESSION_BY_KEY: Final = {session.key: session for session in SESSIONS}


@dataclass(frozen=True, slots=True)
class Seat:
    """One person's place on a session: their score (percent) and whether they passed."""

    score: float | None
    passed: bool


def _draw(seed: int, plan: PersonPlan, key: str) -> random.Random:
    return random.Random(f"compdesk demo year {seed} {key} {plan.email}")


def _could_attend(plan: PersonPlan, day: date, as_of: date) -> bool:
    return (
        plan.type is PersonType.EMPLOYEE
        and plan.employed_on(day)
        and day <= plan.reference_date(as_of)
    )


def _scored(session: SessionPlan, rng: random.Random, *, passing: bool) -> float | None:
    if session.pass_mark is None:
        return None
    if session.key == "passwords quiz":
        points = rng.randint(8, 10) if passing else rng.randint(5, 7)
        return 100 * points / QUIZ_OUT_OF
    return float(rng.randint(16, 20) * 5 if passing else rng.randint(10, 15) * 5)


def fails_first_time(plan: PersonPlan, session: SessionPlan, seed: int) -> bool:
    """Whether a person whose competency is plainly current failed this session."""
    if plan.personal_files:
        return plan.name in session.failing
    return _draw(seed, plan, f"{session.key} fails").random() < session.fail_share


def seat(plan: PersonPlan, session: SessionPlan, as_of: date, seed: int) -> Seat | None:
    """This person's place on a session, or None when they did not take part."""
    if session.competency not in plan.required:
        return None
    day = session.held_on(as_of)
    if not _could_attend(plan, day, as_of):
        return None
    cell = plan.cell(session.competency)
    rng = _draw(seed, plan, session.key)
    if session.retake_of:
        first = seat(plan, SESSION_BY_KEY[session.retake_of], as_of, seed)
        if not cell.is_plain_current or first is None or first.passed:
            return None
        return Seat(_scored(session, rng, passing=True), True)
    if cell.is_plain_current:
        if plan.name in session.absent or (
            not plan.personal_files and rng.random() < session.absent_share
        ):
            return None
        passing = not fails_first_time(plan, session, seed)
        return Seat(_scored(session, rng, passing=passing), passing)
    if cell.standing is Standing.CURRENT or session.pass_mark is None:
        # Pinned or own evidence, or a session nobody fails: they were elsewhere.
        return None
    took_part = plan.personal_files or rng.random() < session.open_share
    if not took_part or session.open_share == 0:
        return None
    return Seat(_scored(session, rng, passing=False), False)


def covered_by_session(plan: PersonPlan, competency: str, as_of: date, seed: int) -> bool:
    """Whether a session the person passed is their current evidence of a competency."""
    return any(
        session.competency == competency
        and (found := seat(plan, session, as_of, seed)) is not None
        and found.passed
        for session in SESSIONS
    )


# ---- drills ---------------------------------------------------------------------------------

PHISHING_CLICK_TARGET: Final = 0.10
PHISHING_REPORT_TARGET: Final = 0.50
INCIDENT_MINUTES_TARGET: Final = 15.0
_PHISHING: Final = EVENT_BY_COMPETENCY["Phishing recognition"]
_INCIDENT: Final = EVENT_BY_COMPETENCY["Incident reporting"]
# Who clicked in each phishing drill (latest first): the CTO twice, the repeat clicker.
_STORY_CLICKERS: Final = (frozenset({CTO}), frozenset({CTO, "José Ñúñez", "Ólafur Jónsson"}))
_CLICK_SHARES: Final = (0.06, 0.2)


@dataclass(frozen=True, slots=True)
class DrillSeat:
    clicked: bool
    reported: bool
    minutes_to_report: float | None


def phishing_seat(plan: PersonPlan, index: int, as_of: date, seed: int) -> DrillSeat | None:
    """What a person did with one phishing drill's e-mail (index 0: the latest), if sent one.

    The reporters are the people whose drill evidence the plan writes (`attends`); someone
    whose competency lapsed recently missed the latest drill (on leave) and got no e-mail.
    """
    event = _PHISHING
    held_on = event.held_on(index, as_of)
    if plan.type is not PersonType.EMPLOYEE or not plan.employed_on(held_on):
        return None
    if held_on > plan.reference_date(as_of) or "Phishing recognition" not in plan.required:
        return None
    if index == 0 and plan.cell("Phishing recognition").standing is Standing.LAPSED_RECENTLY:
        return None
    rng = _draw(seed, plan, f"phishing {index}")
    if plan.personal_files:
        clicked = plan.name in _STORY_CLICKERS[index]
    else:
        clicked = rng.random() < _CLICK_SHARES[index]
    reported = attends(plan, event, index, as_of)
    minutes = float(rng.randint(2, 45)) if reported else None
    return DrillSeat(clicked, reported, minutes)


def incident_seat(plan: PersonPlan, as_of: date, seed: int) -> DrillSeat | None:
    """A person's part in the latest incident drill: those whose drill evidence the plan
    writes reported within the target; a few others took part and reported late."""
    event = _INCIDENT
    if attends(plan, event, 0, as_of):
        minutes = float(_draw(seed, plan, "incident").randint(3, 14))
        return DrillSeat(False, True, minutes)
    held_on = event.held_on(0, as_of)
    if (
        plan.personal_files
        or plan.type is not PersonType.EMPLOYEE
        or not plan.employed_on(held_on)
        or "Incident reporting" not in plan.required
    ):
        return None
    rng = _draw(seed, plan, "incident late")
    if rng.random() >= 0.3:
        return None
    return DrillSeat(False, True, float(rng.randint(18, 40)))


def median_minutes(seats: Iterable[DrillSeat]) -> float:
    """A drill's time to report: the median of its reporters' minutes (the drill record's
    figure and its report's)."""
    return float(median(s.minutes_to_report for s in seats if s.minutes_to_report is not None))


PHISHING_NAMES: Final = tuple(occurrence.name for occurrence in _PHISHING.occurrences)
INCIDENT_NAME: Final = _INCIDENT.occurrences[0].name


def phishing_held_on(index: int, as_of: date) -> date:
    return _PHISHING.held_on(index, as_of)


def incident_held_on(as_of: date) -> date:
    return _INCIDENT.held_on(0, as_of)


# ---- the document's settings that the year relies on --------------------------------------


def policy_published_on(as_of: date) -> date:
    return as_of - timedelta(days=POLICY_PUBLISHED_DAYS_AGO)


def policy_version_on(day: date | None, as_of: date) -> str:
    """The version of the security policy in force on a day (undated: the current one)."""
    if day is not None and day < policy_published_on(as_of):
        return POLICY_EARLIER_VERSION
    return POLICY_VERSION


def fixed_renewal_on(as_of: date) -> str:
    """The fixed yearly date ("MM-DD") of the competency renewed on one."""
    day = as_of + timedelta(days=FIXED_DATE_IN_DAYS)
    return f"{day.month:02d}-{day.day:02d}"

