"""Areas of records known by a unique name: roles and competencies."""

from __future__ import annotations

import builtins
from dataclasses import Field, replace
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from compdesk.storage.area import Area, renamed
from compdesk.storage.table import Table


class _Named(Protocol):
    __dataclass_fields__: ClassVar[dict[str, Field[Any]]]

    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str: ...


NamedT = TypeVar("NamedT", bound=_Named)


class NamedArea(Area, Generic[NamedT]):
    """Records of one table, each with a unique name; `noun` is how messages name one."""

    table: ClassVar[Table[Any]]
    noun: ClassVar[str]

    def all(self) -> builtins.list[NamedT]:
        return [self.table.record(row) for row in self._db.execute(self.table.select())]

    def get(self, record_id: int) -> NamedT:
        row = self._db.one(self.table.select("id = ?", order=False), (record_id,), self.noun)
        record: NamedT = self.table.record(row)
        return record

    def by_name(self, name: str) -> NamedT:
        row = self._db.one(
            self.table.select("name = ?", order=False), (name.strip(),), f"{self.noun} {name!r}"
        )
        record: NamedT = self.table.record(row)
        return record

    def add(self, name: str, **values: Any) -> NamedT:
        record: NamedT = replace(self.table.record_type(id=0, name=name.strip()), **values)
        with self._db.transaction():
            record_id = self._db.insert(self.table.insert_sql, self.table.values(record))
            self._log(f"added {self.noun} {record.name}")
        return replace(record, id=record_id)

    def update(self, record: NamedT) -> NamedT:
        with self._db.transaction():
            before = self.get(record.id)
            self._db.execute(self.table.update_sql, self.table.update_values(record))
            self._log(f"changed {self.noun} {renamed(before.name, record.name)}")
        return self.get(record.id)

    def delete(self, record_id: int, *, keep_for_undo: bool = False) -> int | None:
        """Delete the record and every row that refers to it (see `storage.trash`)."""
        record = self.get(record_id)
        return self._store.trash.delete(
            f"deleted {self.noun} {record.name}",
            self.table.name,
            record_id,
            keep_for_undo=keep_for_undo,
        )
