"""check on text that another SQLite tool stored: an address that is none, or a name that
carries terminal escapes or a right-to-left override, which compdesk itself never stores."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from compdesk.storage import Store
from compdesk.storage.check import run_check
from tests.conftest import make_person


def _document_with(tmp_path: Path, column: str, value: str) -> Path:
    path = tmp_path / "doc.compdesk"
    with Store.create(path, user="tester") as store:
        make_person(store, "Ana Ode")
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(f"UPDATE people SET {column} = ?", (value,))
    connection.close()
    return path


@pytest.mark.parametrize("address", ["a@b@c", "@", "no-domain@"])
def test_a_stored_address_that_is_none_is_a_problem(tmp_path: Path, address: str) -> None:
    problems = run_check(_document_with(tmp_path, "email", address)).problems
    assert any("email" in problem and address in problem for problem in problems)


@pytest.mark.parametrize("name", ["\x1b]0;pwned\x07Eve", "Eve\x1b[2J", "Eve\u202eX", "Eve\x9b"])
def test_a_stored_name_with_control_characters_is_a_problem(tmp_path: Path, name: str) -> None:
    problems = run_check(_document_with(tmp_path, "name", name)).problems
    assert any("people row 1, column name" in problem for problem in problems)


def test_the_same_document_with_clean_text_checks_clean(tmp_path: Path) -> None:
    path = _document_with(tmp_path, "name", "Eve Ode")
    assert run_check(path).problems == []


def test_an_address_in_capitals_as_older_versions_stored_it_checks_clean(tmp_path: Path) -> None:
    path = _document_with(tmp_path, "email", "Ana.Ode@Example.com")
    assert run_check(path).problems == []
