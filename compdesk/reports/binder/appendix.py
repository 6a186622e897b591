"""The binder's appendix planned: each attachment exported, recognised by its content, and turned
into the pages (or the file attachment) that reproduce it.

The kind of a file is decided by its first bytes, never by its name: a ".pdf" that is a photo is
shown as the photo, a ".pdf" of random bytes gets a placeholder page. Every file is accounted for:
what cannot be reproduced (empty, truncated, encrypted, not what its name says) gets a placeholder
page naming it and the reason, and the binder is still produced.
"""

from __future__ import annotations

import enum
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pikepdf

from compdesk.models.errors import CancelledError
from compdesk.reports.binder.images import ImageProblem, draw_image_page, is_image
from compdesk.reports.binder.placeholder import draw_placeholder_page
from compdesk.storage import ProgressCallback, Store

log = logging.getLogger(__name__)

# A PDF's header may follow a little junk (some mail gateways prepend a line); readers accept
# it within the first kilobyte, and so do we.
_PDF_HEADER_WINDOW: Final = 1024


@dataclass(frozen=True, slots=True)
class EvidenceFile:
    """One attachment to reproduce, in binder order."""

    attachment_id: int
    file_name: str
    sha256: str
    size: int
    person_name: str
    competency_name: str
    evidence_label: str  # e.g. "Certificate · ISO 27001 Lead Implementer"


class ItemKind(enum.Enum):
    PDF = "pdf"
    IMAGE = "image"
    EMBEDDED = "embedded"
    PLACEHOLDER = "placeholder"


@dataclass(frozen=True, slots=True)
class AppendixItem:
    file: EvidenceFile
    kind: ItemKind
    page_count: int  # pages it adds to the binder (0 for EMBEDDED)
    pdf_path: Path | None  # the pages to append; None for EMBEDDED
    embedded_path: Path | None  # the bytes to embed as a file attachment (EMBEDDED)
    problem: str = ""  # why a placeholder, as a sentence ("" otherwise)


def plan_appendix(
    store: Store,
    files: Sequence[EvidenceFile],
    workdir: Path,
    page_size: tuple[float, float],
    *,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> list[AppendixItem]:
    """Export each attachment into `workdir` and decide how the binder reproduces it.

    Image and placeholder pages are drawn now, each into a small PDF of its own. Raises
    CancelledError when `cancel` is set (checked between files).
    """
    items: list[AppendixItem] = []
    total = len(files)
    for index, file in enumerate(files):
        if cancel is not None and cancel.is_set():
            raise CancelledError("the binder was cancelled")
        # The stored file name may hold "/", "..", NUL or be 300 characters long: it names the
        # file in the binder, never a path on disk.
        stem = workdir / f"evidence-{index:05d}"
        exported = store.attachments.export(file.attachment_id, stem.with_suffix(".bin"))
        items.append(_plan_one(file, exported, stem, page_size))
        if progress is not None:
            progress(index + 1, total)
    return items


def _plan_one(
    file: EvidenceFile, exported: Path, stem: Path, page_size: tuple[float, float]
) -> AppendixItem:
    with exported.open("rb") as stream:
        head = stream.read(_PDF_HEADER_WINDOW)
    if not head:
        return _placeholder(file, stem, page_size, "The file is empty (0 bytes).")
    if b"%PDF-" in head:
        return _plan_pdf(file, exported, stem, page_size)
    if is_image(head):
        try:
            image_page = draw_image_page(exported, stem.with_suffix(".image.pdf"), page_size)
        except ImageProblem as problem:
            return _placeholder(file, stem, page_size, str(problem))
        return AppendixItem(file, ItemKind.IMAGE, 1, image_page, None)
    if _claims_to_be_reproducible(file.file_name):
        return _placeholder(
            file,
            stem,
            page_size,
            f"The file is named {_extension(file.file_name)} but its "
            "content is not a readable PDF or image.",
        )
    return AppendixItem(file, ItemKind.EMBEDDED, 0, None, exported)


def _plan_pdf(
    file: EvidenceFile, exported: Path, stem: Path, page_size: tuple[float, float]
) -> AppendixItem:
    try:
        with pikepdf.open(exported) as pdf:
            if pdf.is_encrypted:
                # Even with an empty user password: appending it would need the password, and
                # its owner meant it to stay locked.
                return _placeholder(
                    file,
                    stem,
                    page_size,
                    "The PDF is encrypted (password protected), so its pages cannot be reproduced.",
                )
            page_count = len(pdf.pages)
            if page_count == 0:
                return _placeholder(file, stem, page_size, "The PDF has no pages.")
            if not pdf.get_warnings():
                return AppendixItem(file, ItemKind.PDF, page_count, exported, None)
            # qpdf rebuilt a damaged file (a truncated download, a broken cross-reference
            # table): write the repaired copy now, so that a part it cannot read fails here,
            # for this file alone, and the assembly gets a sound file.
            repaired = stem.with_suffix(".repaired.pdf")
            pdf.save(repaired)
    except pikepdf.PasswordError:
        return _placeholder(
            file,
            stem,
            page_size,
            "The PDF is encrypted (password protected), so its pages cannot be reproduced.",
        )
    except (pikepdf.PdfError, RuntimeError, ValueError) as error:
        log.info("evidence %s is not a readable PDF: %s", file.attachment_id, error)
        return _placeholder(
            file,
            stem,
            page_size,
            "The file is not a readable PDF: it is damaged or truncated.",
        )
    log.info("evidence %s was a damaged PDF, reproduced from its repaired copy", file.attachment_id)
    return AppendixItem(file, ItemKind.PDF, page_count, repaired, None)


def _placeholder(
    file: EvidenceFile, stem: Path, page_size: tuple[float, float], problem: str
) -> AppendixItem:
    page = draw_placeholder_page(
        stem.with_suffix(".placeholder.pdf"),
        page_size,
        person=file.person_name,
        competency=file.competency_name,
        evidence=file.evidence_label,
        file_name=file.file_name,
        sha256=file.sha256,
        size=file.size,
        problem=problem,
    )
    return AppendixItem(file, ItemKind.PLACEHOLDER, 1, page, None, problem)


# Names whose owner expects to see the file in the binder: when the content is something else,
# saying so is kinder than silently embedding a file that will not open either.
_REPRODUCIBLE_EXTENSIONS: Final = frozenset(
    {".pdf", ".jpg", ".jpeg", ".png", ".gif", ".tif", ".tiff", ".bmp", ".webp"}
)


def _extension(file_name: str) -> str:
    dot = file_name.rfind(".")
    return file_name[dot:].lower() if dot > 0 else ""


def _claims_to_be_reproducible(file_name: str) -> bool:
    return _extension(file_name) in _REPRODUCIBLE_EXTENSIONS
