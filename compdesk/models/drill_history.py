"""What drills say about people: each person's history across drills, the repeat clickers, a
drill's clickers, and what an imported drill takes from the drills recorded before it.

Shared by the Drills view and `compdesk import-drill`, so both decide these the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from compdesk.models.drill_import import DrillPersonResult
from compdesk.models.records import Competency, Drill, DrillKind, DrillResult, Person

# Clicking in this many phishing drills or more makes a person a repeat clicker.
REPEAT_CLICKS = 2


@dataclass(frozen=True, slots=True)
class PersonDrillHistory:
    """One person's results, oldest drill first."""

    person: Person
    results: tuple[tuple[Drill, DrillResult], ...]

    @property
    def clicks(self) -> int:
        return sum(
            result.clicked for drill, result in self.results if drill.kind is DrillKind.PHISHING
        )

    @property
    def is_repeat_clicker(self) -> bool:
        return self.clicks >= REPEAT_CLICKS


def drill_histories(
    people: Iterable[Person], drills: Iterable[Drill], results: Iterable[DrillResult]
) -> list[PersonDrillHistory]:
    """Every person with a result in some drill, in the order of `people`."""
    drills_by_id = {drill.id: drill for drill in drills}
    by_person: dict[int, list[tuple[Drill, DrillResult]]] = {}
    for result in results:
        drill = drills_by_id.get(result.drill_id)
        if drill is not None:
            by_person.setdefault(result.person_id, []).append((drill, result))
    histories = []
    for person in people:
        own = by_person.get(person.id)
        if own:
            own.sort(key=lambda pair: (pair[0].held_on, pair[0].id))
            histories.append(PersonDrillHistory(person, tuple(own)))
    return histories


def repeat_clickers(histories: Iterable[PersonDrillHistory]) -> list[PersonDrillHistory]:
    return [history for history in histories if history.is_repeat_clicker]


def clickers(results: Iterable[DrillResult]) -> list[int]:
    """The ids of the people who clicked in a drill's results."""
    return [result.person_id for result in results if result.clicked]


def phishing_competency(competencies: Sequence[Competency]) -> Competency | None:
    """The competency a phishing failure calls for: the first whose name speaks of phishing."""
    for competency in competencies:
        if "phish" in competency.name.casefold():
            return competency
    return None


def recorded_results(matched: Iterable[tuple[Person, DrillPersonResult]]) -> list[DrillResult]:
    """The per-person results a drill keeps, from the import's matched rows."""
    return [
        DrillResult(0, person.id, result.clicked, result.reported, result.minutes_to_report)
        for person, result in matched
    ]


def latest_targets(drills: Iterable[Drill]) -> tuple[float | None, float | None]:
    """The click and report targets of the latest phishing drill: a new drill keeps them."""
    phishing = [drill for drill in drills if drill.kind is DrillKind.PHISHING]
    latest = max(phishing, key=lambda d: (d.held_on, d.id), default=None)
    return (None, None) if latest is None else (latest.click_target, latest.report_target)


def same_drill(drills: Iterable[Drill], held_on: date, name: str) -> Drill | None:
    """A phishing drill of that day and name already recorded: importing it again would count
    everyone's clicks twice."""
    for drill in drills:
        if (
            drill.kind is DrillKind.PHISHING
            and drill.held_on == held_on
            and drill.name.casefold() == name.casefold()
        ):
            return drill
    return None
