"""The binder's sections, each drawn on its own from a small hand-made document: what each one
must say for an auditor to need no word from the manager, and a matrix of 40 competencies that
stays legible on A4 and Letter."""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pypdf
import pytest
from reportlab.platypus import Flowable

from compdesk.models.findings import FindingKind
from compdesk.models.gaps import GapStatus, compute_matrix
from compdesk.models.records import (
    ActionStatus,
    ActionType,
    Competency,
    EvidenceKind,
    Level,
    Person,
    PersonType,
    Role,
    Route,
    Settings,
)
from compdesk.reports.binder.content import BinderContent, gather_content
from compdesk.reports.binder.layout import BinderDocument, Layout
from compdesk.reports.binder.options import BinderOptions, PageSize
from compdesk.reports.binder.sections import (
    actions,
    appendix_index,
    findings,
    matrix,
    people,
    requirements,
    training,
)
from compdesk.reports.binder.sections.common import STATUS_FILLS
from compdesk.reports.binder.sections.matrix_grid import GridRow, MatrixGrid
from compdesk.reports.binder.sections.order import SECTIONS
from compdesk.storage import Store
from tests.conftest import make_competency, make_person, make_role

AS_OF = date(2026, 5, 1)
Section = Callable[[BinderContent, Layout], list[Flowable]]


def _text_of(section: Section, content: BinderContent, tmp_path: Path, layout: Layout) -> str:
    """The section drawn alone into a PDF, its text extracted, white space made single."""
    path = tmp_path / "section.pdf"
    document = BinderDocument(
        path, layout, as_of=content.as_of, organisation="Acme", title="t", author="a"
    )
    document.build_story(lambda _pages: section(content, layout))
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def content(store: Store) -> BinderContent:
    """Three people: Ana (a developer, all met, with a certificate file), Bo (a contractor
    with an action done but never evaluated) and Cleo (a starter past her onboarding grace,
    with an overdue action)."""
    coding = make_competency(store, "Secure coding", renewal_months=24)
    phishing = make_competency(store, "Phishing & <b>scams</b>", level=Level.BASIC)
    developer = make_role(store, "Developer", owner="Ana Ruiz", last_reviewed=date(2024, 1, 10))
    everyone = make_role(store, "Everyone")
    for role, competency in ((developer, coding), (developer, phishing), (everyone, phishing)):
        store.requirements.set(role.id, competency.id, True)
    ana = make_person(store, "Ana Ruiz", roles=(developer,), start_date=date(2020, 1, 1))
    bo = make_person(
        store, "Bo Chen", roles=(everyone,), type=PersonType.CONTRACTOR, start_date=date(2021, 3, 1)
    )
    cleo = make_person(store, "Cleo Late", roles=(everyone,), start_date=AS_OF - timedelta(days=30))
    certificate = store.evidence.add(
        ana.id,
        coding.id,
        EvidenceKind.CERTIFICATE,
        Route.TRAINING,
        title="OWASP Top 10",
        issuer="SecureStart",
        achieved_on=date(2025, 9, 1),
        verified_by="Zoë Müller",
        verified_on=date(2025, 9, 2),
    )
    store.attachments.attach_bytes(certificate.id, "owasp-certificate.pdf", b"%PDF-1.4 test")
    store.evidence.add(
        ana.id,
        phishing.id,
        EvidenceKind.TRAINING_RECORD,
        Route.TRAINING,
        title="Phishing e-learning",
        achieved_on=date(2026, 2, 1),
        score=92,
    )
    store.actions.add(
        bo.id,
        phishing.id,
        ActionType.TRAINING,
        description="Phishing course",
        owner="Ana Ruiz",
        due_date=date(2026, 3, 1),
        status=ActionStatus.DONE,
        completed_on=date(2026, 2, 20),
    )
    store.actions.add(
        cleo.id,
        phishing.id,
        ActionType.SELF_STUDY,
        owner="Ana Ruiz",
        due_date=date(2026, 4, 20),
    )
    return gather_content(store, BinderOptions(as_of=AS_OF))


@pytest.fixture
def layout() -> Layout:
    return Layout(PageSize.A4)


def test_sections_come_in_binder_order_with_the_appendix_last() -> None:
    assert (
        requirements.flowables,
        matrix.flowables,
        people.flowables,
        actions.flowables,
        training.flowables,
        findings.flowables,
        appendix_index.flowables,
    ) == SECTIONS


@pytest.mark.parametrize(
    "module", [requirements, matrix, people, actions, training, findings, appendix_index]
)
def test_each_section_names_its_clause(
    module: object, content: BinderContent, layout: Layout, tmp_path: Path
) -> None:
    text = _text_of(module.flowables, content, tmp_path, layout)  # type: ignore[attr-defined]
    assert module.CLAUSE in text  # type: ignore[attr-defined]


def test_requirements_show_each_role_its_review_and_its_competencies(
    content: BinderContent, layout: Layout, tmp_path: Path
) -> None:
    text = _text_of(requirements.flowables, content, tmp_path, layout)
    assert "Developer" in text and "Everyone" in text
    assert "due since 2025-01-10" in text  # reviewed 2024-01-10, every 12 months
    assert "never reviewed" in text
    assert "Phishing & <b>scams</b>" in text
    assert "every 24 months" in text


def test_matrix_has_a_legend_for_every_status_and_the_completion(
    content: BinderContent, layout: Layout, tmp_path: Path
) -> None:
    text = _text_of(matrix.flowables, content, tmp_path, layout)
    for status in GapStatus:
        assert status.label in text
    assert "Overall completion" in text
    assert "Ana Ruiz" in text and "Cleo Late" in text
    assert "C1" in text and "C2" in text


def test_matrix_pages_are_landscape_and_the_next_section_portrait(
    content: BinderContent, layout: Layout, tmp_path: Path
) -> None:
    path = tmp_path / "two.pdf"
    document = BinderDocument(path, layout, as_of=AS_OF, organisation="", title="t", author="a")
    document.build_story(
        lambda _pages: [*matrix.flowables(content, layout), *people.flowables(content, layout)]
    )
    pages = pypdf.PdfReader(path).pages
    shapes = [page.mediabox.width > page.mediabox.height for page in pages]
    assert shapes[0] is True
    assert shapes[-1] is False
    assert "Ana Ruiz" in pages[-1].extract_text() or "Cleo Late" in pages[-1].extract_text()


def test_people_section_lists_everyone_their_status_evidence_and_full_file_hash(
    content: BinderContent, layout: Layout, tmp_path: Path
) -> None:
    text = _text_of(people.flowables, content, tmp_path, layout)
    for person in content.people:
        assert person.name in text
    (attachment,) = [a for e in content.evidence_by_person[1] for a in e.attachments]
    assert attachment.file_name in text
    assert attachment.sha256 in text
    assert "verified by Zoë Müller on 2025-09-02" in text
    assert "Certificate · training" in text
    assert "➜ Planned" in text  # Cleo: past her grace, an open action addresses it
    assert "ana.ruiz@example.com" in text


def test_people_section_hides_contact_details_when_asked(
    content: BinderContent, layout: Layout, tmp_path: Path
) -> None:
    hidden = replace(content, options=replace(content.options, contact_details=False))
    text = _text_of(people.flowables, hidden, tmp_path, layout)
    assert "@example.com" not in text
    assert "Ana Ruiz" in text


def test_actions_mark_overdue_and_not_yet_evaluated(
    content: BinderContent, layout: Layout, tmp_path: Path
) -> None:
    text = _text_of(actions.flowables, content, tmp_path, layout)
    assert "overdue by 11 days" in text  # due 2026-04-20, as of 2026-05-01
    assert "not yet evaluated" in text
    assert "Bo Chen" in text and "Cleo Late" in text


def test_open_gaps_without_an_action_are_listed(
    store: Store, layout: Layout, tmp_path: Path
) -> None:
    competency = make_competency(store, "Incident reporting")
    role = make_role(store, "Support")
    store.requirements.set(role.id, competency.id, True)
    make_person(store, "Dan Gap", roles=(role,), start_date=date(2020, 1, 1))
    content = gather_content(store, BinderOptions(as_of=AS_OF))
    text = _text_of(actions.flowables, content, tmp_path, layout)
    assert "Open gaps without an open action" in text
    assert "Dan Gap" in text and "Incident reporting" in text


def test_training_shows_who_has_a_record_who_is_missing_and_late_starters(
    content: BinderContent, layout: Layout, tmp_path: Path
) -> None:
    text = _text_of(training.flowables, content, tmp_path, layout)
    assert "Phishing e-learning" in text
    assert "Missing:" in text and "Bo Chen" in text
    assert "Cleo Late" in text
    assert "past the onboarding grace" in text
    assert "recorded as evidence" in text or "records training sessions" in text


def test_findings_are_grouped_by_kind_with_their_clause(
    content: BinderContent, layout: Layout, tmp_path: Path
) -> None:
    text = _text_of(findings.flowables, content, tmp_path, layout)
    assert content.findings
    for kind in {finding.kind for finding in content.findings}:
        assert kind.title in text
        assert f"ISO/IEC 27001 {kind.clause}" in text
    assert FindingKind.ACTION_OVERDUE.title in text


def test_findings_say_so_when_there_are_none(
    content: BinderContent, layout: Layout, tmp_path: Path
) -> None:
    text = _text_of(findings.flowables, replace(content, findings=()), tmp_path, layout)
    assert "No findings as of 2026-05-01" in text


def test_appendix_index_accounts_for_every_attachment_with_its_hash(
    content: BinderContent, layout: Layout, tmp_path: Path
) -> None:
    without = replace(content, options=replace(content.options, attachments=False))
    text = _text_of(appendix_index.flowables, without, tmp_path, layout)
    attachments = [
        attachment
        for records in content.evidence_by_person.values()
        for evidence in records
        for attachment in evidence.attachments
    ]
    assert attachments
    for attachment in attachments:
        assert attachment.file_name in text
        assert attachment.sha256 in text
    assert "without the appendix" in text


# ---- a matrix of 40 competencies -------------------------------------------


def _wide_content(page_size: PageSize) -> BinderContent:
    competencies = tuple(
        Competency(id=number, name=f"Competency number {number}", renewal_months=12)
        for number in range(1, 41)
    )
    roles = (Role(id=1, name="Everyone"),)
    staff = tuple(
        Person(
            id=number,
            name=f"Person {number:03d} with a rather long family name",
            email=f"p{number}@example.com",
            role_ids=(1,),
        )
        for number in range(1, 91)
    )
    requirements_set = frozenset((1, competency.id) for competency in competencies)
    settings = Settings()
    gap_matrix = compute_matrix(
        people=staff,
        competencies=competencies,
        requirements=requirements_set,
        evidence=[
            (n, p.id, c.id, AS_OF - timedelta(days=n % 400), None)
            for n, (p, c) in enumerate(((p, c) for p in staff for c in competencies), start=1)
            if n % 3
        ],
        actions=[],
        settings=settings,
        as_of=AS_OF,
    )
    return BinderContent(
        options=BinderOptions(as_of=AS_OF, page_size=page_size),
        as_of=AS_OF,
        organisation="Acme",
        isms_scope="",
        prepared_by="tester",
        document_name="wide.compdesk",
        document_sha256="0" * 64,
        evidence_index_sha256="0" * 64,
        change_log_head="0" * 64,
        settings=settings,
        roles=roles,
        competencies=competencies,
        requirements=requirements_set,
        matrix=gap_matrix,
        people=staff,
        evidence_by_person={},
        actions=(),
        findings=(),
        onboarding=(),
    )


def _grids(flowables: list[Flowable]) -> list[MatrixGrid]:
    return [flowable for flowable in flowables if isinstance(flowable, MatrixGrid)]


@pytest.mark.parametrize("page_size", [PageSize.A4, PageSize.LETTER])
def test_forty_competencies_fit_legibly(page_size: PageSize, tmp_path: Path) -> None:
    content = _wide_content(page_size)
    layout = Layout(page_size)
    grids = _grids(matrix.flowables(content, layout))
    assert grids
    for grid in grids:
        assert min(grid.font_sizes) >= 7
        assert grid.width <= layout.landscape.width
        assert grid.cell_width >= matrix.column_width(40)
    text = _text_of(matrix.flowables, content, tmp_path, layout)  # no LayoutError
    assert "C40" in text and "Competency number 40" in text
    assert "Person 090 with a rather long family name" in text


def test_column_groups_split_only_what_does_not_fit() -> None:
    assert matrix.column_groups(10, 700) == [range(0, 10)]
    groups = matrix.column_groups(120, 700)
    assert len(groups) > 1
    assert [index for group in groups for index in group] == list(range(120))
    assert max(len(g) for g in groups) - min(len(g) for g in groups) <= 1


def _grid_of(names: list[str], layout: Layout) -> MatrixGrid:
    rows = [
        GridRow(name=name, kind="", statuses=(GapStatus.MET, GapStatus.MISSING), met="1/2")
        for name in names
    ]
    return MatrixGrid(
        ["C1", "C2"],
        rows,
        name_width=120,
        cell_width=20,
        met_width=34,
        name_style=layout.styles["Cell"],
        header_style=layout.styles["CellBold"],
        fills=STATUS_FILLS,
    )


def test_the_grid_splits_between_rows_and_repeats_its_header(layout: Layout) -> None:
    grid = _grid_of([f"Person {n}" for n in range(10)], layout)
    room = grid.header_height + sum(grid.row_heights[:4]) + 1

    first, rest = grid.split(grid.width, room)

    assert [row.name for row in first.rows] == [f"Person {n}" for n in range(4)]
    assert [row.name for row in rest.rows] == [f"Person {n}" for n in range(4, 10)]
    assert rest.height == pytest.approx(rest.header_height + sum(grid.row_heights[4:]))
    assert grid.split(grid.width, grid.header_height) == []
    assert grid.split(grid.width, grid.height) == [grid]


def test_a_long_name_wraps_and_makes_its_row_taller(layout: Layout) -> None:
    grid = _grid_of(["Ana Ruiz", "Maximiliana Bartholomea de la Santísima Trinidad"], layout)

    short, long = grid.row_heights
    assert long > short


def test_the_grid_prints_every_name_as_typed_and_each_page_has_the_header(
    layout: Layout, tmp_path: Path
) -> None:
    names = ["李娜", "ليلى حداد", "<b>Ana</b> & Co", "Zoë Ñúñez"] + [f"P{n}" for n in range(60)]
    path = tmp_path / "grid.pdf"
    document = BinderDocument(
        path,
        layout,
        as_of=AS_OF,
        organisation="",
        title="t",
        author="a",
        first_template=Layout.LANDSCAPE,
    )
    document.build_story(lambda _pages: [_grid_of(names, layout)])
    pages = [
        unicodedata.normalize("NFKC", page.extract_text()) for page in pypdf.PdfReader(path).pages
    ]

    assert len(pages) > 1
    for page in pages:
        assert "Person" in page and "C2" in page and "Met" in page
        assert GapStatus.MET.symbol in page and GapStatus.MISSING.symbol in page
    text = " ".join(pages)
    for name in ["李娜", "ليلى", "حداد", "<b>Ana</b> & Co", "Zoë Ñúñez", "P59"]:
        assert name in text
