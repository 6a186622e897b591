"""`compdesk matrix`: the text, CSV and JSON outputs, as of a date."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from compdesk.cli import main
from compdesk.models.gaps import GapStatus
from compdesk.storage import Store
from tests.cli.helpers import AS_OF, acme_document, one_error


def test_matrix_json_has_the_documented_shape(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["matrix", str(acme_document(tmp_path)), "--as-of", AS_OF, "--format", "json"]) == 0

    data = json.loads(capsys.readouterr().out)
    assert data["as_of"] == AS_OF
    assert data["people"][0] == {
        "name": "Ana Ruiz",
        "email": "ana@acme.example",
        "type": "employee",
        "job_title": "",
        "roles": ["All staff", "Developer"],
    }
    assert data["people"][1]["type"] == "contractor"
    assert {"name": "Phishing recognition", "level": "basic", "renewal_months": 3} in data[
        "competencies"
    ]
    assert len(data["competencies"]) == 19
    # Ana: 6 basics + 3 developer competencies; Ben: the 4 competencies of contractors.
    assert len(data["cells"]) == 9 + 4
    statuses = {s.value for s in GapStatus} - {"not required"}
    assert all(cell["status"] in statuses for cell in data["cells"])
    assert {
        "person": "ana@acme.example",
        "competency": "Phishing recognition",
        "status": "met",
        "expires_on": "2026-07-01",
    } in data["cells"]
    assert {"person", "competency", "status"} <= set(data["cells"][0])


def test_matrix_csv_has_a_row_per_person_and_a_column_per_competency(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["matrix", str(acme_document(tmp_path)), "--as-of", AS_OF, "--format", "csv"]) == 0

    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [row["email"] for row in rows] == ["ana@acme.example", "ben@acme.example"]
    assert rows[0]["Phishing recognition"] == "met"
    assert rows[0]["Internal audit"] == "not required"
    assert rows[1]["Security policy"] == "missing"
    assert len(rows[0]) == 3 + 19


def test_matrix_csv_defuses_cells_a_spreadsheet_would_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = acme_document(tmp_path)
    with Store.open(path) as store:
        store.people.add('=HYPERLINK("http://evil")', "x@acme.example")

    assert main(["matrix", str(path), "--format", "csv"]) == 0

    assert "'=HYPERLINK" in capsys.readouterr().out


def test_matrix_text_shows_symbols_legend_and_completion(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["matrix", str(acme_document(tmp_path)), "--as-of", AS_OF]) == 0

    output = capsys.readouterr().out
    assert f"as of {AS_OF}" in output
    assert "Legend: ✔ met  ⚠ expiring" in output
    assert "Overall completion: 8 % (1 of 13 required cells met)" in output
    ana = next(line for line in output.splitlines() if line.startswith("Ana Ruiz"))
    assert "✔" in ana and ana.endswith("1/9")


def test_matrix_as_of_a_past_date_shows_that_day(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = acme_document(tmp_path)

    assert main(["matrix", str(path), "--as-of", "2026-03-01", "--format", "json"]) == 0

    cells = json.loads(capsys.readouterr().out)["cells"]
    phishing = next(c for c in cells if c["competency"] == "Phishing recognition")
    assert phishing["status"] == "missing"


@pytest.mark.parametrize("as_of", ["01/05/2026", "2026-5-1", "2026-02-30", "tomorrow"])
def test_a_date_in_the_wrong_form_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], as_of: str
) -> None:
    assert main(["matrix", str(acme_document(tmp_path)), "--as-of", as_of]) == 2

    line = one_error(capsys.readouterr().err)
    assert f"{as_of!r} is not a date in the form YYYY-MM-DD" in line
