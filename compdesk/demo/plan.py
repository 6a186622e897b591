"""The plan of a sample organisation: who works there and where each competency stands.

A plan is pure data, built before anything is written: the people with their roles and dates,
and for each required competency its standing on the as-of date, the actions taken on it and,
where it differs from the usual, the evidence that shows it. `northwind` holds the story's
plan, `staff` adds generated people, and `writer` puts a plan into a document.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Final

from compdesk.models.records import (
    ActionStatus,
    ActionType,
    Effectiveness,
    EvidenceKind,
    PersonType,
    Route,
)
from compdesk.models.templates import ROLES

REQUIRED_BY_ROLE: Final = {name: required for name, _, required in ROLES}


class Standing(enum.Enum):
    """Where a person's evidence for one competency stands on the as-of date."""

    CURRENT = "current"  # valid well past the expiry warning window
    EXPIRING = "expiring"  # valid, but expires inside the warning window
    LAPSED_RECENTLY = "lapsed recently"  # expired, still inside the renewal grace
    LAPSED = "lapsed"  # expired, grace long over
    NONE = "none"  # never evidenced


class SampleFileKind(enum.Enum):
    """Which kind of sample file an evidence record carries."""

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
    sample_file: SampleFileKind
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
    access_granted_on: date | None = None  # when their accounts were created

    @property
    def required(self) -> tuple[str, ...]:
        names: dict[str, None] = {}
        for role in self.roles:
            names.update(dict.fromkeys(REQUIRED_BY_ROLE[role]))
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


def validity_months(recipe: Recipe, renewal_months: int | None) -> int | None:
    """How long a recipe's evidence is valid: its own term, else the competency's renewal."""
    return recipe.validity_months or renewal_months


def attends(plan: PersonPlan, event: Event, index: int, as_of: date) -> bool:
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
