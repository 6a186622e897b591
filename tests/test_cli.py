"""The command line contract: outputs, exit codes, one-line errors, and nothing changed on failure."""

from __future__ import annotations

import argparse
import csv
import io
import json
import shutil
import sqlite3
import subprocess
import sys
import types
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import compdesk.cli
from compdesk import __version__
from compdesk.cli import build_parser, main
from compdesk.models.gaps import GapStatus
from compdesk.models.lock import WriterLock
from compdesk.models.records import EvidenceKind, PersonType, Route
from compdesk.models.store import Store
from compdesk.models.templates import Template, create_document

AS_OF = "2026-05-01"


def _document(tmp_path: Path, name: str = "acme.compdesk") -> Path:
    """A startup-template document with a developer and a contractor."""
    path = tmp_path / name
    with create_document(path, Template.STARTUP, user="tester") as store:
        developer, everyone = store.role_by_name("Developer"), store.role_by_name("All staff")
        contractor = store.role_by_name("Contractor in scope")
        ana = store.add_person(
            "Ana Ruiz",
            "ana@acme.example",
            start_date=date(2024, 1, 8),
            role_ids=(developer.id, everyone.id),
        )
        store.add_person(
            "Ben Ode",
            "ben@acme.example",
            type=PersonType.CONTRACTOR,
            start_date=date(2025, 6, 1),
            role_ids=(contractor.id,),
        )
        phishing = store.competency_by_name("Phishing recognition")
        store.add_evidence(
            ana.id,
            phishing.id,
            EvidenceKind.TRAINING_RECORD,
            Route.TRAINING,
            achieved_on=date(2026, 4, 1),
        )
    return path


def _one_error(stderr: str) -> str:
    """The contract: exactly one line, `compdesk: error: …`, and no traceback."""
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("compdesk: error: "), stderr
    assert "Traceback" not in stderr
    return lines[0]


def _people(path: Path) -> list[tuple[str, str]]:
    with Store.open(path, read_only=True) as store:
        return [(p.name, p.email) for p in store.people()]


# ---- general --------------------------------------------------------------------------------


def test_version_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0

    assert capsys.readouterr().out == f"compdesk {__version__}\n"


def test_every_command_has_help_with_an_example() -> None:
    parser = build_parser()
    subparsers = next(
        action for action in parser._actions if isinstance(action, argparse._SubParsersAction)
    )
    commands: dict[str, Any] = subparsers.choices

    assert set(commands) >= {"new", "demo", "check", "matrix", "import-people", "add-evidence"}
    for name, command in commands.items():
        assert f"compdesk {name} " in (command.epilog or ""), name


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["matrix"], "the following arguments are required: FILE"),
        (["frobnicate", "x.compdesk"], "'frobnicate' is not a command"),
        (["chek"], "did you mean 'check'?"),
        (["matrix", "x.compdesk", "--format", "xml"], "invalid choice: 'xml'"),
        (["demo", "x.compdesk", "--people", "0"], "'0' must be at least 1"),
        (["add-evidence", "x.compdesk", "--person", "a@b"], "the following arguments are required"),
        (
            [
                "add-evidence",
                "x",
                "--person",
                "a",
                "--competency",
                "c",
                "--kind",
                "k",
                "--date",
                "2026-01-01",
                "--score",
                "120",
            ],
            "not a percentage from 0 to 100",
        ),
        (["--frobnicate"], "the following arguments are required: COMMAND"),
    ],
    ids=[
        "missing file",
        "unknown command",
        "typo",
        "bad format",
        "no people",
        "missing options",
        "bad score",
        "unknown option",
    ],
)
def test_bad_usage_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], arguments: list[str], expected: str
) -> None:
    assert main(arguments) == 2

    assert expected in _one_error(capsys.readouterr().err)


def test_without_a_command_the_window_opens_on_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Path | None] = []

    def run_gui(path: Path | None) -> int:
        opened.append(path)
        return 0

    fake_app = types.ModuleType("compdesk.app")
    fake_app.run_gui = run_gui  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "compdesk.app", fake_app)
    path = _document(tmp_path)

    assert main([str(path)]) == 0
    assert main([]) == 0

    assert opened == [path, None]


def test_an_unexpected_failure_is_one_line_and_logged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*arguments: object) -> None:
        raise RuntimeError("the gap engine fell over")

    monkeypatch.setattr(compdesk.cli, "matrix_for", broken)

    assert main(["matrix", str(_document(tmp_path))]) == 2

    line = _one_error(capsys.readouterr().err)
    assert "RuntimeError: the gap engine fell over" in line
    log_text = compdesk.cli.log_file_path().read_text(encoding="utf-8")
    assert "Traceback" in log_text and "the gap engine fell over" in log_text


def test_the_headless_commands_never_load_qt(tmp_path: Path) -> None:
    path = _document(tmp_path)
    code = (
        "import sys; from compdesk.cli import main; "
        f"main(['matrix', {str(path)!r}, '--format', 'json']); main(['check', {str(path)!r}]); "
        "assert 'PySide6' not in sys.modules, 'Qt was imported'"
    )

    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 0, result.stderr


# ---- new and demo ---------------------------------------------------------------------------


@pytest.mark.parametrize(("template", "roles"), [("startup", 7), ("blank", 0)])
def test_new_creates_a_document_from_a_template(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], template: str, roles: int
) -> None:
    path = tmp_path / "new.compdesk"

    assert main(["new", str(path), "--template", template]) == 0

    assert f"created {path} from the {template} template: {roles} roles" in capsys.readouterr().out
    with Store.open(path, read_only=True) as store:
        assert len(store.roles()) == roles


def test_new_never_overwrites_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _document(tmp_path)
    before = path.read_bytes()

    assert main(["new", str(path)]) == 2

    assert "acme.compdesk already exists" in _one_error(capsys.readouterr().err)
    assert path.read_bytes() == before


def _fake_demo(monkeypatch: pytest.MonkeyPatch, create_demo: Callable[..., Store]) -> None:
    module = types.ModuleType("compdesk.demo")
    module.create_demo = create_demo  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "compdesk.demo", module)


def test_demo_passes_people_and_seed_to_the_generator(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls: list[dict[str, Any]] = []

    def create_demo(path: Path, **options: Any) -> Store:
        calls.append(options)
        return create_document(path, Template.STARTUP)

    _fake_demo(monkeypatch, create_demo)
    path = tmp_path / "demo.compdesk"

    assert main(["demo", str(path), "--people", "40", "--seed", "7"]) == 0

    assert calls[0]["people"] == 40 and calls[0]["seed"] == 7
    assert "created the demo organisation" in capsys.readouterr().out


def test_a_failed_demo_leaves_no_file_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def create_demo(path: Path, **options: Any) -> Store:
        Store.create(path).close()
        raise OSError("disk on fire")

    _fake_demo(monkeypatch, create_demo)
    path = tmp_path / "demo.compdesk"

    assert main(["demo", str(path)]) == 2

    _one_error(capsys.readouterr().err)
    assert not path.exists()


def test_demo_builds_a_document_that_checks_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo = pytest.importorskip("compdesk.demo")
    if not hasattr(demo, "create_demo"):
        pytest.skip("compdesk.demo has no create_demo yet")
    path = tmp_path / "demo.compdesk"

    assert main(["demo", str(path), "--people", "5", "--seed", "3"]) == 0
    assert main(["check", str(path)]) == 0


# ---- check ----------------------------------------------------------------------------------


def test_check_reports_ok_on_a_fresh_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _document(tmp_path)

    assert main(["check", str(path)]) == 0

    output = capsys.readouterr()
    assert output.out.startswith("acme.compdesk: ok\n")
    assert "hash chain intact" in output.out
    assert output.err == ""


def test_check_lists_problems_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _document(tmp_path)
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("UPDATE change_log SET what = 'nothing' WHERE id = 5")
    connection.close()

    assert main(["check", str(path)]) == 1

    output = capsys.readouterr().out
    assert output.startswith("acme.compdesk: 1 problem found\n")
    assert "problem: change log entry 5 " in output


# ---- matrix ---------------------------------------------------------------------------------


def test_matrix_json_has_the_documented_shape(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["matrix", str(_document(tmp_path)), "--as-of", AS_OF, "--format", "json"]) == 0

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
    assert main(["matrix", str(_document(tmp_path)), "--as-of", AS_OF, "--format", "csv"]) == 0

    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [row["email"] for row in rows] == ["ana@acme.example", "ben@acme.example"]
    assert rows[0]["Phishing recognition"] == "met"
    assert rows[0]["Internal audit"] == "not required"
    assert rows[1]["Security policy"] == "missing"
    assert len(rows[0]) == 3 + 19


def test_matrix_csv_defuses_cells_a_spreadsheet_would_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _document(tmp_path)
    with Store.open(path) as store:
        store.add_person('=HYPERLINK("http://evil")', "x@acme.example")

    assert main(["matrix", str(path), "--format", "csv"]) == 0

    assert "'=HYPERLINK" in capsys.readouterr().out


def test_matrix_text_shows_symbols_legend_and_completion(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["matrix", str(_document(tmp_path)), "--as-of", AS_OF]) == 0

    output = capsys.readouterr().out
    assert f"as of {AS_OF}" in output
    assert "Legend: ✔ met  ⚠ expiring" in output
    assert "Overall completion: 8 % (1 of 13 required cells met)" in output
    ana = next(line for line in output.splitlines() if line.startswith("Ana Ruiz"))
    assert "✔" in ana and ana.endswith("1/9")


def test_matrix_as_of_a_past_date_shows_that_day(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _document(tmp_path)

    assert main(["matrix", str(path), "--as-of", "2026-03-01", "--format", "json"]) == 0

    cells = json.loads(capsys.readouterr().out)["cells"]
    phishing = next(c for c in cells if c["competency"] == "Phishing recognition")
    assert phishing["status"] == "missing"


@pytest.mark.parametrize("as_of", ["01/05/2026", "2026-5-1", "2026-02-30", "tomorrow"])
def test_a_date_in_the_wrong_form_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], as_of: str
) -> None:
    assert main(["matrix", str(_document(tmp_path)), "--as-of", as_of]) == 2

    line = _one_error(capsys.readouterr().err)
    assert f"{as_of!r} is not a date in the form YYYY-MM-DD" in line


def _foreign(tmp_path: Path) -> Path:
    path = tmp_path / "firefox.sqlite"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE moz_places (url TEXT)")
    connection.close()
    return path


def _corrupt(tmp_path: Path) -> Path:
    path = _document(tmp_path)
    data = bytearray(path.read_bytes())
    data[4096:8192] = b"\xa5" * 4096
    path.write_bytes(bytes(data))
    return path


def _truncated(tmp_path: Path) -> Path:
    path = _document(tmp_path)
    path.write_bytes(path.read_bytes()[:5000])
    return path


def _missing(tmp_path: Path) -> Path:
    return tmp_path / "nowhere.compdesk"


def _csv_file(tmp_path: Path) -> Path:
    path = tmp_path / "list.csv"
    path.write_text("name,email\n")
    return path


_UNUSABLE = [_foreign, _corrupt, _truncated, _missing, _csv_file]


@pytest.mark.parametrize(
    ("command", "make"),
    [
        *((command, make) for command in ("matrix", "add-evidence", "import-people")
          for make in _UNUSABLE),
        *(("check", make) for make in (_foreign, _missing, _csv_file)),
    ],
)  # fmt: skip
def test_an_unusable_document_exits_2_with_one_line_and_is_not_changed(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    make: Callable[[Path], Path],
    command: str,
) -> None:
    path = make(tmp_path)
    before = path.read_bytes() if path.exists() else None
    extra = {
        "add-evidence": ["--person", "a@b", "--competency", "c", "--kind", "other",
                         "--date", "2026-01-01"],
        "import-people": [str(_people_csv(tmp_path, "name,email\nAna,ana@acme.example\n"))],
    }.get(command, [])  # fmt: skip

    assert main([command, str(path), *extra]) == 2

    _one_error(capsys.readouterr().err)
    assert (path.read_bytes() if path.exists() else None) == before


@pytest.mark.parametrize("make", [_corrupt, _truncated])
def test_check_lists_the_damage_of_a_damaged_document_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: Callable[[Path], Path]
) -> None:
    path = make(tmp_path)
    before = path.read_bytes()

    assert main(["check", str(path)]) == 1

    output = capsys.readouterr()
    assert output.err == ""
    assert "problem: acme.compdesk is " in output.out
    assert path.read_bytes() == before


# ---- import-people --------------------------------------------------------------------------


def _people_csv(tmp_path: Path, text: str, *, encoding: str = "utf-8") -> Path:
    path = tmp_path / "people.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_import_people_adds_everyone_from_an_hr_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _document(tmp_path)
    people = _people_csv(
        tmp_path,
        "\ufeffFirst Name;Last Name;Work Email;Employment Type;Hire Date;Job Title;Roles\n"
        "Chloé;Martin;chloe@acme.example;Full-time;2026-02-02;Support;Customer support, All staff\n"
        "Dev;Patel;dev@acme.example;Consultant;2025-11-17;DevOps;System administrator / DevOps\n",
    )

    assert main(["import-people", str(path), str(people)]) == 0

    assert "imported 2 people from people.csv into acme.compdesk" in capsys.readouterr().out
    with Store.open(path, read_only=True) as store:
        chloe = store.person_by_email("chloe@acme.example")
        dev = store.person_by_email("dev@acme.example")
        roles = {role.id: role.name for role in store.roles()}
    assert (chloe.name, chloe.job_title, chloe.start_date) == (
        "Chloé Martin",
        "Support",
        date(2026, 2, 2),
    )
    assert sorted(roles[i] for i in chloe.role_ids) == ["All staff", "Customer support"]
    assert dev.type is PersonType.CONTRACTOR


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            "Cy,cy@acme.example,2026-01-05,All staff\nDi,di@acme.example,05/01/2026,All staff\n",
            "people.csv, row 2 (line 3), column 'start_date': '05/01/2026' is not a date",
        ),
        (
            "Cy,cy@acme.example,,All staff\nDi,di@acme.example,,Astronauts\n",
            "row 2 (line 3), column 'roles': there is no role 'Astronauts'",
        ),
        (
            "Cy,cy@acme.example,,\nAna Again,ANA@acme.example,,\n",
            "row 2 (line 3), column 'email': ANA@acme.example is already in the document",
        ),
    ],
    ids=["bad date", "unknown role", "already in the document"],
)
def test_a_bad_row_rejects_the_whole_file_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], rows: str, expected: str
) -> None:
    path = _document(tmp_path)
    before = path.read_bytes()
    people = _people_csv(tmp_path, "name,email,start_date,roles\n" + rows)

    assert main(["import-people", str(path), str(people)]) == 2

    assert expected in _one_error(capsys.readouterr().err)
    assert path.read_bytes() == before


def test_import_people_names_a_column_it_cannot_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _document(tmp_path)
    before = path.read_bytes()
    people = _people_csv(tmp_path, "Full Name,Work Email,Department\nCy,cy@acme.example,R&D\n")

    assert main(["import-people", str(path), str(people)]) == 2

    assert "cannot place the column 'Department'" in _one_error(capsys.readouterr().err)
    assert path.read_bytes() == before

    assert main(["import-people", str(path), str(people), "--ignore-unknown-columns"]) == 0
    assert ("Cy", "cy@acme.example") in _people(path)


def test_import_people_dry_run_lists_people_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _document(tmp_path)
    before = path.read_bytes()
    people = _people_csv(tmp_path, "name,email\nCy,cy@acme.example\n")

    assert main(["import-people", str(path), str(people), "--dry-run"]) == 0

    assert "would add Cy <cy@acme.example> (employee)" in capsys.readouterr().out
    assert path.read_bytes() == before


def test_import_people_refuses_a_list_with_nobody_in_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _document(tmp_path)
    people = _people_csv(tmp_path, "name,email\n")

    assert main(["import-people", str(path), str(people)]) == 2

    assert "lists nobody" in _one_error(capsys.readouterr().err)


# ---- add-evidence ---------------------------------------------------------------------------


def _evidence_arguments(path: Path, *extra: str) -> list[str]:
    return [
        "add-evidence", str(path), "--person", "ana@acme.example",
        "--competency", "iso 27001 REQUIREMENTS", "--kind", "Certificate",
        "--date", "2025-11-20", *extra,
    ]  # fmt: skip


def test_add_evidence_records_it_with_its_attachments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _document(tmp_path)
    certificate = tmp_path / "lead-implementer.pdf"
    certificate.write_bytes(b"%PDF-1.4 lead implementer")
    scan = tmp_path / "scan.png"
    scan.write_bytes(b"\x89PNG scan")
    arguments = _evidence_arguments(
        path, "--issuer", "PECB", "--score", "88", "--attach", str(certificate),
        "--attach", str(scan), str(certificate),
    )  # fmt: skip

    assert main(arguments) == 0

    assert "2 attachments" in capsys.readouterr().out
    with Store.open(path, read_only=True) as store:
        competency = store.competency_by_name("ISO 27001 requirements")
        (evidence,) = store.evidence_list(competency_id=competency.id)
        stored = {a.file_name: store.attachment_bytes(a.id) for a in evidence.attachments}
    assert (evidence.kind, evidence.route, evidence.issuer, evidence.score) == (
        EvidenceKind.CERTIFICATE,
        Route.TRAINING,
        "PECB",
        88.0,
    )
    assert evidence.achieved_on == date(2025, 11, 20)
    assert stored == {
        "lead-implementer.pdf": b"%PDF-1.4 lead implementer",
        "scan.png": b"\x89PNG scan",
    }


@pytest.mark.parametrize(
    ("kind", "route", "expected"),
    [
        ("cv", None, Route.EXPERIENCE),
        ("CV / Experience", None, Route.EXPERIENCE),
        ("contract_clause", None, Route.EXPERIENCE),
        ("certificate", "Education", Route.EDUCATION),
    ],
)
def test_the_route_follows_the_kind_unless_given(
    tmp_path: Path, kind: str, route: str | None, expected: Route
) -> None:
    path = _document(tmp_path)
    arguments = [
        "add-evidence", str(path), "--person", "ana@acme.example",
        "--competency", "Internal audit", "--kind", kind, "--date", "2025-01-01",
    ]  # fmt: skip
    if route is not None:
        arguments += ["--route", route]
    with Store.open(path) as store:
        # Accept every kind, so that the route is the only thing tested.
        internal_audit = store.competency_by_name("Internal audit")
        store.update_competency(replace(internal_audit, accepted_kinds=()))

    assert main(arguments) == 0

    with Store.open(path, read_only=True) as store:
        competency = store.competency_by_name("Internal audit")
        (evidence,) = store.evidence_list(competency_id=competency.id)
    assert evidence.route is expected


def _missing_attachment(tmp_path: Path) -> list[str]:
    return ["--attach", str(tmp_path / "certificate.pdf")]


def _empty_attachment(tmp_path: Path) -> list[str]:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    return ["--attach", str(empty)]


def _folder_attachment(tmp_path: Path) -> list[str]:
    return ["--attach", str(tmp_path)]


@pytest.mark.parametrize(
    ("make_extra", "expected"),
    [
        (_missing_attachment, "certificate.pdf: no such file"),
        (_empty_attachment, "empty.pdf is empty (0 bytes)"),
        (_folder_attachment, "is not a file"),
        (lambda _: ["--kind", "diploma"], "--kind: 'diploma' is not one of"),
        (lambda _: ["--route", "osmosis"], "--route: 'osmosis' is not one of"),
        (lambda _: ["--person", "zed@acme.example"], "nobody with the email zed@acme.example"),
        (lambda _: ["--competency", "Juggling"], "no competency named 'Juggling'"),
        (lambda _: ["--kind", "drill result"], "does not accept a drill result as evidence"),
        (lambda _: ["--expires", "2025-01-01"], "--expires 2025-01-01 is before --date"),
    ],
    ids=[
        "missing attachment",
        "empty attachment",
        "folder",
        "unknown kind",
        "unknown route",
        "unknown person",
        "unknown competency",
        "kind not accepted",
        "expires before",
    ],
)
def test_add_evidence_that_cannot_be_recorded_changes_nothing(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    make_extra: Callable[[Path], list[str]],
    expected: str,
) -> None:
    path = _document(tmp_path)
    before = path.read_bytes()
    good = tmp_path / "good.pdf"
    good.write_bytes(b"%PDF good")

    status = main(_evidence_arguments(path, "--attach", str(good), *make_extra(tmp_path)))

    assert status == 2
    assert expected in _one_error(capsys.readouterr().err)
    assert path.read_bytes() == before


def test_add_evidence_waits_for_a_window_that_is_editing_the_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _document(tmp_path)
    before = path.read_bytes()
    lock = WriterLock.try_acquire(path)
    assert lock is not None
    try:
        assert main(_evidence_arguments(path)) == 2
    finally:
        lock.release()

    assert "already open for editing" in _one_error(capsys.readouterr().err)
    assert path.read_bytes() == before


# ---- the installed entry point --------------------------------------------------------------


def _entry_point() -> str:
    found = shutil.which("compdesk", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip("the compdesk entry point is not installed (pip install -e .)")
    return found


@pytest.mark.parametrize("make", [_missing, _corrupt, _foreign])
def test_the_installed_command_prints_no_traceback(
    tmp_path: Path, make: Callable[[Path], Path]
) -> None:
    path = make(tmp_path)

    result = subprocess.run(
        [_entry_point(), "matrix", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 2
    assert result.stdout == ""
    _one_error(result.stderr)


def test_the_installed_command_checks_a_document(tmp_path: Path) -> None:
    result = subprocess.run(
        [_entry_point(), "check", str(_document(tmp_path))],
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("acme.compdesk: ok")
