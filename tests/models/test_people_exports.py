"""The exports a small company has, written as the tools write them, read without a mapping.

Columns as the tools document them: Microsoft Entra ID's users bulk download (its attribute
names, quoted, with a BOM, named exportUsers_<date>.csv), Google Workspace's admin console
user download (headers with [Required] / [READ ONLY] notes), and the employee reports of
BambooHR (US dates), Personio (a German spreadsheet's `;` and day-first dates, with a BOM),
HiBob (UK dates) and Gusto (US dates).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from compdesk.models.people_check import ImportCheck, ImportOptions, check_people, export_date_for
from compdesk.models.people_import import read_people_csv
from compdesk.models.records import PersonType, Role

TODAY = date(2026, 5, 1)
ROLES = (Role(1, "Developer"), Role(2, "All staff"))

ENTRA_HEADER = (
    "userPrincipalName,displayName,surname,mail,givenName,objectId,userType,jobTitle,"
    "department,accountEnabled,usageLocation,streetAddress,state,country,"
    "physicalDeliveryOfficeName,city,postalCode,telephoneNumber,mobile,"
    "authenticationPhoneNumber,authenticationAlternativePhoneNumber,authenticationEmail,"
    "alternateEmailAddress,ageGroup,consentProvidedForMinor,legalAgeGroupClassification,"
    "companyName,creationType,directorySynced,invitationState,identityIssuer,createdDateTime"
)


def _quoted(line: str) -> str:
    return ",".join(f'"{cell}"' for cell in line.split(","))


ENTRA = (
    "\ufeff"
    + "\r\n".join(
        _quoted(line)
        for line in (
            ENTRA_HEADER,
            "ana.ruiz@acme.example,Ana Ruiz,Ruiz,ana.ruiz@acme.example,Ana,0f5c1d2e,Member,"
            "Developer,Engineering,True,DE,,,Germany,Berlin,Berlin,10115,,,,,,,,,,Acme GmbH,,"
            "True,,acme.onmicrosoft.com,3/2/2024 9:14:02 AM",
            "ben.ode@acme.example,Ben Ode,Ode,ben.ode@acme.example,Ben,77ab41c0,Member,"
            "Support engineer,Support,False,DE,,,Germany,Berlin,Berlin,10115,,,,,,,,,,Acme GmbH,,"
            "True,,acme.onmicrosoft.com,6/1/2025 8:01:45 AM",
            "li_vendor.example#EXT#@acme.onmicrosoft.com,Li Wei (Vendor),,li@vendor.example,,"
            "9d3e22aa,Guest,,,True,,,,,,,,,,,,,,,,,,Invitation,,Accepted,ExternalAzureAD,"
            "1/15/2026 4:30:00 PM",
        )
    )
    + "\r\n"
)

GOOGLE = (
    "First Name [Required],Last Name [Required],Email Address [Required],Password [Required],"
    "Password Hash Function [UPLOAD ONLY],Org Unit Path [Required],"
    "New Primary Email [UPLOAD ONLY],Recovery Email,Home Secondary Email,Work Secondary Email,"
    "Recovery Phone [MUST BE IN THE E.164 FORMAT],Work Phone,Home Phone,Mobile Phone,"
    "Work Address,Home Address,Employee ID,Employee Type,Employee Title,Manager Email,"
    "Department,Cost Center,Building ID,Floor Name,Floor Section,"
    "Change Password at Next Sign-In,New Status [UPLOAD ONLY],"
    "Advanced Protection Program enrollment,Status [READ ONLY],Last Sign In [READ ONLY],"
    "Email Usage [READ ONLY]\n"
    "Ana,Ruiz,ana@acme.example,****,,/,,,,,,,,,,,E-100,Full-time,Developer,"
    "cto@acme.example,Engineering,CC-1,,,,False,,False,Active,2026/04/28 09:12:33,1.2G\n"
    "Ben,Ode,ben@acme.example,****,,/Former staff,,,,,,,,,,,E-101,,Support,,Support,,,,,"
    "False,,False,Suspended,2025/12/19 17:40:02,0.4G\n"
)

BAMBOOHR = (
    '"Employee #","First Name","Last Name","Job Title","Department","Division","Location",'
    '"Work Email","Hire Date","Employment Status","Status","Termination Date"\n'
    '"1","Ana","Ruiz","Developer","Engineering","Product","Remote - US","ana@acme.example",'
    '"01/15/2024","Full-Time","Active",""\n'
    '"2","Ben","Ode","Consultant","Security","Product","Austin, TX","ben@acme.example",'
    '"03/04/2025","Contractor","Inactive","12/19/2025"\n'
)

PERSONIO = (
    "\ufeffID;First name;Last name;Email;Gender;Status;Position;Supervisor;Employment type;"
    "Weekly hours;Hire date;Contract end date;End of employment;Department;Office;Cost center\n"
    "1001;Zoë;Müller;zoe@acme.example;female;active;Entwicklerin;Jonas Weber;internal;40;"
    "15.01.2024;;;Engineering;Berlin;4711\n"
    "1002;Jonas;Weber;jonas@acme.example;male;inactive;Berater;;external;20;03.04.2023;"
    "31.03.2026;31.03.2026;Beratung;München;4712\n"
)

HIBOB = (
    "Employee ID,Display name,First name,Last name,Email,Department,Job title,Site,"
    "Start date,Reports to,Lifecycle status\n"
    "E01,Ana Ruiz,Ana,Ruiz,ana@acme.example,Engineering,Developer,London,15/01/2024,"
    "Sam Lee,Employed\n"
    "E02,Ben Ode,Ben,Ode,ben@acme.example,Support,Support analyst,London,03/04/2025,"
    "Sam Lee,Terminated\n"
)

GUSTO = (
    "Last name,First name,Work email,Personal email,Job title,Department,Hire date,"
    "Employment type,Termination date\n"
    "Ruiz,Ana,ana@acme.example,ana@home.example,Developer,Engineering,01/15/2024,Full time,\n"
    "Ode,Ben,ben@acme.example,,Support,Support,03/04/2025,Part time,12/19/2025\n"
)


def _check(tmp_path: Path, name: str, text: str) -> ImportCheck:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    table = read_people_csv(path)
    when, source = export_date_for(table.source_name, TODAY)
    return check_people(table, ImportOptions(dict(table.default_mapping), when, source), ROLES, ())


def test_an_entra_id_users_download_reads_as_it_is(tmp_path: Path) -> None:
    check = _check(tmp_path, "exportUsers_2026-4-20.csv", ENTRA)

    assert check.ok, [problem.text() for problem in check.problems]
    people = [(d.name, d.email, d.type, d.job_title, d.end_date) for d in check.new_people]
    assert people == [
        ("Ana Ruiz", "ana.ruiz@acme.example", PersonType.EMPLOYEE, "Developer", None),
        (
            "Ben Ode",
            "ben.ode@acme.example",
            PersonType.EMPLOYEE,
            "Support engineer",
            date(2026, 4, 20),
        ),
        ("Li Wei (Vendor)", "li@vendor.example", PersonType.THIRD_PARTY, "", None),
    ]
    assert check.leaver_rows == (2,)
    assert check.export_date_source == "2026-04-20, the date in the file's name"


def test_a_google_workspace_users_download_reads_as_it_is(tmp_path: Path) -> None:
    check = _check(tmp_path, "User_Download_01052026_093012.csv", GOOGLE)

    assert check.ok, [problem.text() for problem in check.problems]
    assert [(d.name, d.job_title, d.end_date) for d in check.new_people] == [
        ("Ana Ruiz", "Developer", None),
        ("Ben Ode", "Support", TODAY),
    ]
    assert check.export_date_source == "today (2026-05-01)"


@pytest.mark.parametrize(
    ("name", "text", "start", "end", "status_says_left"),
    [
        ("bamboohr-employees.csv", BAMBOOHR, date(2025, 3, 4), date(2025, 12, 19), True),
        ("Personio export Mitarbeiter.csv", PERSONIO, date(2023, 4, 3), date(2026, 3, 31), True),
        ("hibob-people.csv", HIBOB, date(2025, 4, 3), TODAY, True),
        # Gusto's report has no status column: the termination date says it.
        ("gusto-employees.csv", GUSTO, date(2025, 3, 4), date(2025, 12, 19), False),
    ],
    ids=["bamboohr", "personio", "hibob", "gusto"],
)
def test_an_hr_systems_employee_report_reads_as_it_is(
    tmp_path: Path, name: str, text: str, start: date, end: date, status_says_left: bool
) -> None:
    check = _check(tmp_path, name, text)

    assert check.ok, [problem.text() for problem in check.problems]
    first, second = check.new_people
    # The first joined on 15 January 2024, however the tool writes it, and is still there.
    assert (first.start_date, first.end_date, first.leaver) == (date(2024, 1, 15), None, False)
    assert (second.start_date, second.end_date, second.leaver) == (start, end, status_says_left)


def test_contractors_are_told_apart_in_hr_reports(tmp_path: Path) -> None:
    bamboo = _check(tmp_path, "bamboohr.csv", BAMBOOHR)
    personio = _check(tmp_path, "personio.csv", PERSONIO)

    assert [d.type for d in bamboo.new_people] == [PersonType.EMPLOYEE, PersonType.CONTRACTOR]
    assert [d.type for d in personio.new_people] == [PersonType.EMPLOYEE, PersonType.CONTRACTOR]
    assert personio.new_people[0].name == "Zoë Müller"
