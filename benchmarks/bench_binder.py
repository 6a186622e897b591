"""The audit binder as the user runs it: whole `compdesk` processes, timed, with their peak memory.

binder_demo_s                    the default demo (15 people) with its appendix      < 5 s
binder_500_noattach_pages_per_s  a 500-person demo without appendix                 ≥ 40 pages/s
matrix_pdf_1000_s / _rss_mb      the matrix of 1000 people alone, as a PDF           LibreOffice
                                 Calc prints the same sheet in 1.2–1.9 s at 208 MiB here: beat it
                                 by 2× on both (< 0.6 s, < 104 MiB)
Each is printed beside its floor, a process that starts Python and imports what the command
imports without doing the work (`compdesk --version` after importing ReportLab and pikepdf; the
matrix's floor without pikepdf, which the matrix PDF does not import), so the noise of a shared
machine shows as a ratio too.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import demo_file

# The least a binder process does: start Python, import the command line and the libraries
# the binder draws and assembles with.
_FLOOR = (
    "import compdesk.cli, reportlab.platypus, pikepdf, arabic_reshaper, bidi;"
    "import sys; sys.exit(0)"
)
# The matrix PDF draws with ReportLab and assembles nothing: it does not import pikepdf.
_MATRIX_FLOOR = (
    "import compdesk.cli, reportlab.platypus, arabic_reshaper, bidi; import sys; sys.exit(0)"
)


class Run:
    """A finished child process: its wall time and its peak resident memory."""

    def __init__(self, seconds: float, peak_mb: float) -> None:
        self.seconds, self.peak_mb = seconds, peak_mb


def run(arguments: list[str]) -> Run:
    """Run a Python child to its end; peak RSS from the kernel's account of that one child."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, *arguments], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        assert process.stderr is not None
        raise RuntimeError(f"{arguments}: {process.stderr.read().decode(errors='replace')}")
    return Run(seconds, usage.ru_maxrss / 1024)  # ru_maxrss is in KiB on Linux


def median_run(arguments: list[str], repeats: int) -> Run:
    run(arguments)  # warm the file cache
    runs = [run(arguments) for _ in range(repeats)]
    return Run(
        statistics.median(r.seconds for r in runs), statistics.median(r.peak_mb for r in runs)
    )


def _pages(path: Path) -> int:
    import pikepdf

    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def main(repeats: int = 3) -> dict[str, float]:
    floor = median_run(["-c", _FLOOR], repeats)
    matrix_floor = median_run(["-c", _MATRIX_FLOOR], repeats)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "binder.pdf"
        demo = demo_file(15)
        binder = median_run(["-m", "compdesk", "binder", str(demo), "-o", str(out)], repeats)
        demo_pages = _pages(out)

        big = demo_file(500)
        no_appendix = median_run(
            ["-m", "compdesk", "binder", str(big), "-o", str(out), "--no-attachments"], 1
        )
        big_pages = _pages(out)

        thousand = demo_file(1000)
        matrix = median_run(
            ["-m", "compdesk", "matrix", str(thousand), "--format", "pdf", "-o", str(out)],
            repeats,
        )
        matrix_pages = _pages(out)

    pages_per_s = big_pages / no_appendix.seconds
    print(f"whole processes (median of {repeats}; floor: start and imports only)")
    print(f"  floor                          : {floor.seconds:7.2f} s  {floor.peak_mb:6.0f} MB")
    print(
        f"  binder of the demo             : {binder.seconds:7.2f} s  {binder.peak_mb:6.0f} MB"
        f"   {demo_pages} pages  (target < 5 s)"
    )
    print(
        f"  binder of 500, no appendix     : {no_appendix.seconds:7.2f} s  "
        f"{no_appendix.peak_mb:6.0f} MB   {big_pages} pages, {pages_per_s:.0f} pages/s  "
        "(target ≥ 40 pages/s)"
    )
    print(
        f"  matrix of 1000 as PDF          : {matrix.seconds:7.2f} s  {matrix.peak_mb:6.0f} MB"
        f"   {matrix_pages} pages  (targets < 0.6 s, < 104 MB)"
    )
    print(
        f"  matrix floor (no pikepdf)      : {matrix_floor.seconds:7.2f} s  "
        f"{matrix_floor.peak_mb:6.0f} MB"
    )
    print(f"  matrix PDF against its floor   : {matrix.seconds / matrix_floor.seconds:7.2f}×")
    return {
        "binder_demo_s": round(binder.seconds, 2),
        "binder_500_noattach_pages_per_s": round(pages_per_s, 1),
        "matrix_pdf_1000_s": round(matrix.seconds, 2),
        "matrix_pdf_1000_rss_mb": round(matrix.peak_mb, 1),
    }


if __name__ == "__main__":
    print(json.dumps(main()))
