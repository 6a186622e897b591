"""A table row taller than a page (who is missing a training, in a large organisation) splits
across pages instead of failing the binder."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from reportlab.platypus import SimpleDocTemplate

from compdesk.reports.binder.layout import Layout
from compdesk.reports.binder.options import PageSize


def test_a_row_taller_than_a_page_splits_across_pages(tmp_path: Path) -> None:
    layout = Layout(PageSize.A4)
    names = "; ".join(f"Person number {n} (missing)" for n in range(1500))
    table = layout.table(
        [["Competency", "Who has none"], ["Data handling", f"Missing: {names}"]],
        [150.0, 300.0],
    )
    out = tmp_path / "tall.pdf"
    SimpleDocTemplate(str(out), pagesize=PageSize.A4.points).build([table])
    pages = PdfReader(out).pages
    assert len(pages) > 2
    text = "".join(page.extract_text() for page in pages)
    assert "Person number 1499" in text
