"""Checking a people list under a column mapping: every problem at once, and what it would do.

`check_people` reads every row of a `PeopleTable` (models/people_import.py) under the user's
choices (`ImportOptions`: which field each column holds, how an ambiguous date column is
written, which role each department or job title gives, what to do with someone already in
the document) and returns an `ImportCheck`: the people to add, the people to update or skip,
the leavers, and every problem, each with its row, column, value and why. Nothing here
writes: `store.people.import_many` does that, in one transaction, only for a check without
problems.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from datetime import date
from typing import Final

from compdesk.models.errors import InputError
from compdesk.models.export_dates import (
    DateColumnReading,
    DateOrder,
    date_in_name,
    parse_export_date,
    read_date_column,
)
from compdesk.models.people_import import (
    DATE_FIELDS,
    ROLE_SOURCE_FIELDS,
    PeopleField,
    PeopleTable,
    PersonDraft,
    parse_person_type,
)
from compdesk.models.records import Person, Role
from compdesk.models.text import clean_text, is_email, normal_email

# How many problems a one-line message lists before it says how many more there are.
PROBLEMS_LISTED: Final = 20

_ACTIVE_WORDS: Final = frozenset(
    {"active", "employed", "onboarding", "leave", "on leave", "hired", "enabled", "current"}
)
_LEFT_WORDS: Final = frozenset(
    {
        "inactive",
        "suspended",
        "terminated",
        "disabled",
        "archived",
        "left",
        "former",
        "deleted",
        "blocked",
        "offboarded",
    }
)
_TRUE_WORDS: Final = frozenset({"true", "yes", "1", "y"})
_FALSE_WORDS: Final = frozenset({"false", "no", "0", "n", ""})


class ExistingChoice(enum.Enum):
    """What to do with a row whose email is already in the document."""

    UPDATE = "update"
    SKIP = "skip"

    @property
    def label(self) -> str:
        return "Update their details" if self is ExistingChoice.UPDATE else "Skip"


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """The user's choices for one check."""

    mapping: Mapping[int, PeopleField | None]
    # The day a leaver's end date defaults to, and what it is, for the summary.
    export_date: date
    export_date_source: str = "today"
    # Column → how its numeric dates are written, where the values do not tell.
    date_orders: Mapping[int, DateOrder] = dataclass_field(default_factory=dict)
    # Column (a department or job title) → value → the role it gives (None: no role).
    role_values: Mapping[int, Mapping[str, int | None]] = dataclass_field(default_factory=dict)
    # For everyone already in the document; None refuses them (importing only adds).
    existing: ExistingChoice | None = None
    # Row number → the choice for that row, over `existing`.
    row_choices: Mapping[int, ExistingChoice] = dataclass_field(default_factory=dict)


def export_date_for(source_name: str, today: date) -> tuple[date, str]:
    """The day an export was made: the date in its file name, or else today."""
    found = date_in_name(source_name)
    if found is not None and found <= today:
        return found, f"{found.isoformat()}, the date in the file's name"
    return today, f"today ({today.isoformat()})"


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A cell (or a whole file) that cannot be imported, and why, in the user's words."""

    row_number: int | None
    line: int | None
    column: str
    value: str
    why: str

    def text(self, source_name: str = "") -> str:
        place = []
        if self.row_number is not None:
            place.append(f"row {self.row_number} (line {self.line})")
        if self.column:
            place.append(f"column {self.column!r}")
        where = ", ".join(place)
        prefix = ", ".join(part for part in (source_name, where) if part)
        return f"{prefix}: {self.why}" if prefix else self.why


@dataclass(frozen=True, slots=True)
class PersonUpdate:
    """Someone already in the document, as they are and as the file would leave them."""

    row_number: int
    before: Person
    after: Person

    @property
    def changes_anything(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True, slots=True)
class ImportCheck:
    """What importing a table under some options would do, or why it cannot."""

    source_name: str
    new_people: tuple[PersonDraft, ...] = ()
    updates: tuple[PersonUpdate, ...] = ()
    skipped: tuple[PersonDraft, ...] = ()
    # Row number → the person already in the document with that row's email.
    existing_rows: Mapping[int, Person] = dataclass_field(default_factory=dict)
    problems: tuple[RowProblem, ...] = ()
    date_readings: Mapping[int, DateColumnReading] = dataclass_field(default_factory=dict)
    # Column index → the order its dates were read in (found in the values or chosen).
    date_orders: Mapping[int, DateOrder] = dataclass_field(default_factory=dict)
    leaver_rows: tuple[int, ...] = ()
    export_date_source: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changed_updates(self) -> tuple[PersonUpdate, ...]:
        return tuple(update for update in self.updates if update.changes_anything)

    def error(self) -> InputError:
        """Every problem in one message (a single one reads as before: file, row, column)."""
        if len(self.problems) == 1:
            return InputError(self.problems[0].text(self.source_name))
        listed = "; ".join(problem.text() for problem in self.problems[:PROBLEMS_LISTED])
        more = len(self.problems) - PROBLEMS_LISTED
        tail = f"; and {more} more" if more > 0 else ""
        return InputError(
            f"{self.source_name}: {len(self.problems)} problems, so nobody was imported: "
            f"{listed}{tail}"
        )


def distinct_values(table: PeopleTable, column: int) -> list[str]:
    """A column's different values, in the order they first appear (empty left out)."""
    seen: dict[str, None] = {}
    for row in table.rows:
        value = row[column].strip()
        if value:
            seen.setdefault(value, None)
    return list(seen)


def default_role_values(
    table: PeopleTable, column: int, roles: Iterable[Role]
) -> dict[str, int | None]:
    """Each value of the column → the role of the same name (ignoring case), or no role."""
    by_name = {role.name.strip().casefold(): role.id for role in roles}
    return {value: by_name.get(value.casefold()) for value in distinct_values(table, column)}


def _mapping_problems(
    table: PeopleTable, mapping: Mapping[int, PeopleField | None]
) -> list[RowProblem]:
    def whole(why: str, column: str = "") -> RowProblem:
        return RowProblem(None, None, column, "", why)

    problems = [
        whole("compdesk does not know what this column holds: choose a field or ignore it", header)
        for index, header in enumerate(table.headers)
        if index not in mapping
    ]
    claimed: dict[PeopleField, int] = {}
    for index, field in sorted(mapping.items()):
        if field is None:
            continue
        if field in claimed:
            first = table.headers[claimed[field]]
            problems.append(
                whole(
                    f"both {first!r} and this column hold the {field.value}; keep only one",
                    table.headers[index],
                )
            )
        else:
            claimed[field] = index
    if PeopleField.EMAIL not in claimed:
        problems.append(whole("no column holds the email address (e.g. 'Email', 'Work Email')"))
    if not {PeopleField.NAME, PeopleField.FIRST_NAME, PeopleField.LAST_NAME} & set(claimed):
        problems.append(
            whole("no column holds the name (e.g. 'Name', or 'First Name' and 'Last Name')")
        )
    return problems


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower().replace("_", " ").replace("-", " "))


class _Row:
    """One data row under a mapping, gathering its problems as its cells are read."""

    def __init__(self, table: PeopleTable, column_of: Mapping[PeopleField, int], index: int):
        self.table, self.column_of, self.index = table, column_of, index
        self.number = index + 1
        self.problems: list[RowProblem] = []

    def cell(self, field: PeopleField) -> str:
        column = self.column_of.get(field)
        return self.table.rows[self.index][column].strip() if column is not None else ""

    def problem(self, field: PeopleField, why: str) -> None:
        column = self.column_of.get(field)
        header = self.table.headers[column] if column is not None else field.label
        self.problems.append(
            RowProblem(
                self.number, self.table.line_numbers[self.index], header, self.cell(field), why
            )
        )


def _left(row: _Row) -> bool:
    """Whether the row's status columns say the person has left; problems if unreadable."""
    left = False
    status = _words(row.cell(PeopleField.STATUS))
    if status in _LEFT_WORDS:
        left = True
    elif status and status not in _ACTIVE_WORDS:
        row.problem(
            PeopleField.STATUS,
            f"{row.cell(PeopleField.STATUS)!r} is not a status compdesk knows "
            "(active, on leave, inactive, suspended, terminated)",
        )
    for field, leaving_words in (
        (PeopleField.ACCOUNT_ENABLED, _FALSE_WORDS - {""}),
        (PeopleField.SIGN_IN_BLOCKED, _TRUE_WORDS),
    ):
        if field not in row.column_of:
            continue
        value = _words(row.cell(field))
        if value in leaving_words:
            left = True
        elif value not in _TRUE_WORDS | _FALSE_WORDS:
            row.problem(field, f"{row.cell(field)!r} is neither yes nor no (true or false)")
    type_word = _words(row.cell(PeopleField.TYPE))
    return left or type_word in _LEFT_WORDS


def _draft(
    row: _Row,
    options: ImportOptions,
    date_orders: Mapping[PeopleField, DateOrder | None],
    roles_by_name: Mapping[str, Role],
) -> PersonDraft | None:
    given: set[PeopleField] = {field for field in row.column_of if row.cell(field)}
    name = row.cell(PeopleField.NAME) or " ".join(
        part for part in (row.cell(PeopleField.FIRST_NAME), row.cell(PeopleField.LAST_NAME)) if part
    )
    if not name:
        field = PeopleField.NAME if PeopleField.NAME in row.column_of else PeopleField.FIRST_NAME
        row.problem(field, "the name is empty")

    name = clean_text(name)
    email = normal_email(row.cell(PeopleField.EMAIL))
    if not email:
        row.problem(PeopleField.EMAIL, f"the email address of {name or 'this person'} is empty")
    elif not is_email(email):
        row.problem(PeopleField.EMAIL, f"{row.cell(PeopleField.EMAIL)!r} is not an email address")

    left = _left(row)
    type_text = row.cell(PeopleField.TYPE)
    person_type = parse_person_type("")
    if _words(type_text) in _LEFT_WORDS:
        given.discard(PeopleField.TYPE)
    else:
        try:
            person_type = parse_person_type(type_text)
        except ValueError as error:
            row.problem(PeopleField.TYPE, str(error))

    dates: dict[PeopleField, date | None] = {}
    for field in DATE_FIELDS:
        try:
            dates[field] = parse_export_date(row.cell(field), date_orders.get(field))
        except ValueError as error:
            dates[field] = None
            row.problem(field, str(error))
    start, end = dates[PeopleField.START_DATE], dates[PeopleField.END_DATE]
    if left and end is None:
        if start is not None and start > options.export_date:
            row.problem(
                PeopleField.START_DATE,
                f"the account is disabled and {name} starts on {start.isoformat()}, after "
                f"{options.export_date.isoformat()}; import future starters once they are active",
            )
        end = options.export_date
    elif start is not None and end is not None and end < start:
        row.problem(
            PeopleField.END_DATE, f"{end.isoformat()} is before the start date {start.isoformat()}"
        )

    role_ids: list[int] = []
    for role_name in _split_roles(row.cell(PeopleField.ROLES), row.table.delimiter):
        role = roles_by_name.get(role_name.casefold())
        if role is None:
            choices = ", ".join(sorted(r.name for r in roles_by_name.values())) or "none yet"
            row.problem(
                PeopleField.ROLES,
                f"there is no role {role_name!r} in the document (roles: {choices})",
            )
        elif role.id not in role_ids:
            role_ids.append(role.id)
    for column, values in options.role_values.items():
        role_id = values.get(row.table.rows[row.index][column].strip())
        if role_id is not None and role_id not in role_ids:
            role_ids.append(role_id)
    if role_ids:
        given.add(PeopleField.ROLES)

    if row.problems:
        return None
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
        given=frozenset(given),
        leaver=left,
    )


def _split_roles(text: str, delimiter: str) -> list[str]:
    # In a `;`-separated file a `;` inside a cell needs quotes, so `,` is accepted there too.
    separators = r"[;,]" if delimiter == ";" else r"[;]"
    return [name.strip() for name in re.split(separators, text) if name.strip()]


def updated_person(person: Person, draft: PersonDraft) -> Person:
    """The person as the row leaves them: only what the row gives changes; roles are added."""
    given = draft.given
    changes: dict[str, object] = {}
    if {PeopleField.NAME, PeopleField.FIRST_NAME, PeopleField.LAST_NAME} & given:
        changes["name"] = draft.name
    if PeopleField.TYPE in given:
        changes["type"] = draft.type
    if PeopleField.JOB_TITLE in given:
        changes["job_title"] = draft.job_title
    if PeopleField.NOTES in given:
        changes["notes"] = draft.notes
    if PeopleField.START_DATE in given:
        changes["start_date"] = draft.start_date
    if PeopleField.END_DATE in given or (draft.leaver and person.end_date is None):
        changes["end_date"] = draft.end_date
    if draft.role_ids:
        changes["role_ids"] = person.role_ids + tuple(
            role_id for role_id in draft.role_ids if role_id not in person.role_ids
        )
    return replace(person, **changes)  # type: ignore[arg-type]  # values typed per field above


def check_people(
    table: PeopleTable,
    options: ImportOptions,
    roles: Iterable[Role],
    people: Iterable[Person],
) -> ImportCheck:
    """Every row under the options: what importing would do, and every problem at once."""
    mapping = options.mapping
    problems = _mapping_problems(table, mapping)
    if not table.rows:
        problems.append(
            RowProblem(None, None, "", "", "it lists nobody: it has only a header line")
        )
    # A column not yet placed does not hide the rows' own problems; a file with no name or
    # email column, or a field held twice, has no rows to read.
    if len(problems) > len(table.headers) - len(mapping):
        return ImportCheck(table.source_name, problems=tuple(problems))

    column_of = {field: index for index, field in mapping.items() if field is not None}
    readings: dict[int, DateColumnReading] = {}
    orders: dict[PeopleField, DateOrder | None] = {}
    column_orders: dict[int, DateOrder] = {}
    for field in DATE_FIELDS:
        column = column_of.get(field)
        if column is None:
            continue
        reading = read_date_column(row[column] for row in table.rows)
        readings[column] = reading
        header = table.headers[column]
        chosen = options.date_orders.get(column)
        if reading.contradicts_itself:
            problems.append(
                RowProblem(
                    None,
                    None,
                    header,
                    reading.month_first_example,
                    f"the column writes some dates day first ({reading.day_first_example}) and "
                    f"others month first ({reading.month_first_example}); make them agree",
                )
            )
        order = reading.order or chosen
        orders[field] = order
        if order is not None:
            column_orders[column] = order

    roles_by_name = {role.name.strip().casefold(): role for role in roles}
    existing = {normal_email(person.email): person for person in people}
    role_values = {
        column: values
        for column, values in options.role_values.items()
        if mapping.get(column) in ROLE_SOURCE_FIELDS
    }
    options = replace(options, role_values=role_values)
    first_row_of: dict[str, int] = {}
    new_people: list[PersonDraft] = []
    updates: list[PersonUpdate] = []
    skipped: list[PersonDraft] = []
    existing_rows: dict[int, Person] = {}
    leavers: list[int] = []
    for index in range(len(table.rows)):
        row = _Row(table, column_of, index)
        draft = _draft(row, options, orders, roles_by_name)
        key = normal_email(row.cell(PeopleField.EMAIL))
        if key and key in first_row_of:
            row.problem(
                PeopleField.EMAIL,
                f"{row.cell(PeopleField.EMAIL)} is also on row {first_row_of[key]}",
            )
        first_row_of.setdefault(key, row.number)
        person = existing.get(key)
        if person is not None:
            existing_rows[row.number] = person
        choice = options.row_choices.get(row.number, options.existing)
        if person is not None and choice is None:
            row.problem(
                PeopleField.EMAIL,
                f"{row.cell(PeopleField.EMAIL)} is already in the document"
                + (f" ({person.name})" if person.name != person.email else "")
                + "; choose to update or skip the people already there",
            )
        problems.extend(row.problems)
        if draft is None or row.problems:
            continue
        if draft.leaver:
            leavers.append(row.number)
        if person is None:
            new_people.append(draft)
        elif choice is ExistingChoice.UPDATE:
            after = updated_person(person, draft)
            if after.start_date and after.end_date and after.end_date < after.start_date:
                row.problem(
                    PeopleField.END_DATE,
                    f"{person.name} would end on {after.end_date.isoformat()}, before their "
                    f"start date {after.start_date.isoformat()}",
                )
                problems.extend(row.problems)
                continue
            updates.append(PersonUpdate(row.number, person, after))
        else:
            skipped.append(draft)
    return ImportCheck(
        table.source_name,
        new_people=tuple(new_people),
        updates=tuple(updates),
        skipped=tuple(skipped),
        existing_rows=existing_rows,
        problems=tuple(problems),
        date_readings=readings,
        date_orders=column_orders,
        leaver_rows=tuple(leavers),
        export_date_source=options.export_date_source,
    )


def validate_people(
    table: PeopleTable,
    mapping: Mapping[int, PeopleField | None],
    known_roles: Iterable[Role],
    existing_emails: Iterable[str],
    *,
    today: date | None = None,
) -> list[PersonDraft]:
    """Every row as a new person, or an `InputError` listing every problem.

    The strict form: an email already in the document is refused, as is any date column
    that needs its order chosen.
    """
    people = [Person(0, email, email) for email in existing_emails]
    when = today or date.today()
    export_date, source = export_date_for(table.source_name, when)
    check = check_people(
        table,
        ImportOptions(mapping, export_date, source),
        known_roles,
        people,
    )
    if not check.ok:
        raise check.error()
    return list(check.new_people)
