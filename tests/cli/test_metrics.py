"""`compdesk metrics`: the figures as JSON in DESIGN.md's shape and as a table with targets; and
`compdesk matrix` following a fixed yearly date and a new document version."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from compdesk.cli import main
from compdesk.models.records import (
    Attendance,
    DrillKind,
    DrillResult,
    EvidenceKind,
    RenewalMode,
    Route,
)
from compdesk.storage import Store
from tests.cli.helpers import UNUSABLE, one_error


def trained_document(tmp_path: Path) -> Path:
    """Four people who all need Phishing recognition, a session three of them passed, and two
    phishing drills and an incident drill."""
    path = tmp_path / "trained.compdesk"
    with Store.create(path, user="tester") as store:
        role = store.roles.add("All staff")
        phishing = store.competencies.add("Phishing recognition", renewal_months=12)
        store.requirements.set(role.id, phishing.id, True)
        people = [
            store.people.add(name, f"{name.lower()}@acme.example", role_ids=(role.id,)).id
            for name in ("Ana", "Ben", "Cy", "Dee")
        ]
        store.training.add(
            phishing.id,
            date(2026, 3, 10),
            [
                Attendance(0, person, score=score)
                for person, score in zip(people, (90, 85, 95, 40), strict=True)
            ],
            pass_mark=80,
            minutes=90,
        )
        store.drills.add(
            DrillKind.PHISHING,
            date(2026, 2, 1),
            name="February",
            sent=20,
            clicked=5,
            reported=4,
            click_target=0.10,
            report_target=0.5,
        )
        store.drills.add(
            DrillKind.PHISHING,
            date(2026, 4, 1),
            name="April",
            results=[
                DrillResult(0, people[0], reported=True),
                DrillResult(0, people[1], clicked=True),
                DrillResult(0, people[2], reported=True),
                DrillResult(0, people[3], reported=True),
            ],
            click_target=0.10,
            report_target=0.5,
        )
        store.drills.add(
            DrillKind.INCIDENT,
            date(2026, 4, 20),
            name="Ransomware tabletop",
            participants=6,
            minutes_to_report=12,
            minutes_target=15,
        )
    return path


def metrics_json(path: Path, capsys: pytest.CaptureFixture[str], as_of: str) -> dict[str, Any]:
    assert main(["metrics", str(path), "--as-of", as_of, "--format", "json"]) == 0
    figures: dict[str, Any] = json.loads(capsys.readouterr().out)
    return figures


def test_metrics_json_has_design_shape_with_rates_as_fractions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    figures = metrics_json(trained_document(tmp_path), capsys, "2026-05-01")

    assert figures["as_of"] == "2026-05-01"
    assert figures["completion_rate"] == 0.75
    [competency] = figures["per_competency"]
    assert (competency["competency"], competency["met"], competency["required"]) == (
        "Phishing recognition",
        3,
        4,
    )
    february, april, tabletop = figures["drills"]
    assert {k: february[k] for k in ("kind", "date", "name", "sent", "clicked", "reported")} == {
        "kind": "phishing",
        "date": "2026-02-01",
        "name": "February",
        "sent": 20,
        "clicked": 5,
        "reported": 4,
    }
    assert (february["click_rate"], february["report_rate"]) == (0.25, 0.2)
    # Totals counted from the per-person results.
    assert (april["sent"], april["clicked"], april["click_rate"], april["report_rate"]) == (
        4,
        1,
        0.25,
        0.75,
    )
    assert (tabletop["kind"], tabletop["participants"], tabletop["minutes_to_report"]) == (
        "incident",
        6,
        12,
    )
    assert figures["training_hours"]["per_person"] == 1.5


def test_metrics_as_of_a_past_date_leave_out_what_came_after(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    figures = metrics_json(trained_document(tmp_path), capsys, "2026-03-01")

    assert [drill["name"] for drill in figures["drills"]] == ["February"]
    assert figures["completion_rate"] == 0.0
    assert figures["training_hours"]["sessions"] == 0


def test_metrics_text_sets_each_figure_beside_its_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["metrics", str(trained_document(tmp_path)), "--as-of", "2026-05-01"]) == 0
    lines = capsys.readouterr().out.splitlines()

    assert lines[0] == "Metrics of trained.compdesk as of 2026-05-01"
    assert (
        "Completion of mandatory training: 75 % (3 of 4 required cells met; target 95 %, "
        "NOT MET)" in lines
    )
    [february] = [line for line in lines if "February" in line]
    assert february.split() == [
        "2026-02-01",
        "February",
        "20",
        "5",
        "25",
        "%",
        "≤",
        "10",
        "%",
        "NOT",
        "MET",
        "4",
        "20",
        "%",
        "≥",
        "50",
        "%",
        "NOT",
        "MET",
    ]
    [april] = [line for line in lines if "April" in line]
    assert april.split()[-6:] == ["75", "%", "≥", "50", "%", "met"]
    [tabletop] = [line for line in lines if "Ransomware" in line]
    assert tabletop.split()[-6:] == ["12", "min", "≤", "15", "min", "met"]
    assert any(
        line.startswith("Training hours per person since 2025-05-02: 1.5 h") for line in lines
    )


@pytest.mark.parametrize("make_file", UNUSABLE)
def test_metrics_of_an_unusable_file_is_one_error_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make_file: Callable[[Path], Path]
) -> None:
    assert main(["metrics", str(make_file(tmp_path))]) == 2
    one_error(capsys.readouterr().err)


def _statuses(path: Path, capsys: pytest.CaptureFixture[str], as_of: str) -> dict[str, str]:
    assert main(["matrix", str(path), "--as-of", as_of, "--format", "json"]) == 0
    cells = json.loads(capsys.readouterr().out)["cells"]
    return {cell["competency"]: cell["status"] for cell in cells}


def test_the_matrix_follows_a_fixed_yearly_date_and_a_new_document_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "renewals.compdesk"
    with Store.create(path, user="tester") as store:
        role = store.roles.add("All staff")
        awareness = store.competencies.add("Awareness", renewal_months=12)
        policy = store.competencies.add("Security policy", document_version="1")
        for competency in (awareness, policy):
            store.requirements.set(role.id, competency.id, True)
        ana = store.people.add("Ana", "ana@acme.example", role_ids=(role.id,))
        for competency, version in ((awareness, ""), (policy, "1")):
            store.evidence.add(
                ana.id,
                competency.id,
                *_training(),
                achieved_on=date(2025, 3, 1),
                document_version=version,
            )
    assert _statuses(path, capsys, "2026-02-01") == {
        "Awareness": "expiring",
        "Security policy": "met",
    }

    with Store.open(path, user="tester") as store:
        store.competencies.update(
            replace(awareness, renewal_mode=RenewalMode.FIXED_DATE, renewal_on="01-15"),
            effective_on=date(2025, 6, 1),
        )
        store.competencies.update(
            replace(policy, document_version="2", version_since=date(2025, 12, 1))
        )
    # Awareness falls due on 15 January (no longer 1 March); the version 1 acknowledgement
    # stopped counting 30 days after version 2.
    assert _statuses(path, capsys, "2026-02-01") == {
        "Awareness": "due",
        "Security policy": "expired",
    }


def _training() -> tuple[EvidenceKind, Route]:
    return EvidenceKind.TRAINING_RECORD, Route.TRAINING
