"""An attachment removed for good leaves no byte of it in the document's file."""

from __future__ import annotations

from pathlib import Path

from compdesk.storage import Store
from tests.conftest import make_competency, make_evidence, make_person

SECRET = b"%PDF-1.4 " + b"salary of Ana Ode: 123456 " * 400


def _raw(path: Path) -> bytes:
    raw = path.read_bytes()
    journal = path.with_name(path.name + "-journal")
    return raw + journal.read_bytes() if journal.exists() else raw


def test_a_removed_attachment_s_bytes_are_zeroed_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "doc.compdesk"
    with Store.create(path, user="tester") as store:
        evidence = make_evidence(store, make_person(store), make_competency(store))
        attachment = store.attachments.attach_bytes(evidence.id, "payslip.pdf", SECRET)
    assert SECRET[:200] in _raw(path)

    with Store.open(path, user="tester") as store:
        store.attachments.remove(attachment.id)

    raw = _raw(path)
    assert b"salary of Ana Ode" not in raw
    # The name stays in the audit trail; only purge-leaver rewrites it.
    with Store.open(path, read_only=True) as store:
        assert any("payslip.pdf" in entry.what for entry in store.change_log.entries())


def test_a_removal_kept_for_undo_keeps_the_bytes_until_the_trash_is_emptied(
    tmp_path: Path,
) -> None:
    path = tmp_path / "doc.compdesk"
    with Store.create(path, user="tester") as store:
        evidence = make_evidence(store, make_person(store), make_competency(store))
        attachment = store.attachments.attach_bytes(evidence.id, "payslip.pdf", SECRET)
        store.attachments.remove(attachment.id, keep_for_undo=True)
        assert SECRET[:200] in _raw(path)
        store.trash.purge()
    assert b"salary of Ana Ode" not in _raw(path)
