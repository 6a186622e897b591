"""Where the view keeps the binders it builds, and copying one where the user wants it."""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Final

from compdesk.models.errors import DocumentError
from compdesk.reports.binder.text import clean

log = logging.getLogger(__name__)

# Characters no file name may hold on one of the systems compdesk runs on (controls are
# already gone with text.clean).
_NOT_IN_FILE_NAMES: Final = re.compile(r'[<>:"/\\|?*\n]')


class SaveBinderError(DocumentError):
    """The binder could not be copied where the user chose."""


def default_file_name(organisation: str, as_of: date) -> str:
    """ "<organisation> audit binder <as-of>.pdf", with what a file name cannot hold left out."""
    name = " ".join(_NOT_IN_FILE_NAMES.sub(" ", clean(organisation)).split()).strip(". ")
    title = f"{name} audit binder" if name else "Audit binder"
    return f"{title} {as_of.isoformat()}.pdf"


def save_copy(source: Path, target: Path) -> None:
    """Copy `source` to `target`: written beside it and renamed, so a failure midway leaves
    whatever was at `target` as it was; a SaveBinderError says why it failed."""
    partial: Path | None = None
    try:
        descriptor, partial_name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".part", dir=target.parent
        )
        os.close(descriptor)
        partial = Path(partial_name)
        shutil.copyfile(source, partial)
        os.replace(partial, target)
    except OSError as error:
        if partial is not None:
            partial.unlink(missing_ok=True)
        reason = error.strerror or str(error)
        raise SaveBinderError(f"Cannot save the binder as {target}: {reason}.") from None


class BinderFiles:
    """A temporary folder of the view's own, holding the binders it built.

    Each build writes a new file, so the one on preview is never overwritten while it is
    shown; `remove` drops one no longer shown, `close` the folder (also at interpreter exit,
    should the window never get to it). A folder closed while a build writes into it goes
    when that build ends, so the build never fails for want of it.
    """

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(
            prefix="compdesk-binder-", ignore_cleanup_errors=True
        )
        self._count = 0
        self._lock = threading.Lock()
        self._builds = 0
        self._closing = False

    @property
    def folder(self) -> Path:
        return Path(self._folder.name)

    def next_path(self) -> Path:
        self._count += 1
        return self.folder / f"binder-{self._count}.pdf"

    def remove(self, path: Path) -> None:
        try:
            path.unlink(missing_ok=True)
        except OSError as error:
            log.warning("could not remove %s: %s", path, error)

    @contextmanager
    def in_use(self) -> Iterator[None]:
        """While a build writes into the folder (on its worker thread)."""
        with self._lock:
            self._builds += 1
        try:
            yield
        finally:
            with self._lock:
                self._builds -= 1
                if self._closing and self._builds == 0:
                    self._folder.cleanup()

    def close(self) -> None:
        with self._lock:
            self._closing = True
            if self._builds == 0:
                self._folder.cleanup()
