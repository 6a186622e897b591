"""Checking a people list in one round: every problem at once, dates, roles, existing people."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from compdesk.models.export_dates import DateOrder
from compdesk.models.people_check import (
    ExistingChoice,
    ImportCheck,
    ImportOptions,
    RowProblem,
    check_people,
    default_role_values,
    export_date_for,
)
from compdesk.models.people_import import PeopleField, PeopleTable, parse_people_csv
from compdesk.models.records import Person, PersonType, Role

ROLES = (Role(1, "Developer"), Role(2, "All staff"), Role(3, "Customer support"))
EXPORT_DAY = date(2026, 5, 1)


def _check(
    text: str,
    people: tuple[Person, ...] = (),
    name: str = "people.csv",
    **choices: object,
) -> tuple[PeopleTable, ImportCheck]:
    table = parse_people_csv(text, name)
    options = ImportOptions(dict(table.default_mapping), EXPORT_DAY, "today (2026-05-01)")
    options = replace(options, **choices)  # type: ignore[arg-type]  # keyword choices
    return table, check_people(table, options, ROLES, people)


def test_every_bad_row_is_listed_at_once_with_its_column_value_and_why() -> None:
    _table, check = _check(
        "Full Name,Work Email,Employment Type,Hire Date\n"
        "Ana Ruiz,ana@acme.example,Full-time,2025-02-30\n"
        "Ben Ode,ben@acme.example,Contractor,2025-01-10\n"
        ",cy@acme.example,boss,\n"
        "Di Mol,di-at-acme,,\n"
    )

    assert not check.ok
    assert check.problems == (
        RowProblem(1, 2, "Hire Date", "2025-02-30", "'2025-02-30' is not a date in the calendar"),
        RowProblem(3, 4, "Full Name", "", "the name is empty"),
        RowProblem(
            3,
            4,
            "Employment Type",
            "boss",
            "'boss' is not a person type (use one of: employee, contractor, third party)",
        ),
        RowProblem(4, 5, "Work Email", "di-at-acme", "'di-at-acme' is not an email address"),
    )
    message = str(check.error())
    assert message.startswith("people.csv: 4 problems, so nobody was imported: row 1 (line 2)")
    assert [d.email for d in check.new_people] == ["ben@acme.example"]


def test_messages_speak_of_columns_not_field_identifiers() -> None:
    _table, check = _check("Mitarbeiter,Stelle\nAna,Dev\n")

    texts = [problem.text() for problem in check.problems]
    assert "column 'Mitarbeiter': compdesk does not know what this column holds" in texts[0]
    assert "no column holds the email address (e.g. 'Email', 'Work Email')" in texts
    assert not any("job_title" in text or "start_date" in text for text in texts)


def test_a_day_first_column_is_read_when_one_value_shows_the_order() -> None:
    _table, check = _check(
        "name,email,Hire Date,Termination Date\n"
        "Ana,ana@acme.example,03/04/2025,\n"
        "Ben,ben@acme.example,15/01/2025,28.02.2026\n"
    )

    assert check.ok, check.problems
    assert [(d.start_date, d.end_date) for d in check.new_people] == [
        (date(2025, 4, 3), None),
        (date(2025, 1, 15), date(2026, 2, 28)),
    ]
    assert check.date_orders == {2: DateOrder.DAY_FIRST, 3: DateOrder.DAY_FIRST}


def test_a_month_first_column_is_read_when_one_value_shows_the_order() -> None:
    _table, check = _check(
        "name,email,Hire Date\nAna,ana@acme.example,03/04/2025\nBen,ben@acme.example,1/15/2025\n"
    )

    assert [d.start_date for d in check.new_people] == [date(2025, 3, 4), date(2025, 1, 15)]


def test_an_ambiguous_date_column_asks_for_its_order() -> None:
    text = "name,email,Hire Date\nAna,ana@acme.example,03/04/2025\nBen,ben@acme.example,\n"
    _table, check = _check(text)

    (problem,) = check.problems
    assert (problem.row_number, problem.column, problem.value) == (1, "Hire Date", "03/04/2025")
    assert "can be 3 April or March 4: say how the column writes its dates" in problem.why
    assert check.date_readings[2].needs_choice

    _table, chosen = _check(text, date_orders={2: DateOrder.DAY_FIRST})
    assert [d.start_date for d in chosen.new_people] == [date(2025, 4, 3), None]


def test_a_column_mixing_day_first_and_month_first_is_refused() -> None:
    _table, check = _check(
        "name,email,Hire Date\nAna,ana@acme.example,15/01/2025\nBen,ben@acme.example,01/15/2025\n"
    )

    assert any("some dates day first (15/01/2025)" in p.why for p in check.problems)


def test_department_values_are_mapped_to_roles() -> None:
    text = (
        "Full Name,Work Email,Department\n"
        "Ana,ana@acme.example,Engineering\n"
        "Ben,ben@acme.example,Customer Support\n"
        "Cy,cy@acme.example,Finance\n"
    )
    table = parse_people_csv(text, "people.csv")
    assert table.default_mapping[2] is PeopleField.DEPARTMENT
    # A value named like a role gives it by default; the others give none until chosen.
    values = default_role_values(table, 2, ROLES)
    assert values == {"Engineering": None, "Customer Support": 3, "Finance": None}

    values["Engineering"] = 1
    _table, check = _check(text, role_values={2: values})

    assert [d.role_ids for d in check.new_people] == [(1,), (3,), ()]


def test_someone_already_in_the_document_is_updated_or_skipped_as_chosen() -> None:
    ana = Person(7, "Ana Ruiz", "ana@acme.example", job_title="Dev", role_ids=(2,))
    ben = Person(8, "Ben Ode", "ben@acme.example", type=PersonType.CONTRACTOR)
    text = (
        "Full Name,Work Email,Job Title,Hire Date,Roles\n"
        "Ana Ruiz,ANA@acme.example,Lead dev,2024-01-08,Developer\n"
        "Ben Ode,ben@acme.example,Support,,\n"
        "Cy New,cy@acme.example,,,\n"
    )

    _table, refused = _check(text, (ana, ben))
    assert [p.row_number for p in refused.problems] == [1, 2]
    assert "ANA@acme.example is already in the document (Ana Ruiz)" in refused.problems[0].why

    _table, check = _check(
        text,
        (ana, ben),
        existing=ExistingChoice.UPDATE,
        row_choices={2: ExistingChoice.SKIP},
    )
    assert check.ok
    assert [d.email for d in check.new_people] == ["cy@acme.example"]
    assert [d.email for d in check.skipped] == ["ben@acme.example"]
    (update,) = check.updates
    assert update.after == replace(
        ana, job_title="Lead dev", start_date=date(2024, 1, 8), role_ids=(2, 1)
    )
    assert set(check.existing_rows) == {1, 2}


def test_a_disabled_account_is_a_leaver_ending_on_the_exports_date() -> None:
    text = (
        "displayName,mail,accountEnabled\n"
        "Ana Ruiz,ana@acme.example,True\n"
        "Ben Ode,ben@acme.example,False\n"
    )
    table = parse_people_csv(text, "exportUsers_2026-3-7.csv")
    when, source = export_date_for(table.source_name, EXPORT_DAY)
    assert source == "2026-03-07, the date in the file's name"

    check = check_people(table, ImportOptions(dict(table.default_mapping), when, source), ROLES, ())

    assert [(d.name, d.end_date, d.leaver) for d in check.new_people] == [
        ("Ana Ruiz", None, False),
        ("Ben Ode", date(2026, 3, 7), True),
    ]
    assert check.leaver_rows == (2,)


def test_a_suspended_future_starter_is_refused_not_imported_as_a_leaver() -> None:
    _table, check = _check(
        "First Name,Last Name,Email Address,Hire Date,Status\n"
        "Ana,Ruiz,ana@acme.example,2026-09-01,Suspended\n"
    )

    (problem,) = check.problems
    assert "the account is disabled and Ana Ruiz starts on 2026-09-01" in problem.why


def test_an_unknown_status_is_named() -> None:
    _table, check = _check("name,email,status\nAna,ana@acme.example,Sabbatical-ish\n")

    assert "'Sabbatical-ish' is not a status compdesk knows" in check.problems[0].why


def test_a_column_not_yet_placed_does_not_hide_the_rows_problems() -> None:
    _table, check = _check("Full Name,Work Email,Shoe Size\nAna,ana-at-acme,38\n")

    assert [(p.row_number, p.column) for p in check.problems] == [
        (None, "Shoe Size"),
        (1, "Work Email"),
    ]
