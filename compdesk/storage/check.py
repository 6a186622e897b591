"""Checking a document: is it intact, and was its history edited outside compdesk?

Reads only; the document is opened read-only and never modified, and nothing it brings with it
(a trigger, a view) is run. Checks, in order: that the file is a compdesk document this version
can open, its journal mode, SQLite's own integrity check, the schema against the one its format
number promises (storage/schema_audit.py), every value (storage/check_values.py), every stored
file's size and SHA-256 and the records referring to it, and the change log: its hash chain,
its length against the count kept beside it, and optionally an anchor (`since`).

Damage of any kind is a finding, never a failure of the check: each part runs on its own and a
missing table is reported by name.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from compdesk.models.errors import (
    DamagedDocumentError,
    DocumentBusyError,
    DocumentError,
    InterruptedEditError,
)
from compdesk.models.records import ChangeLogEntry
from compdesk.storage.attachments import CHUNK_SIZE, LoggedAttachments, ProgressCallback
from compdesk.storage.change_log import verify_chain
from compdesk.storage.check_values import value_problems
from compdesk.storage.opening import damaged_pages_error, inspect_document
from compdesk.storage.purge import PURGE_ENTRY
from compdesk.storage.schema import SCHEMA_VERSION
from compdesk.storage.schema_audit import schema_problems
from compdesk.storage.store import Store


@dataclass(slots=True)
class CheckReport:
    """What a check found: problems (empty when sound) and what was verified."""

    path: Path
    # False when the file could not be opened as a compdesk document at all.
    opened: bool = True
    problems: list[str] = field(default_factory=list)
    verified: list[str] = field(default_factory=list)
    # Stored files with a size but no bytes: a backup made without attachments, restored.
    # They are one problem among `problems` (worded by left_out_problem).
    attachments_left_out: int = 0

    @property
    def ok(self) -> bool:
        return self.opened and not self.problems


def left_out_problem(count: int) -> str:
    """The one problem a check reports for `count` stored files whose bytes were left out of a
    backup: the document is not damaged, but an auditor must know its evidence files are
    missing."""
    attachments = f"{count} attachment{'s were' if count != 1 else ' was'}"
    return (
        f"{attachments} left out of the backup this document was restored from "
        "(their names, sizes and SHA-256 are kept)"
    )


def check_document(path: Path | str) -> list[str]:
    """The problems found in a document; empty when it is sound."""
    return run_check(path).problems


def run_check(
    path: Path | str,
    *,
    since: str | None = None,
    report_progress: ProgressCallback | None = None,
) -> CheckReport:
    """Check the document at `path`; with `since` (a change-log hash), also prove that the
    history still holds that entry and has only grown after it."""
    path = Path(path)
    report = CheckReport(path)
    try:
        # PERF: the pages are read once, by integrity_check below, not also by quick_check.
        version = inspect_document(path, check_pages=False)
    except DamagedDocumentError as error:
        # A damaged compdesk document is a finding of the check, not an unusable input.
        report.problems.append(str(error))
        return report
    except DocumentError as error:
        report.opened = False
        report.problems.append(str(error))
        return report
    if version < SCHEMA_VERSION:
        report.opened = False
        report.problems.append(
            f"{path.name} uses file format {version}; open it in compdesk once to upgrade it "
            f"to format {SCHEMA_VERSION} (a backup copy is kept), then check it again"
        )
        return report
    report.problems += _journal_problems(path)
    try:
        with Store.open(path, read_only=True, check_pages=False) as store:
            _check_store(store, report, report_progress, since)
    except DamagedDocumentError as error:
        report.problems.append(str(error))
    except (DocumentBusyError, InterruptedEditError) as error:
        # Another program's lock, or an edit still to be undone: the check could not run.
        report.opened = False
        report.problems.append(str(error))
    except DocumentError as error:
        report.problems.append(str(error))
    except sqlite3.DatabaseError as error:
        report.problems.append(f"the document could not be read to the end ({error})")
    return report


def _journal_problems(path: Path) -> list[str]:
    """A document is one file: a write-ahead log beside it holds edits the file lacks."""
    problems = []
    with path.open("rb") as stream:
        header = stream.read(20)
    if len(header) == 20 and (header[18], header[19]) == (2, 2):
        problems.append(
            "the document was switched to write-ahead logging by another program: its latest "
            "edits may sit in a separate -wal file, and a copy of the document alone would "
            "lack them"
        )
    for suffix in ("-wal", "-shm"):
        beside = path.with_name(path.name + suffix)
        if beside.exists():
            problems.append(
                f"{beside.name} lies beside the document: another program used it in "
                "write-ahead mode, and edits in that file are not part of the document itself"
            )
    return problems


def _check_store(
    store: Store,
    report: CheckReport,
    report_progress: ProgressCallback | None,
    since: str | None,
) -> None:
    connection = store.db.connection
    connection.execute("PRAGMA trusted_schema = OFF")
    page_problems = store.page_problems()
    if page_problems:
        # A damaged file: nothing else in it can be trusted to be read.
        raise damaged_pages_error(report.path.name, page_problems)
    problems = store.reference_problems()
    report.problems += [f"SQLite integrity check: {problem}" for problem in problems]
    if not problems:
        report.verified.append("SQLite integrity check passed")

    version = store.schema_version()
    if version != SCHEMA_VERSION:
        report.problems.append(f"file format {version}, expected {SCHEMA_VERSION}")
        return
    report.verified.append(f"file format {version}")

    for part in (_check_schema, _check_values):
        part(connection, report, version)
    _guarded(report, "stored files", lambda: _check_blobs(connection, report, report_progress))
    _guarded(report, "stored files", lambda: _check_logged_hashes(connection, report))
    _guarded(report, "change log", lambda: _check_change_log(connection, report, since))


def _guarded(report: CheckReport, what: str, check: Callable[[], None]) -> None:
    try:
        check()
    except sqlite3.DatabaseError as error:
        report.problems.append(f"the {what} could not be read ({error})")


def _check_schema(connection: sqlite3.Connection, report: CheckReport, version: int) -> None:
    problems = schema_problems(connection, version)
    report.problems += problems
    if not problems:
        report.verified.append(
            f"schema as file format {version} defines it: no table, column or index missing, "
            "no trigger or view"
        )


def _check_values(connection: sqlite3.Connection, report: CheckReport, version: int) -> None:
    problems = value_problems(connection, version)
    report.problems += problems
    if not problems:
        report.verified.append("every list value, date, number and setting is valid")


def _has_table(connection: sqlite3.Connection, table: str) -> bool:
    row = connection.execute(
        "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?", (table,)
    ).fetchone()
    return row is not None


def _file_names(connection: sqlite3.Connection) -> dict[int, set[str]]:
    names: dict[int, set[str]] = {}
    for table in ("attachments", "training_session_files"):
        if _has_table(connection, table):
            for blob_id, file_name in connection.execute(f"SELECT blob_id, file_name FROM {table}"):
                names.setdefault(blob_id, set()).add(str(file_name))
    return names


def _digest(
    connection: sqlite3.Connection, blob_id: int, advance: Callable[[int], None]
) -> str:
    """The SHA-256 of one stored file, read once in chunks (a 500 MB file never sits whole)."""
    digest = hashlib.sha256()
    with connection.blobopen("blobs", "data", blob_id, readonly=True) as blob:
        while chunk := blob.read(CHUNK_SIZE):
            digest.update(chunk)
            advance(len(chunk))
    return digest.hexdigest()


def _check_blobs(
    connection: sqlite3.Connection, report: CheckReport, report_progress: ProgressCallback | None
) -> None:
    if not _has_table(connection, "blobs"):
        return  # reported by the schema check
    names = _file_names(connection)
    blobs = connection.execute(
        "SELECT id, sha256, size, length(data), typeof(data) FROM blobs ORDER BY id"
    ).fetchall()
    total = sum(length for _, _, _, length, _ in blobs if isinstance(length, int))
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if report_progress is not None:
            report_progress(min(done, total), total)

    bad = 0
    left_out = 0
    for blob_id, sha256, size, length, kind in blobs:
        if kind == "blob" and length == 0 and isinstance(size, int) and size > 0:
            left_out += 1
            continue
        label = f"stored file {blob_id}"
        if blob_id in names:
            label += f" ({', '.join(sorted(names[blob_id]))})"
        if kind != "blob":
            report.problems.append(f"{label} holds {kind} where the file's bytes belong")
            bad += 1
            continue
        if length != size:
            report.problems.append(f"{label} has {length} bytes where {size} were stored")
            bad += 1
        if _digest(connection, blob_id, advance) != str(sha256).lower():
            report.problems.append(
                f"{label} was altered: its bytes no longer have the SHA-256 recorded when it "
                "was attached"
            )
            bad += 1
    if left_out:
        report.attachments_left_out = left_out
        report.problems.append(left_out_problem(left_out))
    count = len(blobs) - left_out
    if not bad and (count or not left_out):
        report.verified.append(
            f"{count} stored file{'s' if count != 1 else ''}: sizes and SHA-256 verified"
        )


_ATTACHING_TABLES = {"attachments": "attachment", "training_session_files": "session file"}


def _check_logged_hashes(connection: sqlite3.Connection, report: CheckReport) -> None:
    """Every stored file's SHA-256 against those the change log recorded as attached: a file
    swapped together with its stored hash matches itself, but not the chained history."""
    if not (_has_table(connection, "blobs") and _has_table(connection, "change_log")):
        return  # reported by the schema and change-log checks
    logged = LoggedAttachments.from_entries(
        str(what) for (what,) in connection.execute("SELECT what FROM change_log ORDER BY id")
    )
    logged_digests = logged.digests
    names = _file_names(connection)
    blobs = [
        (int(blob_id), str(digest).lower())
        for blob_id, digest in connection.execute("SELECT id, sha256 FROM blobs ORDER BY id")
    ]
    # Files stored before compdesk logged hashes come first: ids below the first file the
    # log names by hash (all, when the log names no hash) cannot be cross-checked.
    first_logged = min(
        (blob_id for blob_id, digest in blobs if digest in logged_digests),
        default=None if not logged_digests else 0,
    )
    unlogged = 0
    problems: list[str] = []
    for blob_id, digest in blobs:
        if digest in logged_digests:
            continue
        blob_names = names.get(blob_id, set())
        if (first_logged is None or blob_id < first_logged) or any(
            logged.attached_before_hashes(name) for name in blob_names
        ):
            unlogged += 1
            continue
        label = f"stored file {blob_id}"
        if blob_names:
            label += f" ({', '.join(sorted(blob_names))})"
        problems.append(
            f"{label} holds bytes that no change-log entry attached: it was replaced "
            "outside compdesk"
        )
    for table, noun in _ATTACHING_TABLES.items():
        if not _has_table(connection, table):
            continue
        rows = connection.execute(
            f"SELECT r.id, r.file_name, b.sha256 FROM {table} r JOIN blobs b ON b.id = r.blob_id"
            " ORDER BY r.id"
        )
        for row_id, file_name, digest in rows:
            recorded = logged.digests_by_name.get(str(file_name))
            if recorded and str(digest).lower() not in recorded:
                problems.append(
                    f"{noun} {row_id} ({file_name}) refers to a file with another SHA-256 than "
                    "the one logged when it was attached"
                )
    report.problems += problems
    if not problems:
        skipped = (
            f"; {unlogged} attached by an older version, whose log did not record hashes, "
            "not cross-checked"
            if unlogged
            else ""
        )
        report.verified.append(
            "every stored file's SHA-256 is one the change log recorded when it was attached"
            + skipped
        )


def _recorded_length(connection: sqlite3.Connection) -> int | None:
    if not _has_table(connection, "change_log_length"):
        return None  # reported by the schema check
    row = connection.execute("SELECT entries FROM change_log_length WHERE id = 1").fetchone()
    return row[0] if row and isinstance(row[0], int) else -1


def _check_change_log(
    connection: sqlite3.Connection, report: CheckReport, since: str | None
) -> None:
    if not _has_table(connection, "change_log"):
        report.problems.append("the change log is missing: the document's history was removed")
        return
    entries = [
        ChangeLogEntry(*row)
        for row in connection.execute(
            "SELECT id, at, who, what, previous_hash, hash FROM change_log ORDER BY id"
        )
    ]
    chain_problems = verify_chain(entries)
    report.problems.extend(chain_problems)
    broken = len(chain_problems)
    recorded = _recorded_length(connection)
    if recorded == -1:
        report.problems.append(
            "the count of change-log entries kept in the document is missing or not a number: "
            "it was edited outside compdesk"
        )
        broken += 1
    elif recorded is not None and recorded != len(entries):
        if recorded > len(entries):
            missing = recorded - len(entries)
            report.problems.append(
                f"the change log was shortened: it has {len(entries)} entries where "
                f"{recorded} were recorded ({missing} removed outside compdesk)"
            )
        else:
            report.problems.append(
                f"the change log has {len(entries)} entries where {recorded} were recorded: "
                "entries were added outside compdesk"
            )
        broken += 1
    if since is not None:
        broken += _check_anchor(entries, since.strip().lower(), report)
    if not entries and not broken:
        report.problems.append("the change log is empty: its entries were removed")
    elif not broken:
        count = len(entries)
        report.verified.append(
            f"change log of {count} entr{'ies' if count != 1 else 'y'}: hash chain intact, "
            "length as recorded"
        )


def _check_anchor(entries: list[ChangeLogEntry], since: str, report: CheckReport) -> int:
    """Whether the history still holds the entry `since` names, and every later entry chains
    to it (the chain check above proves the links; here, that the anchor is among them)."""
    shown = since if len(since) <= 12 else since[:12] + "…"
    for position, entry in enumerate(entries):
        if entry.hash == since:
            later = len(entries) - position - 1
            report.verified.append(
                f"the history still holds entry {shown} ({entry.at}, {entry.what!r}) "
                f"as entry {position + 1}, with {later} entr{'ies' if later != 1 else 'y'} after it"
            )
            return 0
    for position, entry in enumerate(entries):
        purge = PURGE_ENTRY.match(entry.what) if isinstance(entry.what, str) else None
        if purge is not None and purge["head"] == since:
            later = len(entries) - position - 1
            report.verified.append(
                f"history rewritten by the purge of {entry.at[:10]}: entry {shown} was the head "
                f"of {purge['length']} entries before it (entry {position + 1}, 'purged leaver "
                f"{purge['id']}'), with {later} entr{'ies' if later != 1 else 'y'} after it"
            )
            return 0
    report.problems.append(
        f"the change log no longer holds the entry {shown} given with --since: the "
        "history was rewritten or shortened after that point"
    )
    return 1
