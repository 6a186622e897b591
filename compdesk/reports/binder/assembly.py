"""The final binder put together: the body, then the evidence, stamped, bookmarked and embedded.

Two passes of qpdf, both streaming (a page's content and images are copied from its source file
while the output is written, never held whole in memory):
1. a qpdf job appends the evidence pages to the body and embeds the other files as PDF file
   attachments; it reopens files beyond a threshold instead of holding one descriptor per
   evidence file, so a binder of thousands of files stays within the system's limits;
2. pikepdf stamps each appended page, adds the outline entries and the document information,
   and writes the file with an /ID derived from its inputs.
(pikepdf's own page copying, `Pdf.pages.extend` from the opened evidence files, then one save,
held 540 MB for 500 MB of evidence; these two passes hold about 80 MB.)
No timestamp enters the file: the dates are the binder's as-of date, so the same inputs give the
same bytes, and an auditor can be told the binder's SHA-256 to check it again.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import shutil
import tempfile
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Final

import pikepdf

from compdesk.models.errors import CancelledError, InputError
from compdesk.models.file_names import safe_file_name
from compdesk.reports.binder import text
from compdesk.reports.binder.appendix import AppendixItem, ItemKind
from compdesk.reports.binder.stamps import (
    Stamp,
    displayed_box,
    displayed_size,
    draw_stamps,
    footer_text,
    header_text,
    inherited,
)
from compdesk.storage import CHUNK_SIZE

log = logging.getLogger(__name__)

PRODUCER: Final = "compdesk"
_STAMP_NAME: Final = "/CompdeskStamp"


@dataclass(frozen=True, slots=True)
class Bookmark:
    title: str  # logical text
    page_index: int  # 0-based page of the final file


def assemble_binder(
    body_pdf: Path,
    items: Sequence[AppendixItem],
    destination: Path,
    *,
    as_of: date,
    total_pages: int,
    title: str,
    author: str,
    cancel: threading.Event | None = None,
) -> None:
    """Append each item's pages after the body, stamp them, bookmark every item under the body's
    last top-level bookmark (an embedded file's points at the body's last page), embed the
    embedded files, and write `destination` deterministically."""
    _check_cancel(cancel)
    scratch = Path(tempfile.mkdtemp(prefix=".binder-", dir=destination.parent))
    try:
        joined = _join(body_pdf, items, scratch / "joined.pdf", as_of)
        _check_cancel(cancel)
        with pikepdf.open(joined) as pdf:
            body_pages = len(pdf.pages) - sum(item.page_count for item in items)
            if len(pdf.pages) != total_pages:
                raise ValueError(
                    f"the binder has {len(pdf.pages)} pages but its footers say {total_pages}"
                )
            _stamp(pdf, items, body_pages, scratch / "stamps.pdf", as_of, total_pages, cancel)
            _add_bookmarks(pdf, appendix_bookmarks(items, body_pages))
            _set_document_information(pdf, as_of=as_of, title=title, author=author)
            _check_cancel(cancel)
            # qpdf keeps the first half of an existing /ID; its deterministic_id would hash the
            # whole output in a pass of its own (a third of the time for 500 MB of evidence).
            # The binder's content is a function of its inputs, so a hash of them identifies
            # it as well; the second, "this revision" half is qpdf's constant.
            identifier = pikepdf.String(document_id(body_pdf, items, as_of, title, author))
            pdf.trailer["/ID"] = pikepdf.Array([identifier, identifier])
            pdf.save(destination, static_id=True, compress_streams=False)
    except OSError as error:
        raise InputError(f"cannot write {destination.name}: {error.strerror or error}") from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def appendix_bookmarks(items: Sequence[AppendixItem], body_pages: int) -> list[Bookmark]:
    """One bookmark per item, at the page where it starts; an embedded file has no page of its
    own and points at the body's last page, where the appendix index lists it."""
    bookmarks: list[Bookmark] = []
    next_page = body_pages
    for item in items:
        name = f"{item.file.person_name} · {item.file.file_name}"
        if item.kind is ItemKind.EMBEDDED:
            bookmarks.append(Bookmark(f"{name} (embedded file)", body_pages - 1))
            continue
        suffix = " (not reproduced)" if item.kind is ItemKind.PLACEHOLDER else ""
        bookmarks.append(Bookmark(name + suffix, next_page))
        next_page += item.page_count
    return bookmarks


def document_id(
    body_pdf: Path, items: Sequence[AppendixItem], as_of: date, title: str, author: str
) -> bytes:
    """The first half of the binder's /ID: a digest of everything the file is made from."""
    digest = hashlib.sha256()
    with body_pdf.open("rb") as stream:
        while chunk := stream.read(CHUNK_SIZE):
            digest.update(chunk)
    parts = [f"{as_of}", title, author]
    for item in items:
        file = item.file
        parts += [item.kind.value, f"{item.page_count}", file.sha256, file.file_name]
        parts += [file.person_name, file.competency_name, file.evidence_label]
    digest.update("\0".join(parts).encode("utf-8", "surrogatepass"))
    return digest.digest()[:16]


def pdf_date(day: date) -> str:
    return f"D:{day:%Y%m%d}000000Z"


def _check_cancel(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise CancelledError("the binder was cancelled")


def _join(body_pdf: Path, items: Sequence[AppendixItem], joined: Path, as_of: date) -> Path:
    """The body followed by every item's pages, with the embedded files attached (pass 1)."""
    sources = [item.pdf_path for item in items if item.pdf_path is not None and item.page_count]
    embedded = [item for item in items if item.kind is ItemKind.EMBEDDED and item.embedded_path]
    if not sources and not embedded:
        return body_pdf
    job: dict[str, Any] = {
        "inputFile": str(body_pdf),
        "outputFile": str(joined),
        # Streams go through as they are: compressing a source's uncompressed streams (here,
        # and again in the second pass) costs far more time than the space it saves.
        "compressStreams": "n",
        "noWarn": "",
        "warningExit0": "",
        "pages": [{"file": str(path), "range": "1-z"} for path in (body_pdf, *sources)],
    }
    if embedded:
        job["addAttachment"] = list(_attachment_specs(embedded, as_of))
    try:
        pikepdf.Job(job).run()
    except (pikepdf.PdfError, pikepdf.JobUsageError, RuntimeError) as error:
        # Each evidence file was opened and checked when the appendix was planned; a failure
        # here is a file that changed since, or a bug.
        raise InputError(f"cannot put the evidence into the binder: {error}") from error
    return joined


def _attachment_specs(embedded: Sequence[AppendixItem], as_of: date) -> Iterator[dict[str, str]]:
    taken: set[str] = set()
    for item in embedded:
        assert item.embedded_path is not None
        # A reader extracts it under this name: one plain, harmless file name.
        file_name = safe_file_name(text.clean(item.file.file_name))
        key, copy = file_name, 1
        while key in taken:  # two people's "certificate.docx"
            copy += 1
            key = f"{file_name} ({copy})"
        taken.add(key)
        mime_type = mimetypes.guess_type(file_name, strict=False)[0] or "application/octet-stream"
        yield {
            "file": str(item.embedded_path),
            "key": key,
            "filename": file_name,
            "description": text.clean(
                header_text(
                    item.file.person_name,
                    item.file.competency_name,
                    item.file.evidence_label,
                    item.file.file_name,
                )
            ),
            "mimetype": mime_type,
            "creationdate": pdf_date(as_of),
            "moddate": pdf_date(as_of),
        }


def _stamp(
    pdf: pikepdf.Pdf,
    items: Sequence[AppendixItem],
    body_pages: int,
    stamps_path: Path,
    as_of: date,
    total_pages: int,
    cancel: threading.Event | None,
) -> None:
    pages = pdf.pages
    stamps: list[Stamp] = []
    page_index = body_pages
    for item in items:
        header = header_text(
            item.file.person_name,
            item.file.competency_name,
            item.file.evidence_label,
            item.file.file_name,
        )
        for _ in range(item.page_count):
            width, height = displayed_size(pages[page_index])
            page_index += 1
            stamps.append(
                Stamp(
                    width,
                    height,
                    header,
                    item.file.file_name,
                    footer_text(page_index, total_pages, f"{as_of}"),
                )
            )
    if not stamps:
        return
    draw_stamps(stamps_path, stamps)
    with pikepdf.open(stamps_path) as stamp_pdf:
        for offset, stamp_page in enumerate(stamp_pdf.pages):
            if offset % 64 == 0:
                _check_cancel(cancel)
            _place_stamp(pdf, pages[body_pages + offset], stamp_page)


def _place_stamp(pdf: pikepdf.Pdf, page: pikepdf.Page, stamp_page: pikepdf.Page) -> None:
    """Draw the stamp over the page's displayed box, after the page's own content in a clean
    graphics state (the page may leave a transformation or a clip in force)."""
    form = pdf.copy_foreign(stamp_page.as_form_xobject())
    resources = _own_resources(page)
    xobjects = resources["/XObject"]
    name = _STAMP_NAME
    while name in xobjects:
        name += "_"
    xobjects[name] = form
    placement = page.calc_form_xobject_placement(
        form, pikepdf.Name(name), displayed_box(page), allow_shrink=True, allow_expand=True
    )
    page.contents_add(b"q\n", prepend=True)
    page.contents_add(b"\nQ\n" + placement)


def _own_resources(page: pikepdf.Page) -> pikepdf.Dictionary:
    """The page's resources as a dictionary of its own with an /XObject dictionary of its own:
    pages of one file often share both, and each page gets a different stamp."""
    inherited_resources = inherited(page, "/Resources")
    resources = pikepdf.Dictionary()
    if isinstance(inherited_resources, pikepdf.Dictionary):
        for key, value in inherited_resources.items():
            resources[key] = value
    xobjects = pikepdf.Dictionary()
    existing = resources.get("/XObject")
    if isinstance(existing, pikepdf.Dictionary):
        for key, value in existing.items():
            xobjects[key] = value
    resources["/XObject"] = xobjects
    page.obj["/Resources"] = resources
    return resources


def _add_bookmarks(pdf: pikepdf.Pdf, bookmarks: Sequence[Bookmark]) -> None:
    if not bookmarks:
        return
    with pdf.open_outline() as outline:
        entries = [
            pikepdf.OutlineItem(text.clean(bookmark.title), bookmark.page_index)
            for bookmark in bookmarks
        ]
        if outline.root:
            outline.root[-1].children.extend(entries)
        else:
            outline.root.extend(entries)


def _set_document_information(pdf: pikepdf.Pdf, *, as_of: date, title: str, author: str) -> None:
    information = pdf.docinfo
    for key in list(information.keys()):
        del information[key]
    information["/Title"] = text.clean(title)
    information["/Author"] = text.clean(author)
    information["/Subject"] = f"ISO/IEC 27001 competence evidence as of {as_of}"
    information["/Producer"] = PRODUCER
    information["/Creator"] = PRODUCER
    information["/CreationDate"] = pdf_date(as_of)
    information["/ModDate"] = pdf_date(as_of)
    # The XMP packet a source may carry would contradict the information above.
    if "/Metadata" in pdf.Root:
        del pdf.Root["/Metadata"]
