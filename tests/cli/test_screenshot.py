"""`compdesk screenshot`'s options: a size is WIDTHxHEIGHT, refused in one line otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from compdesk.cli import main
from compdesk.cli.screenshot import window_size
from tests.cli.helpers import one_error


@pytest.mark.parametrize(
    ("text", "size"),
    [("1024x700", (1024, 700)), ("1280X800", (1280, 800)), ("1600×1000", (1600, 1000))],
)
def test_a_size_is_width_by_height(text: str, size: tuple[int, int]) -> None:
    assert window_size(text) == size


@pytest.mark.parametrize(
    ("size", "why"),
    [
        ("1024", "is not a size: write WIDTHxHEIGHT"),
        ("widexhigh", "is not a size"),
        ("1024x-700", "is not a size"),
        ("100x100", "is out of range: from 640x480"),
    ],
)
def test_a_bad_size_is_refused_in_one_line_before_anything_is_drawn(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], size: str, why: str
) -> None:
    output = tmp_path / "x.png"
    document = tmp_path / "none.compdesk"
    assert main(["screenshot", str(document), "-o", str(output), "--size", size]) == 2
    assert why in one_error(capsys.readouterr().err)
    assert not output.exists()
