"""`compdesk review FILE -o OUT.pdf [--as-of D]`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pypdf
import pytest

from compdesk.cli import main
from compdesk.demo import create_demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "northwind.compdesk"
    create_demo(path, as_of=date(2026, 5, 1)).close()
    return path


def test_review_writes_the_page_as_of_the_date(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "review.pdf"
    assert main(["review", str(demo), "-o", str(output), "--as-of", "2026-05-01"]) == 0
    assert "management review as of 2026-05-01" in capsys.readouterr().out
    reader = pypdf.PdfReader(output)
    assert len(reader.pages) == 1
    assert "previous year is as of 2025-05-01" in reader.pages[0].extract_text()


def test_review_refuses_a_missing_folder_with_a_sentence(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "absent" / "review.pdf"
    assert main(["review", str(demo), "-o", str(output)]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert not output.exists()
