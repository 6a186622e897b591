"""A purge also takes the leaver's name and email out of other people's records."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from compdesk.models.records import ActionType, DrillKind
from compdesk.storage import Store
from compdesk.storage.check import run_check
from compdesk.storage.check_values import text_columns
from compdesk.storage.purge import NOT_PERSONAL_TEXT, personal_text_columns
from compdesk.storage.schema import SCHEMA_VERSION
from tests.conftest import make_competency, make_evidence, make_person, make_role

TODAY = date(2026, 6, 1)
NAME = "Zephyrine Quillfeather"
EMAIL = "zephyrine.quillfeather@example.com"


def raw_text(path: Path) -> str:
    """The document's bytes (and any journal beside it) read as text."""
    raw = path.read_bytes()
    journal = path.with_name(path.name + "-journal")
    if journal.exists():
        raw += journal.read_bytes()
    return raw.decode("utf-8", errors="replace")


def test_the_leaver_named_in_other_records_is_replaced_there(tmp_path: Path) -> None:
    path = tmp_path / "doc.compdesk"
    with Store.create(path, user="tester") as store:
        role = make_role(store, owner=NAME, description=f"reviewed with {EMAIL}")
        competency = make_competency(store)
        leaver = make_person(store, NAME, EMAIL, end_date=date(2026, 3, 31))
        other = make_person(store, "Bo Colleague", roles=(role,), notes=f"mentor: {NAME}")
        evidence = make_evidence(
            store, other, competency, notes=f"checked by {NAME.upper()} on site",
            verified_by=NAME, verified_on=date(2026, 1, 11),
        )
        action = store.actions.add(
            other.id, competency.id, ActionType.TRAINING, owner=NAME,
            description=f"ask {NAME} (or {EMAIL}) for the slides",
        )
        session = store.training.add(competency.id, date(2026, 2, 1), trainer=NAME,
                                     notes=f"{NAME}\nran it")
        drill = store.drills.add(DrillKind.PHISHING, date(2026, 2, 2), notes=f"{NAME} sent it")
        activity = store.calendar.add(3, "Awareness week", owner=NAME)

        store.people.purge(leaver.id, today=TODAY)

        placeholder = f"Purged leaver {leaver.id}"
        placeholder_email = f"purged-{leaver.id}@purged.invalid"
        assert store.roles.get(role.id).owner == placeholder
        assert store.roles.get(role.id).description == f"reviewed with {placeholder_email}"
        assert store.people.get(other.id).notes == f"mentor: {placeholder}"
        again = store.evidence.get(evidence.id)
        assert (again.verified_by, again.notes) == (placeholder, f"checked by {placeholder} on site")
        assert (again.title, again.verified_on) == (evidence.title, evidence.verified_on)
        kept = store.actions.get(action.id)
        assert (kept.owner, kept.description) == (
            placeholder, f"ask {placeholder} (or {placeholder_email}) for the slides"
        )
        assert store.training.get(session.id).trainer == placeholder
        assert store.training.get(session.id).notes == f"{placeholder}\nran it"
        assert store.drills.get(drill.id).notes == f"{placeholder} sent it"
        assert store.calendar.get(activity.id).owner == placeholder
        assert store.people.get(other.id).name == "Bo Colleague"
    text = raw_text(path)
    for secret in (NAME, EMAIL):
        assert not re.search(re.escape(secret), text, re.IGNORECASE), secret
    assert "Bo Colleague" in text
    assert run_check(path).problems == []


def test_a_longer_name_of_someone_else_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "doc.compdesk"
    with Store.create(path, user="tester") as store:
        leaver = make_person(store, "Ann Lee", "ann@example.com", end_date=date(2026, 3, 31))
        make_person(store, "Ann Leeson", "x.ann@example.com")
        other = make_person(store, "Ann Lee Park", "annlee@example.com",
                            notes="with Ann Lee Park and Ann Lee, not Ann Leeson")
        store.people.purge(leaver.id, today=TODAY)
        assert store.people.get(other.id).notes == (
            f"with Ann Lee Park and Purged leaver {leaver.id}, not Ann Leeson"
        )
        assert {person.email for person in store.people.all()} >= {
            "x.ann@example.com", "annlee@example.com"
        }


def test_every_text_column_is_either_searched_or_named_as_holding_no_one() -> None:
    """A column added later must be classified: a name typed into it would survive a purge."""
    every_text_column = {
        (table, column)
        for table, columns in text_columns(SCHEMA_VERSION).items()
        for column in columns
    }
    searched = {
        (table, column)
        for table, columns in personal_text_columns(SCHEMA_VERSION).items()
        for column in columns
    }
    assert searched | set(NOT_PERSONAL_TEXT) == every_text_column
    assert ("evidence", "verified_by") in searched and ("people", "notes") in searched
