"""`compdesk` itself: version, help, bad usage, the window, unexpected failures, the script."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import compdesk.cli.log_file
from compdesk import __version__
from compdesk.cli import build_parser, main
from tests.cli.helpers import acme_document, corrupt_document, foreign_file, missing_file, one_error


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

    assert expected in one_error(capsys.readouterr().err)


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
    path = acme_document(tmp_path)

    assert main([str(path)]) == 0
    assert main([]) == 0

    assert opened == [path, None]


def test_an_unexpected_failure_is_one_line_and_logged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*arguments: object) -> None:
        raise RuntimeError("the gap engine fell over")

    monkeypatch.setattr("compdesk.storage.store.Store.gap_matrix", broken)

    assert main(["matrix", str(acme_document(tmp_path))]) == 2

    line = one_error(capsys.readouterr().err)
    assert "RuntimeError: the gap engine fell over" in line
    log_text = compdesk.cli.log_file.log_file_path().read_text(encoding="utf-8")
    assert "Traceback" in log_text and "the gap engine fell over" in log_text


def test_the_headless_commands_never_load_qt(tmp_path: Path) -> None:
    path = acme_document(tmp_path)
    code = (
        "import sys; from compdesk.cli import main; "
        f"main(['matrix', {str(path)!r}, '--format', 'json']); main(['check', {str(path)!r}]); "
        "assert 'PySide6' not in sys.modules, 'Qt was imported'"
    )

    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 0, result.stderr


def _entry_point() -> str:
    found = shutil.which("compdesk", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip("the compdesk entry point is not installed (pip install -e .)")
    return found


@pytest.mark.parametrize("make", [missing_file, corrupt_document, foreign_file])
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
    one_error(result.stderr)


def test_the_installed_command_checks_a_document(tmp_path: Path) -> None:
    result = subprocess.run(
        [_entry_point(), "check", str(acme_document(tmp_path))],
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("acme.compdesk: ok")
