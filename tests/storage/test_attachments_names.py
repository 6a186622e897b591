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


def test_the_document_setting_bounds_every_attachment(tmp_path: Path) -> None:
    import dataclasses
    from datetime import date

    import pytest

    from compdesk.models.errors import InputError

    with Store.create(tmp_path / "doc.compdesk", user="tester") as store:
        competency = make_competency(store)
        evidence = make_evidence(store, make_person(store), competency)
        store.settings.update(dataclasses.replace(store.settings.get(), attachment_limit_mb=1))
        data = b"x" * (1024 * 1024 + 1)
        source = tmp_path / "scan.pdf"
        source.write_bytes(data)
        session = store.training.add(competency.id, date(2026, 3, 1))

        for attach in (
            lambda: store.attachments.attach_bytes(evidence.id, "scan.pdf", data),
            lambda: store.attachments.attach_file(evidence.id, source),
            lambda: store.training.attach_bytes(session.id, "scan.pdf", data),
            lambda: store.training.attach_file(session.id, source),
        ):
            with pytest.raises(InputError, match=r"at most 1 MB.*Largest attachment"):
                attach()
        assert store.attachments.attach_bytes(evidence.id, "ok.pdf", data[:1024]).size == 1024
