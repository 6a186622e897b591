"""Evidence files made in the test: PDFs drawn with ReportLab, images with Pillow, plain bytes,
attached to a hand-made document."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pikepdf
from PIL import Image
from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas

from compdesk.models.records import EvidenceKind, Route
from compdesk.reports.binder.appendix import AppendixItem, EvidenceFile, plan_appendix
from compdesk.storage import Store

A4 = (595.2756, 841.8898)
AS_OF = date(2026, 5, 1)
PERSON = "Ana Ruiz"
COMPETENCY = "Secure coding"
LABEL = "Certificate · OWASP Top 10"


class EvidenceDocument:
    """A document with one person and one evidence record to attach files to."""

    def __init__(self, tmp_path: Path) -> None:
        self.store = Store.create(tmp_path / "evidence.compdesk")
        person = self.store.people.add(PERSON, "ana@example.com")
        competency = self.store.competencies.add(COMPETENCY)
        self.evidence = self.store.evidence.add(
            person.id, competency.id, EvidenceKind.CERTIFICATE, Route.TRAINING, achieved_on=AS_OF
        )

    def attach(self, file_name: str, data: bytes) -> EvidenceFile:
        attachment = self.store.attachments.attach_bytes(self.evidence.id, file_name, data)
        return EvidenceFile(
            attachment.id,
            attachment.file_name,
            attachment.sha256,
            attachment.size,
            PERSON,
            COMPETENCY,
            LABEL,
        )

    def plan(self, files: Sequence[EvidenceFile], workdir: Path) -> list[AppendixItem]:
        workdir.mkdir(parents=True, exist_ok=True)
        return plan_appendix(self.store, files, workdir, A4)


def pdf_bytes(
    pages: Sequence[tuple[float, float]] = (A4,),
    *,
    words: str = "evidence page",
    rotate: int = 0,
    crop: Sequence[float] | None = None,
    media: Sequence[float] | None = None,
    outline: str = "",
    attachment: str = "",
) -> bytes:
    """A PDF of `pages` (width, height), each page saying `words` and its number."""
    rl_config.invariant = 1
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    for number, size in enumerate(pages, 1):
        canvas.setPageSize(size)
        canvas.drawString(72, size[1] - 72, f"{words} {number}")
        canvas.showPage()
    canvas.save()
    pdf = pikepdf.open(io.BytesIO(buffer.getvalue()))
    for page in pdf.pages:
        if rotate:
            page.Rotate = rotate
        if crop is not None:
            page.CropBox = pikepdf.Array(crop)
        if media is not None:
            page.MediaBox = pikepdf.Array(media)
    if outline:
        with pdf.open_outline() as tree:
            tree.root.append(pikepdf.OutlineItem(outline, 0))
    if attachment:
        pdf.attachments[attachment] = pikepdf.AttachedFileSpec(pdf, b"inner", filename=attachment)
    output = io.BytesIO()
    # The same arguments give the same bytes (qpdf's /ID is otherwise new each time), so tests
    # comparing two binders are given the same evidence twice.
    pdf.save(output, deterministic_id=True)
    return output.getvalue()


def image_bytes(image: Image.Image, image_format: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def body_pdf(
    path: Path, pages: int = 2, *, sections: Sequence[str] = ("1 Roles", "6 Appendix")
) -> Path:
    """A small binder body with a top-level bookmark per section, the last on the last page."""
    rl_config.invariant = 1
    canvas = Canvas(str(path), pagesize=A4)
    for number in range(pages):
        canvas.drawString(72, 700, f"body page {number + 1}")
        if number == 0:
            canvas.bookmarkPage("first")
            canvas.addOutlineEntry(sections[0], "first", 0)
        if number == pages - 1:
            canvas.bookmarkPage("last")
            for title in sections[1:]:
                canvas.addOutlineEntry(title, "last", 0)
        canvas.showPage()
    canvas.save()
    return path
