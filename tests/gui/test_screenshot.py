"""`compdesk screenshot` renders a view of the window offscreen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from compdesk.cli import main


@pytest.mark.parametrize("view", ["matrix", "people", "roles", "evidence", "actions"])
def test_screenshot_saves_a_large_png_of_the_view(
    qapp: object, starter_path: Path, tmp_path: Path, view: str
) -> None:
    output = tmp_path / f"{view}.png"
    assert main(["screenshot", str(starter_path), "-o", str(output), "--view", view]) == 0
    image = QImage(str(output))
    assert image.width() >= 1280 and image.height() >= 800


def test_screenshot_of_a_missing_file_is_a_one_line_error(
    qapp: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["screenshot", str(tmp_path / "none.compdesk"), "-o", str(tmp_path / "x.png")]) == 2
    assert capsys.readouterr().err == "compdesk: error: none.compdesk: no such file\n"
    assert not (tmp_path / "x.png").exists()


@pytest.mark.parametrize("view", ["matrix", "evidence", "binder"])
def test_screenshot_at_a_small_laptop_size_is_that_size_in_audit_mode_too(
    qapp: object, starter_path: Path, tmp_path: Path, view: str
) -> None:
    normal, audit = tmp_path / "normal.png", tmp_path / "audit.png"
    common = [str(starter_path), "--view", view, "--size", "1024x700"]
    assert main(["screenshot", *common, "-o", str(normal)]) == 0
    assert main(["screenshot", *common, "--audit-mode", "-o", str(audit)]) == 0

    for output in (normal, audit):
        image = QImage(str(output))
        assert (image.width(), image.height()) == (1024, 700)
    # Audit mode shows its banner and larger type: not the same picture.
    assert QImage(str(normal)) != QImage(str(audit))
