"""Reading a list of people from a CSV file, as HR systems and spreadsheets export it.

Two steps, so that a window can show a preview and let the user map columns between them:
`read_people_csv` reads the file into a `PeopleTable` (headers, rows and the column mapping
it guesses from the headers); `validate_people` turns the rows into `PersonDraft`s under a
mapping, or raises `InputError` naming the row and the column of the first bad cell. Nothing
here writes to a document: `store.people.import_many` does that, in one transaction.
"""

from __future__ import annotations

import csv
import enum
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from pathlib import Path
from typing import Final

from compdesk.models.errors import InputError
from compdesk.models.export_cells import decode_export_text, normal_header
from compdesk.models.records import Person, PersonType

# A people list is a few hundred rows; anything far larger is the wrong file.
MAX_CSV_BYTES: Final = 20 * 1024 * 1024
_DELIMITERS: Final = (",", ";", "\t")


class PeopleField(enum.Enum):
    """What a column of a people list can hold."""

    NAME = "name"
    FIRST_NAME = "first name"
    LAST_NAME = "last name"
    EMAIL = "email"
    TYPE = "type"
    JOB_TITLE = "job title"
    DEPARTMENT = "department"
    START_DATE = "start date"
    END_DATE = "end date"
    ROLES = "roles"
    NOTES = "notes"
    # A directory's or HR system's word for whether someone is still there.
    STATUS = "status"
    ACCOUNT_ENABLED = "account enabled"
    SIGN_IN_BLOCKED = "sign-in blocked"

    @property
    def label(self) -> str:
        return _LABELS.get(self, self.value.capitalize())


_LABELS: Final = {
    PeopleField.DEPARTMENT: "Department (roles by value)",
    PeopleField.STATUS: "Status (active or left)",
    PeopleField.ACCOUNT_ENABLED: "Account enabled (true/false)",
    PeopleField.SIGN_IN_BLOCKED: "Sign-in blocked (yes/no)",
}
# The fields whose values can each be given a role ("map values to roles").
ROLE_SOURCE_FIELDS: Final = frozenset({PeopleField.DEPARTMENT, PeopleField.JOB_TITLE})
DATE_FIELDS: Final = (PeopleField.START_DATE, PeopleField.END_DATE)


# The spellings of each field in compdesk's own columns and in the exports a small company
# has: Microsoft Entra ID (users bulk download), Google Workspace (admin console users
# download), BambooHR, Personio, HiBob and Gusto reports, and the Microsoft 365 admin centre.
HEADER_SPELLINGS: Final[Mapping[PeopleField, tuple[str, ...]]] = {
    PeopleField.NAME: ("name", "full name", "employee name", "display name", "employee"),
    PeopleField.FIRST_NAME: (
        "first name",
        "given name",
        "firstname",
        "legal first name",
        "first name legal",
    ),
    PeopleField.LAST_NAME: (
        "last name",
        "surname",
        "family name",
        "lastname",
        "legal last name",
        "last name legal",
    ),
    PeopleField.EMAIL: (
        "email",
        "mail",
        "work email",
        "email address",
        "work email address",
        "business email",
        "primary email",
    ),
    PeopleField.TYPE: (
        "type",
        "employment type",
        "employee type",
        "worker type",
        "person type",
        "employment status",
        "user type",
    ),
    PeopleField.JOB_TITLE: ("job title", "position", "title", "job", "employee title"),
    PeopleField.DEPARTMENT: ("department", "dept", "team", "department name"),
    PeopleField.START_DATE: (
        "start date",
        "hire date",
        "date hired",
        "started on",
        "joined",
        "original hire date",
        "employment start date",
    ),
    PeopleField.END_DATE: (
        "end date",
        "termination date",
        "leaving date",
        "leave date",
        "left on",
        "end of employment",
        "employment end date",
        "last day of work",
    ),
    PeopleField.ROLES: ("roles", "role", "compdesk roles", "isms roles"),
    PeopleField.NOTES: ("notes", "note", "comments"),
    PeopleField.STATUS: (
        "status",
        "employee status",
        "account status",
        "user status",
        "user account status",
        "lifecycle status",
    ),
    PeopleField.ACCOUNT_ENABLED: ("account enabled", "accountenabled", "enabled"),
    PeopleField.SIGN_IN_BLOCKED: ("block sign in", "block credential", "sign in blocked"),
}
# Columns these exports carry that a competence record does not keep: ignored unless the
# user places them (so a 30-column directory export needs no decision per column).
IGNORED_SPELLINGS: Final = frozenset(
    normal_header(spelling)
    for spelling in (
        # Microsoft Entra ID; userPrincipalName is the sign-in name (a guest's holds #EXT#),
        # mail the address.
        "userPrincipalName",
        "objectId",
        "usageLocation",
        "streetAddress",
        "state",
        "country",
        "physicalDeliveryOfficeName",
        "city",
        "postalCode",
        "telephoneNumber",
        "mobile",
        "authenticationPhoneNumber",
        "authenticationAlternativePhoneNumber",
        "authenticationEmail",
        "alternateEmailAddress",
        "ageGroup",
        "consentProvidedForMinor",
        "legalAgeGroupClassification",
        "companyName",
        "creationType",
        "directorySynced",
        "invitationState",
        "identityIssuer",
        "createdDateTime",
        "User principal name",
        "Office",
        # Google Workspace
        "Password",
        "Password Hash Function",
        "Org Unit Path",
        "New Primary Email",
        "Recovery Email",
        "Home Secondary Email",
        "Work Secondary Email",
        "Recovery Phone",
        "Work Phone",
        "Home Phone",
        "Mobile Phone",
        "Work Address",
        "Home Address",
        "Employee ID",
        "Manager Email",
        "Cost Center",
        "Building ID",
        "Floor Name",
        "Floor Section",
        "Change Password at Next Sign-In",
        "New Status",
        "New Licenses",
        "Licenses",
        "Advanced Protection Program enrollment",
        "Last Sign In",
        "Email Usage",
        # HR systems (BambooHR, Personio, HiBob, Gusto)
        "Division",
        "Employee #",
        "Employee Number",
        "ID",
        "Personnel number",
        "Location",
        "Site",
        "Supervisor",
        "Reports To",
        "Manager",
        "Manager name",
        "Personal Email",
        "Home Email",
        "Gender",
        "Preferred Name",
        "Preferred first name",
        "Middle Name",
        "Middle initial",
        "Weekly hours",
        "Subcompany",
        "Sub-company",
        "Cost centre",
        "Contract end date",
        "Contract ends",
        "Work location",
        "Legal entity",
        "Phone",
        "Birth date",
        "Date of birth",
    )
)
_FIELD_BY_HEADER: Final = {
    normal_header(spelling): field
    for field, spellings in HEADER_SPELLINGS.items()
    for spelling in spellings
}

# Employment types as HR systems name them, mapped onto compdesk's three person types.
_TYPE_SPELLINGS: Final[Mapping[str, PersonType]] = {
    **{
        spelling: PersonType.EMPLOYEE
        for spelling in (
            "employee",
            "staff",
            "full time",
            "fulltime",
            "part time",
            "parttime",
            "permanent",
            "regular",
            "fixed term",
            "temporary",
            "temp",
            "intern",
            "internship",
            "apprentice",
            "trainee",
            "working student",
            "internal",
            "salaried",
            "hourly",
            "member",
            "w2",
            "part time under twenty hours",
            "part time twenty plus hours",
            "variable",
            "seasonal",
        )
    },
    **{
        spelling: PersonType.CONTRACTOR
        for spelling in (
            "contractor",
            "contract",
            "freelance",
            "freelancer",
            "consultant",
            "external",
            "independent contractor",
            "contingent",
            "1099",
            "1099 contractor",
        )
    },
    **{
        spelling: PersonType.THIRD_PARTY
        for spelling in (
            "third party",
            "thirdparty",
            "3rd party",
            "vendor",
            "supplier",
            "partner",
            "agency",
            "outsourced",
            "guest",
        )
    },
}


@dataclass(frozen=True, slots=True)
class PeopleTable:
    """A people CSV as read: the raw cells, and the mapping guessed from its headers."""

    source_name: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    # The file line each data row starts on (quoted cells may span several lines).
    line_numbers: tuple[int, ...]
    delimiter: str
    # Column index → field (None: a known column compdesk does not keep), for the columns
    # whose header was recognised.
    default_mapping: Mapping[int, PeopleField | None]

    @property
    def unplaced_columns(self) -> tuple[str, ...]:
        """Headers of the columns that the default mapping cannot place."""
        return tuple(
            header for index, header in enumerate(self.headers) if index not in self.default_mapping
        )


@dataclass(frozen=True, slots=True)
class PersonDraft:
    """One valid row of a people list, ready to be added to a document."""

    row_number: int
    name: str
    email: str
    type: PersonType = PersonType.EMPLOYEE
    job_title: str = ""
    start_date: date | None = None
    end_date: date | None = None
    role_ids: tuple[int, ...] = ()
    notes: str = ""
    # The fields the row gave a value for: an update changes only those.
    given: frozenset[PeopleField] = dataclass_field(default=frozenset(), compare=False)
    # The row says the person has left (a disabled account, an inactive status).
    leaver: bool = dataclass_field(default=False, compare=False)

    def as_person(self) -> Person:
        return Person(
            id=0,
            name=self.name,
            email=self.email,
            type=self.type,
            job_title=self.job_title,
            start_date=self.start_date,
            end_date=self.end_date,
            notes=self.notes,
            role_ids=self.role_ids,
        )


def _delimiter(text: str) -> str:
    """The separator that splits the header line into the most columns (`,` on a tie)."""

    def columns(delimiter: str) -> int:
        try:
            for cells in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
                if any(cell.strip() for cell in cells):
                    return len(cells)
        except csv.Error:
            pass
        return 0

    return max(_DELIMITERS, key=columns)


def guess_mapping(headers: Iterable[str]) -> dict[int, PeopleField | None]:
    """Place each recognised header; a field claimed twice keeps its first column."""
    mapping: dict[int, PeopleField | None] = {}
    for index, header in enumerate(headers):
        normal = normal_header(header)
        field = _FIELD_BY_HEADER.get(normal)
        if field is not None and field not in mapping.values():
            mapping[index] = field
        elif field is None and normal in IGNORED_SPELLINGS:
            mapping[index] = None
    return mapping


def read_people_csv(path: Path | str) -> PeopleTable:
    """Read a people CSV: UTF-8 with or without a BOM, separated by `,`, `;` or tabs."""
    path = Path(path)
    data = read_file_bytes(path, MAX_CSV_BYTES, "a people list")
    return parse_people_csv(decode_export_text(data, path.name), path.name)


def read_file_bytes(path: Path, max_bytes: int, what: str) -> bytes:
    """The bytes of a file the user named, or an `InputError` saying why not (missing, not a
    file, over `max_bytes`, unreadable); `what` names the content: "a people list"."""
    name = path.name
    if not path.is_file():
        raise InputError(f"{name}: no such file" if not path.exists() else f"{name} is not a file")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"{name} is {size // 1024 // 1024} MB; {what} can be at most "
                f"{max_bytes // 1024 // 1024} MB"
            )
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"{name} cannot be read: {error.strerror or error}") from None


def parse_people_csv(text: str, source_name: str = "the people list") -> PeopleTable:
    """The table in CSV text (see `read_people_csv`)."""
    if "\x00" in text:
        raise InputError(f"{source_name} is not a CSV file (it contains binary data)")
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers: tuple[str, ...] | None = None
    rows: list[tuple[str, ...]] = []
    line_numbers: list[int] = []
    try:
        while True:
            line_number = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            if not any(cell.strip() for cell in cells):
                continue
            if headers is None:
                # Spreadsheets export empty trailing columns as a run of separators.
                named = [cell.strip() for cell in cells]
                while named and not named[-1]:
                    named.pop()
                headers = tuple(named)
                continue
            if len(cells) > len(headers) and any(c.strip() for c in cells[len(headers) :]):
                raise InputError(
                    f"{source_name}, row {len(rows) + 1} (line {line_number}) has "
                    f"{len(cells)} cells but the header has only {len(headers)} columns"
                )
            cells = cells[: len(headers)] + [""] * (len(headers) - len(cells))
            rows.append(tuple(cells))
            line_numbers.append(line_number)
    except csv.Error as error:
        raise InputError(f"{source_name}, line {reader.line_num}: {error}") from None
    if headers is None:
        raise InputError(f"{source_name} is empty: it has no header line")
    for index, header in enumerate(headers):
        if not header:
            raise InputError(f"{source_name}: column {index + 1} has no header")
    return PeopleTable(
        source_name=source_name,
        headers=headers,
        rows=tuple(rows),
        line_numbers=tuple(line_numbers),
        delimiter=delimiter,
        default_mapping=guess_mapping(headers),
    )


def parse_person_type(text: str) -> PersonType:
    """An employment type as HR systems write it; empty means employee."""
    wanted = re.sub(r"\s+", " ", text.strip().lower().replace("_", " ").replace("-", " "))
    if not wanted:
        return PersonType.EMPLOYEE
    found = _TYPE_SPELLINGS.get(wanted)
    if found is None:
        choices = ", ".join(kind.value for kind in PersonType)
        raise ValueError(f"{text.strip()!r} is not a person type (use one of: {choices})")
    return found
