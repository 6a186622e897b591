"""Purging a leaver: their personal data leaves the file's bytes, their figures stay."""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from compdesk.models.errors import InputError
from compdesk.models.findings import FindingKind
from compdesk.models.metrics import Metrics
from compdesk.models.records import ActionType, Person
from compdesk.storage import Store
from compdesk.storage.check import run_check
from compdesk.storage.purge import PURGE_ENTRY
from tests.conftest import make_competency, make_evidence, make_person, make_role

TODAY = date(2026, 6, 1)
NAME = "Zephyrine Quillfeather"
EMAIL = "zephyrine.quillfeather@example.com"
SECRET_BYTES = b"%PDF-1.4 unique-certificate-bytes-9f1c2e7d4b"
FILE_NAME = "quillfeather-passport-scan.pdf"


def _leaver(store: Store, **values: object) -> Person:
    role = make_role(store)
    competency = make_competency(store)
    store.requirements.set(role.id, competency.id, True)
    person = make_person(
        store, NAME, EMAIL, roles=(role,), job_title="Head of Zeppelins",
        notes="lives at 12 Quill Lane", start_date=date(2024, 1, 1), **values,
    )
    evidence = make_evidence(
        store, person, competency, title="Quillfeather's certificate", notes="private note"
    )
    store.attachments.attach_bytes(evidence.id, FILE_NAME, SECRET_BYTES)
    store.actions.add(
        person.id, competency.id, ActionType.TRAINING, description="Zephyrine to retake"
    )
    make_person(store, "Bo Colleague", start_date=date(2024, 1, 1), roles=(role,))
    return person


def _figures(metrics: Metrics) -> Any:
    """The metrics with each person reduced to their id, lists in a fixed order: the figures."""

    def reduced(value: Any) -> Any:
        if isinstance(value, dict):
            if "email" in value:
                return value["id"]
            return {key: reduced(item) for key, item in value.items()}
        if isinstance(value, (list, tuple)):
            return sorted((reduced(item) for item in value), key=repr)
        return value

    return reduced(asdict(metrics))


def _left(store: Store) -> Person:
    person = _leaver(store, end_date=date(2026, 3, 31))
    return person


def test_a_purge_leaves_no_personal_byte_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "leavers.compdesk"
    with Store.create(path, user="tester") as store:
        person = _left(store)
        store.people.purge(person.id, today=TODAY)
    raw = path.read_bytes()
    journal = path.with_name(path.name + "-journal")
    if journal.exists():
        raw += journal.read_bytes()
    for secret in (NAME, EMAIL, "Quillfeather", "Zeppelins", "Quill Lane", FILE_NAME,
                   "Zephyrine", "private note"):
        assert secret.encode() not in raw, secret
        assert secret.lower().encode() not in raw.lower(), secret
    assert SECRET_BYTES not in raw
    with Store.open(path) as again:
        purged = again.people.get(person.id)
        assert (purged.name, purged.email) == (f"Purged leaver {person.id}",
                                                f"purged-{person.id}@purged.invalid")
        assert (purged.job_title, purged.notes) == ("", "")
        (evidence,) = again.evidence.list(person_id=person.id)
        assert (evidence.title, evidence.notes, evidence.achieved_on) == ("", "", date(2026, 1, 10))
        assert again.attachments.by_evidence(evidence.id) == {}
        assert [a.description for a in again.actions.list(person_id=person.id)] == [""]
    report = run_check(path)
    assert report.problems == []


def test_the_metrics_of_past_dates_are_unchanged(store: Store) -> None:
    person = _left(store)
    dates = (date(2026, 1, 31), date(2026, 3, 31), TODAY)
    before = [_figures(store.metrics(day)) for day in dates]
    assert before[0]["required"] > 0
    store.people.purge(person.id, today=TODAY)
    assert [_figures(store.metrics(day)) for day in dates] == before


def test_a_file_another_record_still_uses_stays(store: Store) -> None:
    person = _left(store)
    colleague = store.people.by_email("bo.colleague@example.com")
    shared = make_evidence(store, colleague, store.competencies.all()[0])
    store.attachments.attach_bytes(shared.id, "attendance.pdf", SECRET_BYTES)
    store.people.purge(person.id, today=TODAY)
    (attachment,) = store.attachments.by_evidence(shared.id)[shared.id]
    assert store.attachments.bytes(attachment.id) == SECRET_BYTES


@pytest.mark.parametrize("end_date", [None, date(2026, 6, 2)])
def test_someone_who_has_not_left_is_refused(store: Store, end_date: date | None) -> None:
    person = _leaver(store, end_date=end_date)
    head = store.change_log.head()
    with pytest.raises(InputError, match="has not left"):
        store.people.purge(person.id, today=TODAY)
    assert store.people.get(person.id).name == NAME
    assert store.change_log.head() == head


def test_the_history_is_rewritten_and_an_earlier_anchor_is_explained(store: Store) -> None:
    person = _left(store)
    old_head, old_length = store.change_log.head()
    store.people.purge(person.id, today=TODAY)
    entries = store.change_log.entries()
    assert len(entries) == old_length + 1
    assert not any(NAME in e.what or EMAIL in e.what or FILE_NAME in e.what for e in entries)
    match = PURGE_ENTRY.match(entries[-1].what)
    assert match is not None and match["head"] == old_head
    assert int(match["length"]) == old_length
    report = run_check(store.path, since=old_head)
    assert report.problems == []
    assert any("history rewritten by the purge of" in fact for fact in report.verified)


def test_an_anchor_no_purge_names_still_fails(store: Store) -> None:
    person = _left(store)
    # The entry before the head names them: rewritten, and no purge entry names it.
    early = store.change_log.entries()[-2].hash
    store.people.purge(person.id, today=TODAY)
    report = run_check(store.path, since=early)
    assert any("no longer holds the entry" in problem for problem in report.problems)


def test_the_binder_of_a_past_date_names_only_the_placeholder(store: Store, tmp_path: Path) -> None:
    from compdesk.reports.binder import BinderOptions, build_binder

    person = _left(store)
    store.people.purge(person.id, today=TODAY)
    destination = tmp_path / "binder.pdf"
    build_binder(store, destination, BinderOptions(as_of=date(2026, 2, 1)))
    text = "\n".join(page.extract_text() for page in PdfReader(destination).pages)
    assert f"Purged leaver {person.id}" in text
    for secret in ("Zephyrine", "Quillfeather", "Zeppelins"):
        assert secret not in text


def test_a_leaver_past_retention_is_a_finding_until_purged(store: Store) -> None:
    person = _left(store)  # left on 2026-03-31
    store.settings.update(replace(store.settings.get(), leaver_retention_months=2))
    due = [f for f in store.findings(TODAY) if f.kind is FindingKind.LEAVER_PAST_RETENTION]
    assert [f.people_ids() for f in due] == [{person.id}]
    assert not any(
        f.kind is FindingKind.LEAVER_PAST_RETENTION for f in store.findings(date(2026, 5, 30))
    )
    store.people.purge(person.id, today=TODAY)
    assert not any(f.kind is FindingKind.LEAVER_PAST_RETENTION for f in store.findings(TODAY))


def test_a_retention_outside_its_range_is_a_check_problem(store: Store) -> None:
    store.db.execute("UPDATE settings SET value = '0' WHERE key = 'leaver_retention_months'")
    store.settings.update(store.settings.get())  # writes every setting, the new one included
    store.db.execute("UPDATE settings SET value = '0' WHERE key = 'leaver_retention_months'")
    problems = run_check(store.path).problems
    assert any("leaver_retention_months" in problem for problem in problems)
