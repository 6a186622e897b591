"""import-quiz on hostile results: it records one whole session or changes nothing, and never
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
        st.sampled_from("\x1b\x07\x9b\r\n\u202e\u200b@.-,;%\"'0123456789"),
    ),
    max_size=16,
)
_EMAIL = st.one_of(
    st.sampled_from(["ana.ruiz@example.com", "TOM.BERG@example.com", "ben.okafor\u200b@example.com"]),
    _CELL,
)
_SCORE = st.one_of(st.sampled_from(["85%", "100 %", "0.5", "101%", "-3", "NaN", "1e999"]), _CELL)
_DATE = st.one_of(
    st.sampled_from(["2025-01-15", "15.01.2025", "9999-12-31", "2024-W09-5", "2025-01-15 x"]),
    st.dates().map(str),
    _CELL,
)


def _quoted(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"'


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=st.lists(st.tuples(_CELL, _EMAIL, _SCORE, _DATE), min_size=1, max_size=4))
def test_import_quiz_records_one_session_or_changes_nothing(
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
    rows: list[tuple[str, str, str, str]],
) -> None:
    folder = tmp_path_factory.mktemp("hostile-quiz")
    path = team_document(folder)
    before = change_log_length(path)
    lines = ["Name,Email,Score,Date"] + [",".join(_quoted(cell) for cell in row) for row in rows]
    results = results_file(folder, "results.csv", "\n".join(lines) + "\n")

    try:
        status = main(
            ["import-quiz", str(path), str(results), "--competency", "Phishing recognition"]
        )
    except SystemExit as exit_status:
        status = int(exit_status.code or 0)
    captured = capsys.readouterr()

    assert "Traceback" not in captured.err and "unexpected" not in captured.err
    with Store.open(path, read_only=True) as store:
        sessions = store.training.sessions()
    if status == 0:
        assert len(sessions) == 1
        assert change_log_length(path) > before
    else:
        assert sessions == []
        assert change_log_length(path) == before
