"""Peak memory and time of putting 500 MB of evidence PDFs into a binder (the assembly alone),
against a process that only opens the same files: qpdf streams, so the two should be close."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EVIDENCE_FILES = 50
PAGES_PER_FILE = 2
# Random bytes do not compress: each page's image stream is written, and read, at full size.
IMAGE_SIDE = 1322  # × 1322 × 3 bytes = 5 MiB an image, 2 pages a file, 50 files = 500 MiB
A4 = (595.2756, 841.8898)


def make_evidence_pdfs(folder: Path) -> list[Path]:
    import pikepdf

    paths = []
    for number in range(EVIDENCE_FILES):
        pdf = pikepdf.new()
        for _ in range(PAGES_PER_FILE):
            page = pdf.add_blank_page(page_size=A4)
            image = pikepdf.Stream(pdf, os.urandom(IMAGE_SIDE * IMAGE_SIDE * 3))
            image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
            image.Width = image.Height = IMAGE_SIDE
            image.ColorSpace, image.BitsPerComponent = pikepdf.Name.DeviceRGB, 8
            page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
            page.Contents = pdf.make_stream(b"q 595 0 0 842 0 0 cm /Im0 Do Q")
        path = folder / f"scan-{number:03d}.pdf"
        pdf.save(path, compress_streams=False)
        paths.append(path)
    return paths


def _make_body(path: Path) -> Path:
    from reportlab import rl_config
    from reportlab.pdfgen.canvas import Canvas

    rl_config.invariant = 1
    canvas = Canvas(str(path), pagesize=A4)
    for number in range(10):
        canvas.drawString(72, 700, f"body page {number + 1}")
        canvas.bookmarkPage(f"page{number}")
        canvas.addOutlineEntry(f"{number + 1} Section", f"page{number}", 0)
        canvas.showPage()
    canvas.save()
    return path


def _child(mode: str, folder: Path) -> None:
    """Run in a fresh process; print its own peak RSS (MB) and the seconds the work took."""
    import resource
    from datetime import date

    import pikepdf

    from compdesk.reports.binder.appendix import AppendixItem, EvidenceFile, ItemKind
    from compdesk.reports.binder.assembly import assemble_binder

    evidence = sorted(folder.glob("scan-*.pdf"))
    started = time.perf_counter()
    if mode == "open":
        opened = [pikepdf.open(path) for path in evidence]
        assert sum(len(pdf.pages) for pdf in opened) == EVIDENCE_FILES * PAGES_PER_FILE
        for pdf in opened:
            pdf.close()
    else:
        items = [
            AppendixItem(
                EvidenceFile(
                    number,
                    path.name,
                    "0" * 64,
                    path.stat().st_size,
                    "Ana Ruiz",
                    "Secure coding",
                    "Certificate",
                ),
                ItemKind.PDF,
                PAGES_PER_FILE,
                path,
                None,
            )
            for number, path in enumerate(evidence)
        ]
        assemble_binder(
            folder / "body.pdf",
            items,
            folder / "binder.pdf",
            as_of=date(2026, 5, 1),
            total_pages=10 + len(items) * PAGES_PER_FILE,
            title="Audit binder",
            author="Bench Ltd",
        )
    elapsed = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({"rss_mb": peak_kib / 1024, "seconds": elapsed}))


def _measure(mode: str, folder: Path) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(folder)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    figures: dict[str, float] = json.loads(output.splitlines()[-1])
    return figures


def main() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        evidence = make_evidence_pdfs(folder)
        _make_body(folder / "body.pdf")
        size_mb = sum(path.stat().st_size for path in evidence) / 1024 / 1024
        floor = _measure("open", folder)
        assembly = _measure("assemble", folder)
        binder_mb = (folder / "binder.pdf").stat().st_size / 1024 / 1024
    print(f"assembled {len(evidence)} evidence PDFs, {size_mb:.0f} MB, into {binder_mb:.0f} MB")
    print(f"  peak RSS, assembly             : {assembly['rss_mb']:7.1f} MB  (target < 200)")
    print(f"  peak RSS, only opening them    : {floor['rss_mb']:7.1f} MB")
    print(f"  time, assembly                 : {assembly['seconds']:7.2f} s")
    return {
        "binder_assembly_500mb_rss_mb": round(assembly["rss_mb"], 1),
        "binder_assembly_open_floor_rss_mb": round(floor["rss_mb"], 1),
        "binder_assembly_500mb_s": round(assembly["seconds"], 2),
    }


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        _child(sys.argv[2], Path(sys.argv[3]))
    else:
        print(json.dumps(main()))
