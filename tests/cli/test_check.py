"""`compdesk check`: ok, problems found (exit 1), or not a document (exit 2)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from compdesk.cli import main
from tests.cli.helpers import acme_document, corrupt_document, truncated_document


def test_check_reports_ok_on_a_fresh_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = acme_document(tmp_path)

    assert main(["check", str(path)]) == 0

    output = capsys.readouterr()
    assert output.out.startswith("acme.compdesk: ok\n")
    assert "hash chain intact" in output.out
    assert output.err == ""


def test_check_lists_problems_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = acme_document(tmp_path)
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("UPDATE change_log SET what = 'nothing' WHERE id = 5")
    connection.close()

    assert main(["check", str(path)]) == 1

    output = capsys.readouterr().out
    assert output.startswith("acme.compdesk: 1 problem found\n")
    assert "problem: change log entry 5 " in output


@pytest.mark.parametrize("make", [corrupt_document, truncated_document])
def test_check_lists_the_damage_of_a_damaged_document_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: Callable[[Path], Path]
) -> None:
    path = make(tmp_path)
    before = path.read_bytes()

    assert main(["check", str(path)]) == 1

    output = capsys.readouterr()
    assert output.err == ""
    assert "problem: acme.compdesk is " in output.out
    assert path.read_bytes() == before
