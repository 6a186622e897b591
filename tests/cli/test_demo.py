"""`compdesk demo`: the sample organisation, and no half-made file when it fails."""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from compdesk.cli import main
from compdesk.models.templates import Template
from compdesk.storage import Store
from compdesk.storage.templates import create_document
from tests.cli.helpers import one_error


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
    def write_person(*arguments: Any) -> None:
        raise OSError("disk on fire")

    monkeypatch.setattr("compdesk.demo.writer._DemoWriter.write_person", write_person)
    path = tmp_path / "demo.compdesk"

    assert main(["demo", str(path)]) == 2

    one_error(capsys.readouterr().err)
    assert list(tmp_path.iterdir()) == []  # neither the document nor its partial copy
    monkeypatch.undo()
    assert main(["demo", str(path), "--people", "1"]) == 0


def test_demo_builds_a_document_that_checks_clean(tmp_path: Path) -> None:
    path = tmp_path / "demo.compdesk"

    assert main(["demo", str(path), "--people", "5", "--seed", "3"]) == 0
    assert main(["check", str(path)]) == 0
