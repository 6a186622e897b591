"""The sample organisation: every status on show, deterministic, real attachments, scales."""

from __future__ import annotations

import io
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pypdf
import pytest

from compdesk.demo import create_demo
from compdesk.models.errors import CancelledError, InputError
from compdesk.models.gaps import GapStatus
from compdesk.models.records import (
    ActionStatus,
    Effectiveness,
    EvidenceKind,
    Person,
    PersonType,
    Route,
)
from compdesk.models.rules import action_is_open
from compdesk.storage import Store

AS_OF = date(2026, 3, 15)
SHOWN_STATUSES = {status for status in GapStatus if status is not GapStatus.NOT_REQUIRED}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = create_demo(tmp_path_factory.mktemp("demo") / "northwind.compdesk", as_of=AS_OF)
    yield store
    store.close()


def fingerprint(store: Store) -> dict[str, object]:
    """What a user would compare: people, statuses, evidence, actions and stored files."""
    people = {p.id: p.email for p in store.people.all()}
    competencies = {c.id: c.name for c in store.competencies.all()}
    roles = {r.id: r.name for r in store.roles.all()}
    matrix = store.gap_matrix(AS_OF)
    return {
        "people": [
            (
                p.name,
                p.email,
                p.type,
                p.job_title,
                p.start_date,
                p.end_date,
                sorted(roles[r] for r in p.role_ids),
            )
            for p in store.people.all()
        ],
        "statuses": sorted(
            (people[p], competencies[c], cell.status.value) for (p, c), cell in matrix.cells.items()
        ),
        "evidence": sorted(
            (
                people[e.person_id],
                competencies[e.competency_id],
                e.kind.value,
                e.title,
                e.achieved_on,
                e.expires_on,
                e.score,
                tuple(a.sha256 for a in e.attachments),
            )
            for e in store.evidence.list()
        ),
        "actions": sorted(
            (
                people[a.person_id],
                competencies[a.competency_id],
                a.description,
                a.status.value,
                a.due_date,
                a.effectiveness.value,
            )
            for a in store.actions.list()
        ),
    }


def leavers(store: Store) -> list[Person]:
    return [p for p in store.people.all() if p.end_date is not None and p.end_date < AS_OF]


def test_default_demo_shows_every_gap_status(demo: Store) -> None:
    statuses = {cell.status for cell in demo.gap_matrix(AS_OF).cells.values()}

    assert statuses == SHOWN_STATUSES


@pytest.mark.parametrize(
    "as_of", [date(2024, 2, 29), date(2025, 1, 31), date(2025, 12, 31), date(2026, 5, 31)]
)
def test_every_gap_status_shows_whatever_the_as_of_date(tmp_path: Path, as_of: date) -> None:
    with create_demo(tmp_path / "demo.compdesk", as_of=as_of) as store:
        statuses = {cell.status for cell in store.gap_matrix(as_of).cells.values()}

    assert statuses == SHOWN_STATUSES


def test_same_seed_and_date_give_the_same_organisation(tmp_path: Path, demo: Store) -> None:
    with create_demo(tmp_path / "again.compdesk", as_of=AS_OF) as again:
        assert fingerprint(again) == fingerprint(demo)


def test_another_seed_gives_other_dates(tmp_path: Path, demo: Store) -> None:
    with create_demo(tmp_path / "other.compdesk", seed=2, as_of=AS_OF) as other:
        assert fingerprint(other)["people"] != fingerprint(demo)["people"]


def test_default_demo_has_fifteen_people_and_two_contractors(demo: Store) -> None:
    people = demo.people.all()
    contractor_role = demo.roles.by_name("Contractor in scope")
    contractors = [p for p in people if p.type is PersonType.CONTRACTOR]

    assert len(people) == 15
    assert len(contractors) == 2
    assert all(p.role_ids == (contractor_role.id,) for p in contractors)
    assert sum(len(p.role_ids) >= 2 for p in people) >= 3


def test_default_demo_names_people_beyond_ascii(demo: Store) -> None:
    names = {p.name for p in demo.people.all()}

    assert {"Zoë Müller", "李娜", "José Ñúñez"} <= names


def test_the_leaver_left_long_after_starting_and_is_not_in_the_matrix(demo: Store) -> None:
    [leaver] = leavers(demo)
    matrix = demo.gap_matrix(AS_OF)

    assert leaver.start_date is not None and leaver.end_date is not None
    assert leaver.end_date - leaver.start_date > timedelta(days=365)
    assert leaver.id not in {p.id for p in matrix.people}
    assert all(person_id != leaver.id for person_id, _ in matrix.cells)
    assert demo.evidence.list(person_id=leaver.id)


def test_the_new_starter_is_due_on_every_required_competency(demo: Store) -> None:
    starters = [
        p for p in demo.people.all() if p.start_date and AS_OF - p.start_date < timedelta(days=7)
    ]
    [starter] = starters
    matrix = demo.gap_matrix(AS_OF)
    cells = [cell for (person_id, _), cell in matrix.cells.items() if person_id == starter.id]

    assert starter.start_date is not None
    assert (AS_OF - starter.start_date).days in (2, 3)
    assert cells
    assert {cell.status for cell in cells} == {GapStatus.DUE}


def test_evidence_covers_every_kind_and_route(demo: Store) -> None:
    evidence = demo.evidence.list()

    assert {e.kind for e in evidence} == set(EvidenceKind)
    assert {e.route for e in evidence} == set(Route)


def test_some_evidence_expires_soon_and_some_has_expired(demo: Store) -> None:
    counts = demo.gap_matrix(AS_OF).counts()

    assert counts[GapStatus.EXPIRING] >= 2
    assert counts[GapStatus.EXPIRED] >= 2


def test_actions_reach_every_status_and_evaluation(demo: Store) -> None:
    actions = demo.actions.list()
    done = [a for a in actions if a.status is ActionStatus.DONE]

    assert {a.status for a in actions} == set(ActionStatus)
    assert {a.effectiveness for a in done} == set(Effectiveness)
    assert all(a.evaluation and a.evaluated_on for a in done if not action_is_open(a))
    assert any(action_is_open(a) for a in done)


def test_attachments_are_real_pdfs_and_images(demo: Store) -> None:
    types: Counter[str] = Counter()
    for evidence in demo.evidence.list():
        for attachment in evidence.attachments:
            data = demo.attachments.bytes(attachment.id)
            extension = attachment.file_name.rsplit(".", 1)[-1]
            types[extension] += 1
            assert len(data) < 150_000, attachment.file_name
            if extension == "pdf":
                assert data.startswith(b"%PDF")
                assert len(pypdf.PdfReader(io.BytesIO(data)).pages) >= 1
            elif extension == "png":
                assert data.startswith(b"\x89PNG\r\n\x1a\n")
            elif extension == "csv":
                assert data.startswith(b"Timestamp,Email Address,Score,")
            else:
                assert extension == "jpg"
                assert data.startswith(b"\xff\xd8\xff")

    assert types["pdf"] and types["png"] and types["jpg"]


def test_personal_documents_carry_the_persons_name(demo: Store) -> None:
    li_na = next(p for p in demo.people.all() if p.name == "李娜")
    # Her own records, not the ones her training sessions earned.
    from_sessions = {a.evidence_id for a in demo.training.attendance(person_id=li_na.id)}
    personal = [
        a
        for e in demo.evidence.list(person_id=li_na.id)
        if e.kind in (EvidenceKind.CERTIFICATE, EvidenceKind.TRAINING_RECORD)
        and e.id not in from_sessions
        for a in e.attachments
    ]

    assert personal
    for attachment in personal:
        page = pypdf.PdfReader(io.BytesIO(demo.attachments.bytes(attachment.id))).pages[0]
        assert "李娜" in page.extract_text()


def test_the_shared_attendance_list_is_stored_once(demo: Store) -> None:
    attendance = [
        a
        for e in demo.evidence.list()
        if e.kind is EvidenceKind.ATTENDANCE_LIST
        for a in e.attachments
    ]
    attachment_count = demo.counts()["attachments"]
    most_shared = Counter(a.sha256 for a in attendance).most_common(1)[0][1]

    assert most_shared >= 10
    assert len(demo.blobs.all()) < attachment_count


def test_settings_and_role_reviews_describe_the_organisation(demo: Store) -> None:
    settings = demo.settings.get()

    assert settings.organisation == "Northwind Cloud Ltd"
    assert settings.isms_scope
    assert sum(role.last_reviewed is not None for role in demo.roles.all()) >= 3


def test_the_demo_file_is_sound(demo: Store) -> None:
    assert demo.integrity_problems() == []


def test_a_larger_demo_reports_progress_and_stays_small(tmp_path: Path) -> None:
    path = tmp_path / "large.compdesk"
    progress: list[tuple[int, int]] = []

    with create_demo(
        path,
        people=200,
        as_of=AS_OF,
        report_progress=lambda done, total: progress.append((done, total)),
    ) as store:
        people = store.people.all()
        blob_count = len(store.blobs.all())
        statuses = {cell.status for cell in store.gap_matrix(AS_OF).cells.values()}

    assert len(people) == 200
    assert len({p.email.lower() for p in people}) == 200
    assert progress[-1] == (200, 200) and len(progress) == 200
    assert blob_count <= 120
    assert statuses == SHOWN_STATUSES
    assert path.stat().st_size < 8_000_000


def test_cancelling_leaves_no_file_behind(tmp_path: Path) -> None:
    path = tmp_path / "cancelled.compdesk"
    cancel = threading.Event()

    def cancel_after_three(done: int, total: int) -> None:
        if done == 3:
            cancel.set()

    with pytest.raises(CancelledError):
        create_demo(path, people=20, as_of=AS_OF, report_progress=cancel_after_three, cancel=cancel)

    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "mine.compdesk"
    path.write_bytes(b"precious")

    with pytest.raises(InputError):
        create_demo(path, as_of=AS_OF)

    assert path.read_bytes() == b"precious"


def test_a_demo_needs_at_least_one_person(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        create_demo(tmp_path / "empty.compdesk", people=0)

    assert not (tmp_path / "empty.compdesk").exists()
