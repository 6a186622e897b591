"""Files written beside their target and renamed into place whole."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from compdesk.models.errors import InputError
from compdesk.storage.new_files import partial_folders, write_beside


def _write_text(text: str) -> Callable[[Path], None]:
    def write(partial: Path) -> None:
        partial.write_text(text)

    return write


def test_a_failed_write_leaves_neither_the_file_nor_its_partial_copy(tmp_path: Path) -> None:
    target = tmp_path / "a.compdesk"

    def fail(partial: Path) -> None:
        partial.write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_beside(target, fail, name=target.name, overwrite=False)

    assert list(tmp_path.iterdir()) == []


def test_a_new_file_never_replaces_one_that_appeared_meanwhile(tmp_path: Path) -> None:
    target = tmp_path / "a.compdesk"

    def write_while_another_appears(partial: Path) -> None:
        partial.write_text("new")
        target.write_text("theirs")

    with pytest.raises(InputError, match="already exists"):
        write_beside(target, write_while_another_appears, name=target.name, overwrite=False)

    assert target.read_text() == "theirs"
    assert partial_folders(target) == []


def test_the_partial_copy_of_a_killed_process_goes_with_the_next_write(tmp_path: Path) -> None:
    target = tmp_path / "a.compdesk"
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    abandoned = tmp_path / f".a.compdesk.{dead.stdout.strip()}-x1.partial"
    abandoned.mkdir()
    (abandoned / "a.compdesk").write_text("half")

    write_beside(target, _write_text("whole"), name=target.name, overwrite=False)

    assert target.read_text() == "whole"
    assert sorted(tmp_path.iterdir()) == [target]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_the_partial_copy_is_readable_only_by_its_owner(tmp_path: Path) -> None:
    target = tmp_path / "a.compdesk"
    modes: list[int] = []

    def write(partial: Path) -> None:
        modes.append(partial.parent.stat().st_mode & 0o777)
        partial.write_text("x")

    write_beside(target, write, name=target.name, overwrite=True)

    assert modes == [0o700]
