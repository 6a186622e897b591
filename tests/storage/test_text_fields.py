"""Text fields never keep a control or bidi-override character; emails are stored in one form."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compdesk.models.errors import InputError
from compdesk.models.records import Person
from compdesk.storage import Store
from tests.conftest import make_competency, make_evidence, make_person, make_role

_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_ONE_LINE_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_HOSTILE = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from("\x1b\x07\x9b\r\n\t\u202e\u2066\u200b\x7f"),
    ),
    min_size=1,
    max_size=30,
)


def test_a_name_with_terminal_escapes_is_stored_without_them(store: Store) -> None:
    person = make_person(store, "Ana\x1b]0;owned\x07 \x1b[2JRuiz\u202e", "ana@example.com")
    assert store.people.get(person.id).name == "Ana]0;owned [2JRuiz"


def test_the_same_address_written_differently_is_one_person(store: Store) -> None:
    make_person(store, "Zoë", "Zoe\u0308@Example.com")
    with pytest.raises(InputError):
        store.people.import_many([Person(0, "Zoë again", "zo\u200be\u0308@example.com")])
    assert store.people.by_email("ZOË@example.com\r").name == "Zoë"


@pytest.mark.parametrize("email", ["@", "a@b@c.com", "ana", "ana@example", "ana@.com"])
def test_what_is_not_an_address_is_refused(store: Store, email: str) -> None:
    with pytest.raises(InputError):
        make_person(store, "Ana", email)


def test_a_date_outside_the_dates_kept_is_refused_by_the_store(store: Store) -> None:
    with pytest.raises(InputError, match="start date"):
        make_person(store, start_date=date(9999, 12, 31))
    assert store.people.all() == []


def test_text_fields_round_trip_without_control_or_bidi_characters(tmp_path: Path) -> None:
    store = Store.create(tmp_path / "text.compdesk", user="tester")
    counter = iter(range(10**6))

    @settings(max_examples=60, deadline=None)
    @given(name=_HOSTILE, notes=_HOSTILE)
    def round_trip(name: str, notes: str) -> None:
        number = next(counter)
        try:
            person = make_person(
                store, name, f"p{number}@example.com", job_title=name, notes=notes
            )
            role = make_role(store, f"{name} {number}")
            competency = make_competency(store, f"{name} {number}")
        except InputError:
            return  # e.g. nothing left of the name: refused, never stored with the characters
        evidence = make_evidence(store, person, competency, notes=notes)
        stored = store.people.get(person.id)
        for one_line in (stored.name, stored.job_title, store.roles.get(role.id).name):
            assert not _ONE_LINE_FORBIDDEN.search(one_line)
        assert not _ONE_LINE_FORBIDDEN.search(store.competencies.get(competency.id).name)
        assert not _FORBIDDEN.search(stored.notes)
        assert not _FORBIDDEN.search(store.evidence.get(evidence.id).notes)

    try:
        round_trip()
    finally:
        store.close()
