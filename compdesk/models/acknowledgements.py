"""Acknowledgements of documents (7.3, A 5.1, A 6.4, A 6.6): which version each person signed.

A competency with a `document_version` is a document to acknowledge (the security policy, the
acceptable use policy, the disciplinary process, a confidentiality agreement); an evidence
record of it is an acknowledgement of the version in its `document_version`.

An acknowledgement counts while it is of the current version. Publishing a new version (its
`version_since`) does not make everyone missing at once: earlier acknowledgements still count
for `Settings.acknowledgement_grace_days` from that day, and the matrix shows the cell as due
until the grace's last day; the day after, they no longer count and the cell is expired. As of
a date before `version_since`, the earlier version was the current one and its acknowledgements
count as they did then. A document without a `version_since` has no grace to give: only
acknowledgements of its current version count.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from compdesk.models.records import Competency, Person, Settings
from compdesk.models.rules import is_active


class AcknowledgementState(enum.Enum):
    CURRENT = "current version"
    # Of an earlier version, inside the grace after the new one: counts, the cell is due.
    IN_GRACE = "earlier version, in grace"
    SUPERSEDED = "superseded version"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def counts(self) -> bool:
        return self is not AcknowledgementState.SUPERSEDED


def is_document(competency: Competency) -> bool:
    """A competency shown by acknowledging a document at a version."""
    return bool(competency.document_version)


def acknowledgement_grace_ends(competency: Competency, settings: Settings) -> date | None:
    """The last day acknowledgements of earlier versions still count (None: no grace)."""
    if competency.version_since is None:
        return None
    return competency.version_since + timedelta(days=settings.acknowledgement_grace_days)


def acknowledgement_state(
    competency: Competency, version: str, as_of: date, settings: Settings
) -> AcknowledgementState:
    """Where an acknowledgement of `version` stands as of a date."""
    if version == competency.document_version:
        return AcknowledgementState.CURRENT
    since = competency.version_since
    if since is None:
        return AcknowledgementState.SUPERSEDED
    if as_of < since:
        return AcknowledgementState.CURRENT
    grace_ends = acknowledgement_grace_ends(competency, settings)
    assert grace_ends is not None  # version_since is set
    return AcknowledgementState.IN_GRACE if as_of <= grace_ends else AcknowledgementState.SUPERSEDED


class SupersededLimit(NamedTuple):
    """What an acknowledgement of an earlier version is worth to the gap engine: valid through
    the day before the new version, then due through `grace_ends`."""

    valid_through: date
    grace_ends: date

    @property
    def never_counts(self) -> bool:
        """Of another version than a document's only known one (no `version_since`)."""
        return self.valid_through == date.min


def superseded_limit(
    competency: Competency, version: str, as_of: date, settings: Settings
) -> SupersededLimit | None:
    """None when the acknowledgement counts as of the current version (or the competency is
    no document); a limit when it is of an earlier version on or after `version_since`.
    A document without `version_since` gives `SupersededLimit(date.min, date.min)`: never
    valid, no grace."""
    if not is_document(competency):
        return None
    state = acknowledgement_state(competency, version, as_of, settings)
    if state is AcknowledgementState.CURRENT:
        return None
    since = competency.version_since
    if since is None:
        return SupersededLimit(date.min, date.min)
    grace_ends = acknowledgement_grace_ends(competency, settings)
    assert grace_ends is not None
    return SupersededLimit(since - timedelta(days=1), grace_ends)


class Acknowledgement(NamedTuple):
    """The part of an evidence record of a document that the listing reads."""

    evidence_id: int
    person_id: int
    version: str
    achieved_on: date | None


@dataclass(frozen=True, slots=True)
class PersonAcknowledgement:
    person: Person
    # The person's latest acknowledgement up to the as-of date; None: never acknowledged.
    latest: Acknowledgement | None
    state: AcknowledgementState | None


@dataclass(frozen=True, slots=True)
class DocumentAcknowledgements:
    """One document's acknowledgements by version, as of a date (the binder's table, the
    finding of an acknowledgement of a superseded version)."""

    competency: Competency
    as_of: date
    grace_ends: date | None
    people: tuple[PersonAcknowledgement, ...]

    def by_version(self) -> dict[str, int]:
        """People per version acknowledged last ("" for acknowledgements without a version),
        the current version first, then the others by name."""
        counts: dict[str, int] = {self.competency.document_version: 0}
        for entry in self.people:
            if entry.latest is not None:
                counts[entry.latest.version] = counts.get(entry.latest.version, 0) + 1
        current = self.competency.document_version
        return {current: counts[current]} | {
            version: counts[version] for version in sorted(counts) if version != current
        }

    def not_current(self) -> tuple[PersonAcknowledgement, ...]:
        """Those whose latest acknowledgement is not of the current version (in grace or
        superseded), in the order given."""
        return tuple(
            entry for entry in self.people
            if entry.state is not None and entry.state is not AcknowledgementState.CURRENT
        )

    def superseded(self) -> tuple[PersonAcknowledgement, ...]:
        return tuple(e for e in self.people if e.state is AcknowledgementState.SUPERSEDED)

    def never_acknowledged(self) -> tuple[PersonAcknowledgement, ...]:
        return tuple(e for e in self.people if e.latest is None)


def document_acknowledgements(
    *,
    competency: Competency,
    people: Iterable[Person],
    acknowledgements: Iterable[Acknowledgement],
    settings: Settings,
    as_of: date,
) -> DocumentAcknowledgements:
    """Each active person of `people` (the ones the document concerns, in their order) with
    their latest acknowledgement of `competency` up to `as_of`: a current-version
    acknowledgement wins over a later one of another version, then the latest date."""
    active = [p for p in people if is_active(p, as_of)]
    wanted = {p.id for p in active}
    latest: dict[int, Acknowledgement] = {}
    for item in acknowledgements:
        if item.person_id not in wanted:
            continue
        if item.achieved_on is not None and item.achieved_on > as_of:
            continue
        kept = latest.get(item.person_id)
        if kept is None or _ranks_above(item, kept, competency.document_version):
            latest[item.person_id] = item
    entries = []
    for person in active:
        found = latest.get(person.id)
        state = None
        if found is not None:
            state = acknowledgement_state(competency, found.version, as_of, settings)
        entries.append(PersonAcknowledgement(person, found, state))
    return DocumentAcknowledgements(
        competency, as_of, acknowledgement_grace_ends(competency, settings), tuple(entries)
    )


def _ranks_above(item: Acknowledgement, kept: Acknowledgement, current: str) -> bool:
    item_current, kept_current = item.version == current, kept.version == current
    if item_current != kept_current:
        return item_current
    return (item.achieved_on or date.min) > (kept.achieved_on or date.min)
