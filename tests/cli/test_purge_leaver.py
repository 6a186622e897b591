"""compdesk purge-leaver: a leaver's personal data goes, with one line for every refusal."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from compdesk.cli import main
from compdesk.storage import Store
from tests.cli.helpers import acme_document, one_error


def _with_leaver(tmp_path: Path) -> Path:
    path = acme_document(tmp_path)
    with Store.open(path, user="tester") as store:
        ana = store.people.by_email("ana@acme.example")
        store.people.update(replace(ana, end_date=date(2026, 1, 31)))
    return path


def test_a_leaver_is_purged_with_yes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _with_leaver(tmp_path)
    assert main(["purge-leaver", str(path), "--person", "ana@acme.example", "--yes"]) == 0
    output = capsys.readouterr().out
    assert "cannot be undone" in output and "purged leaver" in output
    assert b"Ana Ruiz" not in path.read_bytes()
    assert b"ana@acme.example" not in path.read_bytes()
    assert main(["check", str(path)]) == 0


def test_without_yes_and_no_terminal_nothing_is_purged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _with_leaver(tmp_path)
    assert main(["purge-leaver", str(path), "--person", "ana@acme.example"]) == 2
    assert "add --yes" in one_error(capsys.readouterr().err)
    assert b"Ana Ruiz" in path.read_bytes()


def test_someone_who_has_not_left_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = acme_document(tmp_path)
    assert main(["purge-leaver", str(path), "--person", "ben@acme.example", "--yes"]) == 2
    assert "has not left" in one_error(capsys.readouterr().err)
