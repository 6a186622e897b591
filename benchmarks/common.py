"""Helpers shared by the benchmark scripts: generated organisations, timing, memory."""

from __future__ import annotations

import contextlib
import hashlib
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

CACHE = Path(tempfile.gettempdir()) / "compdesk-benchmarks"

# Every part of compdesk that `create_demo` imports: a change to any of them may change the demo.
DEMO_WRITER_CODE = ("demo", "models", "storage", "resources")


def demo_file(people: int, seed: int = 7) -> Path:
    """A generated organisation of `people`, made once and reused by later runs of the same code:
    the file's name carries the file format and a digest of the code that writes the demo, so
    a file made by older code (another format, another story) is never reused."""
    from compdesk.demo import create_demo

    return cached_file(
        f"demo-{people}-{seed}-{code_digest(*DEMO_WRITER_CODE)}.compdesk",
        lambda partial: create_demo(partial, people=people, seed=seed).close(),
    )


def cached_file(name: str, build: Callable[[Path], object]) -> Path:
    """The file `name` in the benchmarks' cache, built by `build(path)` the first time; a build
    cut short leaves only a `.part` file, which the next run starts again."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / name
    if not path.exists():
        partial = path.with_name(path.name + ".part")
        partial.unlink(missing_ok=True)
        build(partial)
        partial.rename(path)
    return path


def code_digest(*parts: str) -> str:
    """The file format and a digest of the sources of these compdesk sub-packages (with their own
    sub-packages) or modules, for the name of a cached file those sources wrote."""
    import compdesk
    from compdesk.storage.schema import SCHEMA_VERSION

    digest = hashlib.sha256(f"format {SCHEMA_VERSION}".encode())
    root = Path(compdesk.__file__).parent
    for part in parts:
        module = root / f"{part}.py"
        sources = [module] if module.is_file() else sorted((root / part).rglob("*.py"))
        for source in sources:
            digest.update(source.relative_to(root).as_posix().encode())
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


def engine_statements(path: Path, as_of: date) -> list[str]:
    """The SELECT statements (values bound) that computing the gap matrix of `path` runs: what
    a floor must read to give the same answer, recorded so it stays so as the engine changes."""
    from compdesk.storage import Store

    with Store.open(path, read_only=True) as store:
        statements: list[str] = []
        store.db.connection.set_trace_callback(statements.append)
        store.gap_matrix(as_of)
        store.roles.all()  # the JSON names each person's roles
        store.db.connection.set_trace_callback(None)
    return [s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]


def read_rows_script(path: Path, statements: list[str]) -> str:
    """A bare Python program that opens `path` with the sqlite3 module and reads every row of
    `statements`, nothing more: the floor of a whole process that computes the matrix."""
    return (
        "import sqlite3\n"
        f"db = sqlite3.connect({f'file:{path}?mode=ro'!r}, uri=True)\n"
        f"rows = sum(len(db.execute(s).fetchall()) for s in {statements!r})\n"
        "print(rows)\n"
    )
