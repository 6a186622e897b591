"""Storage: every SQL statement of compdesk, and the document object that runs them.

`Store` is one open document (one SQLite connection). It hangs one manager per area off
itself, as Anki's `col.decks`; each area module declares its table's columns once
(`storage/table.py`) and builds its statements and row ↔ record mapping from that list.

    store = Store.open(path, user=..., read_only=..., exclusive=...)  |  Store.create(path)
    store.path, store.read_only, store.user
    store.db                             its connection (`connection.Database`): for storage
                                         modules, benchmarks and tests; SQL stays in storage/
    store.transaction()                  one transaction; nested = savepoint
    store.logged_as(what)                a transaction logged as one change-log entry
    store.open_another()                 its own connection, for a worker thread
    store.close()                        (also a context manager)
    store.gap_matrix(as_of)              the gap engine over the whole document
    store.audit_rows(as_of)              every row the findings rules read (`findings.AuditRows`)
    store.findings(as_of, rows=)         what an auditor would raise (models/findings.py)
    store.onboarding(as_of, rows=)       the starters of the 12 months to as_of, met or late
    store.metrics(as_of)                 completion, drills, training hours, gaps over time
    store.integrity_problems(), store.schema_version(), store.counts()

    store.roles          .all() .get(id) .by_name(name) .add(name, **values) .update(role)
                         .delete(id, keep_for_undo=)
    store.competencies   .all() .get(id) .by_name(name) .add(name, effective_on=, **values)
                         .update(competency, effective_on=) .delete(id, keep_for_undo=)
                         .fixed_since() (the day each fixed yearly date took effect)
    store.requirements   .all() .set(role_id, competency_id, required)
    store.people         .all() .get(id) .by_email(email) .add(name, email, **values)
                         .update(person) .delete(id, keep_for_undo=) .import_many(people, source=)
                         .purge(id, today=) (a leaver's personal data, for good: `purge`)
    store.evidence       .list(person_id=, competency_id=) .get(id) .dates()
                         .dates_and_versions() .without_files()
                         .add(person_id, competency_id, kind, route, **values) .update(evidence)
                         .delete(id, keep_for_undo=) .label(evidence)
    store.attachments    .get(id) .by_evidence(evidence_id=) .attach_file(evidence_id, path, ...)
                         .attach_bytes(evidence_id, name, data) .read(id) .bytes(id)
                         .export(id, destination) .remove(id, keep_for_undo=)
    store.blobs          .all() .read(blob_id) .length(blob_id)
    store.actions        .list(person_id=, competency_id=) .states() .get(id)
                         .add(person_id, competency_id, type, **values) .update(action)
                         .delete(id, keep_for_undo=) .label(action)
    store.calendar       .all(year=) .get(id) .add(month, activity, owner, target, **values)
                         .update(activity) .delete(id, keep_for_undo=)
    store.training       .sessions(competency_id=, since=, until=) .get(id) .attendees(id)
                         .attendance(person_id=) .add(competency_id, held_on, attendees, **values)
                         .update(session, attendees=None) .delete(id, keep_for_undo=)
                         .files(id) .attach_file(id, path) .attach_bytes(id, name, data)
                         .file_bytes(file_id) .remove_file(file_id) .label(session)
                         (each passing attendee's evidence follows the session)
    store.drills         .all(kind=, since=) .get(id) .results(drill_id, person_id=)
                         .add(kind, held_on, results, **values) .update(drill, results=None)
                         .delete(id, keep_for_undo=) .label(drill)
    store.settings       .get() .update(settings)
    store.change_log     .entries() .append(what, even_in_bulk=) .head() (hash, length)
                         .verify() (the chain's problems, as `verify_chain`)
                         .page(offset, limit, LogFilter) .count(LogFilter) .authors()
                         ChangeLog.head_of(connection) (any format); head_text(head)
    store.trash          .delete(what, table, id, keep_for_undo=) .restore(trash_id)
                         .purge(trash_ids=None)

Modules: `connection` (the connection, pragmas, guarded transactions, error translation, the
authorizer that refuses planted SQL), `opening` (header checks, create, open, migrations and
their backup, the writer lock of `lock`, new files beside a document), `copying`
(copy_document: a document as of its last commit), `new_files` (write_beside: a new file
renamed into place once whole; rename_without_replacing, remove_abandoned_partials),
`schema` (the SQL of each format), `schema_audit` (the schema compared with its format,
planted triggers and views), `table` (columns declared once), `named` (the areas of records
with a unique name), one module per area (`training`: sessions and the evidence they earn),
`findings` (AuditRows, the rows the findings rules read), `trash` (deletion along the foreign
keys, undo), `purge` (purge_leaver: a leaver's personal data removed for good), `check` and
`check_values` (`compdesk check`: schema, values, stored files, the change log; run_check,
CheckReport, left_out_problem), `unreadable` (the value a failed command could not read),
`repair` (remove_planted_sql after a copy: `compdesk repair`), `backup` and `backup_format`
(take_backup, restore_backup, backup_header: compressed, encrypted, split, without
attachments), `automatic_backups` (the copies this machine keeps: daily and before an
upgrade), `templates` (writing a starter template).
"""

from __future__ import annotations

from compdesk.storage.attachments import CHUNK_SIZE, ProgressCallback
from compdesk.storage.change_log import GENESIS_HASH, change_log_hash
from compdesk.storage.opening import migration_backup_path
from compdesk.storage.store import Store

__all__ = [
    "CHUNK_SIZE",
    "GENESIS_HASH",
    "ProgressCallback",
    "Store",
    "change_log_hash",
    "migration_backup_path",
]
