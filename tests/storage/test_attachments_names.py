"""Attachment and session-file names are stored without control or bidi characters."""

from __future__ import annotations

from pathlib import Path

from compdesk.storage import Store
from tests.conftest import make_competency, make_evidence, make_person


def test_a_name_that_would_display_reversed_is_stored_plain(tmp_path: Path) -> None:
    with Store.create(tmp_path / "doc.compdesk", user="tester") as store:
        evidence = make_evidence(store, make_person(store), make_competency(store))
        source = tmp_path / "in\u202evoice\u202c\x07fdp.exe"
        source.write_bytes(b"%PDF-1.4")

        from_file = store.attachments.attach_file(evidence.id, source)
        from_bytes = store.attachments.attach_bytes(evidence.id, " a\u2066b\r\n.pdf ", b"x")

    assert from_file.file_name == "invoicefdp.exe"
    assert from_bytes.file_name == "ab .pdf"
