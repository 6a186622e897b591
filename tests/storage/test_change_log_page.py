"""The change log read a page at a time, newest first, with filters; and its chain verified."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

from compdesk.storage import Store, change_log_hash
from compdesk.storage.change_log import LogFilter, verify_chain


def write_entries(store: Store, entries: Sequence[tuple[str, str, str]]) -> None:
    """Append chained (at, who, what) entries as compdesk writes them, in one transaction."""
    previous, _length = store.change_log.head()
    rows = []
    for at, who, what in entries:
        entry_hash = change_log_hash(previous, at, who, what)
        rows.append((at, who, what, previous, entry_hash))
        previous = entry_hash
    with store.transaction():
        store.db.executemany(
            "INSERT INTO change_log (at, who, what, previous_hash, hash) VALUES (?, ?, ?, ?, ?)",
            rows,
        )
        store.db.execute("UPDATE change_log_length SET entries = entries + ?", (len(rows),))


SAMPLE = [
    ("2026-03-01T09:00:00+00:00", "maria", "Added person Ana Ruiz (ana.ruiz@example.com)"),
    ("2026-03-02T10:00:00+00:00", "ana.ruiz@example.com", "Added evidence for Bo Chen"),
    ("2026-03-03T11:00:00+00:00", "maria", "Updated person ANA RUIZ"),
    ("2026-03-04T12:00:00+00:00", "maria", "Imported 3 people from staff.csv"),
    ("2026-03-05T13:00:00+00:00", "Ana Ruiz", "Renamed role Developer"),
]


def _store(tmp_path: Path) -> Store:
    store = Store.create(tmp_path / "log.compdesk", user="tester")
    store.db.execute("DELETE FROM change_log")
    store.db.execute("UPDATE change_log_length SET entries = 0")
    write_entries(store, SAMPLE)
    return store


def _whats(entries: Sequence[object]) -> list[str]:
    return [entry.what for entry in entries]  # type: ignore[attr-defined]


def test_pages_come_newest_first_and_follow_on(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        first = store.change_log.page(0, 2)
        second = store.change_log.page(2, 2)
        rest = store.change_log.page(4, 2)
    assert _whats(first) == [SAMPLE[4][2], SAMPLE[3][2]]
    assert _whats(second) == [SAMPLE[2][2], SAMPLE[1][2]]
    assert _whats(rest) == [SAMPLE[0][2]]


def test_about_a_person_matches_their_name_or_email_in_any_case(tmp_path: Path) -> None:
    about_ana = LogFilter(about=("Ana Ruiz", "ana.ruiz@example.com"))
    with _store(tmp_path) as store:
        entries = store.change_log.page(0, 100, about_ana)
        count = store.change_log.count(about_ana)
    assert _whats(entries) == [SAMPLE[2][2], SAMPLE[0][2]]
    assert count == 2


def test_made_by_a_person_matches_the_author_by_name_or_email(tmp_path: Path) -> None:
    made_by_ana = LogFilter(made_by=("ana ruiz", "Ana.Ruiz@example.com"))
    with _store(tmp_path) as store:
        entries = store.change_log.page(0, 100, made_by_ana)
    assert _whats(entries) == [SAMPLE[4][2], SAMPLE[1][2]]


def test_a_date_range_and_a_word_narrow_together(tmp_path: Path) -> None:
    window = LogFilter(
        since="2026-03-02T00:00:00+00:00", before="2026-03-04T00:00:00+00:00", text="PERSON"
    )
    with _store(tmp_path) as store:
        entries = store.change_log.page(0, 100, window)
        everything = store.change_log.count()
    assert _whats(entries) == [SAMPLE[2][2]]
    assert everything == len(SAMPLE)


def test_a_filter_term_is_text_not_sql(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        assert store.change_log.count(LogFilter(text="%")) == 0
        assert store.change_log.count(LogFilter(about=("') OR 1=1 --",))) == 0


def test_a_sound_chain_has_no_problems_and_an_edited_entry_is_named(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        assert store.change_log.verify() == []
        path = store.path
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("UPDATE change_log SET who = 'mallory' WHERE what LIKE 'Imported%'")
    connection.close()
    with Store.open(path, read_only=True) as store:
        problems = store.change_log.verify()
        assert verify_chain(store.change_log.entries()) == problems
    assert len(problems) == 1
    assert "Imported 3 people" in problems[0]
    assert "hash does not match its contents" in problems[0]


def test_a_removed_entry_breaks_the_link_to_the_next(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        store.db.execute("DELETE FROM change_log WHERE what LIKE 'Updated person%'")
        problems = store.change_log.verify()
    assert len(problems) == 1
    assert "does not follow the entry before it" in problems[0]
