"""What every area manager shares: its document, its connection and the change log."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from compdesk.storage.store import Store


class Area:
    """One area of a document (people, roles, ...), hung off the document as `store.<area>`."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._db = store.db

    def _log(self, what: str) -> None:
        self._store.change_log.append(what)

    def _subject(self, person_id: int, competency_id: int) -> str:
        """How the change log names the person × competency a record is about."""
        person = self._store.people.get(person_id)
        competency = self._store.competencies.get(competency_id)
        return f"{person.name}, {competency.name}"


def renamed(before: str, after: str) -> str:
    """How a change-log entry names a record whose name may have changed."""
    return before if before == after.strip() else f"{before} (now {after.strip()})"
