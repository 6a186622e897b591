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
            "Cy,cy@acme.example,2026-01-05,All staff\nDi,di@acme.example,05/2026,All staff\n",
            "people.csv, row 2 (line 3), column 'start_date': '05/2026' is not a date",
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
    people = people_csv(tmp_path, "Full Name,Work Email,Shoe Size\nCy,cy@acme.example,42\n")

    assert main(["import-people", str(path), str(people)]) == 2

    message = one_error(capsys.readouterr().err)
    assert "column 'Shoe Size': compdesk does not know what this column holds" in message
    assert "--ignore-unknown-columns skips such columns" in message
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


def test_several_bad_rows_are_all_named_in_one_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = acme_document(tmp_path)
    before = path.read_bytes()
    people = people_csv(
        tmp_path,
        "name,email,start_date,roles\n"
        "Cy,cy@acme.example,2026-13-01,All staff\n"
        "Di,di@acme.example,2026-01-05,All staff\n"
        "Ed,not-an-address,2026-01-05,Astronauts\n",
    )

    assert main(["import-people", str(path), str(people)]) == 2

    message = one_error(capsys.readouterr().err)
    assert "people.csv: 3 problems, so nobody was imported" in message
    assert "row 1 (line 2), column 'start_date': '2026-13-01' is not a date" in message
    assert "row 3 (line 4), column 'email': 'not-an-address' is not an email address" in message
    assert "row 3 (line 4), column 'roles': there is no role 'Astronauts'" in message
    assert path.read_bytes() == before


def test_update_existing_brings_people_up_to_date_in_the_same_step(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = acme_document(tmp_path)
    people = people_csv(
        tmp_path,
        "Full Name,Work Email,Job Title,Termination Date,Roles\n"
        "Ana Ruiz,ANA@acme.example,Lead developer,,Supervisor\n"
        "Ben Ode,ben@acme.example,,31.03.2026,\n"
        "Cy New,cy@acme.example,Support,,All staff\n",
    )
    before = path.read_bytes()

    assert main(["import-people", str(path), str(people)]) == 2
    message = one_error(capsys.readouterr().err)
    assert "ANA@acme.example is already in the document (Ana Ruiz)" in message
    assert "--update-existing updates the people already in the document" in message
    assert path.read_bytes() == before

    assert main(["import-people", str(path), str(people), "--update-existing"]) == 0

    out = capsys.readouterr().out
    assert "imported 1 person and updated 2 from people.csv into acme.compdesk" in out
    with Store.open(path, read_only=True) as store:
        ana = store.people.by_email("ana@acme.example")
        ben = store.people.by_email("ben@acme.example")
        roles = {role.id: role.name for role in store.roles.all()}
        last_log = store.change_log.entries()[-1].what
    # What the file leaves empty stays; roles are added to those held.
    assert (ana.job_title, ana.start_date) == ("Lead developer", date(2024, 1, 8))
    assert sorted(roles[i] for i in ana.role_ids) == ["All staff", "Developer", "Supervisor"]
    assert (ben.end_date, ben.type) == (date(2026, 3, 31), PersonType.CONTRACTOR)
    assert last_log == "imported 1 person and updated 2 from people.csv"


def test_an_ambiguous_date_column_is_refused_until_its_order_is_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = acme_document(tmp_path)
    people = people_csv(tmp_path, "name,email,Hire Date\nCy,cy@acme.example,03/04/2025\n")

    assert main(["import-people", str(path), str(people)]) == 2
    message = one_error(capsys.readouterr().err)
    assert "'03/04/2025' can be 3 April or March 4" in message
    assert "--dates day-first or --dates month-first" in message

    assert main(["import-people", str(path), str(people), "--dates", "month-first"]) == 0
    with Store.open(path, read_only=True) as store:
        assert store.people.by_email("cy@acme.example").start_date == date(2025, 3, 4)
