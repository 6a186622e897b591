"""The document: one connection to a compdesk file, with one manager per area hung off it."""

from __future__ import annotations

import getpass
import logging
import sqlite3
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from compdesk.models.errors import DocumentError
from compdesk.models.gaps import GapMatrix, compute_matrix
from compdesk.models.records import ActionState, Competency, EvidenceDates, Person, Settings
from compdesk.storage.actions import Actions
from compdesk.storage.attachments import Attachments, Blobs
from compdesk.storage.calendar import Calendar
from compdesk.storage.change_log import ChangeLog
from compdesk.storage.competencies import Competencies, Requirements
from compdesk.storage.connection import Database, connect, is_busy, translate_operational_error
from compdesk.storage.drills import Drills
from compdesk.storage.evidence import EvidenceArea
from compdesk.storage.findings import AuditRows, findings_of, onboarding_of
from compdesk.storage.lock import WriterLock
from compdesk.storage.opening import create_file, display_name, open_file
from compdesk.storage.people import People
from compdesk.storage.roles import Roles
from compdesk.storage.schema import SCHEMA_VERSION
from compdesk.storage.settings import SettingsArea
from compdesk.storage.training import Training
from compdesk.storage.trash import Trash

if TYPE_CHECKING:
    from compdesk.models.findings import Finding
    from compdesk.models.metrics import Metrics
    from compdesk.models.onboarding import OnboardingRecord

log = logging.getLogger(__name__)

# The tables whose rows `counts` reports.
_COUNTED = (
    "roles",
    "competencies",
    "people",
    "evidence",
    "attachments",
    "actions",
    "blobs",
    "training_sessions",
    "drills",
)


class _EngineRows(TypedDict):
    """The keyword arguments `compute_matrix`, `find_findings` and `compute_metrics` share."""

    people: list[Person]
    competencies: list[Competency]
    requirements: set[tuple[int, int]]
    evidence: list[EvidenceDates]
    settings: Settings
    evidence_versions: dict[int, str]
    fixed_since: dict[int, date]


class MatrixRows(_EngineRows):
    """What the gap matrix is computed from: the engine's rows and the actions' states."""

    actions: list[ActionState]


def default_user() -> str:
    """The login name recorded as the author of changes when none is given."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


class Store:
    """A compdesk document: every read and write of the file goes through its managers."""

    def __init__(
        self,
        connection: sqlite3.Connection,
        path: Path,
        *,
        read_only: bool,
        user: str,
        owns_trash: bool = True,
    ) -> None:
        self.path = path
        self.read_only = read_only
        # Why an open for editing became read-only (the file or its folder cannot be written).
        self.read_only_reason: str | None = None
        self.user = user
        self.db = Database(connection, display_name(path), read_only=read_only)
        self._writer_lock: WriterLock | None = None
        # Only the window's own store empties the trash: its undo stack is what needs it.
        self._owns_trash = owns_trash
        self.change_log = ChangeLog(self)
        self.settings = SettingsArea(self)
        self.roles = Roles(self)
        self.competencies = Competencies(self)
        self.requirements = Requirements(self)
        self.people = People(self)
        self.evidence = EvidenceArea(self)
        self.attachments = Attachments(self)
        self.blobs = Blobs(self)
        self.actions = Actions(self)
        self.calendar = Calendar(self)
        self.training = Training(self)
        self.drills = Drills(self)
        self.trash = Trash(self)

    # ---- opening and closing ------------------------------------------------------------

    @classmethod
    def create(cls, path: Path | str, *, user: str | None = None) -> Store:
        """Create a new, empty document at `path`; refuse to overwrite anything."""
        path = Path(path)
        store = cls(create_file(path), path, read_only=False, user=user or default_user())
        store.change_log.append(f"created document {path.name}")
        return store

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        read_only: bool = False,
        user: str | None = None,
        exclusive: bool = False,
        check_pages: bool = False,
    ) -> Store:
        """Open an existing document, upgrading its format if it is older (after a backup).

        With `exclusive`, hold a writer's lock while open, and refuse with DocumentInUseError
        when another program already holds it (the window then offers read-only). The header,
        format and size are checked; `check_pages` adds SQLite's check of every page, which
        reads the whole file (`compdesk check` runs the full integrity check).
        """
        path = Path(path)
        opened = open_file(path, read_only=read_only, exclusive=exclusive, check_pages=check_pages)
        store = cls(
            opened.connection, path, read_only=opened.read_only, user=user or default_user()
        )
        store._writer_lock = opened.writer_lock
        store.read_only_reason = opened.read_only_reason
        try:
            if opened.upgraded_from is not None:
                store.change_log.append(
                    f"upgraded file format {opened.upgraded_from} to {SCHEMA_VERSION}"
                )
            # Trash left by a session that crashed: nothing can undo into it any more.
            store.trash.purge()
        except BaseException:
            store.close()
            raise
        return store

    def open_another(self) -> Store:
        """A second connection to this document, for work on another thread.

        It sees only what is committed, and what it writes stays invisible here until it
        commits. It takes no writer lock and leaves the trash alone (this store's undo stack
        still needs it).
        """
        connection = connect(self.path, read_only=self.read_only)
        return Store(
            connection, self.path, read_only=self.read_only, user=self.user, owns_trash=False
        )

    def close(self) -> None:
        if not self.read_only and self._owns_trash:
            try:
                self.trash.purge()
            except DocumentError:
                log.exception("could not purge the trash on close")
        self.db.close()
        if self._writer_lock is not None:
            self._writer_lock.release()
            self._writer_lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ---- transactions -----------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction; nested calls become savepoints. An exception rolls back."""
        with self.db.transaction():
            yield

    @contextmanager
    def logged_as(self, what: str, *, even_in_bulk: bool = False) -> Iterator[None]:
        """One transaction whose edits are recorded as one change-log entry (bulk work);
        `even_in_bulk`: that entry is kept inside an outer bulk work too (ChangeLog.append)."""
        with self.db.transaction():
            outer, self.change_log.suppressed = self.change_log.suppressed, True
            try:
                yield
            finally:
                self.change_log.suppressed = outer
            self.change_log.append(what, even_in_bulk=even_in_bulk)

    # ---- whole-document reads -------------------------------------------------------------

    def _engine_rows(self, person_ids: Collection[int] | None = None) -> _EngineRows:
        """What the gap engine reads of the whole document (or of only these people), each
        read once."""
        evidence, versions = self.evidence.dates_and_versions(person_ids)
        if person_ids is None:
            people = self.people.all()
        else:
            people = [self.people.get(person_id) for person_id in sorted(person_ids)]
        return _EngineRows(
            people=people,
            competencies=self.competencies.all(),
            requirements=self.requirements.all(),
            evidence=evidence,
            settings=self.settings.get(),
            evidence_versions=versions,
            fixed_since=self.competencies.fixed_since(),
        )

    def matrix_rows(self, person_ids: Collection[int] | None = None) -> MatrixRows:
        """What `gap_matrix` reads, of everyone or of only these people: kept by a caller, it
        gives the matrix at another date without reading the document again."""
        return MatrixRows(**self._engine_rows(person_ids), actions=self.actions.states(person_ids))

    def matrix_rows_updated(
        self, rows: MatrixRows, person_ids: Collection[int]
    ) -> tuple[MatrixRows, MatrixRows] | None:
        """`rows` with these people's rows read again (only theirs changed), and those rows;
        None if `rows` lacks one of them (added since, perhaps by another program): only
        every row read again is then whole."""
        touched = frozenset(person_ids)
        if not touched <= {person.id for person in rows["people"]}:
            return None
        part = self.matrix_rows(person_ids)
        dropped = {e[0] for e in rows["evidence"] if e[1] in touched}
        versions = {i: v for i, v in rows["evidence_versions"].items() if i not in dropped}
        versions.update(part["evidence_versions"])
        read_again = {person.id: person for person in part["people"]}
        updated = MatrixRows(
            people=[read_again.get(person.id, person) for person in rows["people"]],
            competencies=part["competencies"],
            requirements=part["requirements"],
            # A person's own rows keep their order among themselves, which is all that ties
            # between records of one person × competency depend on.
            evidence=[e for e in rows["evidence"] if e[1] not in touched] + part["evidence"],
            settings=part["settings"],
            evidence_versions=versions,
            fixed_since=part["fixed_since"],
            actions=[a for a in rows["actions"] if a.person_id not in touched] + part["actions"],
        )
        return updated, part

    def gap_matrix(self, as_of: date, rows: MatrixRows | None = None) -> GapMatrix:
        """The gap matrix of the whole document as of a date (of `rows` if given: those of
        `matrix_rows`)."""
        return compute_matrix(**(rows if rows is not None else self.matrix_rows()), as_of=as_of)

    def audit_rows(self, as_of: date) -> AuditRows:
        """The whole document's rows that the findings and onboarding records read, as of a
        date: read once, for `findings` and `onboarding` to share."""
        engine = self._engine_rows()
        return AuditRows(
            as_of=as_of,
            people=tuple(engine["people"]),
            roles=tuple(self.roles.all()),
            competencies=tuple(engine["competencies"]),
            requirements=engine["requirements"],
            evidence=tuple(engine["evidence"]),
            evidence_versions=engine["evidence_versions"],
            fixed_since=engine["fixed_since"],
            settings=engine["settings"],
            evidence_without_files=tuple(self.evidence.without_files()),
            actions=tuple(self.actions.list()),
            sessions=tuple(self.training.sessions(until=as_of)),
            attendance=tuple(self.training.attendance()),
        )

    def findings(self, as_of: date, rows: AuditRows | None = None) -> tuple[Finding, ...]:
        """What an auditor would raise about the whole document as of a date (from `rows`
        when the caller has read them: `audit_rows(as_of)`)."""
        return findings_of(self._audit_rows_of(as_of, rows))

    def onboarding(
        self, as_of: date, rows: AuditRows | None = None
    ) -> tuple[OnboardingRecord, ...]:
        """The onboarding record of each active starter of the twelve months up to a date."""
        return onboarding_of(self._audit_rows_of(as_of, rows))

    def _audit_rows_of(self, as_of: date, rows: AuditRows | None) -> AuditRows:
        if rows is None:
            return self.audit_rows(as_of)
        if rows.as_of != as_of:
            raise ValueError(f"rows of {rows.as_of.isoformat()} asked for {as_of.isoformat()}")
        return rows

    def metrics(self, as_of: date) -> Metrics:
        """Every figure that shows training works, as of a date (models/metrics.py)."""
        from compdesk.models.metrics import compute_metrics

        return compute_metrics(
            **self._engine_rows(),
            actions=self.actions.states(),
            as_of=as_of,
            sessions=self.training.sessions(until=as_of),
            attendance=self.training.attendance(),
            drills=self.drills.all(),
            drill_results=self.drills.results(),
        )

    def integrity_problems(self) -> list[str]:
        """What SQLite's own full check finds wrong (empty when the file is sound)."""
        return self.page_problems() + self.reference_problems()

    def page_problems(self) -> list[str]:
        """What SQLite's integrity_check finds in the pages, rows and indexes (empty if none)."""
        return self._problems_of("PRAGMA integrity_check", lambda row: str(row[0]))

    def reference_problems(self) -> list[str]:
        """Rows that refer to a row that is not there (empty if none)."""
        return self._problems_of(
            "PRAGMA foreign_key_check",
            lambda row: f"row {row[1]} of {row[0]} refers to a missing {row[2]} row",
        )

    def _problems_of(self, pragma: str, described: Callable[[Any], str]) -> list[str]:
        try:
            problems = [described(row) for row in self.db.execute(pragma)]
        except sqlite3.DatabaseError as error:
            # Another program's lock is not a fault of the file: say so, don't count it.
            if isinstance(error, sqlite3.OperationalError) and is_busy(error):
                raise translate_operational_error(error) from None
            return [str(error)]
        return [problem for problem in problems if problem != "ok"]

    def schema_version(self) -> int:
        return int(self.db.scalar("PRAGMA user_version"))

    def counts(self) -> dict[str, int]:
        """Rows per table of the competence record, for summaries."""
        return {table: int(self.db.scalar(f"SELECT count(*) FROM {table}")) for table in _COUNTED}
