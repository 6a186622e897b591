"""Purging a leaver's personal data: the person stays, anonymous, with every figure they count in.

In one transaction: the person's name, email, job title and notes are replaced; their
evidence keeps its kind, competency and dates but loses its title, notes and attachments (a
stored file goes with them unless another record still uses it, as a session's materials do);
their actions lose their free text; drill results and training attendance stay (they hold no
text). Wherever else their name or email was typed — another's evidence verifier, an action
owner, a session's trainer, a role or calendar owner, any note — each whole-word occurrence
becomes the placeholder (`personal_text_columns`; a test keeps that list complete). Whole words,
case ignored, any run of spaces in the name matching any other: "Ann" goes from "met Ann" but
not from "Anna"; another person's longer name or address that holds theirs ("Ann Lee Park",
"x.ann@example.com") is kept wherever it appears. A name that is also a common word ("Will")
goes from every note as that word too: a leftover name would be the worse fault. Change-log
entries naming them are rewritten with the placeholder and the hash chain is
recomputed from the first rewritten entry; the entry the purge appends names the previous head
and length, so `check --since` can explain an anchor taken before. Then the trash is emptied
(it may hold copies of their rows) and the file is compacted (VACUUM) so no freed page keeps
their bytes; `secure_delete` already zeroes freed content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Final

from compdesk.models.errors import InputError
from compdesk.models.retention import has_left, is_purged, purged_email, purged_name
from compdesk.storage.change_log import GENESIS_HASH, change_log_hash
from compdesk.storage.check_values import DATE_COLUMNS, ENUM_COLUMNS, text_columns
from compdesk.storage.connection import translate_error
from compdesk.storage.schema import SCHEMA_VERSION

if TYPE_CHECKING:
    from compdesk.storage.store import Store

REMOVED_FILE: Final = "a removed file"

# "purged leaver 7; history rewritten from entry 3; previous head <hash> (length 41)"
PURGE_ENTRY: Final = re.compile(
    r"^purged leaver (?P<id>\d+); (?:history rewritten from entry (?P<start>\d+)|"
    r"no earlier entry named them); previous head (?P<head>[0-9a-f]{64}) \(length (?P<length>\d+)\)$"
)


# The text columns that never hold a name typed by someone: lists and dates (checked against
# their values), hashes and keys; the change log (rewritten with its chain), the trash (emptied),
# and people's own names and addresses (the leaver's replaced, everyone else's their own).
NOT_PERSONAL_TEXT: Final[frozenset[tuple[str, str]]] = frozenset(
    set(ENUM_COLUMNS)
    | {(table, column) for table, columns in DATE_COLUMNS.items() for column in columns}
    | {("change_log", column) for column in ("at", "who", "what", "previous_hash", "hash")}
    | {("trash", column) for column in ("deleted_at", "what", "payload")}
    | {
        ("blobs", "sha256"),
        ("settings", "key"),
        ("competencies", "accepted_kinds"),
        ("competencies", "renewal_on"),
        ("people", "name"),
        ("people", "email"),
    }
)


def personal_text_columns(version: int) -> dict[str, tuple[str, ...]]:
    """Per table, every text column a person's name or email can be typed into."""
    return {
        table: kept
        for table, columns in text_columns(version).items()
        if (kept := tuple(c for c in columns if (table, c) not in NOT_PERSONAL_TEXT))
    }


@dataclass(frozen=True, slots=True)
class PurgeResult:
    person_id: int
    attachments_removed: int
    files_removed: int
    entries_rewritten: int
    records_rewritten: int = 0


def _as_words(text: str) -> str:
    """A pattern of `text` with any run of white space matching any other."""
    return r"\s+".join(re.escape(word) for word in text.split())


class _Replacer:
    """Replaces whole-word occurrences of texts (case ignored); texts mapped to themselves
    are kept, so a longer name that holds a replaced one is left whole."""

    def __init__(self, replacements: dict[str, str]) -> None:
        texts = sorted((text for text in replacements if text.strip()), key=len, reverse=True)
        # Longest first: at each place the longest text that matches wins.
        self._each = [
            (re.compile(_as_words(text), re.IGNORECASE), replacements[text]) for text in texts
        ]
        alternatives = "|".join(_as_words(text) for text in texts) or "(?!)"
        self._pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)

    def _replacement(self, match: re.Match[str]) -> str:
        found = match.group(0)
        return next(
            (new for pattern, new in self._each if pattern.fullmatch(found)), found
        )

    def __call__(self, text: str) -> str:
        return self._pattern.sub(self._replacement, text)


def _replacer(store: Store, person_id: int, replacements: dict[str, str]) -> _Replacer:
    """A replacer of `replacements` that keeps everyone else's name and address whole."""
    leaver_texts = _Replacer(dict.fromkeys(replacements, ""))
    # A colleague of the very same name is not kept: a mention cannot tell the two apart.
    replaced = {text.casefold() for text in replacements}
    kept = {
        text: text
        for row in store.db.execute("SELECT name, email FROM people WHERE id <> ?", (person_id,))
        for text in row
        if text.casefold() not in replaced and leaver_texts(text) != text
    }
    return _Replacer(kept | replacements)


def _rewrite_records(store: Store, replace_text: _Replacer, person_id: int) -> int:
    """Replace the leaver's name and email in every other record; how many rows changed."""
    db, changed = store.db, 0
    for table, columns in personal_text_columns(SCHEMA_VERSION).items():
        selected = ", ".join(f'"{column}"' for column in columns)
        own = " WHERE id <> ?" if table == "people" else ""
        for rowid, *values in db.execute(
            f'SELECT rowid, {selected} FROM "{table}"{own}', (person_id,) if own else ()
        ).fetchall():
            new = [replace_text(v) if isinstance(v, str) else v for v in values]
            if new != values:
                assignments = ", ".join(f'"{column}" = ?' for column in columns)
                db.execute(
                    f'UPDATE "{table}" SET {assignments} WHERE rowid = ?', (*new, rowid)
                )
                changed += 1
    return changed


def purge_leaver(store: Store, person_id: int, today: date) -> PurgeResult:
    """Purge a leaver's personal data; refused for anyone whose end date has not come."""
    db = store.db
    person = store.people.get(person_id)
    if is_purged(person):
        raise InputError(f"{person.name}'s personal data was already purged")
    if not has_left(person, today):
        raise InputError(
            f"{person.name} has not left (no end date, or an end date after today): "
            "only a leaver's personal data can be purged"
        )
    name, email = purged_name(person_id), purged_email(person_id)
    with db.transaction():
        evidence_of = "SELECT id FROM evidence WHERE person_id = ?"
        attachments = db.execute(
            f"SELECT id, blob_id, file_name FROM attachments WHERE evidence_id IN ({evidence_of})",
            (person_id,),
        ).fetchall()
        blob_ids = sorted({row[1] for row in attachments})
        db.execute(
            f"DELETE FROM attachments WHERE evidence_id IN ({evidence_of})", (person_id,)
        )
        # A file another record still uses stays: a session's materials, another's copy.
        files_removed = 0
        removed_names: set[str] = set()
        for blob_id in blob_ids:
            cursor = db.execute(
                "DELETE FROM blobs WHERE id = ?"
                " AND NOT EXISTS (SELECT 1 FROM attachments WHERE blob_id = blobs.id)"
                " AND NOT EXISTS (SELECT 1 FROM training_session_files WHERE blob_id = blobs.id)"
                " AND NOT EXISTS (SELECT 1 FROM trash_blobs WHERE blob_id = blobs.id)",
                (blob_id,),
            )
            if cursor.rowcount:
                files_removed += 1
                removed_names |= {row[2] for row in attachments if row[1] == blob_id}
        db.execute(
            "UPDATE evidence SET title = '', notes = '' WHERE person_id = ?", (person_id,)
        )
        db.execute(
            "UPDATE actions SET description = '', evaluation = '' WHERE person_id = ?",
            (person_id,),
        )
        db.execute(
            "UPDATE people SET name = ?, email = ?, job_title = '', notes = '' WHERE id = ?",
            (name, email, person_id),
        )
        # The head before the rewrite: recorded so an anchor taken earlier is still explained.
        previous_head, previous_length = store.change_log.head()
        replace_text = _replacer(store, person_id, {person.email: email, person.name: name})
        records = _rewrite_records(store, replace_text, person_id)
        replacements = {person.email: email, person.name: name}
        replacements |= dict.fromkeys(removed_names, REMOVED_FILE)
        rewritten, first = _rewrite_history(store, _replacer(store, person_id, replacements))
        where = (
            f"history rewritten from entry {first}"
            if first is not None
            else "no earlier entry named them"
        )
        store.change_log.append(
            f"purged leaver {person_id}; {where}; previous head {previous_head} "
            f"(length {previous_length})"
        )
        # Deleted rows kept for undo may be copies of theirs; nothing can undo a purge.
        store.trash.purge()
    _compact(store)
    return PurgeResult(person_id, len(attachments), files_removed, rewritten, records)


def _rewrite_history(store: Store, replace_text: _Replacer) -> tuple[int, int | None]:
    """Rewrite every change-log entry naming a replaced text and re-chain from the first one.

    Returns how many entries were rewritten and the id of the first (None: none named them).
    """
    db = store.db
    entries = db.execute(
        "SELECT id, at, who, what, previous_hash, hash FROM change_log ORDER BY id"
    ).fetchall()
    previous, first, rewritten = GENESIS_HASH, None, 0
    for entry_id, at, who, what, previous_hash, entry_hash in entries:
        new_what, new_who = replace_text(what), replace_text(who)
        changed = (new_what, new_who) != (what, who)
        if changed and first is None:
            first = entry_id
        if first is None:
            previous = entry_hash
            continue
        rewritten += changed
        new_hash = change_log_hash(previous, at, new_who, new_what)
        if (new_what, new_who, previous, new_hash) != (what, who, previous_hash, entry_hash):
            db.execute(
                "UPDATE change_log SET who = ?, what = ?, previous_hash = ?, hash = ?"
                " WHERE id = ?",
                (new_who, new_what, previous, new_hash, entry_id),
            )
        previous = new_hash
    return rewritten, first


def _compact(store: Store) -> None:
    """Rebuild the file so no free page is left holding purged bytes (outside a transaction)."""
    try:
        store.db.connection.execute("VACUUM")
    except Exception as error:
        translated = translate_error(error)
        if translated is error:
            raise
        raise translated from None
