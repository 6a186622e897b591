"""Undo commands: one per kind of edit, each calling store methods only.

An added record is removed on undo *into the trash*, and redo restores it with the same id, so
later commands on the stack that refer to that id stay valid. Deletions work the other way round.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtGui import QUndoCommand

from compdesk.models.errors import DocumentError
from compdesk.models.records import (
    Action,
    ActionType,
    Competency,
    Evidence,
    EvidenceKind,
    Person,
    Role,
    Route,
)
from compdesk.models.store import ProgressCallback, Store

log = logging.getLogger(__name__)


class StoreCommand(QUndoCommand):
    """Base of every edit. Document.push runs `apply` once itself, so that a refused edit
    never reaches the stack; the stack's own first `redo` is then skipped."""

    def __init__(self, store: Store, text: str) -> None:
        super().__init__(text)
        self.store = store
        self.done_once = False
        self.on_failure: Callable[[DocumentError], None] | None = None
        # Set by a view that runs a long `apply` off the GUI thread (attaching big files).
        self.report_progress: ProgressCallback | None = None
        self.cancel: threading.Event | None = None

    def trash_ids(self) -> set[int]:
        """Trash entries this command may still restore; the rest can be purged."""
        return set()

    def redo(self) -> None:
        if self.done_once:
            self.done_once = False
            return
        self._guarded(self.apply)

    def undo(self) -> None:
        self._guarded(self.revert)

    def _guarded(self, step: Callable[[], None]) -> None:
        # Qt calls undo/redo from C++: an exception must not escape into it.
        try:
            step()
        except DocumentError as error:
            log.warning("%s failed: %s", self.text(), error)
            if self.on_failure is not None:
                self.on_failure(error)

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError


class _AddCommand(StoreCommand):
    """Adds a record; undo moves it to the trash, redo brings the same record back."""

    def __init__(self, store: Store, text: str) -> None:
        super().__init__(store, text)
        self.record_id: int | None = None
        self._trash_id: int | None = None

    def trash_ids(self) -> set[int]:
        return {self._trash_id} if self._trash_id is not None else set()

    def apply(self) -> None:
        if self._trash_id is None:
            self.record_id = self._add()
        else:
            self.store.restore(self._trash_id)
            self._trash_id = None

    def revert(self) -> None:
        assert self.record_id is not None
        self._trash_id = self._delete(self.record_id)

    def _add(self) -> int:
        raise NotImplementedError

    def _delete(self, record_id: int) -> int | None:
        raise NotImplementedError


class _DeleteCommand(StoreCommand):
    def __init__(self, store: Store, text: str, record_id: int) -> None:
        super().__init__(store, text)
        self.record_id = record_id
        self._trash_id: int | None = None

    def trash_ids(self) -> set[int]:
        return {self._trash_id} if self._trash_id is not None else set()

    def apply(self) -> None:
        self._trash_id = self._delete(self.record_id)

    def revert(self) -> None:
        assert self._trash_id is not None
        self.store.restore(self._trash_id)
        self._trash_id = None

    def _delete(self, record_id: int) -> int | None:
        raise NotImplementedError


class _UpdateCommand(StoreCommand):
    def __init__(self, store: Store, text: str, before: Any, after: Any) -> None:
        super().__init__(store, text)
        self.before, self.after = before, after

    def apply(self) -> None:
        self._update(self.after)

    def revert(self) -> None:
        self._update(self.before)

    def _update(self, record: Any) -> None:
        raise NotImplementedError


# ---- people ---------------------------------------------------------------------------------


class AddPersonCommand(_AddCommand):
    def __init__(self, store: Store, name: str, email: str, **values: Any) -> None:
        super().__init__(store, f"Add {name}")
        self._name, self._email, self._values = name, email, values

    def _add(self) -> int:
        return self.store.add_person(self._name, self._email, **self._values).id

    def _delete(self, record_id: int) -> int | None:
        return self.store.delete_person(record_id, keep_for_undo=True)


class UpdatePersonCommand(_UpdateCommand):
    def __init__(self, store: Store, before: Person, after: Person) -> None:
        super().__init__(store, f"Edit {before.name}", before, after)

    def _update(self, record: Any) -> None:
        self.store.update_person(record)


class DeletePersonCommand(_DeleteCommand):
    def __init__(self, store: Store, person: Person) -> None:
        super().__init__(store, f"Delete {person.name}", person.id)

    def _delete(self, record_id: int) -> int | None:
        return self.store.delete_person(record_id, keep_for_undo=True)


# ---- roles, competencies, requirements --------------------------------------------------------


class AddRoleCommand(_AddCommand):
    def __init__(self, store: Store, name: str, **values: Any) -> None:
        super().__init__(store, f"Add role {name}")
        self._name, self._values = name, values

    def _add(self) -> int:
        return self.store.add_role(self._name, **self._values).id

    def _delete(self, record_id: int) -> int | None:
        return self.store.delete_role(record_id, keep_for_undo=True)


class UpdateRoleCommand(_UpdateCommand):
    def __init__(self, store: Store, before: Role, after: Role) -> None:
        super().__init__(store, f"Edit role {before.name}", before, after)

    def _update(self, record: Any) -> None:
        self.store.update_role(record)


class DeleteRoleCommand(_DeleteCommand):
    def __init__(self, store: Store, role: Role) -> None:
        super().__init__(store, f"Delete role {role.name}", role.id)

    def _delete(self, record_id: int) -> int | None:
        return self.store.delete_role(record_id, keep_for_undo=True)


class AddCompetencyCommand(_AddCommand):
    def __init__(self, store: Store, name: str, **values: Any) -> None:
        super().__init__(store, f"Add competency {name}")
        self._name, self._values = name, values

    def _add(self) -> int:
        return self.store.add_competency(self._name, **self._values).id

    def _delete(self, record_id: int) -> int | None:
        return self.store.delete_competency(record_id, keep_for_undo=True)


class UpdateCompetencyCommand(_UpdateCommand):
    def __init__(self, store: Store, before: Competency, after: Competency) -> None:
        super().__init__(store, f"Edit competency {before.name}", before, after)

    def _update(self, record: Any) -> None:
        self.store.update_competency(record)


class DeleteCompetencyCommand(_DeleteCommand):
    def __init__(self, store: Store, competency: Competency) -> None:
        super().__init__(store, f"Delete competency {competency.name}", competency.id)

    def _delete(self, record_id: int) -> int | None:
        return self.store.delete_competency(record_id, keep_for_undo=True)


class SetRequirementCommand(StoreCommand):
    def __init__(self, store: Store, role: Role, competency: Competency, required: bool) -> None:
        verb = "Require" if required else "No longer require"
        super().__init__(store, f"{verb} {competency.name} for {role.name}")
        self._role_id, self._competency_id, self._required = role.id, competency.id, required

    def apply(self) -> None:
        self.store.set_requirement(self._role_id, self._competency_id, self._required)

    def revert(self) -> None:
        self.store.set_requirement(self._role_id, self._competency_id, not self._required)


# ---- evidence and attachments -----------------------------------------------------------------


class AddEvidenceCommand(_AddCommand):
    """Adds evidence and, in the same step, the files that prove it."""

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

    def _add(self) -> int:
        sizes = [path.stat().st_size if path.is_file() else 0 for path in self._files]
        with self.store.transaction():
            evidence = self.store.add_evidence(*self._ids, self._kind, self._route, **self._values)
            for index, path in enumerate(self._files):
                self.store.attach_file(
                    evidence.id,
                    path,
                    report_progress=self._file_progress(sum(sizes[:index]), sizes[index], sum(sizes)),
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
        return self.store.delete_evidence(record_id, keep_for_undo=True)


class UpdateEvidenceCommand(_UpdateCommand):
    def __init__(self, store: Store, before: Evidence, after: Evidence) -> None:
        super().__init__(store, f"Edit evidence {before.title or before.kind.label}", before, after)

    def _update(self, record: Any) -> None:
        self.store.update_evidence(record)


class DeleteEvidenceCommand(_DeleteCommand):
    def __init__(self, store: Store, evidence: Evidence) -> None:
        super().__init__(
            store, f"Delete evidence {evidence.title or evidence.kind.label}", evidence.id
        )

    def _delete(self, record_id: int) -> int | None:
        return self.store.delete_evidence(record_id, keep_for_undo=True)


class AttachFilesCommand(_AddCommand):
    """Attaches one file to existing evidence."""

    def __init__(self, store: Store, evidence: Evidence, path: Path) -> None:
        super().__init__(store, f"Attach {path.name}")
        self._evidence_id, self._path = evidence.id, path

    def _add(self) -> int:
        return self.store.attach_file(
            self._evidence_id, self._path, report_progress=self.report_progress, cancel=self.cancel
        ).id

    def _delete(self, record_id: int) -> int | None:
        return self.store.remove_attachment(record_id, keep_for_undo=True)


class RemoveAttachmentCommand(_DeleteCommand):
    def __init__(self, store: Store, attachment_id: int, file_name: str) -> None:
        super().__init__(store, f"Remove attachment {file_name}", attachment_id)

    def _delete(self, record_id: int) -> int | None:
        return self.store.remove_attachment(record_id, keep_for_undo=True)


# ---- actions ------------------------------------------------------------------------------------


class AddActionCommand(_AddCommand):
    def __init__(
        self, store: Store, person: Person, competency: Competency, type: ActionType, **values: Any
    ) -> None:
        super().__init__(store, f"Plan {type.value} for {person.name}, {competency.name}")
        self._ids, self._type, self._values = (person.id, competency.id), type, values

    def _add(self) -> int:
        return self.store.add_action(*self._ids, self._type, **self._values).id

    def _delete(self, record_id: int) -> int | None:
        return self.store.delete_action(record_id, keep_for_undo=True)


class UpdateActionCommand(_UpdateCommand):
    def __init__(self, store: Store, before: Action, after: Action) -> None:
        super().__init__(
            store, f"Edit action {before.description or before.type.label}", before, after
        )

    def _update(self, record: Any) -> None:
        self.store.update_action(record)


class DeleteActionCommand(_DeleteCommand):
    def __init__(self, store: Store, action: Action) -> None:
        super().__init__(
            store, f"Delete action {action.description or action.type.label}", action.id
        )

    def _delete(self, record_id: int) -> int | None:
        return self.store.delete_action(record_id, keep_for_undo=True)


# ---- importing people (the People view's import dialog) ------------------------------------------


class ImportPeopleCommand(StoreCommand):
    """Adds everyone of an import in one transaction; undo deletes them all, into the trash.

    The import may run off the GUI thread (`apply`, then `Document.push_applied`).
    """

    def __init__(self, store: Store, people: Sequence[Person], source: str) -> None:
        count = len(people)
        super().__init__(store, f"Import {count} {'person' if count == 1 else 'people'} from {source}")
        self._people, self._source = tuple(people), source
        self.person_ids: list[int] = []
        self._trash_ids: list[int] = []

    def trash_ids(self) -> set[int]:
        return set(self._trash_ids)

    def apply(self) -> None:
        if self._trash_ids:
            with self.store.transaction():
                for trash_id in self._trash_ids:
                    self.store.restore(trash_id)
            self._trash_ids = []
        else:
            added = self.store.import_people(self._people, source=self._source)
            self.person_ids = [person.id for person in added]

    def revert(self) -> None:
        with self.store.transaction():
            trash_ids = [
                self.store.delete_person(person_id, keep_for_undo=True)
                for person_id in self.person_ids
            ]
        self._trash_ids = [trash_id for trash_id in trash_ids if trash_id is not None]
