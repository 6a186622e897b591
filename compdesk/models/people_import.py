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
from datetime import date
from pathlib import Path
from typing import Final

from compdesk.models.dates import parse_date
from compdesk.models.errors import InputError
from compdesk.models.records import Person, PersonType, Role

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
    START_DATE = "start date"
    END_DATE = "end date"
    ROLES = "roles"
    NOTES = "notes"

    @property
    def label(self) -> str:
        return self.value.capitalize()


def _normal_header(text: str) -> str:
    """`Work_E-mail ` → `work email`: case, separators and spacing do not matter."""
    text = text.strip().lower().replace("_", " ").replace("-", " ")
    return re.sub(r"\s+", " ", text).replace("e mail", "email")


# The spellings of each field in compdesk's own columns and in common HR exports.
HEADER_SPELLINGS: Final[Mapping[PeopleField, tuple[str, ...]]] = {
    PeopleField.NAME: ("name", "full name", "employee name", "display name"),
    PeopleField.FIRST_NAME: ("first name", "given name", "firstname"),
    PeopleField.LAST_NAME: ("last name", "surname", "family name", "lastname"),
    PeopleField.EMAIL: (
        "email",
        "work email",
        "email address",
        "work email address",
        "business email",
    ),
    PeopleField.TYPE: ("type", "employment type", "employee type", "worker type", "person type"),
    PeopleField.JOB_TITLE: ("job title", "position", "title", "job"),
    PeopleField.START_DATE: ("start date", "hire date", "date hired", "started on", "joined"),
    PeopleField.END_DATE: (
        "end date",
        "termination date",
        "leaving date",
        "leave date",
        "left on",
    ),
    PeopleField.ROLES: ("roles", "role", "compdesk roles", "isms roles"),
    PeopleField.NOTES: ("notes", "note", "comments"),
}
_FIELD_BY_HEADER: Final = {
    _normal_header(spelling): field
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
    # Column index → field, for the columns whose header was recognised.
    default_mapping: Mapping[int, PeopleField]

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


def _decode(data: bytes, name: str) -> str:
    # A UTF-16 byte-order mark: Excel's "Unicode text" export.
    encoding = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(
            f"{name} is not UTF-8 text (byte {error.start + 1} cannot be read); "
            'save it again as "CSV UTF-8"'
        ) from None


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


def guess_mapping(headers: Iterable[str]) -> dict[int, PeopleField]:
    """Place each recognised header; a field claimed twice keeps its first column."""
    mapping: dict[int, PeopleField] = {}
    for index, header in enumerate(headers):
        field = _FIELD_BY_HEADER.get(_normal_header(header))
        if field is not None and field not in mapping.values():
            mapping[index] = field
    return mapping


def read_people_csv(path: Path | str) -> PeopleTable:
    """Read a people CSV: UTF-8 with or without a BOM, separated by `,`, `;` or tabs."""
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise InputError(f"{name}: no such file" if not path.exists() else f"{name} is not a file")
    try:
        size = path.stat().st_size
        if size > MAX_CSV_BYTES:
            raise InputError(
                f"{name} is {size // 1024 // 1024} MB; a people list can be at most "
                f"{MAX_CSV_BYTES // 1024 // 1024} MB"
            )
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{name} cannot be read: {error.strerror or error}") from None
    return parse_people_csv(_decode(data, name), name)


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


def _check_mapping(table: PeopleTable, mapping: Mapping[int, PeopleField | None]) -> None:
    unplaced = [table.headers[i] for i in range(len(table.headers)) if i not in mapping]
    if unplaced:
        names = ", ".join(repr(header) for header in unplaced)
        known = ", ".join(field.value.replace(" ", "_") for field in PeopleField)
        plural = "columns" if len(unplaced) > 1 else "column"
        raise InputError(
            f"{table.source_name}: cannot place the {plural} {names} "
            f"(known columns: {known}, and HR spellings such as 'Work Email' or 'Hire Date')"
        )
    claimed: dict[PeopleField, int] = {}
    for index, field in sorted(mapping.items()):
        if field is None:
            continue
        if field in claimed:
            raise InputError(
                f"{table.source_name}: both {table.headers[claimed[field]]!r} and "
                f"{table.headers[index]!r} hold the {field.value}; keep only one of them"
            )
        claimed[field] = index
    if PeopleField.EMAIL not in claimed:
        raise InputError(f"{table.source_name} has no email column (e.g. 'email' or 'Work Email')")
    has_parts = PeopleField.FIRST_NAME in claimed or PeopleField.LAST_NAME in claimed
    if PeopleField.NAME not in claimed and not has_parts:
        raise InputError(
            f"{table.source_name} has no name column "
            "(e.g. 'name', 'Full Name', or 'First Name' and 'Last Name')"
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


def _parse_cell_date(text: str) -> date | None:
    cleaned = text.strip()
    if not cleaned:
        return None
    # Exports often add a midnight time to dates: 2024-03-01T00:00:00 or 2024-03-01 00:00.
    if len(cleaned) > 10 and cleaned[10] in "T ":
        cleaned = cleaned[:10]
    return parse_date(cleaned, "the date")


def _split_roles(text: str, delimiter: str) -> list[str]:
    # In a `;`-separated file a `;` inside a cell needs quotes, so `,` is accepted there too.
    separators = r"[;,]" if delimiter == ";" else r"[;]"
    return [name.strip() for name in re.split(separators, text) if name.strip()]


@dataclass(frozen=True, slots=True)
class _Row:
    """One data row under a mapping, able to name its own cells in error messages."""

    table: PeopleTable
    column_of: Mapping[PeopleField, int]
    index: int

    @property
    def number(self) -> int:
        return self.index + 1

    def cell(self, field: PeopleField) -> str:
        column = self.column_of.get(field)
        return self.table.rows[self.index][column].strip() if column is not None else ""

    def error(self, field: PeopleField, problem: str) -> InputError:
        column = self.column_of.get(field)
        header = self.table.headers[column] if column is not None else field.value
        line = self.table.line_numbers[self.index]
        return InputError(
            f"{self.table.source_name}, row {self.number} (line {line}), "
            f"column {header!r}: {problem}"
        )


def validate_people(
    table: PeopleTable,
    mapping: Mapping[int, PeopleField | None],
    known_roles: Iterable[Role],
    existing_emails: Iterable[str],
) -> list[PersonDraft]:
    """Every row as a draft, or an `InputError` naming the first bad cell's row and column.

    `mapping` places each column (index → field, or None to ignore it); a column missing from
    it is refused by name. Roles are matched by name, ignoring case. An email already in the
    document, or twice in the file, is refused: importing adds people, it never changes them.
    """
    _check_mapping(table, mapping)
    column_of = {field: index for index, field in mapping.items() if field is not None}
    roles_by_name = {role.name.strip().casefold(): role for role in known_roles}
    existing = {email.strip().casefold() for email in existing_emails}
    first_row_of: dict[str, int] = {}
    drafts: list[PersonDraft] = []
    for index in range(len(table.rows)):
        row = _Row(table, column_of, index)
        draft = _draft(row, roles_by_name)
        key = draft.email.casefold()
        if key in existing:
            raise row.error(
                PeopleField.EMAIL,
                f"{draft.email} is already in the document; importing adds new people only",
            )
        if key in first_row_of:
            raise row.error(PeopleField.EMAIL, f"{draft.email} is also on row {first_row_of[key]}")
        first_row_of[key] = row.number
        drafts.append(draft)
    return drafts


def _draft(row: _Row, roles_by_name: Mapping[str, Role]) -> PersonDraft:
    name = row.cell(PeopleField.NAME) or " ".join(
        part for part in (row.cell(PeopleField.FIRST_NAME), row.cell(PeopleField.LAST_NAME)) if part
    )
    if not name:
        field = PeopleField.NAME if PeopleField.NAME in row.column_of else PeopleField.FIRST_NAME
        raise row.error(field, "the name is empty")

    email = row.cell(PeopleField.EMAIL)
    if not email:
        raise row.error(PeopleField.EMAIL, f"the email address of {name} is empty")
    if "@" not in email or any(space in email for space in " \t\n"):
        raise row.error(PeopleField.EMAIL, f"{email!r} is not an email address")

    try:
        person_type = parse_person_type(row.cell(PeopleField.TYPE))
    except ValueError as error:
        raise row.error(PeopleField.TYPE, str(error)) from None

    dates: dict[PeopleField, date | None] = {}
    for field in (PeopleField.START_DATE, PeopleField.END_DATE):
        text = row.cell(field)
        try:
            dates[field] = _parse_cell_date(text)
        except InputError:
            raise row.error(field, f"{text!r} is not a date in the form YYYY-MM-DD") from None
    start, end = dates[PeopleField.START_DATE], dates[PeopleField.END_DATE]
    if start is not None and end is not None and end < start:
        raise row.error(PeopleField.END_DATE, f"{end} is before the start date {start}")

    role_ids: list[int] = []
    for role_name in _split_roles(row.cell(PeopleField.ROLES), row.table.delimiter):
        role = roles_by_name.get(role_name.casefold())
        if role is None:
            choices = ", ".join(sorted(r.name for r in roles_by_name.values())) or "none yet"
            raise row.error(
                PeopleField.ROLES,
                f"there is no role {role_name!r} in the document (roles: {choices})",
            )
        if role.id not in role_ids:
            role_ids.append(role.id)

    return PersonDraft(
        row_number=row.number,
        name=name,
        email=email,
        type=person_type,
        job_title=row.cell(PeopleField.JOB_TITLE),
        start_date=start,
        end_date=end,
        role_ids=tuple(role_ids),
        notes=row.cell(PeopleField.NOTES),
    )
