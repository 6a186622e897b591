"""From process start to the painted matrix of 1000 and 5000 people, against an empty window."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import demo_file

CHILD = Path(__file__).resolve().parent / "open_window.py"


def _time_to_paint(argument: str) -> float:
    environment = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(CHILD), argument],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=environment,
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.strip() == "painted":
            elapsed = time.perf_counter() - started
            break
    else:
        raise RuntimeError(f"{argument}: the window never painted")
    process.wait(timeout=60)
    return elapsed


def _compile_package() -> None:
    """Byte-compile compdesk as an installed copy is; an editable install (or an environment
    with PYTHONDONTWRITEBYTECODE) would otherwise recompile every module on every start."""
    import compileall

    import compdesk

    compileall.compile_dir(Path(compdesk.__file__).parent, quiet=1)


def main(repeats: int = 5) -> dict[str, float]:
    documents = {people: demo_file(people) for people in (1000, 5000)}
    _compile_package()
    _time_to_paint("--empty")  # warm the file cache for each
    for path in documents.values():
        _time_to_paint(str(path))
    empty = statistics.median(_time_to_paint("--empty") for _ in range(repeats))
    full = {
        people: statistics.median(_time_to_paint(str(path)) for _ in range(repeats))
        for people, path in documents.items()
    }
    print(f"window start to first paint (median of {repeats} runs)")
    print(f"  matrix of 1000 people          : {full[1000]:7.2f} s   (target < 2)")
    print(f"  matrix of 5000 people          : {full[5000]:7.2f} s")
    print(f"  empty QMainWindow              : {empty:7.2f} s")
    print(f"  ratio at 1000                  : {full[1000] / empty:7.2f}     (target < 2.5)")
    print(f"  ratio at 5000                  : {full[5000] / empty:7.2f}     (target <= 3)")
    return {
        "open_1000_to_matrix_s": round(full[1000], 3),
        "open_vs_empty_window_ratio": round(full[1000] / empty, 2),
        "open_5000_vs_empty_window_ratio": round(full[5000] / empty, 2),
    }

if __name__ == "__main__":
    print(json.dumps(main()))
