"""Automatic copies of a document in the user's data folder: one a day when it is opened for
editing, and one before its file format is upgraded, the last few kept.

    automatic_folder(document)                  -> Path (the copies of one document)
    copy_before_upgrade(document)               -> Path | None
    daily_copy_due(document, today=)            -> bool
    take_daily_copy(document, keep=, today=)    -> Path | None
    automatic_copies(document)                  -> list[AutomaticCopy], newest first

A copy is a backup as storage/backup.py writes it (compressed, checked, never encrypted: it
stays on this machine, in a folder only its user can read). The day's copy is its own stamp:
once it exists, later opens that day write nothing. Copies are about this machine, so how
many are kept is a preference, not a setting of the document.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import platformdirs

from compdesk.models.errors import DocumentError
from compdesk.storage.backup import take_backup
from compdesk.storage.opening import inspect_document
from compdesk.storage.schema import SCHEMA_VERSION

log = logging.getLogger(__name__)

BACKUP_SUFFIX: Final = ".cdbackup"
DEFAULT_KEPT: Final = 7
# 2026-05-01.cdbackup (the day's copy) or 2026-05-01-format4.cdbackup (before an upgrade).
_COPY_NAME: Final = re.compile(r"^(?P<day>\d{4}-\d{2}-\d{2})(?:-format(?P<format>\d+))?\.cdbackup$")


@dataclass(frozen=True, slots=True)
class AutomaticCopy:
    path: Path
    day: dt.date
    size: int
    # The format the document had before the upgrade this copy was taken for; None for a
    # day's copy.
    before_format: int | None


def backups_root() -> Path:
    return Path(platformdirs.user_data_dir("compdesk", appauthor=False)) / "backups"


def automatic_folder(document: Path) -> Path:
    """`<name>-<short hash of the absolute path>`: two documents of one name kept apart."""
    absolute = str(document.resolve())
    short_hash = hashlib.sha256(absolute.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return backups_root() / f"{document.stem}-{short_hash}"


def _write_copy(document: Path, target: Path, open_in_this_process: bool = False) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    take_backup(document, target, open_in_this_process=open_in_this_process)
    return target


def copy_before_upgrade(document: Path, today: dt.date | None = None) -> Path | None:
    """A copy of a document of an older format, taken before opening it upgrades it; None
    when it needs no upgrade. A failure to write it is logged and never stops the open
    (the upgrade keeps its own copy beside the document too)."""
    try:
        version = inspect_document(document)
        if version >= SCHEMA_VERSION:
            return None
        day = (today or dt.date.today()).isoformat()
        target = automatic_folder(document) / f"{day}-format{version}{BACKUP_SUFFIX}"
        if target.exists():
            return target
        return _write_copy(document, target)
    except (DocumentError, OSError) as error:
        log.warning("no automatic copy of %s before its upgrade: %s", document.name, error)
        return None


def daily_copy_due(document: Path, today: dt.date | None = None) -> bool:
    day = (today or dt.date.today()).isoformat()
    return not (automatic_folder(document) / f"{day}{BACKUP_SUFFIX}").exists()


def take_daily_copy(
    document: Path,
    *,
    keep: int = DEFAULT_KEPT,
    today: dt.date | None = None,
    open_in_this_process: bool = False,
) -> Path | None:
    """The day's copy of `document` unless it was taken already (or `keep` is 0: none), then
    the oldest day's copies beyond `keep` removed (`open_in_this_process`: see take_backup). Raises DocumentError (or OSError) when the copy cannot be written:
    the caller warns and carries on."""
    day = today or dt.date.today()
    if keep <= 0 or not daily_copy_due(document, day):
        return None
    target = _write_copy(
        document,
        automatic_folder(document) / f"{day.isoformat()}{BACKUP_SUFFIX}",
        open_in_this_process,
    )
    _prune(document, keep)
    return target


def _prune(document: Path, keep: int) -> None:
    daily = [copy for copy in automatic_copies(document) if copy.before_format is None]
    for old in daily[max(keep, 1) :]:
        try:
            old.path.unlink()
        except OSError as error:
            log.warning("could not remove the old automatic copy %s: %s", old.path, error)


def automatic_copies(document: Path) -> list[AutomaticCopy]:
    """The automatic copies of `document`, newest first."""
    folder = automatic_folder(document)
    found: list[AutomaticCopy] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for path in entries:
        match = _COPY_NAME.match(path.name)
        if match is None:
            continue
        try:
            day = dt.date.fromisoformat(match["day"])
            size = path.stat().st_size
        except (ValueError, OSError):
            continue
        before = int(match["format"]) if match["format"] else None
        found.append(AutomaticCopy(path, day, size, before))
    found.sort(
        key=lambda copy: (copy.day, copy.before_format is None, copy.path.name), reverse=True
    )
    return found


def daily_copy_quietly(document: Path, keep: int = DEFAULT_KEPT) -> str | None:
    """take_daily_copy for the command line: a failure is one warning in the log, returned
    for the caller to show, never an error."""
    try:
        take_daily_copy(document, keep=keep)
    except (DocumentError, OSError) as error:
        message = f"no automatic copy of {document.name} today: {error}"
        log.warning("%s", message)
        return message
    return None
