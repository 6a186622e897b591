"""Hostile input on the command line: dates, addresses and names that try to be something else."""

from __future__ import annotations

import hashlib
import sqlite3
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compdesk.cli import main
from compdesk.storage import Store
from tests.cli.helpers import AS_OF, acme_document, one_error, people_csv, people_in

_ESCAPES = "\x1b]0;owned\x07\x1b[2J\x9b31m\u202e"


def _stored_raw_name(path: Path, name: str) -> None:
    """A name as a document written before compdesk dropped control characters holds it."""
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE people SET name = ? WHERE email = 'ana@acme.example'", (name,))
    connection.close()


@pytest.mark.parametrize("as_of", ["9999-12-31", "2024-03-01 junk", "2024-03-01T", "2024-W09-5"])
def test_matrix_refuses_a_date_that_is_not_one_it_keeps(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], as_of: str
) -> None:
    assert main(["matrix", str(acme_document(tmp_path)), "--as-of", as_of]) == 2
    assert "unexpected" not in one_error(capsys.readouterr().err)


def test_matrix_shows_a_stored_terminal_escape_instead_of_obeying_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = acme_document(tmp_path)
    _stored_raw_name(path, f"Ana{_ESCAPES}")

    assert main(["matrix", str(path), "--as-of", AS_OF]) == 0

    out = capsys.readouterr().out
    assert not any(char in out for char in "\x1b\x07\x9b\u202e")
    assert "Ana\\x1b]0;" in out


def test_a_very_long_name_renders_in_linear_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = acme_document(tmp_path)
    _stored_raw_name(path, "A" * 100_000)

    started = time.monotonic()
    assert main(["matrix", str(path), "--as-of", AS_OF]) == 0
    # Quadratic took minutes at this length; linear is milliseconds.
    assert time.monotonic() - started < 5
    assert "A" * 29 + "…" in capsys.readouterr().out


def test_import_people_dry_run_and_import_drop_escapes_in_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = acme_document(tmp_path)
    people = people_csv(tmp_path, f"Name,Email\nEve{_ESCAPES} Dark,Eve@Acme.example\n")

    assert main(["import-people", str(path), str(people), "--dry-run"]) == 0
    assert main(["import-people", str(path), str(people)]) == 0

    out = capsys.readouterr().out
    assert not any(char in out for char in "\x1b\x07\x9b\u202e")
    assert ("Eve]0;owned[2J31m Dark", "eve@acme.example") in people_in(path)


@pytest.mark.parametrize(
    "email", ["@", "a@b@c.example", "ana\r@acme.example", "ana@example", "a b@acme.example"]
)
def test_import_people_refuses_what_is_not_an_address(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], email: str
) -> None:
    path = acme_document(tmp_path)
    before = people_in(path)
    people = people_csv(tmp_path, f'Name,Email\nEve,"{email}"\n')

    assert main(["import-people", str(path), str(people)]) != 0
    assert people_in(path) == before


@pytest.mark.parametrize("address", ["a\u200bna@acme.example", "ANA@acme.example\ufeff"])
def test_the_same_address_written_differently_is_the_person_already_there(
    tmp_path: Path, address: str
) -> None:
    path = acme_document(tmp_path)
    people = people_csv(tmp_path, f"Name,Email\nAna Again,{address}\n")

    main(["import-people", str(path), str(people)])

    assert [email for _, email in people_in(path)].count("ana@acme.example") == 1


def _digest(path: Path) -> str:
    with Store.open(path, read_only=True) as store:
        rows = [repr(person) for person in store.people.all()]
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


_CELL = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_characters="\x00"),
        st.sampled_from("\x1b\x07\x9b\r\n\u202e\u200b@.-,;\"'0123456789"),
    ),
    max_size=20,
)
_DATE = st.one_of(
    st.dates().map(str), st.sampled_from(["", "2024-W09-5", "9999-12-31", "2024-03-01 x"]), _CELL
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=st.lists(
        st.tuples(_CELL, st.one_of(_CELL, st.emails().map(str)), _DATE), min_size=1, max_size=4
    )
)
def test_import_people_applies_fully_or_leaves_the_document_unchanged(
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
    rows: list[tuple[str, str, str]],
) -> None:
    folder = tmp_path_factory.mktemp("hostile")
    path = acme_document(folder)
    before = _digest(path)
    lines = ["Name,Email,Start date"] + [
        ",".join('"' + cell.replace('"', '""') + '"' for cell in row) for row in rows
    ]
    people = people_csv(folder, "\n".join(lines) + "\n")

    try:
        status = main(["import-people", str(path), str(people)])
    except SystemExit as exit_status:
        status = int(exit_status.code or 0)
    captured = capsys.readouterr()

    assert "Traceback" not in captured.err and "unexpected" not in captured.err
    with Store.open(path, read_only=True) as store:
        count = len(store.people.all())
    if status == 0:
        assert count == 2 + len(rows)
    else:
        assert _digest(path) == before
