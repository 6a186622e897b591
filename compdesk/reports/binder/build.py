"""`build_binder`: the whole audit binder from a document, written beside the destination and
renamed into place at the end, so a cancelled or failed build leaves no file behind.

The steps: the content (options → the binder's people → their records, findings and
onboarding), the appendix plan (each attachment exported and sorted into pages to append,
files to embed or placeholders), the body (cover, contents, sections) drawn by ReportLab, then
the assembly by pikepdf (qpdf). The appendix's page numbers, printed in the body, depend on the
body's length: the body is built, measured, and built again only if that length moved them.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final

from reportlab.platypus import Flowable

from compdesk.models.errors import CancelledError
from compdesk.reports.binder.appendix import AppendixItem, EvidenceFile, plan_appendix
from compdesk.reports.binder.assembly import assemble_binder
from compdesk.reports.binder.content import (
    BinderAttachment,
    BinderContent,
    binder_attachments,
    file_sha256,
    gather_content,
)
from compdesk.reports.binder.cover import binder_title, contents_flowables, cover_flowables
from compdesk.reports.binder.destination import partial_beside
from compdesk.reports.binder.layout import BinderDocument, Layout, prepare_contents
from compdesk.reports.binder.options import BinderOptions
from compdesk.reports.binder.sections.order import SECTIONS
from compdesk.storage import ProgressCallback, Store

# How the progress bar is shared between the steps (out of PROGRESS_TOTAL).
PROGRESS_TOTAL: Final = 1000
_CONTENT_SHARE: Final = 50
_APPENDIX_SHARE: Final = 300
_ASSEMBLY_SHARE: Final = 100


@dataclass(frozen=True, slots=True)
class BinderSummary:
    path: Path
    pages: int
    people: int
    sha256: str
    findings: int


class _Progress:
    """Reports (done, PROGRESS_TOTAL) over the whole build, only when the figure moves."""

    def __init__(self, report: ProgressCallback | None, cancel: threading.Event | None) -> None:
        self._report = report
        self._cancel = cancel
        self._done = -1

    def check_cancel(self) -> None:
        if self._cancel is not None and self._cancel.is_set():
            raise CancelledError("the binder was cancelled; no file was written")

    def at(self, done: int) -> None:
        done = max(0, min(PROGRESS_TOTAL, done))
        if done > self._done:
            self._done = done
            if self._report is not None:
                self._report(done, PROGRESS_TOTAL)
        self.check_cancel()

    def within(self, start: int, share: int) -> ProgressCallback:
        """A callback for one step, mapping its own (done, total) into [start, start + share]."""

        def report(done: int, total: int) -> None:
            self.at(start + (share * done) // total if total else start)

        return report


def build_binder(
    store: Store,
    destination: Path,
    options: BinderOptions,
    *,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> BinderSummary:
    """Build the binder of `store` at `destination` (replacing a file there only at the end).

    Raises CancelledError when `cancel` is set and InputError for options naming people the
    document does not know; then, as after any failure, no file of this build is left and a
    file already at `destination` is as it was.
    """
    destination = Path(destination)
    steps = _Progress(progress, cancel)
    steps.at(0)
    content = gather_content(store, options)
    steps.at(_CONTENT_SHARE)
    workdir = Path(tempfile.mkdtemp(prefix="compdesk-binder-"))
    partial: Path | None = None
    try:
        items: list[AppendixItem] = []
        if options.attachments:
            items = plan_appendix(
                store,
                _evidence_files(content),
                workdir,
                options.page_size.points,
                progress=steps.within(_CONTENT_SHARE, _APPENDIX_SHARE),
                cancel=cancel,
            )
        content = replace(content, appendix=tuple(items))
        body_start = _CONTENT_SHARE + _APPENDIX_SHARE
        body_share = PROGRESS_TOTAL - body_start - _ASSEMBLY_SHARE
        body_pdf = workdir / "body.pdf"
        body_pages = _build_body(content, body_pdf, steps.within(body_start, body_share), cancel)
        appendix_pages = sum(item.page_count for item in items)
        steps.at(body_start + body_share)
        partial = partial_beside(destination)
        assemble_binder(
            body_pdf,
            items,
            partial,
            as_of=options.as_of,
            total_pages=body_pages + appendix_pages,
            title=binder_title(content),
            author=content.prepared_by,
            cancel=cancel,
        )
        steps.check_cancel()
        digest = file_sha256(partial)
        os.replace(partial, destination)
        partial = None
        steps.at(PROGRESS_TOTAL)
    finally:
        if partial is not None:
            partial.unlink(missing_ok=True)
        shutil.rmtree(workdir, ignore_errors=True)
    return BinderSummary(
        path=destination,
        pages=body_pages + appendix_pages,
        people=len(content.people),
        sha256=digest,
        findings=len(content.findings),
    )


def _evidence_files(content: BinderContent) -> list[EvidenceFile]:
    """The files to reproduce, in binder order, each content once: a file attached to several
    records (a session's attendance list, attached to each attendee's record) is reproduced
    where it is first attached, and every record that holds it gives that page."""
    holders: dict[str, list[BinderAttachment]] = {}
    for found in binder_attachments(content):
        holders.setdefault(found.attachment.sha256, []).append(found)
    return [_evidence_file(group) for group in holders.values()]


def _evidence_file(holders: Sequence[BinderAttachment]) -> EvidenceFile:
    first = holders[0]
    labels = [evidence_label(found.evidence.kind.label, found.evidence.title) for found in holders]
    return EvidenceFile(
        attachment_id=first.attachment.id,
        file_name=first.attachment.file_name,
        sha256=first.attachment.sha256,
        size=first.attachment.size,
        person_name=_first_and_more([found.person.name for found in holders]),
        competency_name=_first_and_more([found.competency.name for found in holders]),
        evidence_label=_first_and_more(labels),
    )


def _first_and_more(names: Sequence[str]) -> str:
    """'Ana Ruiz', or 'Ana Ruiz and 11 more' for a file that several records share."""
    distinct = list(dict.fromkeys(names))
    return distinct[0] if len(distinct) == 1 else f"{distinct[0]} and {len(distinct) - 1} more"


def evidence_label(kind: str, title: str) -> str:
    """'Certificate · ISO 27001 Lead Implementer': an evidence record as a stamp names it."""
    title = title.strip()
    return f"{kind} · {title}" if title else kind


def appendix_start_pages(content: BinderContent, body_pages: int) -> dict[int, int]:
    """Attachment id → the binder page (1-based) where its file's reproduction starts, for every
    attachment holding a reproduced file; files that add no pages (embedded) are absent."""
    by_content: dict[str, int] = {}
    next_page = body_pages + 1
    for item in content.appendix:
        if item.page_count > 0:
            by_content[item.file.sha256] = next_page
            next_page += item.page_count
    return {
        found.attachment.id: by_content[found.attachment.sha256]
        for found in binder_attachments(content)
        if found.attachment.sha256 in by_content
    }


def body_story(content: BinderContent, layout: Layout) -> list[Flowable]:
    """Cover, contents and every section, in binder order."""
    sections: list[Flowable] = []
    for section in SECTIONS:
        sections += section(content, layout)
    contents = prepare_contents(sections, layout)
    return [
        *cover_flowables(content, layout),
        *contents_flowables(contents, layout),
        *sections,
    ]


def _build_body(
    content: BinderContent,
    path: Path,
    progress: ProgressCallback,
    cancel: threading.Event | None,
) -> int:
    """Draw the body into `path`; its page count."""
    layout = Layout(content.options.page_size)
    appendix_total = sum(item.page_count for item in content.appendix)
    # Two passes: one finds the page numbers (of the contents' entries, and the body's length
    # that the appendix's page numbers follow), the next prints them.
    drawn = _FlowableCounter(progress, expected=2 * (len(content.people) * 4 + 100))
    made: dict[tuple[tuple[int, int], ...], list[Flowable]] = {}

    def story_for(body_pages: int) -> list[Flowable]:
        # A story is made once per set of appendix page numbers: drawing it again is cheaper
        # than parsing every paragraph anew.
        starts = appendix_start_pages(content, body_pages)
        key = tuple(starts.items())
        if key not in made:
            made.clear()
            made[key] = body_story(replace(content, appendix_pages=starts), layout)
        drawn.start_pass()
        return made[key]

    document = BinderDocument(
        path,
        layout,
        as_of=content.as_of,
        organisation=content.organisation,
        title=binder_title(content),
        author=content.prepared_by,
        appendix_pages=appendix_total,
        on_flowable=drawn,
        cancel=cancel,
    )
    return document.build_story(story_for, length_matters=appendix_total > 0)


class _FlowableCounter:
    """Reports the body's progress as flowables are drawn: the first pass against an
    estimate, the second against the count of the first (split parts count too)."""

    def __init__(self, progress: ProgressCallback, *, expected: int) -> None:
        self._progress = progress
        self._per_pass = max(1, expected // 2)
        self._passes = 0
        self._drawn = 0

    def start_pass(self) -> None:
        if self._passes == 1:
            self._per_pass = max(1, self._drawn)
        self._passes += 1
        self._drawn = 0

    def __call__(self) -> None:
        self._drawn += 1
        if self._drawn % 16 == 0:
            done = (min(self._passes, 2) - 1) * self._per_pass + min(self._drawn, self._per_pass)
            self._progress(min(done, 2 * self._per_pass - 1), 2 * self._per_pass)


__all__ = ["BinderSummary", "build_binder"]
