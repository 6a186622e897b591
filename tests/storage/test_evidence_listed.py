"""The evidence list's reading: each record with its files' names, without the blobs."""

from __future__ import annotations

import dataclasses
from datetime import date

from compdesk.storage import Store
from tests.conftest import make_competency, make_evidence, make_person


def test_listed_evidence_names_its_files_in_attachment_order(store: Store) -> None:
    competency = make_competency(store)
    ana, ben = make_person(store, "Ana Ruiz"), make_person(store, "Ben Ode")
    older = make_evidence(store, ana, competency, achieved_on=date(2025, 1, 1))
    newer = make_evidence(store, ana, competency, achieved_on=date(2026, 1, 1))
    bens = make_evidence(store, ben, competency, achieved_on=date(2025, 6, 1))
    store.attachments.attach_bytes(older.id, "z-scan.pdf", b"a")
    store.attachments.attach_bytes(older.id, "a-list.pdf", b"b")

    listed = store.evidence.listed()

    assert [(evidence.id, names) for evidence, names in listed] == [
        (newer.id, ()),
        (bens.id, ()),
        (older.id, ("z-scan.pdf", "a-list.pdf")),
    ]
    # The same records `list` gives, only without their attachments.
    assert [evidence for evidence, _ in listed] == [
        dataclasses.replace(evidence, attachments=()) for evidence in store.evidence.list()
    ]


def test_listed_evidence_of_some_people_is_only_theirs(store: Store) -> None:
    competency = make_competency(store)
    ana, ben = make_person(store, "Ana Ruiz"), make_person(store, "Ben Ode")
    anas = make_evidence(store, ana, competency)
    make_evidence(store, ben, competency)

    assert [evidence.id for evidence, _ in store.evidence.listed({ana.id})] == [anas.id]
    assert store.evidence.listed(set()) == []
