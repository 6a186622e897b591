"""Private copies of attachments, for the system's viewer and the preview.

The system's viewer opens files, not blobs in a document, so an opened attachment is copied
out first. The copies hold personal data (certificates, results): they sit in one folder per
running compdesk, readable by this user only (0700 folder, 0600 files), under the user's cache
folder; the same attachment opened again reuses its copy (by SHA-256 and name); all are
removed when the window closes or compdesk exits, and the folders a crashed compdesk left
(its process no longer running, as the marker inside names) at the next start.
"""

from __future__ import annotations

import atexit
import logging
import os
import secrets
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Final

import platformdirs

from compdesk.models.file_names import safe_file_name

log = logging.getLogger(__name__)

# The marker in each folder: the process id of the compdesk that owns it.
OWNER_MARKER: Final = "owner.pid"


def _default_root() -> Path:
    return Path(platformdirs.user_cache_dir("compdesk", appauthor=False)) / "open-attachments"


# Where the folders of every running compdesk are; tests point it at a temporary folder.
copies_root: Callable[[], Path] = _default_root

_folder: Path | None = None
_exit_registered = False


def process_running(pid: int) -> bool:
    """Whether a process with this id runs (on Windows without signalling it)."""
    if pid <= 0:
        return False
    if os.name == "nt":  # pragma: no cover - exercised on Windows only
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        kernel32.CloseHandle(handle)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_leftovers(root: Path | None = None) -> int:
    """Remove the folders of compdesk processes that no longer run (under `root`, else
    `copies_root()`); how many were removed."""
    root = root or copies_root()
    removed = 0
    try:
        folders = [entry for entry in root.iterdir() if entry.is_dir()]
    except OSError:
        return 0
    for folder in folders:
        if folder == _folder:
            continue
        try:
            pid = int((folder / OWNER_MARKER).read_text(encoding="ascii").strip())
        except (OSError, ValueError):
            pid = 0  # no marker: a crash before it was written, or not ours to keep
        if not process_running(pid) or pid == os.getpid():
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    if removed:
        log.info("removed %d folders of attachment copies left by an earlier run", removed)
    return removed


def own_folder() -> Path:
    """This process's folder of copies, created (and earlier runs' leftovers removed) once."""
    global _folder, _exit_registered
    if _folder is not None and _folder.is_dir():
        return _folder
    root = copies_root()
    try:
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        # No cache folder can be made here: the temporary folder serves.
        root = Path(tempfile.gettempdir()) / "compdesk-open-attachments"
        root.mkdir(exist_ok=True, mode=0o700)
    remove_leftovers(root)
    folder = root / f"{os.getpid()}-{secrets.token_hex(4)}"
    folder.mkdir(mode=0o700)
    os.chmod(folder, 0o700)  # whatever the umask
    marker = folder / OWNER_MARKER
    marker.write_text(str(os.getpid()), encoding="ascii")
    os.chmod(marker, 0o600)
    if not _exit_registered:
        atexit.register(remove_own_copies)
        _exit_registered = True
    _folder = folder
    return folder


def copy_path(sha256: str, file_name: str) -> Path:
    """Where the copy of the attachment of this hash and name is (or will be) kept."""
    return own_folder() / sha256[:32] / safe_file_name(file_name)


def private_copy(sha256: str, file_name: str, write: Callable[[Path], Path]) -> Path:
    """The private copy of an attachment: the existing one, else one `write` creates."""
    target = copy_path(sha256, file_name)
    if target.is_file():
        return target
    target.parent.mkdir(mode=0o700, exist_ok=True)
    os.chmod(target.parent, 0o700)
    written = write(target)
    os.chmod(written, 0o600)
    return written


def remove_own_copies() -> None:
    """Remove this process's copies (the window closed, the document closed, or exit)."""
    global _folder
    if _folder is not None:
        shutil.rmtree(_folder, ignore_errors=True)
        _folder = None
