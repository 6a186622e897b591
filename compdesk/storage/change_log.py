"""The change log: every edit, who made it and when, each entry chained to the one before."""

from __future__ import annotations

from typing import Final

from compdesk.models.dates import utc_now_text
from compdesk.models.records import ChangeLogEntry
from compdesk.storage.area import Area
from compdesk.storage.digest import sha256
from compdesk.storage.table import Column, Table

GENESIS_HASH: Final = "0" * 64

TABLE: Final = Table(
    "change_log",
    ChangeLogEntry,
    [Column("at"), Column("who"), Column("what"), Column("previous_hash"), Column("hash")],
)


def change_log_hash(previous_hash: str, at: str, who: str, what: str) -> str:
    return sha256("\n".join((previous_hash, at, who, what)).encode()).hexdigest()


class ChangeLog(Area):
    # While set, edits are not logged one by one: `Store.logged_as` logs them as one entry.
    suppressed = False

    def head(self) -> tuple[str, int]:
        """The hash of the last entry and the number of entries: the anchor a binder or a
        backup prints, which `compdesk check FILE --since HASH` proves the history still holds."""
        row = self._db.execute("SELECT hash FROM change_log ORDER BY id DESC LIMIT 1").fetchone()
        length = self._db.execute("SELECT count(*) FROM change_log").fetchone()[0]
        return (row[0] if row else GENESIS_HASH, int(length))

    def entries(self) -> list[ChangeLogEntry]:
        return [TABLE.record(row) for row in self._db.execute(TABLE.select())]

    def append(self, what: str) -> None:
        if self.suppressed:
            return
        with self._db.transaction():
            row = self._db.execute(
                "SELECT hash FROM change_log ORDER BY id DESC LIMIT 1"
            ).fetchone()
            previous = row[0] if row else GENESIS_HASH
            at = utc_now_text()
            user = self._store.user
            entry = ChangeLogEntry(0, at, user, what, previous, change_log_hash(previous, at, user, what))
            self._db.execute(TABLE.insert_sql, TABLE.values(entry))
            # Counted up, never recounted: entries removed earlier stay missing from the count.
            self._db.execute("UPDATE change_log_length SET entries = entries + 1")
