"""Reading commands on a document whose values another SQLite tool damaged: one line that says
so and points to check, never "unexpected problem"."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from compdesk.cli import main
from compdesk.models.records import ActionType
from compdesk.storage import Store
from tests.cli.helpers import one_error
from tests.conftest import make_competency, make_evidence, make_person, make_role

DAMAGE = {
    "junk after a date": "UPDATE evidence SET achieved_on = '2024-03-01 junk'",
    "an unknown action status": "UPDATE actions SET status = 'whatever'",
    "an unknown accepted kind": "UPDATE competencies SET accepted_kinds = 'certificate|forged'",
    "a setting that is no number": "INSERT INTO settings VALUES ('renewal_grace_days', 'lots')",
}


def _damaged(tmp_path: Path, statement: str) -> Path:
    path = tmp_path / "doc.compdesk"
    with Store.create(path, user="tester") as store:
        role = make_role(store)
        competency = make_competency(store)
        person = make_person(store, roles=(role,))
        store.requirements.set(role.id, competency.id, True)
        make_evidence(store, person, competency)
        store.actions.add(person.id, competency.id, ActionType.TRAINING)
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("DELETE FROM settings WHERE key = 'renewal_grace_days'")
        connection.execute(statement)
    connection.close()
    return path


@pytest.mark.parametrize("command", ["matrix", "findings", "metrics"])
@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_value_is_named_in_one_line_that_points_to_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, damage: str
) -> None:
    path = _damaged(tmp_path, DAMAGE[damage])
    before = path.read_bytes()

    assert main([command, str(path)]) == 2

    line = one_error(capsys.readouterr().err)
    assert "unexpected problem" not in line
    assert "compdesk check" in line
    assert path.read_bytes() == before


def test_text_in_a_number_column_is_named_where_findings_reads_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _damaged(
        tmp_path,
        "UPDATE roles SET review_interval_months = 'twelve', last_reviewed = '2026-01-01'",
    )

    assert main(["findings", str(path)]) == 2

    line = one_error(capsys.readouterr().err)
    assert "review_interval_months: 'twelve' is not a whole number" in line
    assert "compdesk check doc.compdesk lists them all" in line
