"""Drills: totals, targets, per-person results and their history, deletion with undo."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from compdesk.models.errors import InputError
from compdesk.models.records import DrillKind, DrillResult
from compdesk.storage import Store
from tests.conftest import make_person


def test_phishing_totals_are_counted_from_the_results_when_not_given(store: Store) -> None:
    ana, bo = make_person(store, "Ana Ruiz"), make_person(store, "Bo Li")
    drill = store.drills.add(
        DrillKind.PHISHING,
        date(2026, 2, 3),
        [
            DrillResult(0, ana.id, clicked=True),
            DrillResult(0, bo.id, reported=True, minutes_to_report=4),
        ],
        name="Invoice",
        click_target=0.1,
    )
    assert (drill.sent, drill.clicked, drill.reported, drill.click_target) == (2, 1, 1, 0.1)
    assert store.drills.results(drill.id) == [
        DrillResult(drill.id, ana.id, True, False, None),
        DrillResult(drill.id, bo.id, False, True, 4),
    ]


def test_a_persons_history_runs_across_drills_oldest_first(store: Store) -> None:
    ana = make_person(store)
    later = store.drills.add(
        DrillKind.PHISHING, date(2026, 6, 1), [DrillResult(0, ana.id, clicked=True)]
    )
    earlier = store.drills.add(
        DrillKind.PHISHING, date(2026, 1, 1), [DrillResult(0, ana.id, clicked=True)]
    )
    assert [r.drill_id for r in store.drills.results(person_id=ana.id)] == [earlier.id, later.id]
    assert [d.id for d in store.drills.all(kind=DrillKind.PHISHING)] == [earlier.id, later.id]


def test_deleting_a_drill_takes_its_results_and_undo_brings_them_back(store: Store) -> None:
    ana = make_person(store)
    drill = store.drills.add(
        DrillKind.PHISHING, date(2026, 2, 3), [DrillResult(0, ana.id, clicked=True)]
    )
    trash_id = store.drills.delete(drill.id, keep_for_undo=True)
    assert store.drills.all() == [] and store.drills.results() == []
    assert trash_id is not None
    store.trash.restore(trash_id)
    assert store.drills.get(drill.id) == drill
    assert len(store.drills.results(drill.id)) == 1


def test_deleting_a_person_removes_their_drill_results(store: Store) -> None:
    ana = make_person(store)
    drill = store.drills.add(
        DrillKind.PHISHING, date(2026, 2, 3), [DrillResult(0, ana.id, clicked=True)]
    )
    store.people.delete(ana.id)
    assert store.drills.results(drill.id) == []
    assert store.drills.get(drill.id).clicked == 1


def test_an_incident_drill_keeps_participants_and_time_to_report(store: Store) -> None:
    drill = store.drills.add(
        DrillKind.INCIDENT,
        date(2026, 5, 5),
        participants=8,
        minutes_to_report=12.5,
        minutes_target=15,
    )
    assert store.drills.get(drill.id).minutes_to_report == 12.5
    changed = store.drills.update(replace(drill, participants=9))
    assert changed.participants == 9


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"sent": 10, "clicked": 11}, "more than were sent"),
        ({"click_target": 10}, "fraction from 0 to 1"),
        ({"participants": -1}, "negative"),
    ],
)
def test_impossible_figures_are_refused(
    store: Store, values: dict[str, float], message: str
) -> None:
    with pytest.raises(InputError, match=message):
        store.drills.add(DrillKind.PHISHING, date(2026, 2, 3), **values)
    assert store.drills.all() == []
