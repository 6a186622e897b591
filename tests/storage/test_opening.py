"""Opening a document in the states a real file gets into: after a crash, during another
program's commit, while another program holds a lock, with bytes after its end, in a folder
that cannot be written, at an older format that cannot be upgraded, under an odd name.

Each refusal has its own true message, never "damaged" for a file that is not, never an
invitation to delete anything, and leaves the file and its folder exactly as they were.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from compdesk.cli import main
from compdesk.models.errors import (
    DamagedDocumentError,
    DocumentBusyError,
    DocumentError,
    InterruptedEditError,
    NotADocumentError,
    UpgradeFailedError,
)
from compdesk.storage import Store
from compdesk.storage.check import run_check
from compdesk.storage.copying import copy_document
from compdesk.storage.opening import inspect_document, journal_path
from compdesk.storage.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from tests.cli.helpers import one_error
from tests.conftest import make_competency, make_document, make_person
from tests.other_programs import (
    HOLD_A_LOCK,
    another_program,
    document_with_roles,
    interrupt_an_edit,
    role_names,
)

# A commit that grows the file writes page 1 (which counts the pages) before the pages it
# counts. This writer stops right there, holding SQLite's lock as a real commit does.
COMMIT_HALF_WRITTEN = """
import sqlite3, struct, sys
path = sys.argv[1]
# Opened before SQLite locks and closed after it unlocks: closing any descriptor of a file
# drops all of this process's POSIX locks on it, SQLite's own included.
file = open(path, "r+b", buffering=0)
connection = sqlite3.connect(path, isolation_level=None)
connection.execute("BEGIN EXCLUSIVE")
connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
file.seek(28)
counted = file.read(4)
file.seek(28)
file.write(struct.pack(">I", struct.unpack(">I", counted)[0] + 200))
print("committing", flush=True)
sys.stdin.read()
file.seek(28)
file.write(counted)
connection.execute("ROLLBACK")
connection.close()
file.close()
"""


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {entry.name: entry.read_bytes() for entry in sorted(folder.iterdir()) if entry.is_file()}


def _add_evidence(path: Path) -> list[str]:
    return [
        "add-evidence", str(path), "--person", "ana.ruiz@example.com",
        "--competency", "Secure coding", "--kind", "certificate", "--date", "2026-01-10",
    ]  # fmt: skip


def _document_with_a_person(tmp_path: Path, name: str = "doc.compdesk") -> Path:
    path = tmp_path / name
    with Store.create(path, user="tester") as store:
        make_person(store)
        make_competency(store, "Secure coding")
    return path


# ---- after a crash ----------------------------------------------------------------------------


def test_opening_for_editing_undoes_an_interrupted_edit(tmp_path: Path) -> None:
    path = document_with_roles(tmp_path)
    committed = role_names(path)
    interrupt_an_edit(path)

    with Store.open(path, user="tester") as store:
        assert [role.name for role in store.roles.all()] == committed

    assert not journal_path(path).exists()
    assert run_check(path).ok


def _open_for_editing(path: Path) -> None:
    Store.open(path).close()


def _open_read_only(path: Path) -> None:
    Store.open(path, read_only=True).close()


# The ways in that only read: a read-only Store.open (as `matrix`), inspect_document (as `check`).
READ_ONLY_OPENS = [_open_read_only, inspect_document]


@pytest.mark.parametrize("open_read_only", READ_ONLY_OPENS)
def test_a_read_only_open_says_an_interrupted_edit_will_be_undone(
    tmp_path: Path, open_read_only: Callable[[Path], object]
) -> None:
    path = document_with_roles(tmp_path)
    interrupt_an_edit(path)
    before = _snapshot(tmp_path)

    with pytest.raises(InterruptedEditError) as caught:
        open_read_only(path)

    message = str(caught.value)
    assert "undone" in message and "opened for editing" in message
    assert "damaged" not in message and "delete" not in message
    assert _snapshot(tmp_path) == before


@pytest.mark.parametrize("command", ["check", "matrix"])
def test_the_reading_commands_refuse_an_interrupted_edit_without_calling_it_damage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    path = document_with_roles(tmp_path)
    interrupt_an_edit(path)
    before = _snapshot(tmp_path)

    assert main([command, str(path)]) == 2

    line = one_error(capsys.readouterr().err)
    assert "undone" in line and "damaged" not in line
    assert _snapshot(tmp_path) == before


def test_an_editing_command_undoes_an_interrupted_edit_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _document_with_a_person(tmp_path)
    interrupt_an_edit(path)

    assert main(_add_evidence(path)) == 0, capsys.readouterr().err

    assert not journal_path(path).exists()
    assert run_check(path).ok
    with Store.open(path, read_only=True) as store:
        assert store.counts()["evidence"] == 1


def test_a_copy_of_an_interrupted_edit_is_the_last_committed_document(tmp_path: Path) -> None:
    path = document_with_roles(tmp_path)
    committed = role_names(path)
    interrupt_an_edit(path)
    before = _snapshot(tmp_path)
    target = tmp_path / "copies" / "copy.compdesk"
    target.parent.mkdir()

    copy_document(path, target)

    assert _snapshot(tmp_path) == before, "the original and its journal are left alone"
    assert sorted(os.listdir(target.parent)) == [target.name]
    assert role_names(target) == committed
    assert run_check(target).ok


def _screenshot(path: Path, output: Path) -> subprocess.CompletedProcess[str]:
    arguments = ["screenshot", str(path), "-o", str(output), "--view", "roles"]
    return subprocess.run(
        [sys.executable, "-m", "compdesk", *arguments],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def test_a_screenshot_of_an_interrupted_edit_shows_the_last_commit_and_changes_nothing(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "document"
    folder.mkdir()
    path = document_with_roles(folder)
    committed = tmp_path / "committed" / path.name
    committed.parent.mkdir()
    committed.write_bytes(path.read_bytes())
    interrupt_an_edit(path)
    before = _snapshot(folder)

    shown = _screenshot(path, tmp_path / "shown.png")

    assert shown.returncode == 0, shown.stderr
    assert _snapshot(folder) == before
    assert _screenshot(committed, tmp_path / "committed.png").returncode == 0
    assert (tmp_path / "shown.png").read_bytes() == (tmp_path / "committed.png").read_bytes()


# ---- during another program's commit -------------------------------------------------------------


def test_a_commit_in_progress_is_waited_for_not_called_truncated(tmp_path: Path) -> None:
    path = document_with_roles(tmp_path)
    committed = path.read_bytes()

    with another_program(COMMIT_HALF_WRITTEN, path, "committing"):
        # Until the block ends, the header counts 200 pages more than the file has.
        header = path.read_bytes()[:100]
        pages = int.from_bytes(header[28:32], "big")
        assert path.stat().st_size < int.from_bytes(header[16:18], "big") * pages
        opening = subprocess.Popen(
            [sys.executable, "-m", "compdesk", "check", str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            opening.wait(timeout=0.5)
        except subprocess.TimeoutExpired:
            pass  # still waiting for the lock, as it should
        else:
            pytest.fail(f"decided without the lock: {opening.communicate()}")

    stdout, stderr = opening.communicate(timeout=10)
    assert opening.returncode == 0, stdout + stderr
    assert "truncated" not in stdout + stderr
    assert path.read_bytes() == committed


def test_a_copy_waits_for_a_commit_in_progress(tmp_path: Path) -> None:
    path = document_with_roles(tmp_path)
    committed = path.read_bytes()
    target = tmp_path / "copy.compdesk"
    copying = threading.Thread(target=copy_document, args=(path, target))

    with another_program(COMMIT_HALF_WRITTEN, path, "committing"):
        copying.start()
        copying.join(timeout=0.5)
        assert copying.is_alive(), "copied without waiting for the lock"
    copying.join(timeout=10)

    assert target.read_bytes() == committed


@pytest.mark.usefixtures("short_busy_timeout")
def test_a_copy_refuses_while_another_program_holds_the_lock(tmp_path: Path) -> None:
    path = document_with_roles(tmp_path)
    target = tmp_path / "copy.compdesk"

    with another_program(HOLD_A_LOCK, path, "locked"), pytest.raises(DocumentBusyError):
        copy_document(path, target)

    assert not target.exists()


# ---- while another program holds a lock ----------------------------------------------------------


@pytest.mark.usefixtures("short_busy_timeout")
@pytest.mark.parametrize("open_document", [_open_for_editing, *READ_ONLY_OPENS])
def test_a_document_locked_by_another_program_is_busy_not_damaged(
    tmp_path: Path, open_document: Callable[[Path], object]
) -> None:
    path = make_document(tmp_path)
    before = _snapshot(tmp_path)

    with another_program(HOLD_A_LOCK, path, "locked"), pytest.raises(DocumentBusyError) as caught:
        open_document(path)

    message = str(caught.value)
    assert "in use by another program" in message and "try again" in message
    assert "damaged" not in message
    assert _snapshot(tmp_path) == before


@pytest.mark.usefixtures("short_busy_timeout")
@pytest.mark.parametrize("command", ["check", "matrix", "add-evidence"])
def test_the_commands_say_a_locked_document_is_in_use_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    path = _document_with_a_person(tmp_path)
    arguments = _add_evidence(path) if command == "add-evidence" else [command, str(path)]
    before = _snapshot(tmp_path)

    with another_program(HOLD_A_LOCK, path, "locked"):
        status = main(arguments)

    assert status == 2
    line = one_error(capsys.readouterr().err)
    assert "in use by another program" in line and "try again" in line
    assert "damaged" not in line and "problem" not in line
    assert _snapshot(tmp_path) == before


# ---- bytes after the end ---------------------------------------------------------------------


@pytest.mark.parametrize("extra", [541, 4096], ids=["part of a page", "a whole page"])
def test_data_after_the_end_is_named_as_such_not_truncation(tmp_path: Path, extra: int) -> None:
    path = make_document(tmp_path)
    with path.open("ab") as stream:
        stream.write(b"\x00unknown" * (extra // 8) + b"\x00" * (extra % 8))
    before = _snapshot(tmp_path)

    with pytest.raises(DamagedDocumentError) as caught:
        Store.open(path)

    message = str(caught.value)
    assert f"has {extra} bytes of unknown data after its end" in message
    assert "truncated" not in message
    assert _snapshot(tmp_path) == before


# ---- a folder that cannot be written -------------------------------------------------------------


def _check_the_folder_refusal(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _snapshot(path.parent)

    with Store.open(path) as store:
        assert store.read_only
    assert main(_add_evidence(path)) == 2

    line = one_error(capsys.readouterr().err)
    assert "folder" in line and "cannot be written" in line
    assert "it is not writable" not in line and "unexpected" not in line
    assert _snapshot(path.parent) == before


@pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() == 0, reason="permission bits do not stop root"
)
def test_a_document_in_a_folder_that_cannot_be_written_opens_read_only_and_says_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    path = _document_with_a_person(folder)
    folder.chmod(0o555)
    try:
        _check_the_folder_refusal(path, capsys)
    finally:
        folder.chmod(0o755)


def test_a_folder_that_cannot_be_written_is_told_apart_from_a_file_that_cannot(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    path = _document_with_a_person(folder)
    # Root may write anywhere, so ask the permission check itself to say no, for the folder.
    real_access = os.access

    def access(target: object, mode: int, **options: object) -> bool:
        if Path(str(target)) == folder and mode & os.W_OK:
            return False
        return real_access(target, mode, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)
    _check_the_folder_refusal(path, capsys)


# ---- an older format that cannot be upgraded -----------------------------------------------------


def _format_1_document_that_cannot_be_upgraded(path: Path) -> None:
    """Format 1 with a table of its own where format 2 puts its calendar."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.executescript(f"BEGIN;{MIGRATIONS[0]}PRAGMA user_version = 1;COMMIT;")
    connection.execute("CREATE TABLE calendar (note TEXT)")
    connection.close()


def test_a_failed_upgrade_says_so_and_leaves_no_backup_behind(tmp_path: Path) -> None:
    path = tmp_path / "old.compdesk"
    _format_1_document_that_cannot_be_upgraded(path)
    before = _snapshot(tmp_path)

    with pytest.raises(UpgradeFailedError) as caught:
        Store.open(path)

    message = str(caught.value)
    assert f"cannot be upgraded from file format 1 to {SCHEMA_VERSION}" in message
    assert "calendar" in message and "left as it was" in message
    assert _snapshot(tmp_path) == before, "no backup copy, no journal, the file unchanged"


def test_the_command_line_reports_a_failed_upgrade_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "old.compdesk"
    _format_1_document_that_cannot_be_upgraded(path)

    assert main(_add_evidence(path)) == 2

    line = one_error(capsys.readouterr().err)
    assert "cannot be upgraded" in line and "unexpected" not in line


# ---- an odd name ---------------------------------------------------------------------------------


def _missing_named_with_spaces(folder: Path) -> Path:
    return folder / "   "


def _not_sqlite_named_with_spaces(folder: Path) -> Path:
    path = folder / "   "
    path.write_bytes(b"plain text, not a database\n" * 10)
    return path


def _interrupted_edit_named_with_spaces(folder: Path) -> Path:
    path = document_with_roles(folder, "   ")
    interrupt_an_edit(path)
    return path


@pytest.mark.parametrize(
    ("make_file", "error_type"),
    [
        (_missing_named_with_spaces, NotADocumentError),
        (_not_sqlite_named_with_spaces, NotADocumentError),
        (_interrupted_edit_named_with_spaces, InterruptedEditError),
    ],
)
def test_a_file_named_with_spaces_is_named_visibly(
    tmp_path: Path, make_file: Callable[[Path], Path], error_type: type[DocumentError]
) -> None:
    path = make_file(tmp_path)

    with pytest.raises(error_type) as caught:
        Store.open(path, read_only=True)

    assert str(caught.value).startswith("'   '")


def test_the_command_line_names_a_file_named_with_spaces_visibly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    assert main(["check", "   "]) == 2

    assert one_error(capsys.readouterr().err) == "compdesk: error: '   ': no such file"
