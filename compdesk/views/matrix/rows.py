"""The matrix's rows, computed once per refresh (one per person), and the tally of the rows
shown: completion per column and the count of each status."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from compdesk.models.gaps import GapMatrix, GapStatus
from compdesk.models.records import Competency, Person, PersonType

# Column 0 is each person's completion, then one column per competency.
COMPLETION_COLUMN = 0
FIRST_COMPETENCY_COLUMN = 1

# The statuses that count as met, as the gap engine says.
_MET_STATUSES = tuple(status for status in GapStatus if status.counts_as_met)


# PERF: a row is worked out once per refresh, so data() is a few look-ups per painted cell.
@dataclass(slots=True, eq=False)
class MatrixRow:
    """Everything the model shows for one person, computed once per refresh."""

    person: Person
    # One per competency column (not required where none of the person's roles asks for it).
    statuses: tuple[GapStatus, ...]
    # Source columns (not competency ids) of the required competencies: the proxy needs no
    # look-ups.
    required_columns: tuple[int, ...]
    met_count: int
    label: str
    roles_text: str
    # PERF: built when a search first needs it, not for every row of every refresh.
    _search_text: str | None = field(default=None, repr=False)

    @property
    def required_count(self) -> int:
        return len(self.required_columns)

    @property
    def completion(self) -> float | None:
        required = len(self.required_columns)
        return self.met_count / required if required else None

    @property
    def has_gap(self) -> bool:
        return self.met_count < len(self.required_columns)

    @property
    def search_text(self) -> str:
        if self._search_text is None:
            person = self.person
            self._search_text = " ".join(
                (person.name, person.email, person.job_title, person.type.value, self.roles_text)
            ).casefold()
        return self._search_text


def make_rows(
    matrix: GapMatrix, competencies: tuple[Competency, ...], role_names: Mapping[int, str]
) -> list[MatrixRow]:
    """One row per person of the matrix, in a single pass over its (required) cells."""
    column_of = {c.id: column for column, c in enumerate(competencies, FIRST_COMPETENCY_COLUMN)}
    statuses_of: dict[int, list[GapStatus]] = {}
    required_of: dict[int, list[int]] = {}
    for (person_id, competency_id), cell in matrix.cells.items():
        column = column_of.get(competency_id)
        if column is None:
            continue
        statuses = statuses_of.get(person_id)
        if statuses is None:
            statuses = statuses_of[person_id] = [GapStatus.NOT_REQUIRED] * len(competencies)
            required_of[person_id] = []
        statuses[column - FIRST_COMPETENCY_COLUMN] = cell.status
        required_of[person_id].append(column)

    nothing_required = (GapStatus.NOT_REQUIRED,) * len(competencies)
    # PERF: people share role combinations: each is named once, not once per person.
    roles_texts: dict[tuple[int, ...], str] = {}
    rows = []
    for person in matrix.people:
        found = statuses_of.get(person.id)
        roles_text = roles_texts.get(person.role_ids)
        if roles_text is None:
            roles_text = roles_texts[person.role_ids] = ", ".join(
                role_names.get(i, "") for i in person.role_ids if i in role_names
            )
        label = person.name
        if person.type is not PersonType.EMPLOYEE:
            label += f" ({person.type.value})"
        rows.append(
            MatrixRow(
                person,
                tuple(found) if found is not None else nothing_required,
                tuple(sorted(required_of[person.id])) if found is not None else (),
                sum(map(found.count, _MET_STATUSES)) if found is not None else 0,
                label,
                roles_text,
            )
        )
    return rows


def tally_rows(rows: Iterable[MatrixRow]) -> ShownSummary:
    """How many people, and per column how many required and met cells, among `rows`."""
    row_statuses = [row.statuses for row in rows]
    column_required: dict[int, int] = {}
    column_met: dict[int, int] = {}
    gap_columns: set[int] = set()
    counts: Counter[GapStatus] = Counter()
    # PERF: column by column: tuple.count counts each column's statuses in C.
    for column, statuses in enumerate(zip(*row_statuses, strict=True), FIRST_COMPETENCY_COLUMN):
        required = len(statuses) - statuses.count(GapStatus.NOT_REQUIRED)
        if not required:
            continue
        met = sum(statuses.count(status) for status in _MET_STATUSES)
        column_required[column] = required
        if met:
            column_met[column] = met
        if met < required:
            gap_columns.add(column)
        for status in _STATUSES_REQUIRED:
            found = statuses.count(status)
            if found:
                counts[status] += found
    return ShownSummary(
        people=len(row_statuses),
        columns=frozenset(column_required),
        column_required=column_required,
        column_met=column_met,
        counts=counts,
        gap_columns=frozenset(gap_columns),
    )


def adjusted_tally(
    tally: ShownSummary, removed: Iterable[MatrixRow], added: Iterable[MatrixRow]
) -> ShownSummary:
    """`tally` with the `removed` rows no longer counted and the `added` ones counted."""
    old, new = tally_rows(removed), tally_rows(added)
    required = Counter(tally.column_required)
    required.subtract(old.column_required)
    required.update(new.column_required)
    met = Counter(tally.column_met)
    met.subtract(old.column_met)
    met.update(new.column_met)
    column_required = {column: count for column, count in sorted(required.items()) if count}
    return ShownSummary(
        people=tally.people - old.people + new.people,
        columns=frozenset(column_required),
        column_required=column_required,
        column_met={column: count for column, count in sorted(met.items()) if count},
        counts=tally.counts - old.counts + new.counts,
        gap_columns=frozenset(
            column for column, count in column_required.items() if met[column] < count
        ),
    )


_STATUSES_REQUIRED = tuple(status for status in GapStatus if status is not GapStatus.NOT_REQUIRED)


class ShownSummary(NamedTuple):
    """What the filtered matrix shows: its columns, completion per column, status counts."""

    people: int
    columns: frozenset[int]
    column_required: Mapping[int, int]
    column_met: Mapping[int, int]
    counts: Counter[GapStatus]
    # The columns where someone counted has a gap.
    gap_columns: frozenset[int] = frozenset()

    @property
    def required(self) -> int:
        return sum(self.column_required.values())

    @property
    def met(self) -> int:
        return sum(self.column_met.values())

    @property
    def completion(self) -> float | None:
        return self.met / self.required if self.required else None

    def column_completion(self, column: int) -> float | None:
        required = self.column_required.get(column, 0)
        return self.column_met.get(column, 0) / required if required else None
