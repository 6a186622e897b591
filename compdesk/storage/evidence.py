"""Evidence of competence: person × competency, with its dates and attachments."""

from __future__ import annotations

import builtins
from collections.abc import Collection
from dataclasses import replace
from datetime import date
from typing import Any, Final

from compdesk.models.errors import InputError
from compdesk.models.records import Evidence, EvidenceDates, EvidenceKind, Route
from compdesk.storage.area import Area
from compdesk.storage.table import (
    Column,
    Table,
    date_column,
    enum_column,
    matching,
    of_people,
    stripped,
    where_clause,
)

TABLE: Final = Table(
    "evidence",
    Evidence,
    [
        Column("person_id"),
        Column("competency_id"),
        enum_column("kind", EvidenceKind),
        enum_column("route", Route),
        Column("title"),
        Column("issuer"),
        date_column("achieved_on"),
        date_column("expires_on"),
        Column("score"),
        Column("verified_by"),
        date_column("verified_on"),
        Column("notes"),
        Column("document_version", stripped),
    ],
    # Newest achievement first.
    order_by="achieved_on DESC, id DESC",
)


# Between the file names of a listed record: stored names carry no control characters.
_NAME_SEPARATOR: Final = "\x1f"
# Each record's file names in attachment order, as one text (NULL without files); its one
# parameter is the separator.
_FILE_NAMES: Final = (
    "(SELECT group_concat(file_name, ?) FROM"
    " (SELECT file_name FROM attachments WHERE evidence_id = evidence.id ORDER BY id))"
)

ListedEvidence = tuple[Evidence, tuple[str, ...]]


def _checked(evidence: Evidence) -> Evidence:
    if evidence.achieved_on and evidence.expires_on and evidence.expires_on < evidence.achieved_on:
        raise InputError("the expiry date is before the date the evidence was achieved")
    return evidence


class EvidenceArea(Area):
    def list(
        self, *, person_id: int | None = None, competency_id: int | None = None
    ) -> builtins.list[Evidence]:
        """Evidence records with their attachments, newest achievement first."""
        where, parameters = matching(person_id=person_id, competency_id=competency_id)
        rows = self._db.execute(TABLE.select(where), parameters).fetchall()
        # Only the listed records' attachments (a matrix cell's, not the whole document's).
        attachments = (
            self._store.attachments.by_evidence(of_evidence_where=where, parameters=parameters)
            if rows
            else {}
        )
        return [TABLE.record(row, attachments=tuple(attachments.get(row[0], ()))) for row in rows]

    def listed(self, person_ids: Collection[int] | None = None) -> builtins.list[ListedEvidence]:
        """Every evidence record (or these people's) with its files' names in attachment order,
        newest achievement first: what the evidence list shows. The records carry no
        attachments (`get` reads one record's in full)."""
        where, parameters = of_people(person_ids)
        record = TABLE.record
        # PERF: one statement without the blobs, and a name list per record instead of an
        # Attachment record per file (52,000 of each at 5000 people).
        return [
            (record(row[:-1]), tuple(row[-1].split(_NAME_SEPARATOR)) if row[-1] else ())
            for row in self._db.execute(
                TABLE.select(where, also=_FILE_NAMES), [_NAME_SEPARATOR, *parameters]
            )
        ]

    def dates(self) -> builtins.list[EvidenceDates]:
        """Every evidence record's dates, without the rest: the gap engine's bulk input."""
        # PERF: plain tuples of five columns, no record per row and dates parsed inline, not
        # through a call per value (tens of thousands at once).
        parse = date.fromisoformat
        return [
            (
                evidence_id,
                person_id,
                competency_id,
                parse(achieved_on) if achieved_on else None,
                parse(expires_on) if expires_on else None,
            )
            for evidence_id, person_id, competency_id, achieved_on, expires_on in self._db.execute(
                "SELECT id, person_id, competency_id, achieved_on, expires_on FROM evidence"
            )
        ]

    def dates_and_versions(
        self, person_ids: Collection[int] | None = None
    ) -> tuple[builtins.list[EvidenceDates], dict[int, str]]:
        """Every evidence record's dates (or only these people's), as `dates()` gives them, and
        in the same reading the document version each acknowledgement is of (only records that
        name a version)."""
        parse = date.fromisoformat
        dates: builtins.list[EvidenceDates] = []
        versions: dict[int, str] = {}
        sql = (
            "SELECT id, person_id, competency_id, achieved_on, expires_on, document_version "
            "FROM evidence"
        )
        where, parameters = of_people(person_ids)
        for evidence_id, person_id, competency_id, achieved_on, expires_on, version in (
            self._db.execute(sql + where_clause(where), parameters)
        ):
            dates.append((
                evidence_id,
                person_id,
                competency_id,
                parse(achieved_on) if achieved_on else None,
                parse(expires_on) if expires_on else None,
            ))
            if version:
                versions[evidence_id] = version
        return dates, versions

    def without_files(self) -> builtins.list[Evidence]:
        """Every evidence record that has no attached file (the findings name them)."""
        where = "NOT EXISTS (SELECT 1 FROM attachments a WHERE a.evidence_id = evidence.id)"
        return [TABLE.record(row) for row in self._db.execute(TABLE.select(where))]

    def get(self, evidence_id: int) -> Evidence:
        row = self._db.one(TABLE.select("id = ?", order=False), (evidence_id,), "evidence")
        attachments = self._store.attachments.by_evidence(evidence_id).get(evidence_id, ())
        return TABLE.record(row, attachments=tuple(attachments))

    def label(self, evidence: Evidence) -> str:
        """How the change log names a piece of evidence."""
        subject = self._subject(evidence.person_id, evidence.competency_id)
        return f"{evidence.kind.value} for {subject}"

    def add(
        self,
        person_id: int,
        competency_id: int,
        kind: EvidenceKind,
        route: Route,
        **values: Any,
    ) -> Evidence:
        evidence = replace(
            Evidence(
                id=0, person_id=person_id, competency_id=competency_id, kind=kind, route=route
            ),
            **values,
        )
        with self._db.transaction():
            label = self.label(evidence)
            evidence_id = self._db.insert(TABLE.insert_sql, TABLE.values(_checked(evidence)))
            self._log(f"added {label}")
        return self.get(evidence_id)

    def update(self, evidence: Evidence) -> Evidence:
        with self._db.transaction():
            self.get(evidence.id)
            self._db.execute(TABLE.update_sql, TABLE.update_values(_checked(evidence)))
            self._log(f"changed {self.label(evidence)}")
        return self.get(evidence.id)

    def delete(self, evidence_id: int, *, keep_for_undo: bool = False) -> int | None:
        """Delete evidence with its attachments."""
        label = self.label(self.get(evidence_id))
        return self._store.trash.delete(
            f"deleted {label}", TABLE.name, evidence_id, keep_for_undo=keep_for_undo
        )
