"""Format 4: the day a fixed yearly date took effect, kept by the store and read by the matrix;
and the matrix of the whole document following fixed dates and document versions."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from compdesk.models.gaps import GapStatus
from compdesk.models.records import Competency, Person, RenewalMode
from compdesk.storage import Store, migration_backup_path
from compdesk.storage.check import check_document
from compdesk.storage.schema import SCHEMA_VERSION
from tests.conftest import make_competency, make_evidence, make_person, make_role
from tests.storage.old_formats import write_old_document

# A completion more than the warning window before 31 January: the fixed date alone makes it
# due on 2025-01-31, the interval on 2025-12-15.
COMPLETED = date(2024, 12, 15)
SWITCHED = date(2025, 1, 20)
IN_JUNE = date(2025, 6, 1)

_FORMAT_3_ROWS = """
INSERT INTO roles (id, name) VALUES (1, 'Everyone');
INSERT INTO competencies (id, name, renewal_months, renewal_mode, renewal_on)
    VALUES (1, 'Security awareness', 12, 'fixed yearly date', '01-31');
INSERT INTO requirements VALUES (1, 1);
INSERT INTO people (id, name, email) VALUES (1, 'Ana Ruiz', 'ana@example.com');
INSERT INTO person_roles VALUES (1, 1);
INSERT INTO evidence (id, person_id, competency_id, kind, route, achieved_on)
    VALUES (1, 1, 1, 'training record', 'training', '2024-12-15');
"""


def _format_3_document(tmp_path: Path) -> Path:
    return write_old_document(
        tmp_path / "format3.compdesk", 3, _FORMAT_3_ROWS, created_at="2025-01-01T00:00:00Z"
    )


def _everyone_needs(store: Store, competency: Competency) -> Person:
    role = make_role(store, "Everyone")
    store.requirements.set(role.id, competency.id, True)
    return make_person(store, "Ana Ruiz", roles=(role,))


def test_a_format_3_document_upgrades_with_its_fixed_dates_as_they_were(tmp_path: Path) -> None:
    path = _format_3_document(tmp_path)
    with Store.open(path, user="tester") as store:
        assert store.schema_version() == SCHEMA_VERSION
        [competency] = store.competencies.all()
        assert (competency.renewal_mode, competency.renewal_on) == (
            RenewalMode.FIXED_DATE,
            "01-31",
        )
        # The day of the switch is unknown: the completion follows the fixed date alone.
        assert store.competencies.fixed_since() == {}
        assert store.gap_matrix(IN_JUNE).status(1, 1) is GapStatus.EXPIRED
        assert store.change_log.entries()[-1].what == f"upgraded file format 3 to {SCHEMA_VERSION}"
    assert migration_backup_path(path, 3).exists()
    assert check_document(path) == []


def test_switching_to_a_fixed_date_keeps_earlier_completions_due_when_they_were(
    store: Store,
) -> None:
    competency = make_competency(store, "Security awareness")
    person = _everyone_needs(store, competency)
    make_evidence(store, person, competency, COMPLETED)
    assert store.competencies.fixed_since() == {}
    store.competencies.update(
        replace(competency, renewal_mode=RenewalMode.FIXED_DATE, renewal_on="01-31"),
        effective_on=SWITCHED,
    )
    assert store.competencies.fixed_since() == {competency.id: SWITCHED}
    cell = store.gap_matrix(IN_JUNE).cell(person.id, competency.id)
    assert (cell.status, cell.expires_on) == (GapStatus.MET, date(2025, 12, 15))


def test_the_switch_day_moves_only_when_the_mode_or_the_date_changes(store: Store) -> None:
    competency = make_competency(
        store,
        "Security awareness",
        renewal_mode=RenewalMode.FIXED_DATE,
        renewal_on="01-31",
        effective_on=date(2025, 1, 1),
    )
    assert store.competencies.fixed_since() == {competency.id: date(2025, 1, 1)}
    described = store.competencies.update(
        replace(competency, description="Every January"), effective_on=date(2025, 2, 1)
    )
    assert store.competencies.fixed_since() == {competency.id: date(2025, 1, 1)}
    store.competencies.update(replace(described, renewal_on="03-31"), effective_on=date(2025, 3, 1))
    assert store.competencies.fixed_since() == {competency.id: date(2025, 3, 1)}
    back = store.competencies.get(competency.id)
    store.competencies.update(replace(back, renewal_mode=RenewalMode.AFTER_COMPLETION))
    # After completion again: no fixed date to take effect.
    assert store.competencies.fixed_since() == {}


def test_a_competency_added_after_completion_has_no_switch_day(store: Store) -> None:
    make_competency(store, "Security awareness")
    assert store.competencies.fixed_since() == {}


def test_a_new_document_version_makes_earlier_acknowledgements_due_then_expired(
    store: Store,
) -> None:
    policy = make_competency(store, "Security policy", renewal_months=None, document_version="1")
    person = _everyone_needs(store, policy)
    make_evidence(store, person, policy, date(2025, 1, 10), document_version="1")
    assert store.gap_matrix(date(2025, 5, 15)).status(person.id, policy.id) is GapStatus.MET
    store.competencies.update(replace(policy, document_version="2", version_since=date(2025, 5, 1)))
    # Within the acknowledgement grace (30 days) of the new version: due, not yet missing.
    assert store.gap_matrix(date(2025, 5, 15)).status(person.id, policy.id) is GapStatus.DUE
    assert store.gap_matrix(date(2025, 6, 15)).status(person.id, policy.id) is GapStatus.EXPIRED
    # As of a day before the new version, the old one was current.
    assert store.gap_matrix(date(2025, 4, 30)).status(person.id, policy.id) is GapStatus.MET
    make_evidence(store, person, policy, date(2025, 6, 20), document_version="2")
    assert store.gap_matrix(date(2025, 6, 21)).status(person.id, policy.id) is GapStatus.MET


def test_dates_and_versions_reads_each_acknowledgement_version(store: Store) -> None:
    policy = make_competency(store, "Security policy", renewal_months=None, document_version="2")
    coding = make_competency(store, "Secure coding")
    person = make_person(store)
    signed = make_evidence(store, person, policy, date(2025, 1, 10), document_version="1")
    trained = make_evidence(store, person, coding, date(2025, 2, 1))
    dates, versions = store.evidence.dates_and_versions()
    assert sorted(dates) == sorted(store.evidence.dates())
    assert versions == {signed.id: "1"}
    assert trained.id not in versions
