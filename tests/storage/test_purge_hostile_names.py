"""Purges of leavers with hostile names: parts of other names, regex characters, Arabic, emoji,
a common word. Afterwards the leaver's name and email are nowhere in the file's bytes, everyone
else's records are as they were, and check is clean."""

from __future__ import annotations

import re
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compdesk.models.records import ActionType, DrillKind, Person
from compdesk.storage import Store
from compdesk.storage.check import run_check
from tests.conftest import make_competency, make_evidence

TODAY = date(2026, 6, 1)
# Words that are parts of one another, need escaping in a pattern, are not Latin, or are a
# common English word ("Will", "May").
WORDS = (
    "Ann", "Anna", "Lee", "Leeson", "Ann-Marie", "O'Brien", "a.b*c+", "(x)[y]?", "\\d+", "$1",
    "محمد", "علي", "😀", "🦄", "Will", "May", "Zoë", "José", "Ωmega",
)
LOCAL_PARTS = ("ann", "anna", "x.ann", "ann.lee", "lee", "a+b", "will", "o'brien", "zoe")

names = st.lists(st.sampled_from(WORDS), min_size=1, max_size=2).map(" ".join)


@st.composite
def documents(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """3 or 4 people's names and emails, all different; the first is the leaver."""
    count = draw(st.integers(3, 4))
    people = draw(st.lists(names, min_size=count, max_size=count, unique_by=str.casefold))
    locals_ = draw(st.lists(st.sampled_from(LOCAL_PARTS), min_size=count, max_size=count,
                            unique=True))
    return people, [f"{local}@example.com" for local in locals_]


def _whole_word(text: str) -> re.Pattern[str]:
    words = r"\s+".join(re.escape(word) for word in text.split())
    return re.compile(rf"(?<!\w){words}(?!\w)", re.IGNORECASE)


def _build(store: Store, people: list[str], emails: list[str]) -> list[Person]:
    competency = make_competency(store)
    leaver_name = people[0]
    added = [
        store.people.add(name, email, start_date=date(2024, 1, 1),
                         end_date=date(2026, 3, 31) if index == 0 else None,
                         notes=f"{name} of the team")
        for index, (name, email) in enumerate(zip(people, emails, strict=True))
    ]
    make_evidence(store, added[0], competency, title=f"{leaver_name}'s certificate")
    for other in added[1:]:
        make_evidence(store, other, competency, verified_by=leaver_name,
                      verified_on=date(2026, 1, 11),
                      notes=f"seen by {leaver_name} ({emails[0]}) and {other.name}")
        make_evidence(store, other, competency, verified_by=other.name,
                      notes=f"{other.name} <{other.email}>")
        store.actions.add(other.id, competency.id, ActionType.TRAINING, owner=leaver_name,
                          description=f"{other.name} asks {leaver_name}")
    store.training.add(competency.id, date(2026, 2, 1), trainer=leaver_name,
                       notes=" / ".join(people))
    store.drills.add(DrillKind.INCIDENT, date(2026, 2, 2), notes=f"led by {leaver_name}")
    store.calendar.add(3, f"Review with {leaver_name}", owner=leaver_name)
    return added


def _others_records(store: Store, others: list[Person]) -> list[object]:
    """What each other person holds that never named the leaver."""
    return [
        (
            store.people.get(person.id),
            [e for e in store.evidence.list(person_id=person.id) if e.verified_by == person.name],
        )
        for person in others
    ]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_a_purge_leaves_no_trace_of_the_leaver_and_everyone_else_whole(
    document: tuple[list[str], list[str]],
) -> None:
    people, emails = document
    with tempfile.TemporaryDirectory(prefix="compdesk-purge-") as folder:
        path = Path(folder) / "doc.compdesk"
        with Store.create(path, user="tester") as store:
            leaver, *others = _build(store, people, emails)
            before = _others_records(store, others)
            store.people.purge(leaver.id, today=TODAY)
            assert _others_records(store, others) == before
        raw = path.read_bytes()
        for name, email in zip(people[1:], emails[1:], strict=True):
            assert name.encode() in raw and email.encode() in raw
        for secret in (people[0], emails[0]):
            text = raw.decode("utf-8", errors="replace")
            # Where another's name or address holds the leaver's as a whole word, it stays.
            for kept in sorted(people[1:] + emails[1:], key=len, reverse=True):
                if _whole_word(secret).search(kept):
                    text = text.replace(kept, "\0")
            assert not _whole_word(secret).search(text), secret
        assert run_check(path).problems == []
