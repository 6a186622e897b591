"""Documents and files the command-line tests run on, and the one-line error they expect."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from compdesk.models.records import EvidenceKind, PersonType, Route
from compdesk.models.templates import Template
from compdesk.storage import Store
from compdesk.storage.templates import create_document

AS_OF = "2026-05-01"


def acme_document(tmp_path: Path, name: str = "acme.compdesk") -> Path:
    """A startup-template document with a developer and a contractor."""
    path = tmp_path / name
    with create_document(path, Template.STARTUP, user="tester") as store:
        developer, everyone = store.roles.by_name("Developer"), store.roles.by_name("All staff")
        contractor = store.roles.by_name("Contractor in scope")
        ana = store.people.add(
            "Ana Ruiz",
            "ana@acme.example",
            start_date=date(2024, 1, 8),
            role_ids=(developer.id, everyone.id),
        )
        store.people.add(
            "Ben Ode",
            "ben@acme.example",
            type=PersonType.CONTRACTOR,
            start_date=date(2025, 6, 1),
            role_ids=(contractor.id,),
        )
        phishing = store.competencies.by_name("Phishing recognition")
        store.evidence.add(
            ana.id,
            phishing.id,
            EvidenceKind.TRAINING_RECORD,
            Route.TRAINING,
            achieved_on=date(2026, 4, 1),
        )
    return path


def one_error(stderr: str) -> str:
    """The contract: exactly one line, `compdesk: error: …`, and no traceback."""
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("compdesk: error: "), stderr
    assert "Traceback" not in stderr
    return lines[0]


def people_in(path: Path) -> list[tuple[str, str]]:
    with Store.open(path, read_only=True) as store:
        return [(p.name, p.email) for p in store.people.all()]


def people_csv(tmp_path: Path, text: str, *, encoding: str = "utf-8") -> Path:
    path = tmp_path / "people.csv"
    path.write_bytes(text.encode(encoding))
    return path


def foreign_file(tmp_path: Path) -> Path:
    path = tmp_path / "firefox.sqlite"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE moz_places (url TEXT)")
    connection.close()
    return path


def corrupt_document(tmp_path: Path) -> Path:
    path = acme_document(tmp_path)
    data = bytearray(path.read_bytes())
    data[4096:8192] = b"\xa5" * 4096
    path.write_bytes(bytes(data))
    return path


def truncated_document(tmp_path: Path) -> Path:
    path = acme_document(tmp_path)
    path.write_bytes(path.read_bytes()[:5000])
    return path


def missing_file(tmp_path: Path) -> Path:
    return tmp_path / "nowhere.compdesk"


def csv_file(tmp_path: Path) -> Path:
    path = tmp_path / "list.csv"
    path.write_text("name,email\n")
    return path


UNUSABLE = [foreign_file, corrupt_document, truncated_document, missing_file, csv_file]
