"""The log file: where the warnings and unexpected errors of a command go, never stderr."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import platformdirs


class _LogFileHandler(logging.FileHandler):
    """The log file for unexpected errors: created on first use; a failure to write is ignored."""

    def _open(self) -> Any:
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        return super()._open()

    def handleError(self, record: logging.LogRecord) -> None:
        # Never let a log that cannot be written turn into a traceback on stderr.
        pass


def log_file_path() -> Path:
    return Path(platformdirs.user_log_path("compdesk", appauthor=False)) / "compdesk.log"


@contextlib.contextmanager
def logging_to_file() -> Iterator[Path | None]:
    """Warnings and unexpected errors of one command go to the log file, never to stderr.

    Yields the file's path, or None when the platform gives no place for it.
    """
    package_log = logging.getLogger("compdesk")
    path: Path | None
    handler: logging.Handler
    try:
        path = log_file_path()
        handler = _LogFileHandler(path, delay=True, encoding="utf-8")
    except Exception:
        path, handler = None, logging.NullHandler()
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    package_log.addHandler(handler)
    try:
        yield path
    finally:
        package_log.removeHandler(handler)
        handler.close()
