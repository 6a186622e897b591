"""Upgrading a file of format 2 (as compdesk wrote it before format 3): every record as it was."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from compdesk.models.records import Attachment, EvidenceKind, RenewalMode, Route
from compdesk.storage import Store, migration_backup_path
from compdesk.storage.check import check_document
from compdesk.storage.digest import sha256
from compdesk.storage.schema import SCHEMA_VERSION
from tests.storage.old_formats import write_old_document

_DATA = b"signed attendance list"

# Rows as format 2 stored them, written with its own SQL.
_FORMAT_2_ROWS = f"""
INSERT INTO roles (id, name) VALUES (1, 'Developer');
INSERT INTO competencies (id, name, level, renewal_months, accepted_kinds)
    VALUES (1, 'Secure coding', 'role-specific', 12, 'training record|certificate');
INSERT INTO requirements VALUES (1, 1);
INSERT INTO people (id, name, email, start_date) VALUES (1, 'Ana Ruiz', 'ana@example.com', '2025-01-06');
INSERT INTO person_roles VALUES (1, 1);
INSERT INTO evidence (id, person_id, competency_id, kind, route, title, achieved_on, score)
    VALUES (1, 1, 1, 'training record', 'training', 'OWASP course', '2026-01-10', 92.5);
INSERT INTO blobs (id, sha256, size, data) VALUES (1, '{sha256(_DATA).hexdigest()}', {len(_DATA)}, x'{_DATA.hex()}');
INSERT INTO attachments (id, evidence_id, blob_id, file_name) VALUES (1, 1, 1, 'list.pdf');
INSERT INTO calendar (id, month, activity, owner) VALUES (1, 3, 'Phishing drill', 'ISMS lead');
INSERT INTO settings VALUES ('pass_mark', '75.0');
"""


def _format_2_document(tmp_path: Path) -> Path:
    return write_old_document(tmp_path / "old.compdesk", 2, _FORMAT_2_ROWS, created_at="2026-01-01T00:00:00Z")


def test_a_format_2_document_upgrades_with_every_record_as_it_was(tmp_path: Path) -> None:
    path = _format_2_document(tmp_path)
    with Store.open(path, user="tester") as store:
        assert store.schema_version() == SCHEMA_VERSION
        [competency] = store.competencies.all()
        assert (competency.name, competency.renewal_months, competency.accepted_kinds) == (
            "Secure coding",
            12,
            (EvidenceKind.TRAINING_RECORD, EvidenceKind.CERTIFICATE),
        )
        assert (competency.renewal_mode, competency.renewal_on) == (
            RenewalMode.AFTER_COMPLETION,
            "",
        )
        assert competency.document_version == ""
        [person] = store.people.all()
        assert (person.email, person.start_date, person.role_ids) == (
            "ana@example.com",
            date(2025, 1, 6),
            (1,),
        )
        assert person.access_granted_on is None
        [evidence] = store.evidence.list()
        assert (evidence.kind, evidence.route, evidence.title, evidence.score) == (
            EvidenceKind.TRAINING_RECORD,
            Route.TRAINING,
            "OWASP course",
            92.5,
        )
        assert evidence.attachments == (
            Attachment(1, 1, "list.pdf", sha256(_DATA).hexdigest(), len(_DATA)),
        )
        assert store.attachments.bytes(1) == _DATA
        [activity] = store.calendar.all()
        assert (activity.activity, activity.owner, activity.actual_result, activity.year) == (
            "Phishing drill",
            "ISMS lead",
            "",
            None,
        )
        settings = store.settings.get()
        assert (settings.pass_mark, settings.retake_below, settings.access_grace_days) == (
            75.0,
            0.9,
            2,
        )
        assert store.requirements.all() == {(1, 1)}
        assert store.training.sessions() == [] and store.drills.all() == []
        assert store.change_log.entries()[-1].what == f"upgraded file format 2 to {SCHEMA_VERSION}"
    assert migration_backup_path(path, 2).exists()
    assert check_document(path) == []


def test_an_upgraded_document_takes_the_new_records(tmp_path: Path) -> None:
    path = _format_2_document(tmp_path)
    with Store.open(path, user="tester") as store:
        store.training.add(1, date(2026, 3, 1), pass_mark=80)
        secure_coding = store.competencies.get(1)
        changed = store.competencies.update(
            replace(secure_coding, renewal_mode=RenewalMode.FIXED_DATE, renewal_on="02-29")
        )
        assert changed.renewal_on == "02-29"
