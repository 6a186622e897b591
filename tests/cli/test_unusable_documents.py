"""Every command given a file it cannot use: exit 2, one line, the file unchanged."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from compdesk.cli import main
from tests.cli.helpers import UNUSABLE, csv_file, foreign_file, missing_file, one_error, people_csv


@pytest.mark.parametrize(
    ("command", "make"),
    [
        *((command, make) for command in ("matrix", "add-evidence", "import-people")
          for make in UNUSABLE),
        *(("check", make) for make in (foreign_file, missing_file, csv_file)),
    ],
)  # fmt: skip
def test_an_unusable_document_exits_2_with_one_line_and_is_not_changed(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    make: Callable[[Path], Path],
    command: str,
) -> None:
    path = make(tmp_path)
    before = path.read_bytes() if path.exists() else None
    extra = {
        "add-evidence": ["--person", "a@b", "--competency", "c", "--kind", "other",
                         "--date", "2026-01-01"],
        "import-people": [str(people_csv(tmp_path, "name,email\nAna,ana@acme.example\n"))],
    }.get(command, [])  # fmt: skip

    assert main([command, str(path), *extra]) == 2

    one_error(capsys.readouterr().err)
    assert (path.read_bytes() if path.exists() else None) == before
