"""The rows of the evidence list: each record with its person, its competency and its validity
as of the document's date (the rules of models/rules.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from compdesk.models.records import Competency, Evidence, Person
from compdesk.models.rules import Validity, evidence_expiry, expiry_is_derived, validity_on


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    """One evidence record with what the list shows beside it; the record carries no
    attachments, the list only its files' names (the details pane reads the record whole)."""

    evidence: Evidence
    file_names: tuple[str, ...]
    person: Person
    competency: Competency
    expires_on: date | None
    expiry_derived: bool
    validity: Validity

    @property
    def expires_text(self) -> str:
        if self.expires_on is None:
            return "never"
        text = self.expires_on.isoformat()
        if self.validity in (Validity.EXPIRED, Validity.EXPIRING):
            text = f"{self.validity.symbol} {self.validity.value} {text}"
        return f"{text} (renewal)" if self.expiry_derived else text

    @property
    def expires_explained(self) -> str:
        if self.expires_on is None:
            return "Never expires: no expiry date, and the competency needs no renewal."
        how = (
            f"derived from the {self.competency.renewal_months}-month renewal interval of "
            f"{self.competency.name}"
            if self.expiry_derived
            else "its own expiry date"
        )
        return f"{self.expires_on.isoformat()}, {how} — {self.validity.value}"

    def search_text(self) -> str:
        evidence = self.evidence
        parts = [
            self.person.name,
            self.person.email,
            self.competency.name,
            evidence.kind.label,
            evidence.route.label,
            evidence.title,
            evidence.issuer,
            evidence.notes,
            evidence.verified_by,
            *self.file_names,
        ]
        return "\n".join(parts).casefold()


def evidence_rows(
    evidence: Sequence[tuple[Evidence, tuple[str, ...]]],
    people: Sequence[Person],
    competencies: Sequence[Competency],
    *,
    as_of: date,
    warning_days: int,
) -> list[EvidenceRow]:
    """Evidence (each record with its files' names) joined with its person and competency,
    with its expiry as of a date."""
    people_by_id = {p.id: p for p in people}
    competencies_by_id = {c.id: c for c in competencies}
    rows = []
    for item, file_names in evidence:
        person = people_by_id.get(item.person_id)
        competency = competencies_by_id.get(item.competency_id)
        if person is None or competency is None:
            continue
        expires_on = evidence_expiry(item, competency)
        rows.append(
            EvidenceRow(
                item,
                file_names,
                person,
                competency,
                expires_on,
                expiry_is_derived(item, competency),
                validity_on(expires_on, as_of, warning_days),
            )
        )
    return rows
