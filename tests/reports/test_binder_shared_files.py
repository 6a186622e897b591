"""A file attached to several records (a session's attendance list, attached to every attendee)
is reproduced once in the appendix, and every record that holds it points at that page."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pikepdf
import pypdf
from reportlab.pdfgen.canvas import Canvas

from compdesk.models.records import EvidenceKind, Route
from compdesk.models.templates import Template
from compdesk.reports.binder import BinderOptions, build_binder
from compdesk.storage.templates import create_document

AS_OF = date(2026, 5, 1)
PEOPLE = ("Ana Ruiz", "Ben Ode", "Chen Wei")


def _attendance_list() -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.drawString(72, 720, "Attendance list of the awareness session")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_a_shared_file_is_reproduced_once_and_every_record_gives_its_page(
    tmp_path: Path,
) -> None:
    path = tmp_path / "shared.compdesk"
    attendance = _attendance_list()
    with create_document(path, Template.STARTUP, user="tester") as store:
        everyone = store.roles.by_name("All staff")
        policy = store.competencies.by_name("Security policy")
        for number, name in enumerate(PEOPLE):
            person = store.people.add(
                name, f"p{number}@example.com", start_date=date(2024, 1, 8), role_ids=(everyone.id,)
            )
            evidence = store.evidence.add(
                person.id,
                policy.id,
                EvidenceKind.ATTENDANCE_LIST,
                Route.TRAINING,
                achieved_on=date(2026, 3, 2),
            )
            store.attachments.attach_bytes(evidence.id, "attendance.pdf", attendance)
        out = tmp_path / "binder.pdf"
        summary = build_binder(store, out, BinderOptions(as_of=AS_OF))

    pages = [page.extract_text() for page in pypdf.PdfReader(out).pages]
    reproduced = [text for text in pages if "Attendance list of the awareness session" in text]
    assert len(reproduced) == 1
    assert "Ana Ruiz and 2 more" in reproduced[0]
    shared_page = pages.index(reproduced[0]) + 1
    assert shared_page == summary.pages
    body = " ".join(" ".join(text.split()) for text in pages[: shared_page - 1])
    # Section 3 gives each person's file its page, and the index lists all three files there.
    assert len(re.findall(rf"attendance\.pdf · [^·]+ · p\. {shared_page}\b", body)) == len(PEOPLE)
    assert len(re.findall(rf"page {shared_page}\b", body.split("6 Appendix")[-1])) >= len(PEOPLE)
    with pikepdf.open(out) as pdf, pdf.open_outline() as outline:
        appendix = outline.root[-1]
        assert [item.title for item in appendix.children] == [
            "Ana Ruiz and 2 more · attendance.pdf"
        ]
