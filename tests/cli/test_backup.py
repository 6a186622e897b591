"""`compdesk backup` and `compdesk restore`: what they print, what they refuse, and that a
failed restore writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from compdesk.cli import main
from compdesk.storage import Store
from tests.cli.helpers import acme_document, one_error, people_in
from tests.other_programs import HOLD_A_LOCK, another_program


@pytest.fixture
def passphrase_file(tmp_path: Path) -> Path:
    path = tmp_path / "pass.txt"
    path.write_text("correct horse battery staple\nnot part of it\n")
    return path


def _encrypted_backup(document: Path, backup: Path, passphrase_file: Path) -> int:
    return main(
        [
            "backup",
            str(document),
            str(backup),
            "--encrypt",
            "--passphrase-file",
            str(passphrase_file),
        ]
    )


def test_backup_reports_size_and_change_log_head_and_restore_brings_it_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], passphrase_file: Path
) -> None:
    document = acme_document(tmp_path)
    backup = tmp_path / "acme.cdbackup"
    with Store.open(document, read_only=True) as store:
        head_hash, length = store.change_log.head()

    assert _encrypted_backup(document, backup, passphrase_file) == 0
    out = capsys.readouterr().out
    assert "backed up acme.compdesk to acme.cdbackup: " in out
    assert "compressed, encrypted" in out
    assert f"change-log head: {head_hash} ({length} entries)" in out

    restored = tmp_path / "restored.compdesk"
    assert (
        main(["restore", str(backup), str(restored), "--passphrase-file", str(passphrase_file)])
        == 0
    )
    assert f"restored acme.cdbackup to {restored}" in capsys.readouterr().out
    assert people_in(restored) == people_in(document)
    assert main(["check", str(restored)]) == 0


def test_a_split_backup_restores_from_its_parts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = acme_document(tmp_path)
    assert main(["backup", str(document), str(tmp_path / "acme.cdbackup"), "--split", "2KB"]) == 0
    out = capsys.readouterr().out
    parts = sorted(tmp_path.glob("acme.cdbackup.part*"))
    assert len(parts) >= 2
    assert all(part.stat().st_size <= 2000 for part in parts)
    assert parts[0].name in out

    assert main(["restore", str(parts[-1]), str(tmp_path / "restored.compdesk")]) == 0
    assert people_in(tmp_path / "restored.compdesk") == people_in(document)


def test_backup_never_overwrites_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = acme_document(tmp_path)
    backup = tmp_path / "acme.cdbackup"
    backup.write_bytes(b"an older backup")

    assert main(["backup", str(document), str(backup)]) == 2
    assert "acme.cdbackup already exists" in one_error(capsys.readouterr().err)
    assert backup.read_bytes() == b"an older backup"

    assert main(["backup", str(document), str(backup), "--force"]) == 0
    assert backup.read_bytes() != b"an older backup"


def test_an_empty_passphrase_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = acme_document(tmp_path)
    empty = tmp_path / "empty.txt"
    empty.write_text("\n")

    assert (
        main(
            [
                "backup",
                str(document),
                str(tmp_path / "a.cdbackup"),
                "--encrypt",
                "--passphrase-file",
                str(empty),
            ]
        )
        == 2
    )
    assert "the passphrase file empty.txt is empty" in one_error(capsys.readouterr().err)
    assert not (tmp_path / "a.cdbackup").exists()

    assert main(["backup", str(document), str(tmp_path / "a.cdbackup"), "--encrypt"]) == 2
    assert "--encrypt needs --passphrase-file" in one_error(capsys.readouterr().err)


def test_restore_with_a_wrong_passphrase_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], passphrase_file: Path
) -> None:
    document = acme_document(tmp_path)
    backup = tmp_path / "acme.cdbackup"
    _encrypted_backup(document, backup, passphrase_file)
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("Correct horse battery staple\n")
    capsys.readouterr()
    before = sorted(path.name for path in tmp_path.iterdir())

    assert (
        main(
            ["restore", str(backup), str(tmp_path / "r.compdesk"), "--passphrase-file", str(wrong)]
        )
        == 2
    )
    assert "wrong passphrase for acme.cdbackup" in one_error(capsys.readouterr().err)
    assert main(["restore", str(backup), str(tmp_path / "r.compdesk")]) == 2
    assert "acme.cdbackup is encrypted" in one_error(capsys.readouterr().err)
    assert sorted(path.name for path in tmp_path.iterdir()) == before


def test_restore_never_overwrites_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = acme_document(tmp_path)
    backup = tmp_path / "acme.cdbackup"
    main(["backup", str(document), str(backup)])
    other = acme_document(tmp_path, "other.compdesk")
    before = other.read_bytes()

    assert main(["restore", str(backup), str(other)]) == 2
    assert "other.compdesk already exists" in one_error(capsys.readouterr().err)
    assert other.read_bytes() == before


def test_restore_without_attachments_says_how_many_were_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = acme_document(tmp_path)
    with Store.open(document, user="tester") as store:
        evidence = store.evidence.list()[0]
        store.attachments.attach_bytes(evidence.id, "certificate.pdf", b"%PDF-1.7 certificate")
    backup = tmp_path / "acme.cdbackup"

    assert main(["backup", str(document), str(backup), "--without-attachments"]) == 0
    assert "without the bytes of 1 attachments" in capsys.readouterr().out
    assert main(["restore", str(backup), str(tmp_path / "restored.compdesk")]) == 0
    out = capsys.readouterr().out
    assert "  1 attachment was left out of the backup this document was restored from" in out
    assert "problem:" not in out
    # The restored document says so to every later check, as an auditor must know.
    assert main(["check", str(tmp_path / "restored.compdesk")]) == 1
    assert "1 attachment was left out of the backup" in capsys.readouterr().out


def test_backup_of_a_document_another_program_has_locked_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = acme_document(tmp_path)
    with another_program(HOLD_A_LOCK, document, "locked"):
        assert main(["backup", str(document), str(tmp_path / "acme.cdbackup")]) == 2
    assert "in use by another program" in one_error(capsys.readouterr().err)
    assert not (tmp_path / "acme.cdbackup").exists()


@pytest.mark.parametrize("command", ["backup", "restore"])
def test_a_destination_that_cannot_be_written_is_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    document = acme_document(tmp_path)
    target = tmp_path / "no such folder" / "copy"

    assert main([command, str(document), str(target)]) == 2

    assert f"cannot write {target}: No such file or directory" in one_error(capsys.readouterr().err)


def test_a_backup_above_the_mail_limit_offers_the_choices(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    document = acme_document(tmp_path)
    # The real limit is 20 MB; a document that large would make the test slow.
    monkeypatch.setattr("compdesk.cli.backup.MAIL_LIMIT", 1000)

    assert main(["backup", str(document), str(tmp_path / "acme.cdbackup")]) == 0

    out = capsys.readouterr().out
    assert "is above the 1.0 kB many mail services accept" in out
    assert "--without-attachments" in out and "--split 20MB" in out
    assert main(["backup", str(document), str(tmp_path / "parts"), "--split", "1KB"]) == 0
    assert "mail services" not in capsys.readouterr().out


def test_backup_of_a_document_with_one_change_says_one_entry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = tmp_path / "new.compdesk"
    Store.create(document).close()
    with Store.open(document, read_only=True) as store:
        head_hash, length = store.change_log.head()
    assert length == 1

    assert main(["backup", str(document), str(tmp_path / "new.cdbackup")]) == 0
    assert f"change-log head: {head_hash} (1 entry)\n" in capsys.readouterr().out
