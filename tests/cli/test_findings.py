"""`compdesk findings`: what an auditor would raise, as text and JSON, and its exit status."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from compdesk.cli import main
from compdesk.models.findings import FindingKind
from compdesk.models.records import EvidenceKind, PersonType, Route
from compdesk.storage import Store
from tests.cli.helpers import AS_OF, UNUSABLE, acme_document, one_error


def tidy_document(tmp_path: Path) -> Path:
    """One developer with current evidence, on file, of the one competency their role requires."""
    path = tmp_path / "tidy.compdesk"
    with Store.create(path, user="tester") as store:
        role = store.roles.add("Developer", last_reviewed=date(2026, 4, 1))
        coding = store.competencies.add("Secure coding", renewal_months=12)
        store.requirements.set(role.id, coding.id, True)
        ana = store.people.add(
            "Ana Ruiz", "ana@tidy.example", start_date=date(2024, 1, 8), role_ids=(role.id,)
        )
        record = store.evidence.add(
            ana.id,
            coding.id,
            EvidenceKind.CERTIFICATE,
            Route.TRAINING,
            achieved_on=date(2026, 2, 1),
        )
        store.attachments.attach_bytes(record.id, "certificate.pdf", b"%PDF-1.4 certificate")
    return path


def findings_json(
    path: Path, capsys: pytest.CaptureFixture[str], *options: str
) -> list[dict[str, Any]]:
    """The findings of `findings --format json`, which exits 1 because there are some."""
    assert main(["findings", str(path), "--format", "json", *options]) == 1
    findings: list[dict[str, Any]] = json.loads(capsys.readouterr().out)["findings"]
    return findings


def test_a_tidy_record_has_no_findings_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tidy_document(tmp_path)

    assert main(["findings", str(path), "--as-of", AS_OF]) == 0
    assert capsys.readouterr().out == "No findings in tidy.compdesk as of 2026-05-01.\n"

    assert main(["findings", str(path), "--as-of", AS_OF, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"as_of": AS_OF, "findings": []}


def test_findings_json_has_the_documented_shape(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = acme_document(tmp_path)
    with Store.open(path, read_only=True) as store:
        ben = store.people.by_email("ben@acme.example")

    findings = findings_json(path, capsys, "--as-of", AS_OF)

    assert {
        "kind": "contractor or third party without evidence",
        "clause": "7.2 d",
        "summary": "Ben Ode (contractor) has no evidence of competence at all",
        "advice": "Record their evidence: for a contractor or a third party, a contract clause "
        "or a certificate will do.",
        "records": [{"kind": "person", "id": ben.id, "label": "Ben Ode"}],
    } in findings
    assert all(set(f) == {"kind", "clause", "summary", "advice", "records"} for f in findings)
    order = [kind.value for kind in FindingKind]
    assert [order.index(f["kind"]) for f in findings] == sorted(
        order.index(f["kind"]) for f in findings
    )


def test_findings_text_groups_by_kind_with_its_clause_and_advice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["findings", str(acme_document(tmp_path)), "--as-of", AS_OF]) == 1

    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith(" in acme.compdesk as of 2026-05-01")
    heading = "Contractor or third party without evidence (ISO/IEC 27001 7.2 d): 1"
    at = lines.index(heading)
    # What to do is said once for a kind whose findings all share it.
    assert lines[at + 1].startswith("  What to do: Record their evidence")
    assert lines[at + 2] == "  - Ben Ode (contractor) has no evidence of competence at all"
    assert "Evidence without a file (ISO/IEC 27001 7.2 d): 1" in lines
    assert any(line.startswith("Completion below target (ISO/IEC 27001 7.2 b): ") for line in lines)


def test_findings_are_as_of_the_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tidy_document(tmp_path)

    # The certificate of 2026-02-01 is valid for 12 months, then due for 30 days of grace.
    assert main(["findings", str(path), "--as-of", "2027-02-01"]) == 0
    capsys.readouterr()
    in_grace = findings_json(path, capsys, "--as-of", "2027-03-03")
    expired = findings_json(path, capsys, "--as-of", "2027-03-04")

    completion = (
        "Secure coding is met by 0 of the 1 person who needs it (0 %; target 95 %); "
        "not met by Ana Ruiz"
    )
    assert [f["summary"] for f in in_grace] == [completion]
    assert [f["summary"] for f in expired] == [
        completion,
        "Ana Ruiz (Developer) lacks Secure coding (expired 2027-02-01)",
    ]


def test_names_cannot_drive_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tidy_document(tmp_path)
    with Store.open(path) as store:
        store.people.add("Eve\x1b[2J\u202eSmith", "eve@tidy.example", type=PersonType.THIRD_PARTY)

    assert main(["findings", str(path), "--as-of", AS_OF]) == 1

    output = capsys.readouterr().out
    assert "  - Eve[2JSmith (third party) has no evidence of competence at all" in output
    assert "\x1b" not in output and "\u202e" not in output


@pytest.mark.parametrize("make", UNUSABLE)
def test_an_unusable_document_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: Callable[[Path], Path]
) -> None:
    assert main(["findings", str(make(tmp_path))]) == 2

    one_error(capsys.readouterr().err)


@pytest.fixture(scope="module")
def demo_document(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("demo") / "northwind.compdesk"
    assert main(["demo", str(path)]) == 0
    yield path


def test_the_demo_has_the_findings_its_story_tells(
    demo_document: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    findings = findings_json(demo_document, capsys)

    kinds = {f["kind"] for f in findings}
    assert {
        FindingKind.COMPLETION_BELOW_TARGET.value,
        FindingKind.ACTION_NOT_EVALUATED.value,
        FindingKind.REVIEW_OVERDUE.value,
        FindingKind.COMPETENCY_MISSING.value,
        FindingKind.ONBOARDING_LATE.value,
        FindingKind.OWNER_LACKS_COMPETENCY.value,
    } <= kinds
    assert "The requirements of All staff were never reviewed" in {f["summary"] for f in findings}
    owners = [f for f in findings if f["kind"] == FindingKind.OWNER_LACKS_COMPETENCY.value]
    assert any(f["summary"].startswith("Mikko Virtanen, owner of ") for f in owners)
    # Every finding names its records, and every person named is in the document.
    with Store.open(demo_document, read_only=True) as store:
        people = {p.id: p.name for p in store.people.all()}
    for finding in findings:
        assert finding["records"], finding
        for record in finding["records"]:
            if record["kind"] == "person":
                assert people[record["id"]] == record["label"]
