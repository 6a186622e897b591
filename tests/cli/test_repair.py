"""Planted SQL on the command line: refused for writing, never run by reading, removed by
`compdesk repair` after a copy, and reported (not refused) by `check`."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from compdesk.cli import main
from tests.cli.helpers import AS_OF, acme_document, one_error
from tests.storage.test_planted_sql import FOREVER, GHOST, SHREDDER, plant, snapshot

ENDLESS = (
    "CREATE VIEW endless AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
    "SELECT i FROM n"
)
# The Ghost Auditor in place of the people table itself, so that compdesk's own query names it.
GHOST_IN_PLACE = (
    "ALTER TABLE people RENAME TO people_kept",
    "CREATE VIEW people AS SELECT * FROM people_kept UNION ALL "
    "SELECT 999, 'Ghost Auditor', 'ghost@example.com', 'employee', '', '2020-01-01', NULL, '', "
    "NULL FROM people_kept",
)


def _add_evidence(path: Path) -> list[str]:
    return [
        "add-evidence", str(path), "--person", "ana@acme.example",
        "--competency", "Phishing recognition", "--kind", "Training record",
        "--date", "2026-04-02", "--expires", "2027-04-02",
    ]  # fmt: skip


def _run_compdesk(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "compdesk", *arguments],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_write_is_refused_with_the_reason_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = acme_document(tmp_path)
    plant(path, FOREVER, SHREDDER)
    before = snapshot(path)

    assert main(_add_evidence(path)) == 2

    message = one_error(capsys.readouterr().err)
    assert "acme.compdesk cannot be changed" in message
    assert "SQL that compdesk did not create (trigger 'forever', trigger 'shredder')" in message
    assert "compdesk repair" in message
    assert snapshot(path) == before


def test_matrix_shows_no_ghost_from_a_view(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = acme_document(tmp_path)
    plant(path, GHOST)

    assert main(["matrix", str(path), "--as-of", AS_OF]) == 0

    output = capsys.readouterr().out
    assert "Ana Ruiz" in output
    assert "Ghost Auditor" not in output


def test_a_view_in_place_of_a_table_is_refused_not_shown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = acme_document(tmp_path)
    plant(path, *GHOST_IN_PLACE)

    assert main(["matrix", str(path), "--as-of", AS_OF]) == 2

    captured = capsys.readouterr()
    assert "Ghost Auditor" not in captured.out
    assert "SQL that compdesk did not create" in one_error(captured.err)


@pytest.mark.parametrize("in_place_of_settings", [False, True])
def test_an_endless_view_hangs_neither_matrix_nor_add_evidence(
    tmp_path: Path, in_place_of_settings: bool
) -> None:
    path = acme_document(tmp_path)
    if in_place_of_settings:
        plant(
            path,
            "ALTER TABLE settings RENAME TO settings_kept",
            ENDLESS.replace("VIEW endless", "VIEW settings").replace(
                "SELECT i FROM n", "SELECT 'grace_days' AS key, i AS value FROM n"
            ),
        )
    else:
        plant(path, ENDLESS)
    before = snapshot(path) if not in_place_of_settings else None

    matrix = _run_compdesk("matrix", str(path), "--as-of", AS_OF)
    adding = _run_compdesk(*_add_evidence(path))

    assert "Traceback" not in matrix.stderr + adding.stderr
    assert adding.returncode == 2
    assert "SQL that compdesk did not create" in one_error(adding.stderr)
    if before is not None:
        assert matrix.returncode == 0, matrix.stderr
        assert snapshot(path) == before


def test_check_reports_planted_sql_and_does_not_hang(tmp_path: Path) -> None:
    path = acme_document(tmp_path)
    plant(path, FOREVER, ENDLESS)

    result = _run_compdesk("check", str(path))

    assert result.returncode == 1, result.stderr
    assert "'forever'" in result.stdout and "'endless'" in result.stdout


def test_repair_keeps_a_copy_removes_them_and_then_writes_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = acme_document(tmp_path)
    plant(path, FOREVER, GHOST)

    assert main(["repair", str(path)]) == 0

    output = capsys.readouterr().out
    assert "removed planted SQL: trigger 'forever', view 'people_v'" in output
    (backup,) = tmp_path.glob("acme.compdesk.before-repair-*.bak")
    assert str(backup) in output
    kept = sqlite3.connect(backup)
    assert kept.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'forever'").fetchone()[0]
    kept.close()
    assert main(_add_evidence(path)) == 0
    capsys.readouterr()
    assert main(["check", str(path)]) == 0
    assert "2099-12-31" not in str(snapshot(path))


def test_repair_of_a_clean_document_says_so_and_keeps_no_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = acme_document(tmp_path)

    assert main(["repair", str(path)]) == 0

    assert "nothing to repair" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == [path]
