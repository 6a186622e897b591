"""Acknowledgements of a document's versions: what counts, through the grace, and by version."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from compdesk.models.acknowledgements import (
    Acknowledgement,
    AcknowledgementState,
    SupersededLimit,
    acknowledgement_grace_ends,
    acknowledgement_state,
    document_acknowledgements,
    is_document,
    superseded_limit,
)
from compdesk.models.records import Competency, Person, Settings

PUBLISHED = date(2024, 2, 29)
POLICY = Competency(1, "Security policy", document_version="v2", version_since=PUBLISHED)
DEFAULTS = Settings()
GRACE_ENDS = date(2024, 3, 30)  # 30 days after 29 February 2024
PEOPLE = tuple(
    Person(i, name, f"{name.split()[0].lower()}@example.com", start_date=date(2020, 1, 1))
    for i, name in enumerate(["Ana Ruiz", "Bo Chen", "Cy Diaz", "Di Eze"], start=1)
)


def test_a_competency_with_a_version_is_a_document_to_acknowledge() -> None:
    assert is_document(POLICY)
    assert not is_document(Competency(2, "Secure coding"))
    assert superseded_limit(Competency(2, "Secure coding"), "", PUBLISHED, DEFAULTS) is None


@pytest.mark.parametrize(
    ("version", "as_of", "expected"),
    [
        ("v2", PUBLISHED, AcknowledgementState.CURRENT),
        ("v1", PUBLISHED - timedelta(days=1), AcknowledgementState.CURRENT),
        ("v1", PUBLISHED, AcknowledgementState.IN_GRACE),
        ("v1", GRACE_ENDS, AcknowledgementState.IN_GRACE),
        ("v1", GRACE_ENDS + timedelta(days=1), AcknowledgementState.SUPERSEDED),
        ("", GRACE_ENDS + timedelta(days=1), AcknowledgementState.SUPERSEDED),
    ],
    ids=["current", "before-publication", "publication-day", "grace-last-day",
         "after-grace", "no-version"],
)
def test_an_earlier_version_counts_through_the_grace_after_publication(
    version: str, as_of: date, expected: AcknowledgementState
) -> None:
    assert acknowledgement_grace_ends(POLICY, DEFAULTS) == GRACE_ENDS
    assert acknowledgement_state(POLICY, version, as_of, DEFAULTS) is expected
    assert expected.counts is (expected is not AcknowledgementState.SUPERSEDED)


def test_the_grace_is_a_setting_of_the_document() -> None:
    longer = Settings(acknowledgement_grace_days=60)
    assert acknowledgement_state(POLICY, "v1", date(2024, 4, 20), longer) is (
        AcknowledgementState.IN_GRACE
    )
    assert superseded_limit(POLICY, "v1", date(2024, 4, 20), longer) == SupersededLimit(
        date(2024, 2, 28), date(2024, 4, 29)
    )


def test_without_a_publication_date_an_earlier_version_never_counts() -> None:
    undated = replace(POLICY, version_since=None)
    assert acknowledgement_grace_ends(undated, DEFAULTS) is None
    assert acknowledgement_state(undated, "v1", PUBLISHED, DEFAULTS) is (
        AcknowledgementState.SUPERSEDED
    )
    limit = superseded_limit(undated, "v1", PUBLISHED, DEFAULTS)
    assert limit is not None and limit.never_counts


def test_acknowledgements_by_version_take_each_persons_latest() -> None:
    ana, bo, cy, di = PEOPLE
    acknowledgements = [
        Acknowledgement(1, ana.id, "v1", date(2023, 5, 1)),
        Acknowledgement(2, ana.id, "v2", date(2024, 3, 5)),
        Acknowledgement(3, bo.id, "v1", date(2023, 5, 1)),
        Acknowledgement(4, cy.id, "v2", date(2024, 3, 1)),
        Acknowledgement(5, cy.id, "v1", date(2024, 3, 2)),  # a later signature of the old text
        Acknowledgement(6, di.id, "v2", date(2024, 4, 10)),  # after the as-of date: not yet
    ]
    listed = document_acknowledgements(
        competency=POLICY, people=PEOPLE, acknowledgements=acknowledgements,
        settings=DEFAULTS, as_of=date(2024, 4, 1),
    )
    assert listed.grace_ends == GRACE_ENDS
    assert listed.by_version() == {"v2": 2, "v1": 1}
    assert [e.person for e in listed.superseded()] == [bo]
    assert [e.person for e in listed.not_current()] == [bo]
    assert [e.person for e in listed.never_acknowledged()] == [di]
    in_grace = document_acknowledgements(
        competency=POLICY, people=PEOPLE, acknowledgements=acknowledgements,
        settings=DEFAULTS, as_of=date(2024, 3, 10),
    )
    assert [(e.person, e.state) for e in in_grace.not_current()] == [
        (bo, AcknowledgementState.IN_GRACE)
    ]


def test_acknowledgements_of_leavers_are_left_out() -> None:
    leaver = replace(PEOPLE[0], end_date=date(2024, 1, 31))
    listed = document_acknowledgements(
        competency=POLICY, people=(leaver,),
        acknowledgements=[Acknowledgement(1, leaver.id, "v1", date(2023, 5, 1))],
        settings=DEFAULTS, as_of=date(2024, 4, 1),
    )
    assert listed.people == ()
    assert listed.by_version() == {"v2": 0}
