"""`compdesk import-people`: everyone in the file or nobody."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from compdesk.cli import main
from compdesk.models.records import PersonType
from compdesk.storage import Store
from tests.cli.helpers import acme_document, one_error, people_csv, people_in


def test_import_people_adds_everyone_from_an_hr_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = acme_document(tmp_path)
    people = people_csv(
        tmp_path,
        "\ufeffFirst Name;Last Name;Work Email;Employment Type;Hire Date;Job Title;Roles\n"
        "Chloé;Martin;chloe@acme.example;Full-time;2026-02-02;Support;Customer support, All staff\n"
        "Dev;Patel;dev@acme.example;Consultant;2025-11-17;DevOps;System administrator / DevOps\n",
    )

    assert main(["import-people", str(path), str(people)]) == 0

    assert "imported 2 people from people.csv into acme.compdesk" in capsys.readouterr().out
    with Store.open(path, read_only=True) as store:
        chloe = store.people.by_email("chloe@acme.example")
        dev = store.people.by_email("dev@acme.example")
        roles = {role.id: role.name for role in store.roles.all()}
    assert (chloe.name, chloe.job_title, chloe.start_date) == (
        "Chloé Martin",
        "Support",
        date(2026, 2, 2),
    )
    assert sorted(roles[i] for i in chloe.role_ids) == ["All staff", "Customer support"]
    assert dev.type is PersonType.CONTRACTOR


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            "Cy,cy@acme.example,2026-01-05,All staff\nDi,di@acme.example,05/01/2026,All staff\n",
            "people.csv, row 2 (line 3), column 'start_date': '05/01/2026' is not a date",
        ),
        (
            "Cy,cy@acme.example,,All staff\nDi,di@acme.example,,Astronauts\n",
            "row 2 (line 3), column 'roles': there is no role 'Astronauts'",
        ),
        (
            "Cy,cy@acme.example,,\nAna Again,ANA@acme.example,,\n",
            "row 2 (line 3), column 'email': ANA@acme.example is already in the document",
        ),
    ],
    ids=["bad date", "unknown role", "already in the document"],
)
def test_a_bad_row_rejects_the_whole_file_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], rows: str, expected: str
) -> None:
    path = acme_document(tmp_path)
    before = path.read_bytes()
    people = people_csv(tmp_path, "name,email,start_date,roles\n" + rows)

    assert main(["import-people", str(path), str(people)]) == 2

    assert expected in one_error(capsys.readouterr().err)
    assert path.read_bytes() == before


def test_import_people_names_a_column_it_cannot_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = acme_document(tmp_path)
    before = path.read_bytes()
    people = people_csv(tmp_path, "Full Name,Work Email,Department\nCy,cy@acme.example,R&D\n")

    assert main(["import-people", str(path), str(people)]) == 2

    assert "cannot place the column 'Department'" in one_error(capsys.readouterr().err)
    assert path.read_bytes() == before

    assert main(["import-people", str(path), str(people), "--ignore-unknown-columns"]) == 0
    assert ("Cy", "cy@acme.example") in people_in(path)


def test_import_people_dry_run_lists_people_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = acme_document(tmp_path)
    before = path.read_bytes()
    people = people_csv(tmp_path, "name,email\nCy,cy@acme.example\n")

    assert main(["import-people", str(path), str(people), "--dry-run"]) == 0

    assert "would add Cy <cy@acme.example> (employee)" in capsys.readouterr().out
    assert path.read_bytes() == before


def test_import_people_refuses_a_list_with_nobody_in_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = acme_document(tmp_path)
    people = people_csv(tmp_path, "name,email\n")

    assert main(["import-people", str(path), str(people)]) == 2

    assert "lists nobody" in one_error(capsys.readouterr().err)
