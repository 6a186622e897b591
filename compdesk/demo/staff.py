"""Who works at the sample organisation: the story's fifteen, then generated people.

Organisations larger than the story (benchmarks, `compdesk demo --people 200`) get people drawn
from the pools below: diverse names, a primary role, dates, and a standing for each required
competency with the weights of a typical record. Everything follows from the random stream
passed in, so the same seed gives the same people.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from typing import Final

from compdesk.demo.northwind import ISMS_MANAGER, MAIL_DOMAIN, core_people, recipe_for
from compdesk.demo.plan import ActionPlan, CellPlan, PersonPlan, Standing, validity_months
from compdesk.models.records import ActionStatus, ActionType, Effectiveness, PersonType
from compdesk.models.templates import ADVANCED, BASIC, ROLE_SPECIFIC

_RENEWAL_MONTHS: Final = {
    spec.name: spec.renewal_months for spec in (*BASIC, *ROLE_SPECIFIC, *ADVANCED)
}

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
            recipe = recipe_for(plan, competency)
            # Evidence that never expires can only be there or not.
            renewal = _RENEWAL_MONTHS.get(competency)
            if validity_months(recipe, renewal) is None and standing is not Standing.NONE:
                standing = Standing.CURRENT
            actions = _generated_action(rng, standing, competency, ISMS_MANAGER)
            if standing is not Standing.CURRENT or actions:
                cells[competency] = CellPlan(standing, actions)
        people.append(replace(plan, cells=cells))
    return people


def plan_people(count: int, as_of: date, rng: random.Random) -> list[PersonPlan]:
    """Who works at the sample organisation: the story's people first, then generated ones."""
    core = core_people(as_of, rng)[:count]
    taken = {plan.email for plan in core}
    return core + _generated_people(max(0, count - len(core)), as_of, rng, taken)
