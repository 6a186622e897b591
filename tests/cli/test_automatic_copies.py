"""The command line's automatic copies: only commands that write take one, at most once a day."""

from __future__ import annotations

from pathlib import Path

import pytest

from compdesk.cli import main
from compdesk.storage.automatic_backups import automatic_copies, backups_root
from tests.cli.helpers import AS_OF, acme_document, people_csv

HEADING = "First Name;Last Name;Work Email;Employment Type;Hire Date;Job Title;Roles\n"


def _one_person(tmp_path: Path, first: str) -> Path:
    row = f"{first};Fox;{first.lower()}@acme.example;Full-time;2026-02-02;Support;All staff\n"
    return people_csv(tmp_path, HEADING + row)


def test_a_writing_command_takes_the_days_copy_once(tmp_path: Path) -> None:
    path = acme_document(tmp_path)
    first = _one_person(tmp_path, "Cy")
    assert main(["import-people", str(path), str(first)]) == 0
    assert len(automatic_copies(path)) == 1
    second = _one_person(tmp_path, "Di")
    assert main(["import-people", str(path), str(second)]) == 0
    assert len(automatic_copies(path)) == 1


def test_a_reading_command_takes_none(tmp_path: Path) -> None:
    path = acme_document(tmp_path)
    assert main(["matrix", str(path), "--as-of", AS_OF]) == 0
    assert automatic_copies(path) == []


def test_a_copy_that_cannot_be_written_still_lets_the_command_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = acme_document(tmp_path)
    backups_root().parent.mkdir(parents=True)
    backups_root().write_text("not a folder")
    assert main(["import-people", str(path), str(_one_person(tmp_path, "Cy"))]) == 0
    assert "compdesk: warning: no automatic copy of acme.compdesk" in capsys.readouterr().err
