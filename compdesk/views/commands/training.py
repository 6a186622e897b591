"""Recording, editing and deleting training sessions, with the evidence their passes earn.

The store keeps a session's evidence consistent with its attendees in the same transaction,
so each command calls one store method and undo reverts session and evidence together: an
added or deleted session goes to the trash with everything that refers to it (attendees,
files, evidence and its attachments) and comes back from it with the same ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from compdesk.models.records import Attendance, Competency, SessionFile, TrainingSession
from compdesk.storage import Store
from compdesk.views.commands.base import (
    AddRecordCommand,
    Change,
    DeleteRecordCommand,
    StoreCommand,
)

# A session's passes are evidence: the matrix and the evidence list change with it.
TRAINING_CHANGES = Change.TRAINING | Change.EVIDENCE


class AddSessionCommand(AddRecordCommand):
    changes = TRAINING_CHANGES

    def __init__(
        self,
        store: Store,
        competency: Competency,
        session: TrainingSession,
        attendees: Sequence[Attendance],
        files: Sequence[Path] = (),
    ) -> None:
        super().__init__(
            store, f"Record training session {competency.name} of {session.held_on.isoformat()}"
        )
        self._session, self._attendees, self._files = session, tuple(attendees), tuple(files)

    def _add(self) -> int:
        session = self._session
        values: dict[str, Any] = {
            "minutes": session.minutes,
            "trainer": session.trainer,
            "delivery": session.delivery,
            "pass_mark": session.pass_mark,
            "notes": session.notes,
            "calendar_id": session.calendar_id,
        }
        with self.store.transaction():
            added = self.store.training.add(
                session.competency_id, session.held_on, self._attendees, **values
            )
            # Attached after the attendees, so each passing attendee's evidence shares them.
            for path in self._files:
                self.store.training.attach_file(added.id, path)
        return added.id

    def _delete(self, record_id: int) -> int | None:
        return self.store.training.delete(record_id, keep_for_undo=True)


class UpdateSessionCommand(StoreCommand):
    """Changes a session and its attendee list, and attaches more files to it.

    Undo puts the session and attendees back as they were (an attendee who passes again gets
    evidence of the session again) and removes the files this edit attached.
    """

    changes = TRAINING_CHANGES

    def __init__(
        self,
        store: Store,
        competency: Competency,
        before: tuple[TrainingSession, Sequence[Attendance]],
        after: tuple[TrainingSession, Sequence[Attendance]],
        files: Sequence[Path] = (),
    ) -> None:
        super().__init__(
            store, f"Edit training session {competency.name} of {before[0].held_on.isoformat()}"
        )
        self._before = (before[0], tuple(before[1]))
        self._after = (after[0], tuple(after[1]))
        self._files = tuple(files)
        self._attached: list[int] = []

    def apply(self) -> None:
        session, attendees = self._after
        with self.store.transaction():
            self.store.training.update(session, attendees)
            self._attached = [
                self.store.training.attach_file(session.id, path).id for path in self._files
            ]

    def revert(self) -> None:
        session, attendees = self._before
        with self.store.transaction():
            for file_id in self._attached:
                self.store.training.remove_file(file_id)
            self._attached = []
            self.store.training.update(session, attendees)


class DeleteSessionCommand(DeleteRecordCommand):
    changes = TRAINING_CHANGES

    def __init__(self, store: Store, competency: Competency, session: TrainingSession) -> None:
        super().__init__(
            store,
            f"Delete training session {competency.name} of {session.held_on.isoformat()}",
            session.id,
        )

    def _delete(self, record_id: int) -> int | None:
        return self.store.training.delete(record_id, keep_for_undo=True)


class RemoveSessionFileCommand(StoreCommand):
    """Removes a file from a session and from its passing attendees' evidence.

    The store drops a file no record uses any more, so the command keeps the file's bytes:
    undo attaches them again under the same name, which shares them with the attendees'
    evidence again (the file comes back as a new row, listed after the session's others).
    """

    changes = TRAINING_CHANGES

    def __init__(self, store: Store, session_label: str, session_file: SessionFile) -> None:
        super().__init__(store, f"Remove {session_file.file_name} from {session_label}")
        self._session_id = session_file.session_id
        self._file_name = session_file.file_name
        self._file_id = session_file.id
        self._data = store.training.file_bytes(session_file.id)

    def apply(self) -> None:
        self.store.training.remove_file(self._file_id)

    def revert(self) -> None:
        attached = self.store.training.attach_bytes(self._session_id, self._file_name, self._data)
        self._file_id = attached.id
