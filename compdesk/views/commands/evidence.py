"""Adding, editing and deleting evidence, and attaching or removing its files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from compdesk.models.records import Competency, Evidence, EvidenceKind, Person, Route
from compdesk.storage import ProgressCallback, Store
from compdesk.views.commands.base import (
    AddRecordCommand,
    Change,
    DeleteRecordCommand,
    UpdateRecordCommand,
)


class AddEvidenceCommand(AddRecordCommand):
    """Adds evidence and, in the same step, the files that prove it."""

    changes = Change.EVIDENCE

    def __init__(
        self,
        store: Store,
        person: Person,
        competency: Competency,
        kind: EvidenceKind,
        route: Route,
        files: tuple[Path, ...] = (),
        **values: Any,
    ) -> None:
        super().__init__(store, f"Add evidence of {competency.name} for {person.name}")
        self._ids = (person.id, competency.id)
        self._kind, self._route, self._files, self._values = kind, route, files, values

    def touched_people(self) -> frozenset[int] | None:
        return frozenset({self._ids[0]})

    def _add(self) -> int:
        sizes = [path.stat().st_size if path.is_file() else 0 for path in self._files]
        with self.store.transaction():
            evidence = self.store.evidence.add(*self._ids, self._kind, self._route, **self._values)
            for index, path in enumerate(self._files):
                self.store.attachments.attach_file(
                    evidence.id,
                    path,
                    report_progress=self._file_progress(
                        sum(sizes[:index]), sizes[index], sum(sizes)
                    ),
                    cancel=self.cancel,
                )
        return evidence.id

    def _file_progress(self, before: int, size: int, total: int) -> ProgressCallback | None:
        """Progress of one file's attaching, as part of all the files of this evidence."""
        report = self.report_progress
        if report is None:
            return None
        return lambda done, file_total: report(before + done * size // max(file_total, 1), total)

    def _delete(self, record_id: int) -> int | None:
        return self.store.evidence.delete(record_id, keep_for_undo=True)


class UpdateEvidenceCommand(UpdateRecordCommand):
    changes = Change.EVIDENCE

    def __init__(self, store: Store, before: Evidence, after: Evidence) -> None:
        super().__init__(store, f"Edit evidence {before.title or before.kind.label}", before, after)

    def touched_people(self) -> frozenset[int] | None:
        return frozenset({self.before.person_id, self.after.person_id})

    def _update(self, record: Any) -> None:
        self.store.evidence.update(record)


class DeleteEvidenceCommand(DeleteRecordCommand):
    changes = Change.EVIDENCE

    def __init__(self, store: Store, evidence: Evidence) -> None:
        super().__init__(
            store, f"Delete evidence {evidence.title or evidence.kind.label}", evidence.id
        )
        self._people = frozenset({evidence.person_id})

    def touched_people(self) -> frozenset[int] | None:
        return self._people

    def _delete(self, record_id: int) -> int | None:
        return self.store.evidence.delete(record_id, keep_for_undo=True)


class AttachFilesCommand(AddRecordCommand):
    """Attaches one file to existing evidence."""

    changes = Change.EVIDENCE

    def __init__(self, store: Store, evidence: Evidence, path: Path) -> None:
        super().__init__(store, f"Attach {path.name}")
        self._evidence_id, self._path = evidence.id, path
        self._person_id = evidence.person_id

    def touched_people(self) -> frozenset[int] | None:
        return frozenset({self._person_id})

    def _add(self) -> int:
        return self.store.attachments.attach_file(
            self._evidence_id, self._path, report_progress=self.report_progress, cancel=self.cancel
        ).id

    def _delete(self, record_id: int) -> int | None:
        return self.store.attachments.remove(record_id, keep_for_undo=True)


class RemoveAttachmentCommand(DeleteRecordCommand):
    changes = Change.EVIDENCE

    def __init__(self, store: Store, attachment_id: int, file_name: str) -> None:
        super().__init__(store, f"Remove attachment {file_name}", attachment_id)

    def _delete(self, record_id: int) -> int | None:
        return self.store.attachments.remove(record_id, keep_for_undo=True)
