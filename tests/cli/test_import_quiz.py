"""`compdesk import-quiz`: a quiz's results become one training session, all or nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from compdesk.cli import main
from compdesk.models.gaps import GapStatus
from compdesk.models.records import Delivery, EvidenceKind, Route
from compdesk.storage import Store
from tests.cli.helpers import one_error
from tests.cli.import_documents import QUIZ_FILES, change_log_length, results_file, team_document

PHISHING = "Phishing recognition"


def _import(path: Path, results: Path, *options: str) -> int:
    return main(["import-quiz", str(path), str(results), "--competency", PHISHING, *options])


def _scores(path: Path) -> dict[str, tuple[float | None, bool]]:
    """Each attendee's score and whether they have evidence, of the document's one session."""
    with Store.open(path, read_only=True) as store:
        (session,) = store.training.sessions()
        names = {person.id: person.name for person in store.people.all()}
        return {
            names[a.person_id]: (a.score, a.evidence_id is not None)
            for a in store.training.attendees(session.id)
        }


def test_google_forms_sheet_records_the_matched_people_and_lists_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = team_document(tmp_path)

    # The competency's name in another case is still the competency.
    assert (
        main(
            [
                "import-quiz",
                str(path),
                str(QUIZ_FILES / "google_forms_sheet.csv"),
                "--competency",
                "phishing RECOGNITION",
            ]
        )
        == 0
    )

    out = capsys.readouterr().out
    assert "recorded a training session of Phishing recognition on 2025-01-17" in out
    assert "2 passed, 0 failed: group pass rate 100 %\n" in out
    assert "1 answered more than once: each one's best attempt counts" in out
    assert "2 addresses in google_forms_sheet.csv match nobody in team.compdesk" in out
    assert "  kim.lee@example.com\n  guest@other.org\n" in out
    # Tom's best of two attempts.
    assert _scores(path) == {"Ana Ruiz": (80.0, True), "Tom Berg": (90.0, True)}
    with Store.open(path, read_only=True) as store:
        (session,) = store.training.sessions()
        ana = store.people.by_email("ana.ruiz@example.com")
        (evidence,) = store.evidence.list(person_id=ana.id)
        files = store.training.files(session.id)
        evidence_files = store.attachments.by_evidence(evidence.id)[evidence.id]
        matrix = store.gap_matrix(date(2025, 2, 1))
        phishing = store.competencies.by_name(PHISHING)
    assert (session.held_on, session.pass_mark, session.delivery) == (
        date(2025, 1, 17),
        80.0,
        Delivery.E_LEARNING,
    )
    assert "google_forms_sheet.csv (Google Forms)" in session.notes
    assert (evidence.kind, evidence.route, evidence.achieved_on, evidence.score) == (
        EvidenceKind.ASSESSMENT,
        Route.TRAINING,
        date(2025, 1, 17),
        80.0,
    )
    # The results file is the source of every score: kept with the session and its evidence.
    assert [file.file_name for file in files] == ["google_forms_sheet.csv"]
    assert [attachment.file_name for attachment in evidence_files] == ["google_forms_sheet.csv"]
    assert matrix.status(ana.id, phishing.id) is GapStatus.MET


def test_a_group_pass_rate_below_the_threshold_is_flagged_for_retake(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = team_document(tmp_path)

    assert _import(path, QUIZ_FILES / "plain_percent.csv", "--pass-mark", "80 %") == 0

    out = capsys.readouterr().out
    assert "1 passed, 1 failed: group pass rate 50 %, below 90 %: flagged for retake" in out
    assert "failed (no evidence recorded):\n  Tom Berg <tom.berg@example.com> 55 %\n" in out
    assert _scores(path) == {"Ana Ruiz": (85.0, True), "Tom Berg": (55.0, False)}


def test_the_pass_mark_defaults_to_the_documents(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = team_document(tmp_path)
    with Store.open(path) as store:
        store.settings.update(replace(store.settings.get(), pass_mark=90.0))

    assert _import(path, QUIZ_FILES / "plain_percent.csv") == 0

    assert "pass mark 90 %" in capsys.readouterr().out
    assert _scores(path) == {"Ana Ruiz": (85.0, False), "Tom Berg": (55.0, False)}


def test_microsoft_forms_needs_the_quizs_total_points(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = team_document(tmp_path)
    workbook = QUIZ_FILES / "microsoft_forms.xlsx"

    assert _import(path, workbook) == 2
    assert "give the quiz's total points with --out-of" in one_error(capsys.readouterr().err)

    assert _import(path, workbook, "--out-of", "5") == 0
    assert "from microsoft_forms.xlsx (Microsoft Forms)" in capsys.readouterr().out
    assert _scores(path) == {"Ana Ruiz": (100.0, True), "Tom Berg": (60.0, False)}


def test_a_file_with_a_bad_row_records_nothing_and_lists_every_bad_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = team_document(tmp_path)
    before = change_log_length(path)
    results = results_file(
        tmp_path,
        "quiz.csv",
        "email,score,date\n"
        "ana.ruiz@example.com,90,2025-02-03\n"
        "tom.berg@example.com,eleven,2025-02-03\n"
        "ben.okafor@example.com,12/10,2025-02-03\n",
    )

    assert _import(path, results) == 2

    error = one_error(capsys.readouterr().err)
    assert "'eleven' is not a score" in error
    assert "'12/10' is more than 10" in error
    assert change_log_length(path) == before


@pytest.mark.parametrize(
    ("text", "options", "message"),
    [
        (
            "email,score\nana.ruiz@example.com,90\n",
            (),
            "quiz.csv does not say when the quiz was taken: give --date",
        ),
        (
            "email,score,date\nkim.lee@example.com,90,2025-02-03\n",
            (),
            "none of the 1 address in quiz.csv belongs to anyone in team.compdesk",
        ),
        (
            "email,score,date\nana.ruiz@example.com,90,03/04/2025\n"
            "tom.berg@example.com,70,05/06/2025\n",
            (),
            "say how the column writes its dates (--dates day-first or --dates month-first",
        ),
        (
            "email,score,date\nana.ruiz@example.com,90,2025-02-03\n",
            ("--competency", "Juggling"),
            "team.compdesk has no competency named 'Juggling'",
        ),
        (
            "email,score,date\nana.ruiz@example.com,90,2025-02-03\n",
            ("--pass-mark", "0"),
            "must be above 0 and at most 100",
        ),
    ],
    ids=["no date", "nobody matches", "ambiguous dates", "unknown competency", "bad pass mark"],
)
def test_unusable_imports_are_refused_with_what_to_do(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    text: str,
    options: tuple[str, ...],
    message: str,
) -> None:
    path = team_document(tmp_path)
    before = change_log_length(path)

    assert _import(path, results_file(tmp_path, "quiz.csv", text), *options) == 2

    assert message in one_error(capsys.readouterr().err)
    assert change_log_length(path) == before


def test_date_and_date_order_options_are_used(tmp_path: Path) -> None:
    path = team_document(tmp_path)
    results = results_file(
        tmp_path,
        "quiz.csv",
        "email,score,date\nana.ruiz@example.com,90,03/04/2025\n"
        "tom.berg@example.com,70,05/06/2025\n",
    )

    assert _import(path, results, "--dates", "day-first") == 0
    assert _import(path, results, "--date", "2025-07-01", "--dates", "month-first") == 0

    with Store.open(path, read_only=True) as store:
        held = sorted(session.held_on for session in store.training.sessions())
    assert held == [date(2025, 6, 5), date(2025, 7, 1)]


def test_the_same_results_imported_twice_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = team_document(tmp_path)
    assert _import(path, QUIZ_FILES / "plain_fraction.csv") == 0
    capsys.readouterr()

    assert _import(path, QUIZ_FILES / "plain_fraction.csv") == 2

    assert "plain_fraction.csv is already recorded" in one_error(capsys.readouterr().err)
    with Store.open(path, read_only=True) as store:
        assert len(store.training.sessions()) == 1
