"""Deletion that undo can take back, following the schema's own foreign keys.

Deleting a record deletes every row that refers to it, transitively, as the schema declares
(`PRAGMA foreign_key_list`, read once per schema): a person takes their evidence, its
attachments, their actions, role assignments and attendances with them. A reference declared
`ON DELETE SET NULL` keeps its row; undo puts the reference back. What was deleted can wait in
the trash (one row of JSON: `[[table, [row, ...]], ...]`, parents first) while an undo step may
need it; the stored files it used are pinned by `trash_blobs` meanwhile. Blobs are shared and
never deleted with a record: one is deleted only when nothing refers to it any more.
A table that refers to itself is not followed.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from compdesk.models.dates import utc_now_text
from compdesk.storage.area import Area
from compdesk.storage.connection import Database


class Reference(NamedTuple):
    """A foreign key: `child.columns` refer to `parent.parent_columns`."""

    child: str
    columns: tuple[str, ...]
    parent: str
    parent_columns: tuple[str, ...]
    on_delete: str

    @property
    def keeps_row(self) -> bool:
        """Deleting the parent changes the referring row instead of deleting it."""
        return self.on_delete in ("SET NULL", "SET DEFAULT")


class _Reached(NamedTuple):
    """Rows that a deletion reaches: those of `table` matching `where`."""

    table: str
    where: str
    parameters: tuple[Any, ...]
    kept: bool


def _in(columns: Sequence[str]) -> str:
    return columns[0] if len(columns) == 1 else f"({', '.join(columns)})"


class ForeignKeys:
    """The schema's foreign-key graph: who refers to each table, and the tables parents first."""

    def __init__(self, db: Database) -> None:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_schema WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        self.primary_keys: dict[str, tuple[str, ...]] = {}
        for table in tables:
            info = sorted((row[5], row[1]) for row in db.execute(f"PRAGMA table_info({table})"))
            self.primary_keys[table] = tuple(name for position, name in info if position)
        self.referrers: dict[str, list[Reference]] = {table: [] for table in tables}
        for table in tables:
            keys: dict[int, list[sqlite3.Row]] = {}
            for row in db.rows(f"PRAGMA foreign_key_list({table})"):
                keys.setdefault(row["id"], []).append(row)
            for key_rows in keys.values():
                key_rows.sort(key=lambda row: row["seq"])
                parent = key_rows[0]["table"]
                # A key that names no parent columns refers to the parent's primary key.
                parent_columns = tuple(row["to"] for row in key_rows if row["to"] is not None)
                self.referrers.setdefault(parent, []).append(
                    Reference(
                        child=table,
                        columns=tuple(row["from"] for row in key_rows),
                        parent=parent,
                        parent_columns=parent_columns or self.primary_keys.get(parent, ()),
                        on_delete=key_rows[0]["on_delete"].upper(),
                    )
                )
        self.order = self._parents_first(tables)

    def _parents_first(self, tables: list[str]) -> list[str]:
        parents: dict[str, set[str]] = {table: set() for table in tables}
        for parent, references in self.referrers.items():
            for reference in references:
                if reference.child != parent and reference.child in parents:
                    parents[reference.child].add(parent)
        ordered: list[str] = []
        while parents:
            ready = sorted(table for table, waiting in parents.items() if not waiting - {*ordered})
            # A cycle between tables: take the rest as they come rather than loop forever.
            ready = ready or sorted(parents)
            for table in ready:
                ordered.append(table)
                del parents[table]
        return ordered

    def reach(self, table: str, where: str, parameters: tuple[Any, ...]) -> list[_Reached]:
        """Every set of rows that deleting `table WHERE where` deletes or changes, parents first."""
        reached = [_Reached(table, where, parameters, kept=False)]
        for reference in self.referrers.get(table, ()):
            if reference.child == table:
                continue
            child_where = (
                f"{_in(reference.columns)} IN (SELECT {', '.join(reference.parent_columns)}"
                f" FROM {table} WHERE {where})"
            )
            if reference.keeps_row:
                reached.append(_Reached(reference.child, child_where, parameters, kept=True))
            else:
                reached += self.reach(reference.child, child_where, parameters)
        return reached

    def kept_columns(self, table: str) -> tuple[str, ...]:
        """The columns of `table` that a deletion elsewhere sets to NULL (or their default)."""
        return tuple(
            column
            for references in self.referrers.values()
            for reference in references
            if reference.child == table and reference.keeps_row
            for column in reference.columns
        )


Snapshot = list[tuple[str, list[dict[str, Any]]]]


class Trash(Area):
    _keys: ForeignKeys | None = None
    _keys_schema = -1

    def foreign_keys(self) -> ForeignKeys:
        """The foreign-key graph, read again only when the schema has changed."""
        cookie = int(self._db.scalar("PRAGMA schema_version"))
        if self._keys is None or cookie != self._keys_schema:
            self._keys, self._keys_schema = ForeignKeys(self._db), cookie
        return self._keys

    def delete(self, what: str, table: str, row_id: int, *, keep_for_undo: bool) -> int | None:
        """Delete one record and everything that refers to it; optionally keep it for undo.

        Returns the trash id that `restore` takes, when the rows were kept.
        """
        with self._db.transaction():
            keys = self.foreign_keys()
            reached = keys.reach(table, "id = ?", (row_id,))
            snapshot = self._snapshot(keys, reached)
            blob_ids = self._blob_ids(keys, snapshot)
            trash_id = None
            if keep_for_undo:
                trash_id = self._db.insert(
                    "INSERT INTO trash (deleted_at, what, payload) VALUES (?, ?, ?)",
                    (utc_now_text(), what, json.dumps(snapshot)),
                )
                self._db.executemany(
                    "INSERT INTO trash_blobs (trash_id, blob_id) VALUES (?, ?)",
                    [(trash_id, blob_id) for blob_id in sorted(blob_ids)],
                )
            # Children first, so that no foreign key is violated on the way.
            for rows in reversed(reached):
                if not rows.kept:
                    self._db.execute(f"DELETE FROM {rows.table} WHERE {rows.where}", rows.parameters)
            self._delete_orphaned_blobs(keys, blob_ids)
            self._log(what)
        return trash_id

    def _snapshot(self, keys: ForeignKeys, reached: list[_Reached]) -> Snapshot:
        by_table: dict[str, dict[tuple[Any, ...], dict[str, Any]]] = {}
        for rows in reached:
            found = by_table.setdefault(rows.table, {})
            for row in self._db.rows(f"SELECT * FROM {rows.table} WHERE {rows.where}", rows.parameters):
                values = dict(row)
                # A row reached along two paths is kept once.
                found.setdefault(tuple(values.values()), values)
        return [(table, list(by_table[table].values())) for table in keys.order if table in by_table]

    @staticmethod
    def _blob_ids(keys: ForeignKeys, snapshot: Snapshot) -> set[int]:
        """The stored files that the deleted rows use."""
        columns = {
            reference.child: reference.columns[0] for reference in keys.referrers.get("blobs", ())
        }
        return {
            row[columns[table]] for table, rows in snapshot if table in columns for row in rows
        }

    def restore(self, trash_id: int) -> None:
        """Put back what a deletion kept for undo, with the same ids."""
        with self._db.transaction():
            row = self._db.one("SELECT what, payload FROM trash WHERE id = ?", (trash_id,), "trash")
            snapshot: Snapshot = json.loads(row["payload"])
            keys = self.foreign_keys()
            for table, rows in snapshot:
                kept_columns = keys.kept_columns(table)
                primary_key = keys.primary_keys.get(table, ())
                for values in rows:
                    if kept_columns and primary_key and self._exists(table, primary_key, values):
                        self._put_back_references(table, primary_key, kept_columns, values)
                        continue
                    columns = ", ".join(values)
                    marks = ", ".join("?" for _ in values)
                    self._db.execute(
                        f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(values.values())
                    )
            self._db.execute("DELETE FROM trash WHERE id = ?", (trash_id,))
            self._log(f"undid: {row['what']}")

    def _exists(self, table: str, primary_key: Sequence[str], values: dict[str, Any]) -> bool:
        where = " AND ".join(f"{column} = ?" for column in primary_key)
        found = self._db.execute(
            f"SELECT 1 FROM {table} WHERE {where}", [values[c] for c in primary_key]
        )
        return found.fetchone() is not None

    def _put_back_references(
        self,
        table: str,
        primary_key: Sequence[str],
        columns: Sequence[str],
        values: dict[str, Any],
    ) -> None:
        """A row the deletion kept: give it back the references the deletion cleared."""
        assignments = ", ".join(f"{column} = ?" for column in columns)
        where = " AND ".join(f"{column} = ?" for column in primary_key)
        self._db.execute(
            f"UPDATE {table} SET {assignments} WHERE {where}",
            [values[c] for c in columns] + [values[c] for c in primary_key],
        )

    def purge(self, trash_ids: Iterable[int] | None = None) -> None:
        """Forget deletions kept for undo, so that deleted bytes are really gone."""
        if self._store.read_only:
            return
        with self._db.transaction():
            if trash_ids is None:
                chosen = [r[0] for r in self._db.execute("SELECT id FROM trash")]
            else:
                chosen = list(trash_ids)
            if not chosen:
                return
            marks = ", ".join("?" for _ in chosen)
            blob_ids = {
                r[0]
                for r in self._db.execute(
                    f"SELECT blob_id FROM trash_blobs WHERE trash_id IN ({marks})", chosen
                )
            }
            self._db.execute(f"DELETE FROM trash WHERE id IN ({marks})", chosen)
            self._delete_orphaned_blobs(self.foreign_keys(), blob_ids)

    def _delete_orphaned_blobs(self, keys: ForeignKeys, blob_ids: Iterable[int]) -> None:
        unused = "".join(
            f" AND NOT EXISTS (SELECT 1 FROM {reference.child}"
            f" WHERE {reference.columns[0]} = blobs.id)"
            for reference in keys.referrers.get("blobs", ())
        )
        self._db.executemany(
            f"DELETE FROM blobs WHERE id = ?{unused}", [(blob_id,) for blob_id in blob_ids]
        )
