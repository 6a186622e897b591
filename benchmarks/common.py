"""Helpers shared by the benchmark scripts: generated organisations, timing, memory."""

from __future__ import annotations

import contextlib
import hashlib
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

CACHE = Path(tempfile.gettempdir()) / "compdesk-benchmarks"


def demo_file(people: int, seed: int = 7) -> Path:
    """A generated organisation of `people`, made once and reused by later runs of the same code:
    the file's name carries the file format and a digest of the code that writes the demo, so
    a file made by older code (another format, another story) is never reused."""
    from compdesk.demo import create_demo

    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"demo-{people}-{seed}-{_demo_code_digest()}.compdesk"
    if not path.exists():
        partial = path.with_name(path.name + ".part")
        partial.unlink(missing_ok=True)
        create_demo(partial, people=people, seed=seed).close()
        partial.rename(path)
    return path


def _demo_code_digest() -> str:
    import compdesk.demo
    from compdesk.storage.schema import SCHEMA_VERSION

    digest = hashlib.sha256(f"format {SCHEMA_VERSION}".encode())
    for source in sorted(Path(compdesk.demo.__file__).parent.glob("*.py")):
        digest.update(source.read_bytes())
    return f"f{SCHEMA_VERSION}-{digest.hexdigest()[:10]}"


def median_seconds(work: Callable[[], object], repeats: int = 7) -> float:
    """The median wall time of `work`, after one warm-up run."""
    work()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def memory_kib(field: str) -> int:
    """A memory figure of this process from /proc (VmRSS, VmHWM), in KiB; 0 where unknown."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def reset_peak_memory() -> None:
    """Make VmHWM start again from the current RSS (Linux: clear_refs 5)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")
