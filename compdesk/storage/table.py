"""A table's columns, declared once: the SELECT, INSERT and UPDATE and the row ↔ record mapping.

Each area module declares its table as a `Table` of `Column`s, one per record field stored in
it; every statement and conversion of that table is built from that one list.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import date
from typing import Any, Generic, NamedTuple, Protocol, TypeVar, cast

from compdesk.models.dates import in_range
from compdesk.models.text import clean_text, without_controls


class _Record(Protocol):
    @property
    def id(self) -> int: ...


RecordT = TypeVar("RecordT", bound=_Record)
EnumT = TypeVar("EnumT", bound=enum.Enum)

Convert = Callable[[Any], Any]


def date_text(value: date | None, what: str = "date") -> str | None:
    """The stored form of a date; one outside the dates compdesk keeps is an `InputError`."""
    return in_range(value, what).isoformat() if value is not None else None


def text_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def matching(**values: Any) -> tuple[str, list[Any]]:
    """A WHERE clause (without the word) for the columns given a value; None means any."""
    chosen = {column: value for column, value in values.items() if value is not None}
    return " AND ".join(f"{column} = ?" for column in chosen), list(chosen.values())


def of_people(person_ids: Collection[int] | None) -> tuple[str, list[int]]:
    """A `person_id IN (…)` condition for these people, or none for everyone."""
    if person_ids is None:
        return "", []
    chosen = sorted(person_ids)
    return f"person_id IN ({', '.join('?' * len(chosen))})", chosen


def where_clause(condition: str) -> str:
    """` WHERE condition`, or nothing when there is no condition."""
    return f" WHERE {condition}" if condition else ""


def stripped(value: str) -> str:
    """A one-line text as stored: trimmed, without control or bidi-override characters."""
    return clean_text(value)


def multi_line(value: str) -> str:
    """A text of several lines (notes) as stored: trimmed, its line breaks kept."""
    return clean_text(value, multi_line=True)


def _kept(value: Any) -> Any:
    return without_controls(value) if isinstance(value, str) else value


class Column(NamedTuple):
    """A column of the table, named as the record field it stores."""

    name: str
    # Field value → stored value, and back; None stores the value as it is.
    to_sql: Convert | None = None
    from_sql: Convert | None = None


def date_column(name: str) -> Column:
    """A date stored as ISO 8601 text."""
    what = name.replace("_", " ")
    return Column(name, lambda value: date_text(value, what), text_date)


def enum_lookup(enum_type: type[EnumT]) -> Callable[[Any], EnumT]:
    """The member of each stored value."""
    # PERF: a dict look-up instead of calling the enum class (its metaclass __call__) per row.
    members: Mapping[Any, EnumT] = {member.value: member for member in enum_type}
    return members.__getitem__


def enum_column(name: str, enum_type: type[EnumT]) -> Column:
    """An enum member stored as its value."""
    return Column(name, _enum_value, enum_lookup(enum_type))


def _enum_value(member: enum.Enum) -> Any:
    return member.value


class Table(Generic[RecordT]):
    """A table whose rows are records of one type: `id` plus the declared columns."""

    def __init__(
        self,
        name: str,
        record_type: Callable[..., RecordT],
        columns: Sequence[Column],
        *,
        order_by: str = "id",
    ) -> None:
        self.name = name
        self.record_type = record_type
        self.columns = tuple(columns)
        names = [column.name for column in self.columns]
        listed = ", ".join(names)
        self._listed = listed
        self.select_sql = f"SELECT id, {listed} FROM {name}"
        self.order_by = order_by
        self.insert_sql = (
            f"INSERT INTO {name} ({listed}) VALUES ({', '.join('?' for _ in names)})"
        )
        self.update_sql = (
            f"UPDATE {name} SET {', '.join(f'{n} = ?' for n in names)} WHERE id = ?"
        )
        self._names = ("id", *names)
        # PERF: a row becomes its record by position, not by keyword (≈ 1 ms less per 1000
        # rows), so the columns are the record's fields in their order, after its id.
        fields = [field.name for field in dataclasses.fields(cast(Any, record_type))]
        if fields[: len(self._names)] != list(self._names):
            raise TypeError(f"the columns of {name} are not the {record_type} fields in order")
        self._to_sql = [(column.name, column.to_sql) for column in self.columns]
        # Positions (in a selected row, id first) of the values that need converting.
        self._from_sql = [
            (position, column.from_sql)
            for position, column in enumerate(self.columns, start=1)
            if column.from_sql is not None
        ]

    def select(self, where: str = "", *, order: bool = True, also: str = "") -> str:
        """The SELECT of every column (then of `also`, more expressions), with an optional
        WHERE and the table's order."""
        sql = f"SELECT id, {self._listed}, {also} FROM {self.name}" if also else self.select_sql
        sql += where_clause(where)
        if order:
            sql += f" ORDER BY {self.order_by}"
        return sql

    def values(self, record: RecordT) -> tuple[Any, ...]:
        """A record's stored values, in column order (as the INSERT takes them).

        Text no column converts still loses its control and bidi-override characters (its
        line breaks kept): no field can carry a terminal escape or reversed text in.
        """
        return tuple(
            _kept(getattr(record, name)) if convert is None else convert(getattr(record, name))
            for name, convert in self._to_sql
        )

    def update_values(self, record: RecordT) -> tuple[Any, ...]:
        """A record's values for the UPDATE: the columns, then its id."""
        return (*self.values(record), record.id)

    def record(self, row: Sequence[Any], **extra: Any) -> RecordT:
        """The record of a row selected by `select()`, with fields the table does not hold."""
        values = list(row)
        for position, convert in self._from_sql:
            values[position] = convert(values[position])
        return self.record_type(*values, **extra)
