"""The audit binder as a whole: the demo's binder opens, is bookmarked and searchable, leaves out
whoever a sample leaves out, is reproducible byte for byte, and leaves no file when it fails."""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pikepdf
import pypdf
import pytest

from compdesk.demo import create_demo
from compdesk.models.errors import CancelledError, InputError
from compdesk.models.records import Person
from compdesk.models.rules import is_active
from compdesk.reports.binder import BinderOptions, BinderSummary, PageSize, build_binder
from compdesk.reports.binder.content import BinderContent, evidence_index_text, gather_content
from compdesk.reports.binder.options import choose_people
from compdesk.reports.binder.sections import (
    actions,
    appendix_index,
    findings,
    matrix,
    people,
    requirements,
    training,
)
from compdesk.storage import Store

AS_OF = date(2026, 5, 1)
NUMBERED = [requirements, matrix, people, actions, training, appendix_index]
SECTION_TITLES = [f"{section.NUMBER} {section.TITLE}" for section in NUMBERED] + [findings.TITLE]
SECTION_CLAUSES = [section.CLAUSE for section in [*NUMBERED, findings]]
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


@dataclass(frozen=True)
class Built:
    path: Path
    summary: BinderSummary
    # The body's text (the pages ReportLab drew), with runs of white space made one space.
    text: str
    outline: list[tuple[int, str]]


def _outline(path: Path) -> list[tuple[int, str]]:
    """(level, title) of every bookmark, depth first."""
    found: list[tuple[int, str]] = []

    def walk(items: list[pikepdf.OutlineItem], level: int) -> None:
        for item in items:
            found.append((level, item.title))
            walk(item.children, level + 1)

    with pikepdf.open(path) as pdf, pdf.open_outline() as outline:
        walk(outline.root, 0)
    return found


def _body_text(path: Path, pages: int | None = None) -> str:
    reader = pypdf.PdfReader(path)
    chosen = reader.pages if pages is None else reader.pages[:pages]
    return " ".join(" ".join(page.extract_text().split()) for page in chosen)


def _build(document: Path, destination: Path, options: BinderOptions) -> Built:
    with Store.open(document, read_only=True) as store:
        summary = build_binder(store, destination, options)
    # The pages ReportLab drew carry the footer's page-total form; appended evidence does not.
    with pikepdf.open(destination) as pdf:
        body_pages = sum(
            "/FormXob.CompdeskPageTotal" in page.Resources.get("/XObject", {}) for page in pdf.pages
        )
    return Built(destination, summary, _body_text(destination, body_pages), _outline(destination))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "northwind.compdesk"
    create_demo(path, as_of=AS_OF).close()
    return path


@pytest.fixture(scope="module")
def demo_people(demo: Path) -> list[Person]:
    with Store.open(demo, read_only=True) as store:
        return [person for person in store.people.all() if is_active(person, AS_OF)]


@pytest.fixture(scope="module")
def binder(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The default demo binder: everyone, with the appendix, A4."""
    return _build(
        demo, tmp_path_factory.mktemp("binder") / "binder.pdf", BinderOptions(as_of=AS_OF)
    )


@pytest.fixture(scope="module")
def sampled(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """A sample of five, on Letter, without the appendix or contact details."""
    options = BinderOptions(
        as_of=AS_OF,
        sample_size=5,
        seed=7,
        attachments=False,
        page_size=PageSize.LETTER,
        contact_details=False,
    )
    return _build(demo, tmp_path_factory.mktemp("sampled") / "sample.pdf", options)


def test_the_demo_binder_opens_with_pikepdf_and_pypdf(binder: Built) -> None:
    with pikepdf.open(binder.path) as pdf:
        assert len(pdf.pages) == binder.summary.pages
    assert len(pypdf.PdfReader(binder.path).pages) == binder.summary.pages
    assert binder.summary.sha256 == hashlib.sha256(binder.path.read_bytes()).hexdigest()


def test_every_section_and_every_person_has_a_bookmark(
    binder: Built, demo_people: list[Person]
) -> None:
    top = [title for level, title in binder.outline if level == 0]
    assert top[:2] == ["Cover", "Contents"]
    assert set(SECTION_TITLES) <= set(top)
    # The appendix comes last: the evidence's bookmarks hang under it.
    assert top[-1] == SECTION_TITLES[NUMBERED.index(appendix_index)]
    people_section = binder.outline.index((0, f"{people.NUMBER} {people.TITLE}"))
    following = binder.outline[people_section + 1 :]
    under_people = [title for level, title in following[: len(demo_people)] if level == 1]
    assert under_people == [person.name for person in demo_people]


def test_the_text_holds_every_person_competency_section_and_clause(
    binder: Built, demo: Path, demo_people: list[Person]
) -> None:
    with Store.open(demo, read_only=True) as store:
        required = {competency for _, competency in store.requirements.all()}
        names = [c.name for c in store.competencies.all() if c.id in required]
    for expected in [*(p.name for p in demo_people), *names, *SECTION_TITLES, *SECTION_CLAUSES]:
        assert expected in binder.text, expected


def test_the_footer_counts_the_appendix_pages_too(binder: Built) -> None:
    assert f"page 1 of {binder.summary.pages}" in binder.text
    assert "as of 2026-05-01" in binder.text


def test_two_builds_are_byte_identical(binder: Built, demo: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.pdf"
    with Store.open(demo, read_only=True) as store:
        summary = build_binder(store, again, BinderOptions(as_of=AS_OF))

    assert summary.sha256 == binder.summary.sha256
    assert again.read_bytes() == binder.path.read_bytes()


def _typed_text(content: BinderContent) -> str:
    """What users typed into the covered records: names there (a role's owner, a verifier, a
    colleague in a title) are those records' own content, kept as typed."""
    parts = [f"{role.owner} {role.description} {role.responsibilities}" for role in content.roles]
    for records in content.evidence_by_person.values():
        parts += [f"{e.title} {e.issuer} {e.verified_by} {e.notes}" for e in records]
    parts += [f"{a.description} {a.owner} {a.evaluation}" for a in content.actions]
    parts += [f"{finding.summary} {finding.advice}" for finding in content.findings]
    return " ".join(parts)


def test_a_sample_leaves_the_others_out_entirely(
    sampled: Built, demo: Path, demo_people: list[Person]
) -> None:
    options = BinderOptions(as_of=AS_OF, sample_size=5, seed=7)
    with Store.open(demo, read_only=True) as store:
        content = gather_content(store, options)
    left_out = [person for person in demo_people if person not in content.people]
    with pikepdf.open(sampled.path) as pdf:
        metadata = str(pdf.docinfo) + str(pdf.open_metadata())
    bookmarks = " ".join(title for _, title in sampled.outline)
    typed = _typed_text(content)
    never_mentioned = [person for person in left_out if person.name not in typed]

    assert sampled.summary.people == 5
    assert len(never_mentioned) >= 3
    for person in content.people:
        assert person.name in sampled.text
    for person in left_out:
        assert person.name not in bookmarks + metadata, person.name
        assert person.email not in sampled.text + metadata, person.email
    for person in never_mentioned:
        assert person.name not in sampled.text, person.name


def test_without_contact_details_no_email_is_printed(sampled: Built) -> None:
    assert "contact details hidden" in sampled.text
    assert EMAIL.search(sampled.text) is None


@pytest.mark.parametrize(
    ("built", "portrait"),
    [("binder", (595, 842)), ("sampled", (612, 792))],
    ids=["a4", "letter"],
)
def test_pages_have_the_chosen_size_with_the_matrix_in_landscape(
    built: str, portrait: tuple[int, int], request: pytest.FixtureRequest
) -> None:
    result: Built = request.getfixturevalue(built)
    with pikepdf.open(result.path) as pdf:
        sizes = {
            (round(float(page.mediabox[2])), round(float(page.mediabox[3])))
            for page in list(pdf.pages)[:10]
        }
    assert portrait in sizes
    assert portrait[::-1] in sizes


def test_the_same_seed_draws_the_same_sample_and_everyone_past_the_count(
    demo_people: list[Person],
) -> None:
    def draw(size: int, seed: int) -> list[str]:
        options = BinderOptions(as_of=AS_OF, sample_size=size, seed=seed)
        return [person.email for person in choose_people(demo_people, options)]

    assert draw(5, 7) == draw(5, 7)
    assert len(draw(5, 7)) == 5
    assert draw(len(demo_people) + 3, 1) == [person.email for person in demo_people]


def test_chosen_people_match_their_email_ignoring_case(demo_people: list[Person]) -> None:
    first, second = demo_people[0], demo_people[3]
    options = BinderOptions(as_of=AS_OF, people=(second.email.upper(), first.email))

    assert choose_people(demo_people, options) == (first, second)


def test_an_unknown_email_fails_naming_it_and_writes_nothing(demo: Path, tmp_path: Path) -> None:
    destination = tmp_path / "binder.pdf"
    destination.write_bytes(b"the binder of last year")
    options = BinderOptions(as_of=AS_OF, people=("nobody@nowhere.example",))

    with Store.open(demo, read_only=True) as store, pytest.raises(InputError, match="nobody@"):
        build_binder(store, destination, options)

    assert destination.read_bytes() == b"the binder of last year"
    assert list(tmp_path.iterdir()) == [destination]


def test_choosing_and_sampling_at_once_is_refused(demo_people: list[Person]) -> None:
    options = BinderOptions(as_of=AS_OF, people=(demo_people[0].email,), sample_size=2)

    with pytest.raises(InputError, match="not both"):
        choose_people(demo_people, options)


@pytest.mark.parametrize("stop_at", [0, 500], ids=["at once", "midway"])
def test_a_cancelled_build_leaves_no_file(demo: Path, tmp_path: Path, stop_at: int) -> None:
    cancel = threading.Event()
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        if done >= stop_at:
            cancel.set()

    destination = tmp_path / "binder.pdf"
    with Store.open(demo, read_only=True) as store, pytest.raises(CancelledError):
        build_binder(
            store, destination, BinderOptions(as_of=AS_OF), progress=progress, cancel=cancel
        )

    assert list(tmp_path.iterdir()) == []
    assert seen and max(seen) < 1000


def test_the_evidence_index_hash_is_the_documented_text(demo: Path) -> None:
    with Store.open(demo, read_only=True) as store:
        content = gather_content(store, BinderOptions(as_of=AS_OF))
        rows = store.db.execute(
            "SELECT b.sha256, a.evidence_id, a.file_name, e.person_id FROM attachments a "
            "JOIN blobs b ON b.id = a.blob_id JOIN evidence e ON e.id = a.evidence_id"
        ).fetchall()
    covered = {person.id for person in content.people}
    # What an auditor recomputes: a line per attachment of the people covered, sorted as bytes
    # (`LC_ALL=C sort`).
    documented = b"".join(
        sorted(f"{h} {e} {n}\n".encode() for h, e, n, person in rows if person in covered)
    )
    pairs = [
        (attachment, evidence)
        for records in content.evidence_by_person.values()
        for evidence in records
        for attachment in evidence.attachments
    ]

    assert evidence_index_text(pairs) == documented
    assert content.evidence_index_sha256 == hashlib.sha256(documented).hexdigest()
