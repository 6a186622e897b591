"""The assembled binder: evidence pages appended and stamped upright, bookmarked, other files
embedded, the same bytes every time."""

from __future__ import annotations

import dataclasses
import io
import threading
from collections.abc import Sequence
from pathlib import Path

import pikepdf
import pytest
from PIL import Image
from pypdf import PdfReader

from compdesk.models.errors import CancelledError
from compdesk.reports.binder.appendix import AppendixItem
from compdesk.reports.binder.assembly import assemble_binder
from tests.reports.appendix_helpers import (
    AS_OF,
    COMPETENCY,
    LABEL,
    PERSON,
    EvidenceDocument,
    body_pdf,
    image_bytes,
    pdf_bytes,
)


@pytest.fixture
def document(tmp_path: Path) -> EvidenceDocument:
    return EvidenceDocument(tmp_path)


def assemble(
    tmp_path: Path, items: Sequence[AppendixItem], name: str = "binder.pdf", body_pages: int = 2
) -> Path:
    body = body_pdf(tmp_path / f"body-{body_pages}.pdf", body_pages)
    destination = tmp_path / name
    total = body_pages + sum(item.page_count for item in items)
    assemble_binder(
        body,
        items,
        destination,
        as_of=AS_OF,
        total_pages=total,
        title="Audit binder",
        author="Acme Ltd",
    )
    return destination


def mixed_items(document: EvidenceDocument, workdir: Path) -> list[AppendixItem]:
    files = [
        document.attach("course.pdf", pdf_bytes([(595, 842), (842, 595)], words="course")),
        document.attach("broken.pdf", b"%PDF-1.7 and then nothing"),
        document.attach("attendance.xlsx", b"PK\x03\x04 the attendance list"),
        document.attach("drill.pdf", pdf_bytes(words="drill")),
    ]
    return document.plan(files, workdir)


def page_texts(path: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def test_appended_pages_carry_the_evidence_header_and_their_page_of_the_total(
    document: EvidenceDocument, tmp_path: Path
) -> None:
    binder = assemble(tmp_path, mixed_items(document, tmp_path / "work"))
    texts = page_texts(binder)
    assert len(texts) == 2 + 2 + 1 + 1
    header = f"Evidence · {PERSON} · {COMPETENCY} · {LABEL} ·"
    for number, text in enumerate(texts[2:], 3):
        assert header in text
        assert f"page {number} of 6 · as of 2026-05-01" in text
    assert "course.pdf" in texts[2] and "course 1" in texts[2] and "course 2" in texts[3]
    assert "broken.pdf" in texts[4] and "not reproduced" in texts[4]
    assert "drill.pdf" in texts[5] and "drill 1" in texts[5]
    assert "Evidence ·" not in texts[0] + texts[1]  # the body is left as it was drawn


def stamp_placement(page: pikepdf.Page) -> tuple[pikepdf.Matrix, float, float]:
    """The matrix the stamp is drawn with on `page`, and the stamp's width and height."""
    xobjects = page.obj.Resources.XObject
    [name] = [key for key in xobjects if key.startswith("/CompdeskStamp")]
    matrix = None
    for operands, operator in pikepdf.parse_content_stream(page):
        if str(operator) == "cm":
            matrix = pikepdf.Matrix(*(float(value) for value in operands))
        if str(operator) == "Do" and str(operands[0]) == name:
            break
    assert matrix is not None
    box = pikepdf.Rectangle(xobjects[name].BBox)
    return matrix, box.width, box.height


def seen_from_top_left(page: pikepdf.Page, x: float, y: float) -> tuple[float, float]:
    """Where a point of the page's user space appears, as fractions of the displayed page from
    its top-left corner, the page being turned clockwise by its /Rotate."""
    box = pikepdf.Rectangle(page.obj.get("/CropBox", page.obj.MediaBox))
    across, down = (x - box.llx) / box.width, (box.ury - y) / box.height
    rotation = int(page.obj.get("/Rotate", 0)) % 360
    return {
        0: (across, down),
        90: (1 - down, across),
        180: (1 - across, 1 - down),
        270: (down, 1 - across),
    }[rotation]


@pytest.mark.parametrize(
    ("rotate", "crop", "media"),
    [
        (0, None, None),
        (90, None, None),
        (180, None, None),
        (270, None, None),
        (0, [100, 150, 400, 500], None),
        (270, None, [50, 60, 650, 860]),
        (90, [0, 0, 300, 800], None),
    ],
    ids=["portrait", "rotated-90", "rotated-180", "rotated-270", "cropped", "offset", "both"],
)
def test_the_stamp_reads_upright_on_the_displayed_page(
    document: EvidenceDocument,
    tmp_path: Path,
    rotate: int,
    crop: list[float] | None,
    media: list[float] | None,
) -> None:
    file = document.attach("scan.pdf", pdf_bytes(rotate=rotate, crop=crop, media=media))
    binder = assemble(tmp_path, document.plan([file], tmp_path / "work"))
    with pikepdf.open(binder) as pdf:
        page = pdf.pages[2]
        matrix, width, height = stamp_placement(page)
        header_start = seen_from_top_left(page, *matrix.transform((24, height - 5)))
        footer_middle = seen_from_top_left(page, *matrix.transform((width / 2, 5)))
        far_corner = seen_from_top_left(page, *matrix.transform((width, 0)))
    assert header_start[0] < 0.1 and header_start[1] < 0.05
    assert 0.45 < footer_middle[0] < 0.55 and footer_middle[1] > 0.95
    assert far_corner == pytest.approx((1, 1), abs=1e-6)  # the stamp spans the displayed page


def test_a_rotation_set_for_the_whole_page_tree_is_followed(
    document: EvidenceDocument, tmp_path: Path
) -> None:
    source = pikepdf.open(io.BytesIO(pdf_bytes()))
    source.Root.Pages.Rotate = 90
    for page in source.pages:
        del page.obj.Rotate
    output = io.BytesIO()
    source.save(output)
    binder = assemble(
        tmp_path, document.plan([document.attach("s.pdf", output.getvalue())], tmp_path / "w")
    )
    with pikepdf.open(binder) as pdf:
        page = pdf.pages[2]
        assert int(page.obj.get("/Rotate", 0)) == 90  # pushed down to the page by qpdf
        matrix, _, height = stamp_placement(page)
        assert seen_from_top_left(page, *matrix.transform((24, height - 5)))[1] < 0.05


def test_pages_sharing_their_resources_each_get_their_own_stamp(
    document: EvidenceDocument, tmp_path: Path
) -> None:
    source = pikepdf.open(io.BytesIO(pdf_bytes([(595, 842)] * 3)))
    shared = source.make_indirect(pikepdf.Dictionary(source.pages[0].obj.Resources))
    for page in source.pages:
        page.obj.Resources = shared
    output = io.BytesIO()
    source.save(output)
    binder = assemble(
        tmp_path, document.plan([document.attach("s.pdf", output.getvalue())], tmp_path / "w")
    )
    texts = page_texts(binder)
    for number in (3, 4, 5):
        assert f"page {number} of 5" in texts[number - 1]
        assert sum(f"page {other} of 5" in texts[number - 1] for other in (3, 4, 5)) == 1


def test_each_item_is_bookmarked_under_the_appendix(
    document: EvidenceDocument, tmp_path: Path
) -> None:
    binder = assemble(tmp_path, mixed_items(document, tmp_path / "work"))
    with pikepdf.open(binder) as pdf, pdf.open_outline() as outline:
        assert [item.title for item in outline.root] == ["1 Roles", "6 Appendix"]
        children = outline.root[-1].children
        pages = [pikepdf.Page(child.destination[0]).index for child in children]
        titles = [child.title for child in children]
    assert titles == [
        f"{PERSON} · course.pdf",
        f"{PERSON} · broken.pdf (not reproduced)",
        f"{PERSON} · attendance.xlsx (embedded file)",
        f"{PERSON} · drill.pdf",
    ]
    assert pages == [2, 4, 1, 5]  # the embedded file's points at the appendix index


def test_an_evidence_pdf_brings_neither_its_outline_nor_its_attachments(
    document: EvidenceDocument, tmp_path: Path
) -> None:
    data = pdf_bytes(outline="Their own chapter", attachment="their-macro.xlsm")
    binder = assemble(
        tmp_path, document.plan([document.attach("theirs.pdf", data)], tmp_path / "w")
    )
    with pikepdf.open(binder) as pdf:
        with pdf.open_outline() as outline:
            titles = [item.title for item in outline.root]
            titles += [child.title for item in outline.root for child in item.children]
        assert "Their own chapter" not in titles
        assert list(pdf.attachments) == []


def test_other_files_are_embedded_with_the_as_of_date(
    document: EvidenceDocument, tmp_path: Path
) -> None:
    files = [
        document.attach("attendance.xlsx", b"PK\x03\x04 the attendance list"),
        document.attach("attendance.xlsx", b"PK\x03\x04 another list"),
        document.attach("notes.txt", b"notes"),
    ]
    binder = assemble(tmp_path, document.plan(files, tmp_path / "w"))
    with pikepdf.open(binder) as pdf:
        attached = {name: spec.get_file() for name, spec in pdf.attachments.items()}
        assert sorted(attached) == ["attendance.xlsx", "attendance.xlsx (2)", "notes.txt"]
        assert attached["attendance.xlsx (2)"].read_bytes() == b"PK\x03\x04 another list"
        assert str(attached["notes.txt"].obj.Params.ModDate) == "D:20260501000000Z"
        assert pdf.docinfo["/CreationDate"] == "D:20260501000000Z"
        assert pdf.docinfo["/Producer"] == "compdesk"
    assert set(PdfReader(binder).attachments) == set(attached)


def test_the_same_inputs_give_the_same_bytes(document: EvidenceDocument, tmp_path: Path) -> None:
    photo = document.attach("photo.jpg", image_bytes(Image.new("RGB", (300, 200), "red"), "JPEG"))

    def planned(workdir: Path) -> list[AppendixItem]:
        # Planned into another folder each time, as each build does.
        return [*mixed_items(document, workdir), *document.plan([photo], workdir / "photo")]

    first = assemble(tmp_path, planned(tmp_path / "one"), "first.pdf")
    second = assemble(tmp_path, planned(tmp_path / "two"), "second.pdf")
    assert first.read_bytes() == second.read_bytes()
    other = assemble(tmp_path, mixed_items(document, tmp_path / "three")[1:], "other.pdf")
    with pikepdf.open(first) as one, pikepdf.open(other) as another:
        assert bytes(one.trailer.ID[0]) != bytes(another.trailer.ID[0])


def test_a_cancelled_assembly_writes_nothing(document: EvidenceDocument, tmp_path: Path) -> None:
    items = mixed_items(document, tmp_path / "work")
    cancel = threading.Event()
    cancel.set()
    destination = tmp_path / "out" / "binder.pdf"
    destination.parent.mkdir()
    with pytest.raises(CancelledError):
        assemble_binder(
            body_pdf(tmp_path / "body.pdf"),
            items,
            destination,
            as_of=AS_OF,
            total_pages=6,
            title="t",
            author="a",
            cancel=cancel,
        )
    assert list(destination.parent.iterdir()) == []


def test_a_body_alone_gets_its_document_information(tmp_path: Path) -> None:
    binder = assemble(tmp_path, [])
    with pikepdf.open(binder) as pdf:
        assert len(pdf.pages) == 2
        assert pdf.docinfo["/Title"] == "Audit binder"
        assert pdf.docinfo["/Author"] == "Acme Ltd"


def test_a_long_header_keeps_the_file_name_and_hostile_names_print_as_typed(
    document: EvidenceDocument, tmp_path: Path
) -> None:
    long_name = "certificate-scanned-on-the-office-copier-" * 4 + "final.pdf"
    [item] = document.plan([document.attach(long_name, pdf_bytes())], tmp_path / "w")
    person = "李雷 <b>&amp; O'Brien"
    hostile = dataclasses.replace(item, file=dataclasses.replace(item.file, person_name=person))
    page = page_texts(assemble(tmp_path, [hostile]))[2]
    assert f"Evidence · {person} ·" in page
    assert "certificate-scanned-on-the-office-copier-certificate" in page


def test_an_embedded_file_is_extracted_under_a_harmless_name(
    document: EvidenceDocument, tmp_path: Path
) -> None:
    files = [document.attach("..\\..\\Startup\\CON.txt", b"notes")]
    binder = assemble(tmp_path, document.plan(files, tmp_path / "w"))
    with pikepdf.open(binder) as pdf:
        [(key, spec)] = pdf.attachments.items()
        assert (key, spec.filename) == ("_CON.txt", "_CON.txt")
