"""The appendix plan: each attachment recognised by its content and made into pages, or a
placeholder saying why not, or a file to embed."""

from __future__ import annotations

import io
import os
import struct
import threading
import time
import zlib
from pathlib import Path

import pikepdf
import pytest
from PIL import Image
from pypdf import PdfReader

from compdesk.models.errors import CancelledError
from compdesk.reports.binder.appendix import AppendixItem, ItemKind, plan_appendix
from tests.reports.appendix_helpers import (
    COMPETENCY,
    LABEL,
    PERSON,
    EvidenceDocument,
    image_bytes,
    pdf_bytes,
)


@pytest.fixture
def document(tmp_path: Path) -> EvidenceDocument:
    return EvidenceDocument(tmp_path)


def plan_one(document: EvidenceDocument, tmp_path: Path, name: str, data: bytes) -> AppendixItem:
    [item] = document.plan([document.attach(name, data)], tmp_path / "work")
    return item


def page_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def drawn_image(item: AppendixItem) -> Image.Image:
    """The one image drawn on an image item's page, as the PDF holds it."""
    assert item.pdf_path is not None
    with pikepdf.open(item.pdf_path) as pdf:
        [image] = pdf.pages[0].get_images().values()
        return pikepdf.PdfImage(image).as_pil_image().convert("RGB")


def colour_at(image: Image.Image, across: float, down: float) -> tuple[int, int, int]:
    """The RGB colour at a point given as fractions of the image's width and height."""
    pixel = image.getpixel((int(across * (image.width - 1)), int(down * (image.height - 1))))
    assert isinstance(pixel, tuple)
    red, green, blue = pixel[:3]
    return int(red), int(green), int(blue)


def encrypted_pdf(user_password: str) -> bytes:
    output = io.BytesIO()
    with pikepdf.open(io.BytesIO(pdf_bytes())) as pdf:
        pdf.save(output, encryption=pikepdf.Encryption(user=user_password, owner="owner-secret"))
    return output.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A PNG's signature and header claiming `width` × `height`, and no pixels worth the name."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64))


def test_a_pdf_keeps_its_pages(document: EvidenceDocument, tmp_path: Path) -> None:
    item = plan_one(document, tmp_path, "course.pdf", pdf_bytes([(595, 842)] * 3))
    assert (item.kind, item.page_count, item.problem) == (ItemKind.PDF, 3, "")
    assert item.pdf_path is not None and item.embedded_path is None


def test_the_content_decides_not_the_name(document: EvidenceDocument, tmp_path: Path) -> None:
    photo = image_bytes(Image.new("RGB", (80, 60), "red"), "JPEG")
    item = plan_one(document, tmp_path, "certificate.pdf", photo)
    assert (item.kind, item.page_count) == (ItemKind.IMAGE, 1)


def test_other_files_are_embedded_as_they_are(document: EvidenceDocument, tmp_path: Path) -> None:
    data = b"PK\x03\x04" + os.urandom(500)
    item = plan_one(document, tmp_path, "attendance.xlsx", data)
    assert (item.kind, item.page_count, item.pdf_path) == (ItemKind.EMBEDDED, 0, None)
    assert item.embedded_path is not None and item.embedded_path.read_bytes() == data


def jpeg() -> bytes:
    return image_bytes(Image.effect_noise((400, 300), 60).convert("RGB"), "JPEG")


def png() -> bytes:
    return image_bytes(Image.effect_noise((400, 300), 60), "PNG")


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("scan.pdf", b"", "empty"),
        ("scan.pdf", os.urandom(4000), "not a readable PDF"),
        ("scan.jpg", b"just some text", "not a readable PDF or image"),
        ("scan.pdf", pdf_bytes()[:300], "damaged or truncated"),
        ("scan.pdf", b"%PDF-1.4\n%%EOF\n", "damaged or truncated"),
        ("photo.jpg", jpeg()[:2000], "damaged or truncated"),
        ("photo.png", png()[:2000], "damaged or truncated"),
        ("locked.pdf", encrypted_pdf(""), "encrypted"),
        ("locked.pdf", encrypted_pdf("user-secret"), "encrypted"),
    ],
    ids=[
        "empty",
        "random-bytes",
        "text-named-jpg",
        "truncated-pdf",
        "header-only-pdf",
        "truncated-jpeg",
        "truncated-png",
        "encrypted-empty-password",
        "encrypted",
    ],
)
def test_a_file_that_cannot_be_reproduced_gets_a_placeholder_saying_why(
    document: EvidenceDocument,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    data: bytes,
    reason: str,
) -> None:
    # An empty attachment cannot be added today; older documents and imports may hold one.
    monkeypatch.setattr("compdesk.storage.attachments.check_attachment_size", lambda *_: None)
    file = document.attach(name, data)
    [item] = document.plan([file], tmp_path / "work")
    assert (item.kind, item.page_count) == (ItemKind.PLACEHOLDER, 1)
    assert reason in item.problem
    assert item.pdf_path is not None
    words = " ".join(page_text(item.pdf_path).split())
    for expected in (PERSON, COMPETENCY, LABEL, name, file.sha256, reason):
        assert expected in words


def test_a_pdf_without_pages_gets_a_placeholder(document: EvidenceDocument, tmp_path: Path) -> None:
    output = io.BytesIO()
    pikepdf.new().save(output)
    item = plan_one(document, tmp_path, "blank.pdf", output.getvalue())
    assert item.kind is ItemKind.PLACEHOLDER
    assert item.problem == "The PDF has no pages."


def test_a_damaged_pdf_that_can_be_repaired_is_reproduced(
    document: EvidenceDocument, tmp_path: Path
) -> None:
    data = pdf_bytes([(595, 842)] * 2)
    cut = data.rindex(b"startxref")  # a download cut short before the cross-reference trailer
    item = plan_one(document, tmp_path, "cut.pdf", data[:cut])
    assert (item.kind, item.page_count) == (ItemKind.PDF, 2)
    assert item.pdf_path is not None
    with pikepdf.open(item.pdf_path) as repaired:
        assert not repaired.get_warnings()


def test_a_hostile_file_name_is_never_a_path(document: EvidenceDocument, tmp_path: Path) -> None:
    name = "../../" + "证书 شهادة " * 30 + "\x00.pdf"
    workdir = tmp_path / "work"
    [item] = document.plan([document.attach(name, os.urandom(100))], workdir)
    assert item.kind is ItemKind.PLACEHOLDER
    assert {path.parent for path in tmp_path.rglob("*") if path.is_file()} <= {tmp_path, workdir}
    assert item.pdf_path is not None
    assert "证书" in page_text(item.pdf_path)


@pytest.mark.parametrize("side", [7_000, 100_000])  # above the limit, and far above it
def test_a_huge_image_is_refused_from_its_header(
    document: EvidenceDocument, tmp_path: Path, side: int
) -> None:
    started = time.perf_counter()
    item = plan_one(document, tmp_path, "scan.png", png_header(side, side))
    assert time.perf_counter() - started < 5  # decoding 100000² pixels would take minutes
    assert item.kind is ItemKind.PLACEHOLDER
    assert "40-megapixel limit" in item.problem


def test_a_phone_photo_is_turned_by_its_exif_orientation(
    document: EvidenceDocument, tmp_path: Path
) -> None:
    # Stored sideways, left half red: orientation 6 means "turn clockwise to view", which
    # brings the left half to the top.
    stored = Image.new("RGB", (400, 200), "blue")
    stored.paste((255, 0, 0), (0, 0, 200, 200))
    exif = Image.Exif()
    exif[0x0112] = 6
    item = plan_one(document, tmp_path, "IMG_0001.jpg", image_bytes(stored, "JPEG", exif=exif))
    shown = drawn_image(item)
    assert shown.height > shown.width
    red, _, blue = colour_at(shown, 0.5, 0.25)
    assert red > 200 and blue < 60
    red, _, blue = colour_at(shown, 0.5, 0.75)
    assert blue > 200 and red < 60


def test_a_landscape_image_gets_a_landscape_page(
    document: EvidenceDocument, tmp_path: Path
) -> None:
    item = plan_one(document, tmp_path, "wide.png", png())
    assert item.pdf_path is not None
    with pikepdf.open(item.pdf_path) as pdf:
        box = pikepdf.Rectangle(pdf.pages[0].mediabox)
    assert box.width > box.height


def test_a_cmyk_image_prints_in_its_colours(document: EvidenceDocument, tmp_path: Path) -> None:
    cmyk = Image.new("CMYK", (120, 90), (0, 255, 255, 0))  # full magenta and yellow: red
    item = plan_one(document, tmp_path, "print.jpg", image_bytes(cmyk, "JPEG"))
    red, green, blue = colour_at(drawn_image(item), 0.5, 0.5)
    assert red > 200 and green < 60 and blue < 60


def test_a_16_bit_image_keeps_its_greys(document: EvidenceDocument, tmp_path: Path) -> None:
    scan = Image.new("I;16", (256, 64))
    scan.putdata([column * 256 for _ in range(64) for column in range(256)])
    shown = drawn_image(plan_one(document, tmp_path, "scan.png", image_bytes(scan, "PNG")))
    middle, _, _ = colour_at(shown, 0.5, 0.5)
    assert 100 < middle < 156  # a mid grey, not clipped to white


def test_a_transparent_palette_image_is_flattened_on_white(
    document: EvidenceDocument, tmp_path: Path
) -> None:
    logo = Image.new("P", (100, 100), 0)
    logo.putpalette([0, 0, 0, 255, 0, 0])
    logo.paste(1, (40, 40, 60, 60))
    data = image_bytes(logo, "PNG", transparency=0)
    shown = drawn_image(plan_one(document, tmp_path, "logo.png", data))
    assert colour_at(shown, 0, 0) == (255, 255, 255)
    red, green, _ = colour_at(shown, 0.5, 0.5)
    assert red > 200 and green < 60


def test_a_multi_frame_tiff_shows_its_first_frame(
    document: EvidenceDocument, tmp_path: Path
) -> None:
    frames = [Image.new("RGB", (100, 140), colour) for colour in ("red", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, "TIFF", save_all=True, append_images=frames[1:])
    item = plan_one(document, tmp_path, "pages.tiff", buffer.getvalue())
    red, _, blue = colour_at(drawn_image(item), 0.5, 0.5)
    assert red > 200 and blue < 60


def test_progress_counts_files_and_cancel_stops_between_them(
    document: EvidenceDocument, tmp_path: Path
) -> None:
    files = [document.attach(f"notes-{number}.txt", b"notes %d" % number) for number in range(3)]
    seen: list[tuple[int, int]] = []
    cancel = threading.Event()

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done == 2:
            cancel.set()

    workdir = tmp_path / "work"
    workdir.mkdir()
    with pytest.raises(CancelledError):
        plan_appendix(document.store, files, workdir, (595, 842), progress=progress, cancel=cancel)
    assert seen == [(1, 3), (2, 3)]
