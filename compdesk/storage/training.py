"""Training sessions: who attended, their scores, the session's files and the evidence they earn.

Each passing attendee has one evidence record of the session (route training; an assessment
when the attendee was scored, else a training record), which the session keeps consistent:
adding, editing or deleting the session adds, changes or removes those records in the same
transaction. The records carry no expiry of their own, so the competency's renewal rule
decides when they fall due (and changing that rule moves every due date with it). They share
the session's files: the same blobs, attached once more by name. The evidence rows refer to
their session (`evidence.training_session_id`, ON DELETE CASCADE), so deleting a session
through the trash takes its evidence with it and undo brings both back.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, Final

from compdesk.models.errors import InputError
from compdesk.models.records import (
    Attendance,
    Competency,
    Delivery,
    EvidenceKind,
    Route,
    SessionFile,
    TrainingSession,
)
from compdesk.models.text import clean_text
from compdesk.storage.area import Area
from compdesk.storage.attachments import (
    attached_entry,
    check_attachment_size,
    file_chunks,
    file_identity,
    in_chunks,
)
from compdesk.storage.digest import sha256
from compdesk.storage.evidence import TABLE as EVIDENCE
from compdesk.storage.table import Column, Table, date_column, enum_column, matching

TABLE: Final = Table(
    "training_sessions",
    TrainingSession,
    [
        Column("competency_id"),
        date_column("held_on"),
        Column("minutes"),
        Column("trainer"),
        enum_column("delivery", Delivery),
        Column("pass_mark"),
        Column("notes"),
        Column("calendar_id"),
    ],
    # Newest first, as a register is read.
    order_by="held_on DESC, id DESC",
)

_ATTENDEES: Final = (
    "SELECT session_id, person_id, attended, score, passed, evidence_id FROM training_attendees"
)
_FILES: Final = (
    "SELECT f.id, f.session_id, f.file_name, b.sha256, b.size"
    " FROM training_session_files f JOIN blobs b ON b.id = f.blob_id"
)


def _attendance(row: Sequence[Any]) -> Attendance:
    session_id, person_id, attended, score, passed, evidence_id = row
    return Attendance(
        session_id,
        person_id,
        bool(attended),
        score,
        None if passed is None else bool(passed),
        evidence_id,
    )


def _checked(session: TrainingSession, attendees: Sequence[Attendance]) -> None:
    if session.minutes is not None and session.minutes <= 0:
        raise InputError("a session's length is a number of minutes above 0")
    if session.pass_mark is not None and not 0 <= session.pass_mark <= 100:
        raise InputError(f"a pass mark is a percentage from 0 to 100, not {session.pass_mark:g}")
    seen: set[int] = set()
    for attendance in attendees:
        if attendance.person_id in seen:
            raise InputError("a person is listed twice among the session's attendees")
        seen.add(attendance.person_id)
        if attendance.score is not None and not 0 <= attendance.score <= 100:
            raise InputError(f"a score is a percentage from 0 to 100, not {attendance.score:g}")


class Training(Area):
    """`store.training`: sessions, their attendees and files, and the evidence they produce."""

    # ---- reading ------------------------------------------------------------------------

    def sessions(
        self,
        *,
        competency_id: int | None = None,
        since: date | None = None,
        until: date | None = None,
    ) -> builtins.list[TrainingSession]:
        """Sessions, newest first: of one competency, and held from `since` up to `until`."""
        where, parameters = matching(competency_id=competency_id)
        clauses = [where] if where else []
        if since is not None:
            clauses.append("held_on >= ?")
            parameters.append(since.isoformat())
        if until is not None:
            clauses.append("held_on <= ?")
            parameters.append(until.isoformat())
        rows = self._db.execute(TABLE.select(" AND ".join(clauses)), parameters)
        return [TABLE.record(row) for row in rows]

    def get(self, session_id: int) -> TrainingSession:
        row = self._db.one(TABLE.select("id = ?", order=False), (session_id,), "training session")
        return TABLE.record(row)

    def attendees(self, session_id: int) -> builtins.list[Attendance]:
        """A session's attendees, in the order of their names."""
        rows = self._db.execute(
            f"{_ATTENDEES} a WHERE session_id = ?"
            " ORDER BY (SELECT name FROM people p WHERE p.id = a.person_id) COLLATE NOCASE",
            (session_id,),
        )
        return [_attendance(row) for row in rows]

    def attendance(self, *, person_id: int | None = None) -> builtins.list[Attendance]:
        """Every attendance (of one person): the metrics' and a person's history's input."""
        where, parameters = matching(person_id=person_id)
        sql = f"{_ATTENDEES} WHERE {where}" if where else _ATTENDEES
        return [_attendance(row) for row in self._db.execute(sql, parameters)]

    def files(self, session_id: int) -> builtins.list[SessionFile]:
        rows = self._db.execute(f"{_FILES} WHERE f.session_id = ? ORDER BY f.id", (session_id,))
        return [SessionFile(*row) for row in rows]

    def file_bytes(self, file_id: int) -> bytes:
        """A session file's bytes (small files: previews, tests)."""
        return b"".join(self._store.blobs.read(self._file_blob(file_id)[0]))

    def label(self, session: TrainingSession) -> str:
        """How the change log names a session."""
        competency = self._store.competencies.get(session.competency_id)
        return f"training session {competency.name} of {session.held_on.isoformat()}"

    # ---- writing ------------------------------------------------------------------------

    def add(
        self,
        competency_id: int,
        held_on: date,
        attendees: Sequence[Attendance] = (),
        **values: Any,
    ) -> TrainingSession:
        """Record a session with its attendees; each passing attendee gets evidence of it."""
        session = replace(
            TrainingSession(id=0, competency_id=competency_id, held_on=held_on), **values
        )
        _checked(session, attendees)
        with self._store.logged_as(f"recorded {self.label(session)}"):
            session_id = self._db.insert(TABLE.insert_sql, TABLE.values(session))
            self._write_attendees(replace(session, id=session_id), attendees)
        return self.get(session_id)

    def update(
        self, session: TrainingSession, attendees: Sequence[Attendance] | None = None
    ) -> TrainingSession:
        """Change a session (and, given, its whole attendee list); its evidence follows.

        An attendee who still passes keeps their evidence record (its id, verification and
        notes), brought up to date; one who no longer passes, or is no longer listed, loses it.
        """
        before = self.get(session.id)
        kept = self.attendees(session.id) if attendees is None else attendees
        _checked(session, kept)
        with self._store.logged_as(f"changed {self.label(before)}"):
            self._db.execute(TABLE.update_sql, TABLE.update_values(session))
            self._write_attendees(session, kept)
        return self.get(session.id)

    def delete(self, session_id: int, *, keep_for_undo: bool = False) -> int | None:
        """Delete a session with its attendees, files and the evidence it produced."""
        session = self.get(session_id)
        return self._store.trash.delete(
            f"deleted {self.label(session)}", TABLE.name, session_id, keep_for_undo=keep_for_undo
        )

    def _write_attendees(self, session: TrainingSession, attendees: Sequence[Attendance]) -> None:
        competency = self._store.competencies.get(session.competency_id)
        previous = {a.person_id: a for a in self.attendees(session.id)} if session.id else {}
        listed = {attendance.person_id for attendance in attendees}
        for person_id, gone in previous.items():
            if person_id not in listed and gone.evidence_id is not None:
                self._delete_evidence(gone.evidence_id)
        self._db.execute("DELETE FROM training_attendees WHERE session_id = ?", (session.id,))
        for attendance in attendees:
            self._store.people.get(attendance.person_id)
            earlier = previous.get(attendance.person_id)
            evidence_id = self._live_evidence(session.id, earlier)
            if attendance.passes(session.pass_mark):
                evidence_id = self._write_evidence(session, competency, attendance, evidence_id)
            elif evidence_id is not None:
                self._delete_evidence(evidence_id)
                evidence_id = None
            self._db.execute(
                "INSERT INTO training_attendees"
                " (session_id, person_id, attended, score, passed, evidence_id)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    session.id,
                    attendance.person_id,
                    int(attendance.attended),
                    attendance.score,
                    None if attendance.passed is None else int(attendance.passed),
                    evidence_id,
                ),
            )

    def _live_evidence(self, session_id: int, earlier: Attendance | None) -> int | None:
        """The attendee's evidence of this session, if it still exists."""
        if earlier is None or earlier.evidence_id is None:
            return None
        row = self._db.execute(
            "SELECT id FROM evidence WHERE id = ? AND training_session_id = ?",
            (earlier.evidence_id, session_id),
        ).fetchone()
        return None if row is None else int(row[0])

    def _write_evidence(
        self,
        session: TrainingSession,
        competency: Competency,
        attendance: Attendance,
        evidence_id: int | None,
    ) -> int:
        kind = (
            EvidenceKind.ASSESSMENT
            if attendance.score is not None
            else EvidenceKind.TRAINING_RECORD
        )
        values: dict[str, Any] = {
            "title": f"{competency.name} training session",
            "issuer": session.trainer,
            "achieved_on": session.held_on,
            # The competency's renewal rule decides when it falls due.
            "expires_on": None,
            "score": attendance.score,
            "document_version": competency.document_version,
        }
        if evidence_id is not None:
            current = self._store.evidence.get(evidence_id)
            updated = replace(current, kind=kind, route=Route.TRAINING, **values)
            self._db.execute(EVIDENCE.update_sql, EVIDENCE.update_values(updated))
        else:
            evidence = self._store.evidence.add(
                attendance.person_id, session.competency_id, kind, Route.TRAINING, **values
            )
            evidence_id = evidence.id
            self._db.execute(
                "UPDATE evidence SET training_session_id = ? WHERE id = ?",
                (session.id, evidence_id),
            )
        self._share_files(session.id, evidence_id)
        return evidence_id

    def _share_files(self, session_id: int, evidence_id: int) -> None:
        """Attach each of the session's files to the evidence that lacks it."""
        self._db.execute(
            "INSERT INTO attachments (evidence_id, blob_id, file_name)"
            " SELECT ?, f.blob_id, f.file_name FROM training_session_files f"
            " WHERE f.session_id = ? AND NOT EXISTS (SELECT 1 FROM attachments a"
            "  WHERE a.evidence_id = ? AND a.blob_id = f.blob_id AND a.file_name = f.file_name)"
            " ORDER BY f.id",
            (evidence_id, session_id, evidence_id),
        )

    def _delete_evidence(self, evidence_id: int) -> None:
        evidence = self._store.evidence.get(evidence_id)
        self._store.trash.delete(
            f"deleted {self._store.evidence.label(evidence)}",
            EVIDENCE.name,
            evidence_id,
            keep_for_undo=False,
        )

    # ---- files --------------------------------------------------------------------------

    def attach_bytes(self, session_id: int, file_name: str, data: bytes) -> SessionFile:
        """Add a small in-memory file to a session (and to its passing attendees' evidence)."""
        name = clean_text(file_name)
        check_attachment_size(name, len(data), self._store.settings.get().attachment_limit_mb)
        return self._attach(
            session_id,
            name,
            len(data),
            sha256(data).hexdigest(),
            lambda: in_chunks(data),
        )

    def attach_file(
        self, session_id: int, source: Path | str, file_name: str | None = None
    ) -> SessionFile:
        """Add a file to a session, streamed in chunks; identical bytes are stored once."""
        source = Path(source)
        name = clean_text(file_name or source.name)
        if not source.is_file():
            raise InputError(f"{source.name}: no such file")
        size = source.stat().st_size
        check_attachment_size(name, size, self._store.settings.get().attachment_limit_mb)

        before = file_identity(source)
        digest = sha256()
        for chunk in file_chunks(source, name, 0, size):
            digest.update(chunk)
        chunks = partial(file_chunks, source, name, 0, size, unchanged_since=before)
        return self._attach(session_id, name, size, digest.hexdigest(), chunks)

    def _attach(
        self,
        session_id: int,
        file_name: str,
        size: int,
        digest: str,
        chunks: Callable[[], Iterator[bytes]],
    ) -> SessionFile:
        session = self.get(session_id)
        with self._store.logged_as(
            attached_entry(file_name, digest, self.label(session)), even_in_bulk=True
        ):
            row = self._db.execute("SELECT id FROM blobs WHERE sha256 = ?", (digest,)).fetchone()
            if row is not None:
                blob_id = int(row[0])
            else:
                blob_id = self._db.insert(
                    "INSERT INTO blobs (sha256, size, data) VALUES (?, ?, zeroblob(?))",
                    (digest, size, size),
                )
                # One writer of blob bytes: the attachments area's, with its checks.
                self._store.attachments._write_blob(blob_id, size, chunks())
            file_id = self._db.insert(
                "INSERT INTO training_session_files (session_id, blob_id, file_name)"
                " VALUES (?, ?, ?)",
                (session_id, blob_id, file_name),
            )
            for (evidence_id,) in self._db.execute(
                "SELECT id FROM evidence WHERE training_session_id = ?", (session_id,)
            ).fetchall():
                self._share_files(session_id, evidence_id)
        row = self._db.one(f"{_FILES} WHERE f.id = ?", (file_id,), "session file")
        return SessionFile(*row)

    def _file_blob(self, file_id: int) -> tuple[int, int, str]:
        row = self._db.one(
            "SELECT blob_id, session_id, file_name FROM training_session_files WHERE id = ?",
            (file_id,),
            "session file",
        )
        return int(row[0]), int(row[1]), str(row[2])

    def remove_file(self, file_id: int) -> None:
        """Remove a file from a session and from the evidence it shared the file with."""
        blob_id, session_id, file_name = self._file_blob(file_id)
        session = self.get(session_id)
        with self._store.logged_as(f"removed {file_name} from {self.label(session)}"):
            self._db.execute("DELETE FROM training_session_files WHERE id = ?", (file_id,))
            self._db.execute(
                "DELETE FROM attachments WHERE blob_id = ? AND file_name = ? AND evidence_id IN"
                " (SELECT id FROM evidence WHERE training_session_id = ?)",
                (blob_id, file_name, session_id),
            )
            trash = self._store.trash
            trash._delete_orphaned_blobs(trash.foreign_keys(), [blob_id])
