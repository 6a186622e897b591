"""Reading people lists as HR systems export them, and refusing a bad one as a whole."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from compdesk.models.errors import InputError
from compdesk.models.people_check import validate_people
from compdesk.models.people_import import (
    PeopleField,
    PeopleTable,
    PersonDraft,
    parse_people_csv,
    read_people_csv,
)
from compdesk.models.records import PersonType, Role
from compdesk.storage import Store
from tests.conftest import make_person, make_role

ROLES = (Role(1, "Developer"), Role(2, "All staff"), Role(3, "Contractor in scope"))


def _write(tmp_path: Path, text: str, *, encoding: str = "utf-8", name: str = "people.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _drafts(
    text: str, existing: tuple[str, ...] = (), *, ignore_unknown: bool = False
) -> list[PersonDraft]:
    table = parse_people_csv(text, "people.csv")
    mapping: dict[int, PeopleField | None] = dict(table.default_mapping)
    if ignore_unknown:
        for index in range(len(table.headers)):
            mapping.setdefault(index, None)
    return validate_people(table, mapping, ROLES, existing)


def _error(text: str, existing: tuple[str, ...] = ()) -> str:
    with pytest.raises(InputError) as raised:
        _drafts(text, existing)
    return str(raised.value)


@pytest.mark.parametrize(
    "text",
    [
        "name,email,type,start_date,end_date,roles\n"
        "Ana Ruiz,ana@acme.example,contractor,2025-01-10,2026-12-31,Developer;All staff\n",
        "Full Name,Work Email,Employment Type,Hire Date,Termination Date,Roles\n"
        'Ana Ruiz,ana@acme.example,Freelance,2025-01-10,2026-12-31,"Developer;All staff"\n',
        "First Name,Last Name,Email Address,Employment Type,Start Date,End Date,Role\n"
        "Ana,Ruiz,ana@acme.example,Contractor,2025-01-10,2026-12-31,developer; ALL STAFF\n",
        "NAME,E-Mail,TYPE,start date,END_DATE,roles\n"
        "Ana Ruiz,ana@acme.example,Contractor,2025-01-10T00:00:00,2026-12-31 00:00,"
        "Developer;All staff\n",
    ],
    ids=["compdesk columns", "hr full name", "hr first and last name", "odd spellings"],
)
def test_hr_spellings_of_the_headers_give_the_same_person(text: str) -> None:
    (draft,) = _drafts(text)

    assert draft == PersonDraft(
        row_number=1,
        name="Ana Ruiz",
        email="ana@acme.example",
        type=PersonType.CONTRACTOR,
        start_date=date(2025, 1, 10),
        end_date=date(2026, 12, 31),
        role_ids=(1, 2),
    )


def test_a_utf8_file_with_bom_separated_by_semicolons_is_read(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "\ufeffFull Name;Work Email;Job Title;Roles\n"
        "Zoë Müller;zoe@acme.example;Entwicklerin;Developer,All staff\n"
        '"Li, Wei";wei@acme.example;Support;"All staff"\n',
    )

    table = read_people_csv(path)
    drafts = validate_people(table, table.default_mapping, ROLES, ())

    assert table.delimiter == ";"
    assert table.headers[0] == "Full Name"
    assert [(d.name, d.job_title, d.role_ids) for d in drafts] == [
        ("Zoë Müller", "Entwicklerin", (1, 2)),
        ("Li, Wei", "Support", (2,)),
    ]


@pytest.mark.parametrize(
    ("content", "delimiter"),
    [
        (b"name\temail\nAna Ruiz\tana@acme.example\n", "\t"),
        (b"name,email\r\nAna Ruiz,ana@acme.example\r\n", ","),
        ("name;email\nAna Ruiz;ana@acme.example\n".encode("utf-16"), ";"),
    ],
    ids=["tabs", "crlf", "utf-16 from excel"],
)
def test_other_common_export_forms_are_read(tmp_path: Path, content: bytes, delimiter: str) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(content)

    table = read_people_csv(path)

    assert table.delimiter == delimiter
    assert table.rows == (("Ana Ruiz", "ana@acme.example"),)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", PersonType.EMPLOYEE),
        ("Full-time", PersonType.EMPLOYEE),
        ("PART_TIME", PersonType.EMPLOYEE),
        ("Intern", PersonType.EMPLOYEE),
        ("third_party", PersonType.THIRD_PARTY),
        ("Vendor", PersonType.THIRD_PARTY),
        ("Consultant", PersonType.CONTRACTOR),
    ],
)
def test_employment_types_map_onto_the_three_person_types(value: str, expected: PersonType) -> None:
    (draft,) = _drafts(f"name,email,Employment Type\nAna,ana@acme.example,{value}\n")

    assert draft.type is expected


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            "Ana,ana@acme.example,employee,03/2025,Developer\n",
            "row 1 (line 2), column 'Hire Date': '03/2025' is not a date",
        ),
        (
            "Ana,ana@acme.example,employee,2025-02-30,Developer\n",
            "column 'Hire Date': '2025-02-30' is not a date",
        ),
        (
            "Ana,ana@acme.example,boss,,Developer\n",
            "column 'Employment Type': 'boss' is not a person type",
        ),
        (
            "Ana,ana@acme.example,,,Developer;Astronaut\n",
            "column 'Roles': there is no role 'Astronaut'",
        ),
        (",ana@acme.example,,,\n", "row 1 (line 2), column 'Full Name': the name is empty"),
        ("Ana,,,,\n", "column 'Work Email': the email address of Ana is empty"),
        (
            "Ana,not-an-address,,,\n",
            "column 'Work Email': 'not-an-address' is not an email address",
        ),
        (
            "Ana,ana@acme.example,,,\nBen,ben@acme.example,,,\nAna R,ANA@acme.example,,,\n",
            "row 3 (line 4), column 'Work Email': ANA@acme.example is also on row 1",
        ),
    ],
    ids=[
        "us date",
        "impossible date",
        "unknown type",
        "unknown role",
        "empty name",
        "empty email",
        "bad email",
        "duplicate email",
    ],
)
def test_a_bad_cell_is_named_by_row_and_column(rows: str, expected: str) -> None:
    message = _error("Full Name,Work Email,Employment Type,Hire Date,Roles\n" + rows)

    assert expected in message
    assert message.startswith("people.csv, row ")


def test_an_end_date_before_the_start_date_is_refused() -> None:
    message = _error("name,email,start_date,end_date\nAna,ana@acme.example,2025-05-01,2025-04-30\n")

    assert "column 'end_date': 2025-04-30 is before the start date 2025-05-01" in message


def test_an_email_already_in_the_document_is_refused_ignoring_case() -> None:
    message = _error("name,email\nAna,Ana@Acme.example\n", existing=("ana@acme.example",))

    assert "row 1 (line 2), column 'email': Ana@Acme.example is already in the document" in message


def test_the_line_number_counts_quoted_cells_that_span_lines() -> None:
    message = _error('name,email,notes\nAna,ana@acme.example,"two\nlines"\nBen,ben@,x\nCy,,\n')

    assert "row 3 (line 5), column 'email'" in message


def test_a_column_that_cannot_be_placed_is_named() -> None:
    message = _error("Full Name,Work Email,Shoe Size,Parking\nAna,ana@acme.example,42,P3\n")

    assert "column 'Shoe Size': compdesk does not know what this column holds" in message
    assert "column 'Parking': compdesk does not know" in message


def test_a_column_mapped_to_nothing_is_ignored() -> None:
    (draft,) = _drafts(
        "Full Name,Work Email,Shoe Size\nAna,ana@acme.example,42\n", ignore_unknown=True
    )

    assert (draft.name, draft.email) == ("Ana", "ana@acme.example")


def test_a_user_mapping_can_place_a_column_the_guess_could_not() -> None:
    table = parse_people_csv("Mitarbeiter,Adresse\nAna,ana@acme.example\n", "people.csv")

    assert table.unplaced_columns == ("Mitarbeiter", "Adresse")
    (draft,) = validate_people(table, {0: PeopleField.NAME, 1: PeopleField.EMAIL}, ROLES, ())
    assert draft.email == "ana@acme.example"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Full Name,Shoe Size\nAna,42\n", "column 'Shoe Size': compdesk does not know"),
        ("Full Name,Job Title\nAna,Dev\n", "no column holds the email address"),
        ("Email,Job Title\nana@acme.example,Dev\n", "no column holds the name"),
        (
            "Email,Work Email,Name\na@acme.example,b@acme.example,Ana\n",
            "column 'Work Email': compdesk does not know",
        ),
    ],
    ids=["unknown", "no email", "no name", "two email columns"],
)
def test_a_header_that_cannot_make_people_is_refused(text: str, expected: str) -> None:
    assert expected in _error(text)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "is empty: it has no header line"),
        (b"\n\n", "is empty: it has no header line"),
        ("name,email\nZoë,zoe@acme.example\n".encode("latin-1"), "is not UTF-8 text"),
        (b"PK\x03\x04\x00\x00binary", "is not a CSV file"),
        (b"name,email\nAna,ana@acme.example,extra,cells\n", "row 1 (line 2) has 4 cells"),
        (b"name,,email\nAna,,ana@acme.example\n", "column 2 has no header"),
    ],
    ids=["empty", "blank lines", "latin-1", "binary", "too many cells", "unnamed column"],
)
def test_a_file_that_is_not_a_usable_people_list_is_refused(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(content)

    with pytest.raises(InputError, match=re.escape(expected)):
        read_people_csv(path)


def test_a_missing_file_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nobody\.csv: no such file"):
        read_people_csv(tmp_path / "nobody.csv")


def test_blank_rows_and_trailing_empty_columns_are_skipped() -> None:
    table = parse_people_csv("name;email;;\n;;;\nAna;ana@acme.example;;\n\n", "people.csv")

    assert table.headers == ("name", "email")
    assert table.rows == (("Ana", "ana@acme.example"),)
    assert table.line_numbers == (3,)


def test_the_default_mapping_is_what_a_preview_would_show() -> None:
    table: PeopleTable = parse_people_csv(
        "Full Name,Work Email,Position,Hire Date,Notes\nAna,a@acme.example,Dev,,\n"
    )

    assert table.default_mapping == {
        0: PeopleField.NAME,
        1: PeopleField.EMAIL,
        2: PeopleField.JOB_TITLE,
        3: PeopleField.START_DATE,
        4: PeopleField.NOTES,
    }


def test_importing_adds_everyone_in_one_step(store: Store) -> None:
    role = make_role(store, "Developer")
    drafts = [
        PersonDraft(1, "Ana Ruiz", "ana@acme.example", role_ids=(role.id,)),
        PersonDraft(2, "Ben Ode", "ben@acme.example", type=PersonType.CONTRACTOR),
    ]

    added = store.people.import_many([d.as_person() for d in drafts], source="people.csv")

    assert [(p.name, p.type, p.role_ids) for p in added] == [
        ("Ana Ruiz", PersonType.EMPLOYEE, (role.id,)),
        ("Ben Ode", PersonType.CONTRACTOR, ()),
    ]
    assert store.change_log.entries()[-1].what == "imported 2 people from people.csv"


def test_one_person_already_in_the_document_rejects_the_whole_import(store: Store) -> None:
    make_person(store, "Ben Ode", "ben@acme.example")
    people_before, log_before = store.people.all(), store.change_log.entries()
    drafts = [
        PersonDraft(1, "Ana Ruiz", "ana@acme.example"),
        PersonDraft(2, "Ben Ode", "BEN@acme.example"),
    ]

    with pytest.raises(InputError, match=r"BEN@acme\.example is already in the document"):
        store.people.import_many([d.as_person() for d in drafts])

    assert store.people.all() == people_before
    assert store.change_log.entries() == log_before
