"""A writer's lock on a document, so that two compdesk windows never edit the same file.

SQLite's own locks last only for one transaction; this one lasts while the document is open.
It is an advisory lock of the whole file (flock) on POSIX, independent of SQLite's fcntl
byte-range locks, and a lock of one byte far beyond any real file's end on Windows, where
SQLite locks only bytes near 1 GiB.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO

# Beyond the end of any real document, and away from SQLite's own lock bytes at 1 GiB.
_WINDOWS_LOCK_OFFSET = 0x7FFF_FFF0


class WriterLock:
    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream

    @classmethod
    def try_acquire(cls, path: Path) -> WriterLock | None:
        """The lock, or None when another process holds it."""
        stream = path.open("rb")
        try:
            if sys.platform == "win32":
                import msvcrt

                stream.seek(_WINDOWS_LOCK_OFFSET)
                msvcrt.locking(stream.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
            else:
                import fcntl

                fcntl.flock(stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            stream.close()
            return None
        return cls(stream)

    def release(self) -> None:
        if self._stream.closed:
            return
        try:
            if sys.platform == "win32":
                import msvcrt

                self._stream.seek(_WINDOWS_LOCK_OFFSET)
                msvcrt.locking(self._stream.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
            else:
                import fcntl

                fcntl.flock(self._stream.fileno(), fcntl.LOCK_UN)
        except OSError:
            pass
        finally:
            self._stream.close()


def is_locked_by_another(path: Path) -> bool:
    lock = WriterLock.try_acquire(path)
    if lock is None:
        return True
    lock.release()
    return False


