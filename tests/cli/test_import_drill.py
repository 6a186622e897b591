"""`compdesk import-drill`: a phishing drill from its tool's export, all or nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from compdesk.cli import main
from compdesk.models.records import Drill, DrillKind
from compdesk.storage import Store
from tests.cli.helpers import one_error
from tests.cli.import_documents import DRILL_FILES, change_log_length, results_file, team_document

GOPHISH_RESULTS = DRILL_FILES / "March payroll - Results.csv"
GOPHISH_EVENTS = DRILL_FILES / "March payroll - Events.csv"


def _import(path: Path, results: Path, *options: str) -> int:
    return main(["import-drill", str(path), str(results), *options])


def _drill(path: Path) -> tuple[Drill, dict[str, tuple[bool, bool, float | None]]]:
    """The document's one drill, and each person's clicked, reported and minutes."""
    with Store.open(path, read_only=True) as store:
        (drill,) = store.drills.all()
        names = {person.id: person.name for person in store.people.all()}
        return drill, {
            names[r.person_id]: (r.clicked, r.reported, r.minutes_to_report)
            for r in store.drills.results(drill.id)
        }


def test_gophish_results_record_the_campaign_and_list_who_is_not_in_the_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = team_document(tmp_path)

    assert _import(path, GOPHISH_RESULTS, "--click-target", "10", "--report-target", "40") == 0

    out = capsys.readouterr().out
    assert (
        "recorded the phishing drill 'March payroll' of 2026-03-03 in team.compdesk from "
        "March payroll - Results.csv (Gophish campaign results)\n"
        "sent 5, clicked 2, reported 2; 3 of them matched to people in team.compdesk\n"
        "click rate 40 % (target at most 10 %: missed)\n"
        "report rate 40 % (target at least 40 %: met)\n"
    ) in out
    assert (
        "2 addresses match nobody in team.compdesk (counted in the totals, without a person's "
        "history):\n  dara.kim@example.com\n  visitor@elsewhere.example\n"
    ) in out
    assert (
        "1 address the tool did not send the drill to (not counted):\n  eve.stone@example.com\n"
    ) in out
    drill, results = _drill(path)
    assert (drill.kind, drill.held_on, drill.name) == (
        DrillKind.PHISHING,
        date(2026, 3, 3),
        "March payroll",
    )
    # The whole campaign's figures, as Gophish's dashboard shows them.
    assert (drill.sent, drill.clicked, drill.reported) == (5, 2, 2)
    assert (drill.click_target, drill.report_target) == (0.1, 0.4)
    assert results == {
        "Ana Ruiz": (True, False, None),
        "Ben Okafor": (False, True, None),
        "Chen Wei": (True, False, None),
    }


def test_gophish_events_give_each_reporters_minutes_to_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = team_document(tmp_path)

    assert _import(path, GOPHISH_EVENTS, "--name", "Payroll (events)") == 0

    out = capsys.readouterr().out
    assert "median time to report" in out
    assert "no target set: --click-target and --report-target set them (in percent)" in out
    drill, results = _drill(path)
    assert drill.name == "Payroll (events)"
    assert results["Ben Okafor"][1:] == (True, 12.5)


def test_targets_not_given_are_the_latest_phishing_drills(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = team_document(tmp_path)
    with Store.open(path) as store:
        store.drills.add(
            DrillKind.PHISHING,
            date(2025, 11, 4),
            name="November parcel",
            sent=4,
            clicked=1,
            click_target=0.1,
            report_target=0.5,
        )

    assert _import(path, GOPHISH_RESULTS) == 0

    assert "report rate 40 % (target at least 50 %: missed)" in capsys.readouterr().out
    with Store.open(path, read_only=True) as store:
        latest = max(store.drills.all(), key=lambda drill: drill.held_on)
    assert (latest.name, latest.click_target, latest.report_target) == ("March payroll", 0.1, 0.5)


def test_a_defender_report_needs_the_drills_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = team_document(tmp_path)
    report = DRILL_FILES / "Defender simulation users.csv"

    assert _import(path, report) == 2
    assert "does not say when the drill was sent: give --date" in one_error(capsys.readouterr().err)

    assert _import(path, report, "--date", "2026-03-04", "--name", "Defender March") == 0
    drill, results = _drill(path)
    assert (drill.held_on, drill.sent, drill.clicked, drill.reported) == (
        date(2026, 3, 4),
        3,
        2,
        2,
    )
    assert results == {
        "Ana Ruiz": (True, False, None),
        "Ben Okafor": (False, True, None),
        "Chen Wei": (True, True, None),
    }


def test_a_file_with_a_bad_row_records_nothing_and_lists_every_bad_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = team_document(tmp_path)
    before = change_log_length(path)
    results = results_file(
        tmp_path,
        "drill.csv",
        "email,clicked,reported\n"
        "ana.ruiz@example.com,yes,no\n"
        "ben.okafor@example.com,maybe,no\n"
        "chen.wei,no,yes\n",
    )

    assert _import(path, results, "--date", "2026-03-04") == 2

    error = one_error(capsys.readouterr().err)
    assert "drill.csv: 2 rows cannot be read:" in error
    assert "line 3, clicked 'maybe': not yes or no" in error
    assert "line 4, email 'chen.wei': not an email address" in error
    assert change_log_length(path) == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "email,clicked,reported\nkim.lee@example.com,yes,no\n",
            "none of the 1 address in drill.csv belongs to anyone in team.compdesk",
        ),
        ("email,clicked,reported\n", "drill.csv holds nobody the drill was sent to"),
        ("name,score\nAna,80\n", "drill.csv is not a drill's results"),
    ],
    ids=["nobody matches", "no rows", "not a drill"],
)
def test_unusable_files_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    path = team_document(tmp_path)
    before = change_log_length(path)

    assert _import(path, results_file(tmp_path, "drill.csv", text), "--date", "2026-03-04") == 2

    assert message in one_error(capsys.readouterr().err)
    assert change_log_length(path) == before


def test_the_same_campaign_imported_twice_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = team_document(tmp_path)
    assert _import(path, GOPHISH_RESULTS) == 0
    capsys.readouterr()

    # The campaign's events export is the same campaign.
    assert _import(path, GOPHISH_EVENTS) == 2

    assert "the phishing drill 'March payroll' of 2026-03-03" in one_error(capsys.readouterr().err)
    with Store.open(path, read_only=True) as store:
        assert len(store.drills.all()) == 1
