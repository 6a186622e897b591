"""The change log: every edit, who made it and when, each entry chained to the one before."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

from compdesk.models.dates import utc_now_text
from compdesk.models.records import ChangeLogEntry
from compdesk.storage.area import Area
from compdesk.storage.connection import Database
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


def head_text(head: tuple[str, int]) -> str:
    """A change-log head as binders, backups and the window show it: its hash and length."""
    head_hash, length = head
    return f"{head_hash} ({length} entr{'ies' if length != 1 else 'y'})"


def verify_chain(entries: Iterable[ChangeLogEntry]) -> list[str]:
    """A sentence per broken link of the chain, oldest first (none for a sound chain): an
    entry that does not follow the one before it, or whose hash does not match its contents.
    `compdesk check` and the window's History both judge the chain by this."""
    problems: list[str] = []
    previous = GENESIS_HASH
    for entry in entries:
        described = f"change log entry {entry.id} ({entry.at}, {entry.what!r})"
        if entry.previous_hash != previous:
            if previous == GENESIS_HASH:
                problem = "is the first entry but does not start the chain: earlier entries"
            else:
                problem = "does not follow the entry before it: entries"
            problems.append(f"{described} {problem} were removed or edited")
        fields = (entry.previous_hash, entry.at, entry.who, entry.what)
        if not all(isinstance(value, str) for value in fields) or (
            change_log_hash(*(str(value) for value in fields)) != entry.hash
        ):
            problems.append(
                f"{described} was edited outside compdesk: its hash does not match its contents"
            )
        previous = entry.hash
    return problems


@dataclass(frozen=True, slots=True)
class LogFilter:
    """Which change-log entries to show; every part given must match (empty parts match all).

    `about`: entries whose text names any of these (a person's name or email);
    `made_by`: entries whose author is any of these; `since` / `before`: the moment (UTC, as
    the entries store it) an entry must be at or after / before; `text`: a word in the text.
    Matching ignores case."""

    about: tuple[str, ...] = ()
    made_by: tuple[str, ...] = ()
    since: str | None = None
    before: str | None = None
    text: str = ""

    def where(self) -> tuple[str, list[Any]]:
        """The WHERE clause (with the word, or empty) and its parameters."""
        clauses: list[str] = []
        parameters: list[Any] = []
        about = [term for term in self.about if term.strip()]
        if about:
            clauses.append(
                "(" + " OR ".join("instr(lower(what), lower(?)) > 0" for _ in about) + ")"
            )
            parameters += [term.strip() for term in about]
        made_by = [term for term in self.made_by if term.strip()]
        if made_by:
            clauses.append("(" + " OR ".join("lower(who) = lower(?)" for _ in made_by) + ")")
            parameters += [term.strip() for term in made_by]
        if self.since is not None:
            clauses.append("at >= ?")
            parameters.append(self.since)
        if self.before is not None:
            clauses.append("at < ?")
            parameters.append(self.before)
        if self.text.strip():
            clauses.append("instr(lower(what), lower(?)) > 0")
            parameters.append(self.text.strip())
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), parameters


class ChangeLog(Area):
    # While set, edits are not logged one by one: `Store.logged_as` logs them as one entry.
    suppressed = False

    def head(self) -> tuple[str, int]:
        """The hash of the last entry and the number of entries: the anchor a binder or a
        backup prints, which `compdesk check FILE --since HASH` proves the history still holds."""
        return ChangeLog.head_of(self._db)

    @staticmethod
    def head_of(db: sqlite3.Connection | Database) -> tuple[str, int]:
        """head() of any connection to a document of any format (a backup's copy)."""
        row = db.execute("SELECT hash FROM change_log ORDER BY id DESC LIMIT 1").fetchone()
        length = db.execute("SELECT count(*) FROM change_log").fetchone()[0]
        return (row[0] if row else GENESIS_HASH, int(length))

    def entries(self) -> list[ChangeLogEntry]:
        return [TABLE.record(row) for row in self._db.execute(TABLE.select())]

    def page(
        self, offset: int, limit: int, filters: LogFilter | None = None
    ) -> list[ChangeLogEntry]:
        """At most `limit` entries that match `filters`, newest first, after skipping `offset`."""
        where, parameters = (filters or LogFilter()).where()
        columns = ", ".join(("id", *(column.name for column in TABLE.columns)))
        rows = self._db.execute(
            f"SELECT {columns} FROM change_log{where} ORDER BY id DESC LIMIT ? OFFSET ?",
            [*parameters, limit, offset],
        )
        return [ChangeLogEntry(*row) for row in rows]

    def count(self, filters: LogFilter | None = None) -> int:
        """The number of entries that match `filters`."""
        where, parameters = (filters or LogFilter()).where()
        return int(
            self._db.execute(f"SELECT count(*) FROM change_log{where}", parameters).fetchone()[0]
        )

    def authors(self) -> list[str]:
        """Everyone who made an edit, in alphabetical order."""
        rows = self._db.execute("SELECT DISTINCT who FROM change_log ORDER BY lower(who)")
        return [str(row[0]) for row in rows]

    def verify(self) -> list[str]:
        """The problems of the whole chain (`verify_chain`), read a page at a time."""
        return verify_chain(self._oldest_first())

    def _oldest_first(self) -> Iterable[ChangeLogEntry]:
        columns = ", ".join(("id", *(column.name for column in TABLE.columns)))
        for row in self._db.execute(f"SELECT {columns} FROM change_log ORDER BY id"):
            yield ChangeLogEntry(*row)

    def append(self, what: str, *, even_in_bulk: bool = False) -> None:
        """Add an entry; inside bulk work only one `even_in_bulk`: what must stay provable on
        its own (the SHA-256 of an attached file, which `check` compares the file with)."""
        if self.suppressed and not even_in_bulk:
            return
        with self._db.transaction():
            row = self._db.execute(
                "SELECT hash FROM change_log ORDER BY id DESC LIMIT 1"
            ).fetchone()
            previous = row[0] if row else GENESIS_HASH
            at = utc_now_text()
            user = self._store.user
            entry = ChangeLogEntry(
                0, at, user, what, previous, change_log_hash(previous, at, user, what)
            )
            self._db.execute(TABLE.insert_sql, TABLE.values(entry))
            # Counted up, never recounted: entries removed earlier stay missing from the count.
            self._db.execute("UPDATE change_log_length SET entries = entries + 1")
