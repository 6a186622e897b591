"""The binder of a document whose names and files are hostile: it is still produced, every name
prints as typed, and every file that cannot be shown says why."""

from __future__ import annotations

import io
import re
import unicodedata
from datetime import date

import pikepdf
import pypdf
import pytest

from compdesk.models.records import EvidenceKind, Route
from compdesk.models.templates import Template
from compdesk.reports.binder import BinderOptions, build_binder
from compdesk.storage.templates import create_document

AS_OF = date(2026, 5, 1)
NAMES = {
    "markup": 'Ana <b>Ruiz</b> & "Bo"',
    "chinese": "李娜",
    "accents": "Zoë Ñúñez",
    "arabic": "ليلى حداد",
}
# Files a user might attach by mistake, with what the appendix index says of each.
BROKEN_FILES = {
    "header only.pdf": (b"%PDF-", "not a readable PDF"),
    "truncated.pdf": (b"%PDF-1.7\n1 0 obj << /Type /Catalog", "not a readable PDF"),
    "holiday.jpg": (b"not a photo at all", "named .jpg but its content is not"),
    "证书 <1>.pdf": (b"\x00 not a pdf", "named .pdf but its content is not"),
}


def _encrypted_pdf() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    output = io.BytesIO()
    pdf.save(output, encryption=pikepdf.Encryption(owner="o", user="secret"))
    return output.getvalue()


@pytest.fixture(scope="module")
def binder(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[str]]:
    """The binder's text (NFKC, so Arabic's joined letter forms read as letters) and bookmarks."""
    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "hostile.compdesk"
    with create_document(path, Template.STARTUP, user="tester") as store:
        everyone = store.roles.by_name("All staff")
        phishing = store.competencies.by_name("Phishing recognition")
        for number, name in enumerate(NAMES.values()):
            person = store.people.add(
                name,
                f"person{number}@example.com",
                start_date=date(2024, 1, 8),
                role_ids=(everyone.id,),
            )
            evidence = store.evidence.add(
                person.id,
                phishing.id,
                EvidenceKind.CERTIFICATE,
                Route.TRAINING,
                title=f"Certificate of {name}",
                achieved_on=date(2026, 4, 1),
            )
            if number == 0:
                for file_name, (data, _) in BROKEN_FILES.items():
                    store.attachments.attach_bytes(evidence.id, file_name, data)
                store.attachments.attach_bytes(evidence.id, "locked.pdf", _encrypted_pdf())
        out = folder / "binder.pdf"
        build_binder(store, out, BinderOptions(as_of=AS_OF))
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(out).pages)
    with pikepdf.open(out) as pdf, pdf.open_outline() as outline:
        titles: list[str] = []
        stack = list(outline.root)
        while stack:
            item = stack.pop()
            titles.append(item.title)
            stack.extend(item.children)
    return unicodedata.normalize("NFKC", " ".join(text.split())), titles


@pytest.mark.parametrize("kind", NAMES)
def test_every_name_prints_as_typed(binder: tuple[str, list[str]], kind: str) -> None:
    text, _ = binder
    for word in NAMES[kind].split():
        assert word in text


@pytest.mark.parametrize("kind", NAMES)
def test_bookmarks_hold_each_name_as_typed(binder: tuple[str, list[str]], kind: str) -> None:
    _, titles = binder
    assert NAMES[kind] in titles


def test_each_file_that_cannot_be_shown_is_named_in_the_binder(
    binder: tuple[str, list[str]],
) -> None:
    text, titles = binder
    reasons = {name: reason for name, (_, reason) in BROKEN_FILES.items()}
    reasons["locked.pdf"] = "encrypted (password protected)"
    for file_name, reason in reasons.items():
        assert f"{file_name} · " in text
        assert any(file_name in title and "not reproduced" in title for title in titles)
        assert re.search(re.escape(f"{file_name} ") + r".{0,120}" + re.escape(reason), text)
