"""`check` on a document damaged with a plain SQLite tool: every damage is listed, exit 1,
never a crash; only a file that is no compdesk document at all is exit 2."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from compdesk.cli import main
from compdesk.models.records import ActionType
from compdesk.storage import Store, change_log_hash
from compdesk.storage.change_log import GENESIS_HASH
from tests.conftest import make_competency, make_evidence, make_person, make_role


def _document(tmp_path: Path) -> Path:
    """A small document with a row in each table the damage below touches."""
    path = tmp_path / "doc.compdesk"
    with Store.create(path, user="tester") as store:
        role = make_role(store)
        competency = make_competency(store)
        person = make_person(store, roles=(role,))
        evidence = make_evidence(store, person, competency)
        store.attachments.attach_bytes(evidence.id, "certificate.pdf", b"%PDF-1.4 certificate")
        store.actions.add(person.id, competency.id, ActionType.TRAINING)
    return path


def _sql(*statements: str) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        connection = sqlite3.connect(path)
        with connection:
            for statement in statements:
                connection.execute(statement)
        connection.close()

    return damage


def _rechain_from(first: int, what: str) -> Callable[[Path], None]:
    """Edit entry `first` and recompute the chain from it to the end, as a forger would."""

    def damage(path: Path) -> None:
        connection = sqlite3.connect(path)
        rows = connection.execute(
            "SELECT id, at, who, what, hash FROM change_log ORDER BY id"
        ).fetchall()
        previous = GENESIS_HASH
        with connection:
            for entry_id, at, who, text, stored_hash in rows:
                if entry_id < first:
                    previous = stored_hash
                    continue
                text = what if entry_id == first else text
                digest = change_log_hash(previous, at, who, text)
                connection.execute(
                    "UPDATE change_log SET what = ?, previous_hash = ?, hash = ? WHERE id = ?",
                    (text, previous, digest, entry_id),
                )
                previous = digest
        connection.close()

    return damage


def _wal_with_a_leftover_log(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("UPDATE people SET notes = 'edited in WAL mode'")
    connection.commit()
    # Copied while the log is still open: the copy has the -wal file beside it.
    shutil.copy(path, path.with_name("copy"))
    shutil.copy(path.with_name(path.name + "-wal"), path.with_name("copy-wal"))
    connection.close()
    shutil.move(path.with_name("copy"), path)
    shutil.move(path.with_name("copy-wal"), path.with_name(path.name + "-wal"))


def _deleted_log_then_an_ordinary_edit(path: Path) -> None:
    _sql("DELETE FROM change_log")(path)
    with Store.open(path, user="tester") as store:
        make_person(store, "Ben Ode")


DAMAGE: dict[str, tuple[Callable[[Path], None], str]] = {
    "last entries deleted": (
        _sql("DELETE FROM change_log WHERE id > (SELECT max(id) - 2 FROM change_log)"),
        "the change log was shortened: it has 5 entries where 7 were recorded",
    ),
    "log deleted, then an ordinary edit": (
        _deleted_log_then_an_ordinary_edit,
        "the change log was shortened: it has 1 entries where 8 were recorded",
    ),
    "actions table dropped": (_sql("DROP TABLE actions"), "the table 'actions' is missing"),
    "column dropped": (
        _sql("ALTER TABLE people DROP COLUMN notes"),
        "table 'people': column 'notes' is missing",
    ),
    "index dropped": (
        _sql("DROP INDEX evidence_by_competency"),
        "table 'evidence': index 'evidence_by_competency' is missing",
    ),
    "change log dropped": (
        _sql("DROP TABLE change_log"),
        "the change log is missing: the document's history was removed",
    ),
    "blobs dropped": (
        _sql("PRAGMA foreign_keys = OFF", "DROP TABLE blobs"),
        "the table 'blobs' is missing",
    ),
    "bad evidence kind": (
        _sql("UPDATE evidence SET kind = 'forged'"),
        "evidence row 1, column kind: 'forged' is not one of certificate",
    ),
    "bad action status": (
        _sql("UPDATE actions SET status = 'whatever'"),
        "actions row 1, column status: 'whatever' is not one of planned",
    ),
    "junk after a date": (
        _sql("UPDATE evidence SET achieved_on = '2024-03-01 junk'"),
        "evidence row 1, column achieved_on: '2024-03-01 junk' is not a date in the form",
    ),
    "year 9999": (
        _sql("UPDATE evidence SET expires_on = '9999-12-31'"),
        "evidence row 1, column expires_on: '9999-12-31' is outside the years 1900-2200",
    ),
    "text in an integer column": (
        _sql("UPDATE roles SET review_interval_months = 'twelve'"),
        "roles row 1, column review_interval_months: 'twelve' is not a whole number",
    ),
    "a setting that is no number": (
        _sql("INSERT INTO settings VALUES ('renewal_grace_days', 'lots')"),
        "settings: renewal_grace_days 'lots' is not a whole number",
    ),
    "a setting out of range": (
        _sql("INSERT INTO settings VALUES ('completion_target', '7')"),
        "settings: completion_target '7' is outside 0-1",
    ),
    "an attachment limit out of range": (
        _sql("INSERT INTO settings VALUES ('attachment_limit_mb', '100000')"),
        "settings: attachment_limit_mb '100000' is outside 1-2048",
    ),
    "an unknown accepted kind": (
        _sql("UPDATE competencies SET accepted_kinds = 'certificate|forged'"),
        "competencies row 1, column accepted_kinds: 'forged' is not a kind of evidence",
    ),
    "a trigger added": (
        _sql(
            "CREATE TRIGGER forever AFTER INSERT ON evidence BEGIN "
            "UPDATE evidence SET expires_on = '2099-12-31' WHERE id = new.id; END"
        ),
        "the document holds a trigger 'forever' that compdesk never creates",
    ),
    "a view added": (
        _sql("CREATE VIEW ghost AS SELECT 'Ghost Auditor' AS name"),
        "the document holds a view 'ghost' that compdesk never creates",
    ),
    "WAL mode with a leftover -wal": (
        _wal_with_a_leftover_log,
        "doc.compdesk-wal lies beside the document",
    ),
    "a blob swapped with its stored hash": (
        _sql(
            "UPDATE blobs SET data = CAST('%PDF-1.4 forgery' AS BLOB),"
            f" sha256 = '{hashlib.sha256(b'%PDF-1.4 forgery').hexdigest()}',"
            " size = length('%PDF-1.4 forgery')"
        ),
        "stored file 1 (certificate.pdf) holds bytes that no change-log entry attached",
    ),
    "an attachment pointed at another file": (
        _sql(
            "INSERT INTO blobs (sha256, size, data) VALUES"
            f" ('{hashlib.sha256(b'other').hexdigest()}', 5, CAST('other' AS BLOB))",
            "UPDATE attachments SET blob_id = 2",
        ),
        "attachment 1 (certificate.pdf) refers to a file with another SHA-256 than the one "
        "logged when it was attached",
    ),
    "an email with decomposed accents": (
        _sql("UPDATE people SET email = 'jose' || char(0x301) || '@example.com'"),
        "people row 1, column email: 'jose\u0301@example.com' is not in the form compdesk "
        "stores and compares ('jos\xe9@example.com')",
    ),
    "an email with a zero-width space": (
        _sql("UPDATE people SET email = 'ana' || char(0x200b) || '.ruiz@example.com'"),
        "people row 1, column email: 'ana\\u200b.ruiz@example.com' is not in the form",
    ),
    "an email with two at signs": (
        _sql("UPDATE people SET email = 'a@b@c'"),
        "people row 1, column email: 'a@b@c' is not an email address",
    ),
    "an email with a carriage return": (
        _sql("UPDATE people SET email = 'ana' || char(13) || '@example.com'"),
        "people row 1, column email: 'ana\\r@example.com' is not in the form",
    ),
    "bytes in place of an email": (
        _sql("UPDATE people SET email = X'00FF1B'"),
        "people row 1, column email: b'\\x00\\xff\\x1b' is not an email address",
    ),
    "a terminal escape in a name": (
        _sql("UPDATE people SET name = 'Ana' || char(27) || ']0;owned' || char(7)"),
        "people row 1, column name: 'Ana\\x1b]0;owned\\x07' holds control or bidi-override "
        "characters",
    ),
    "a right-to-left override in a note": (
        _sql("UPDATE evidence SET notes = 'fdp.' || char(0x202e) || 'exe'"),
        "evidence row 1, column notes: 'fdp.\\u202eexe' holds control or bidi-override",
    ),
    "a C1 control in an action owner": (
        _sql("UPDATE actions SET owner = 'Bo' || char(0x9b) || '2J'"),
        "actions row 1, column owner: 'Bo\\x9b2J' holds control or bidi-override",
    ),
    "a line break in a name": (
        _sql("UPDATE people SET name = 'Ana' || char(10) || 'Ruiz'"),
        "people row 1, column name: 'Ana\\nRuiz' holds a line break or tab in a one-line field",
    ),
    "a control character in a file name": (
        _sql("UPDATE attachments SET file_name = 'cert' || char(8) || '.pdf'"),
        "attachments row 1, column file_name: 'cert\\x08.pdf' holds control or bidi-override",
    ),
    "a year before 1900": (
        _sql("UPDATE people SET start_date = '1899-12-31'"),
        "people row 1, column start_date: '1899-12-31' is outside the years 1900-2200",
    ),
    "the length count deleted": (
        _sql("DELETE FROM change_log_length"),
        "the count of change-log entries kept in the document is missing",
    ),
}


@pytest.mark.parametrize("name", list(DAMAGE))
def test_each_damage_is_listed_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    damage, expected = DAMAGE[name]
    path = _document(tmp_path)
    assert main(["check", str(path)]) == 0
    capsys.readouterr()
    damage(path)

    status = main(["check", str(path)])

    output = capsys.readouterr()
    assert (status, output.err) == (1, "")
    assert expected in output.out
    assert "unexpected problem" not in output.out


def test_a_note_with_line_breaks_and_tabs_is_no_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _document(tmp_path)
    _sql("UPDATE people SET notes = 'first line' || char(10) || char(9) || 'indented'")(path)

    assert main(["check", str(path)]) == 0


def test_a_rechained_history_is_caught_by_its_anchor(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _document(tmp_path)
    with Store.open(path, read_only=True) as store:
        anchor, _ = store.change_log.head()
    _rechain_from(3, "nothing happened")(path)
    # The chain and its length are whole again: only the anchor tells.
    assert main(["check", str(path)]) == 0
    capsys.readouterr()

    assert main(["check", str(path), "--since", anchor]) == 1

    assert "the change log no longer holds the entry " + anchor[:12] in capsys.readouterr().out


def test_a_history_that_only_grew_since_its_anchor_is_proved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _document(tmp_path)
    with Store.open(path, read_only=True) as store:
        anchor, length = store.change_log.head()
    with Store.open(path, user="tester") as store:
        make_person(store, "Ben Ode")

    assert main(["check", str(path), "--since", anchor]) == 0

    output = capsys.readouterr().out
    assert f"the history still holds entry {anchor[:12]}" in output
    assert f"as entry {length}, with 1 entry after it" in output


def test_the_log_and_its_count_deleted_are_caught_by_the_anchor(tmp_path: Path) -> None:
    path = _document(tmp_path)
    with Store.open(path, read_only=True) as store:
        anchor, _ = store.change_log.head()
    _sql("DELETE FROM change_log", "UPDATE change_log_length SET entries = 0")(path)

    assert main(["check", str(path), "--since", anchor]) == 1


def test_a_ruined_file_reports_readably(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _document(tmp_path)
    connection = sqlite3.connect(path)
    with connection:
        connection.executemany(
            "INSERT INTO evidence (person_id, competency_id, kind, route) VALUES (1, 1, ?, 'training')",
            [(f"junk {n}",) for n in range(50)],
        )
    connection.close()

    assert main(["check", str(path)]) == 1

    output = capsys.readouterr().out
    assert output.count("is not one of") == 20
    assert "and 30 more values outside their lists" in output


def test_a_file_that_is_no_document_is_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "notes.compdesk"
    path.write_text("just some notes")

    assert main(["check", str(path)]) == 2
