"""Purging a leaver's personal data: the person stays, anonymous, with every figure they count in.

In one transaction: the person's name, email, job title and notes are replaced; their
evidence keeps its kind, competency and dates but loses its title, notes and attachments (a
stored file goes with them unless another record still uses it, as a session's materials do);
their actions lose their free text; drill results and training attendance stay (they hold no
text). Change-log entries naming them are rewritten with the placeholder and the hash chain is
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
from compdesk.storage.connection import translate_error

if TYPE_CHECKING:
    from compdesk.storage.store import Store

REMOVED_FILE: Final = "a removed file"

# "purged leaver 7; history rewritten from entry 3; previous head <hash> (length 41)"
PURGE_ENTRY: Final = re.compile(
    r"^purged leaver (?P<id>\d+); (?:history rewritten from entry (?P<start>\d+)|"
    r"no earlier entry named them); previous head (?P<head>[0-9a-f]{64}) \(length (?P<length>\d+)\)$"
)


@dataclass(frozen=True, slots=True)
class PurgeResult:
    person_id: int
    attachments_removed: int
    files_removed: int
    entries_rewritten: int


def _whole_words(texts: list[str]) -> re.Pattern[str] | None:
    """A pattern of each text as a whole word (no match inside a longer name), longest first."""
    texts = sorted({text for text in texts if text.strip()}, key=len, reverse=True)
    if not texts:
        return None
    alternatives = "|".join(re.escape(text) for text in texts)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


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
        replacements = {person.email: email, person.name: name}
        replacements |= dict.fromkeys(removed_names, REMOVED_FILE)
        rewritten, first = _rewrite_history(store, replacements)
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
    return PurgeResult(person_id, len(attachments), files_removed, rewritten)


def _rewrite_history(store: Store, replacements: dict[str, str]) -> tuple[int, int | None]:
    """Rewrite every change-log entry naming a replaced text and re-chain from the first one.

    Returns how many entries were rewritten and the id of the first (None: none named them).
    """
    db = store.db
    pattern = _whole_words(list(replacements))
    if pattern is None:
        return 0, None
    lowered = {text.casefold(): replacement for text, replacement in replacements.items()}
    entries = db.execute(
        "SELECT id, at, who, what, previous_hash, hash FROM change_log ORDER BY id"
    ).fetchall()
    previous, first, rewritten = GENESIS_HASH, None, 0
    for entry_id, at, who, what, previous_hash, entry_hash in entries:
        new_what = pattern.sub(lambda match: lowered[match.group(0).casefold()], what)
        new_who = pattern.sub(lambda match: lowered[match.group(0).casefold()], who)
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
