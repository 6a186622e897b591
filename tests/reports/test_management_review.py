"""The management review page on its own: one page, the figures against their targets and a
year before, the open gaps, the completed actions not yet evaluated, the same bytes each time."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pypdf
import pytest

from compdesk.demo import create_demo
from compdesk.reports.binder.content import BinderContent, gather_content
from compdesk.reports.binder.options import BinderOptions
from compdesk.reports.management_review import SaveReviewError, write_review
from compdesk.storage import Store

AS_OF = date(2026, 5, 1)


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> BinderContent:
    path = tmp_path_factory.mktemp("demo") / "northwind.compdesk"
    create_demo(path, as_of=AS_OF).close()
    with Store.open(path, read_only=True) as store:
        return gather_content(store, BinderOptions(as_of=AS_OF, attachments=False))


def _pages(path: Path) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]


def test_the_review_is_one_page_of_figures_against_targets_and_last_year(
    content: BinderContent, tmp_path: Path
) -> None:
    write_review(content, tmp_path / "review.pdf")
    pages = _pages(tmp_path / "review.pdf")
    assert len(pages) == 1
    text = pages[0]
    assert "as of 2026-05-01; the previous year is as of 2025-05-01" in text
    assert "Completion of mandatory training" in text and "≥ 95%" in text
    assert "Phishing click rate (latest drill) — 10% ≤ 10% yes" in text
    assert "Open gaps by competency" in text and "Customer data protection 1/3" in text
    assert "Completed actions not yet evaluated for effectiveness:" in text
    assert "Improvement action decided" in text


def test_the_review_is_the_same_bytes_each_time(content: BinderContent, tmp_path: Path) -> None:
    write_review(content, tmp_path / "one.pdf")
    write_review(content, tmp_path / "two.pdf")
    assert (tmp_path / "one.pdf").read_bytes() == (tmp_path / "two.pdf").read_bytes()


def test_a_review_that_cannot_be_written_says_why_and_leaves_no_partial_file(
    content: BinderContent, tmp_path: Path
) -> None:
    taken = tmp_path / "review.pdf"
    taken.mkdir()  # a folder where the PDF should go: the rename fails
    with pytest.raises(SaveReviewError, match="Cannot write the management review to"):
        write_review(content, taken)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["review.pdf"]


def test_a_rewritten_review_replaces_the_old_file(content: BinderContent, tmp_path: Path) -> None:
    target = tmp_path / "review.pdf"
    target.write_bytes(b"old")
    write_review(content, target)
    assert target.read_bytes().startswith(b"%PDF")
