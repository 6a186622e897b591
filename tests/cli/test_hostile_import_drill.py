"""import-drill on hostile results: it records one whole drill or changes nothing, and never
shows a traceback."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compdesk.cli import main
from compdesk.storage import Store
from tests.cli.import_documents import change_log_length, results_file, team_document

_CELL = st.text(
    st.one_of(
        st.characters(codec="utf-8", exclude_characters="\x00"),
        st.sampled_from("\x1b\x07\x9b\r\n\u202e\u200b@.-,;\"'0123456789"),
    ),
    max_size=16,
)
_EMAIL = st.one_of(
    st.sampled_from(["ana.ruiz@example.com", "TOM.BERG@example.com", "chen.wei\u200b@example.com"]),
    _CELL,
)
_ANSWER = st.one_of(st.sampled_from(["yes", "no", "true", "0", ""]), _CELL)
_MINUTES = st.one_of(st.sampled_from(["", "2,5", "58", "-1", "1e999", "NaN"]), _CELL)


def _quoted(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"'


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=st.lists(st.tuples(_EMAIL, _ANSWER, _ANSWER, _MINUTES), min_size=1, max_size=4),
    day=st.one_of(st.sampled_from(["2026-03-03", "9999-12-31", "2026-03-03 x"]), _CELL),
)
def test_import_drill_records_one_drill_or_changes_nothing(
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
    rows: list[tuple[str, str, str, str]],
    day: str,
) -> None:
    folder = tmp_path_factory.mktemp("hostile-drill")
    path = team_document(folder)
    before = change_log_length(path)
    lines = ["Email;Clicked;Reported;Minutes"] + [
        ";".join(_quoted(cell) for cell in row) for row in rows
    ]
    results = results_file(folder, "drill.csv", "\n".join(lines) + "\n")

    try:
        status = main(["import-drill", str(path), str(results), "--date", day])
    except SystemExit as exit_status:
        status = int(exit_status.code or 0)
    captured = capsys.readouterr()

    assert "Traceback" not in captured.err and "unexpected" not in captured.err
    with Store.open(path, read_only=True) as store:
        drills = store.drills.all()
    if status == 0:
        assert len(drills) == 1
        assert change_log_length(path) > before
    else:
        assert drills == []
        assert change_log_length(path) == before
