"""Backups: a consistent, checked, compressed (and optionally encrypted or split) copy of a
document, and restoring one. The format is in storage/backup_format.py.

    take_backup(source, destination, passphrase=, without_attachments=, split_size=, force=,
                report_progress=, cancelled=)  -> BackupResult
    restore_backup(source, destination, passphrase=, force=, report_progress=, cancelled=)
                -> RestoreResult

Both write temporary files beside their destination and rename them into place only once
whole and checked: an interrupted or failed run leaves no destination file behind.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Final

from compdesk.models.errors import CancelledError, DamagedDocumentError, InputError
from compdesk.storage.attachments import CHUNK_SIZE, ProgressCallback
from compdesk.storage.backup_format import (
    HEADER_SIZE,
    BackupError,
    Header,
    decode_records,
    encode_records,
    is_backup,
    new_header,
    open_cipher,
    read_header,
)
from compdesk.storage.change_log import ChangeLog
from compdesk.storage.check import left_out_problem, run_check
from compdesk.storage.connection import connect, translate_operational_error
from compdesk.storage.copying import copy_document
from compdesk.storage.new_files import (
    PARTIAL_SUFFIX,
    remove_abandoned_partials,
    rename_without_replacing,
)
from compdesk.storage.opening import display_name, inspect_document

# Many mail services refuse a message above 20 MB (attachments grow by a third when sent).
MAIL_LIMIT: Final = 20 * 1000 * 1000
# Pages copied per step of SQLite's backup: progress and cancel between steps.
_PAGES_PER_STEP: Final = 1024
_SQLITE_MAGIC: Final = b"SQLite format 3\x00"
_PART_NAME: Final = re.compile(r"^(?P<base>.+)\.part(?P<part>\d+)of(?P<parts>\d+)$")

Cancelled = Callable[[], bool]


@dataclass(frozen=True, slots=True)
class BackupResult:
    paths: list[Path]
    size: int
    document_size: int
    head_hash: str
    head_length: int
    attachments_left_out: int


@dataclass(frozen=True, slots=True)
class RestoreResult:
    path: Path
    attachments_left_out: int
    # Everything the restored document's check found, the attachments left out included.
    problems: list[str] = field(default_factory=list)

    @property
    def damage(self) -> list[str]:
        """The problems besides the attachments left out on purpose."""
        left_out = left_out_problem(self.attachments_left_out)
        return [problem for problem in self.problems if problem != left_out]


def part_path(destination: Path, part: int, parts: int) -> Path:
    return destination.with_name(f"{destination.name}.part{part}of{parts}")


def _refuse_existing(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise InputError(f"{path.name} already exists; choose another name or add --force")


def _refuse_same_file(source: Path, destination: Path) -> None:
    if source.exists() and destination.exists() and os.path.samefile(source, destination):
        raise InputError(f"cannot write {destination.name} over itself; choose another name")


def _put_in_place(partial: Path, target: Path, force: bool) -> None:
    """Rename a finished file to `target`; without `force`, never over a file that appeared
    there meanwhile."""
    if force:
        os.replace(partial, target)
    else:
        rename_without_replacing(partial, target, target.name)


def _check_cancel(cancelled: Cancelled | None, work: str = "backup") -> None:
    if cancelled is not None and cancelled():
        raise CancelledError(f"the {work} was cancelled; nothing was written")


@contextmanager
def _scratch_beside(destination: Path) -> Iterator[Path]:
    """A private folder beside `destination` for the files to be renamed into place, removed
    with whatever is left in it; the system's refusals to write there in one sentence.

    Named as storage/new_files.py names its partial folders, so that the folder of a killed
    backup or restore (a copy of personal data) is removed by the next write to that name.
    """
    try:
        remove_abandoned_partials(destination)
        folder = Path(
            tempfile.mkdtemp(
                prefix=f".{destination.name}.{os.getpid()}-",
                suffix=PARTIAL_SUFFIX,
                dir=destination.parent,
            )
        )
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    except OSError as error:
        reason = error.strerror or str(error)
        raise InputError(f"cannot write {destination}: {reason}; nothing was written") from None


# ---- the consistent copy ---------------------------------------------------------------------------


def _snapshot(
    source: Path,
    target: Path,
    report_progress: ProgressCallback | None,
    cancelled: Cancelled | None,
    open_in_this_process: bool = False,
) -> None:
    """Copy `source` page by page as it was at one moment, however others write meanwhile."""
    if not open_in_this_process:
        inspect_document(source)
    reader = connect(source, read_only=True)
    copy = sqlite3.connect(target, isolation_level=None)
    try:
        # A read transaction held for the whole copy: writers wait for it (busy timeout)
        # rather than change pages between steps, so every page is of the same commit.
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM sqlite_master").fetchone()

        def step(_status: int, remaining: int, total: int) -> None:
            _check_cancel(cancelled)
            if report_progress is not None:
                report_progress(total - remaining, total)

        reader.backup(copy, pages=_PAGES_PER_STEP, progress=step)
        reader.execute("COMMIT")
    except sqlite3.OperationalError as error:
        # A writer that took the lock after the inspection and kept it past the busy timeout.
        raise translate_operational_error(error) from None
    finally:
        copy.close()
        reader.close()
    _check_copy(target, display_name(source))


def _check_copy(path: Path, name: str) -> None:
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        result = [row[0] for row in connection.execute("PRAGMA quick_check")]
    finally:
        connection.close()
    if result != ["ok"]:
        raise DamagedDocumentError(
            f"the copy of {name} fails SQLite's check ({'; '.join(result[:3])}); nothing was written"
        )
    inspect_document(path)


def _leave_out_attachments(path: Path) -> int:
    """Empty every stored file's bytes, keeping its size and SHA-256, then shrink the file."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        count = int(connection.execute("SELECT count(*) FROM blobs WHERE size > 0").fetchone()[0])
        connection.execute("UPDATE blobs SET data = zeroblob(0)")
        connection.execute("VACUUM")
    finally:
        connection.close()
    return count


def _change_log_head(path: Path) -> tuple[str, int]:
    """The change-log head of a copy of any format (a Store opens only the current one, and a
    document of an older format is backed up before its upgrade)."""
    connection = connect(path, read_only=True)
    try:
        return ChangeLog.head_of(connection)
    finally:
        connection.close()


def _file_chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK_SIZE):
            yield chunk


def _read_with_progress(
    path: Path, report_progress: ProgressCallback | None, cancelled: Cancelled | None
) -> Iterator[bytes]:
    total = path.stat().st_size
    done = 0
    for chunk in _file_chunks(path):
        _check_cancel(cancelled)
        yield chunk
        done += len(chunk)
        if report_progress is not None:
            report_progress(done, total)


def _sha256_of(path: Path) -> bytes:
    digest = hashlib.sha256()
    for chunk in _file_chunks(path):
        digest.update(chunk)
    return digest.digest()


# ---- writing a backup ------------------------------------------------------------------------------


class _PartWriter:
    """Writes the record stream into one file, or parts of at most `split_size` bytes each,
    every part starting with the header."""

    def __init__(self, folder: Path, header: Header, split_size: int | None) -> None:
        self._folder, self._header, self._split_size = folder, header, split_size
        self.files: list[Path] = []
        self._stream: BinaryIO | None = None
        self._room = 0

    def _next_part(self) -> BinaryIO:
        self.close()
        path = self._folder / f"part{len(self.files) + 1}"
        self.files.append(path)
        self._stream = path.open("xb")
        self._stream.write(self._header.pack())
        self._room = (self._split_size - HEADER_SIZE) if self._split_size else -1
        return self._stream

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            stream = self._stream if self._stream is not None and self._room != 0 else None
            stream = stream or self._next_part()
            take = len(view) if self._room < 0 else min(self._room, len(view))
            stream.write(view[:take])
            view = view[take:]
            if self._room > 0:
                self._room -= take

    def close(self) -> None:
        if self._stream is not None:
            self._stream.flush()
            os.fsync(self._stream.fileno())
            self._stream.close()
            self._stream = None

    def finish(self) -> None:
        """Every part's header says which of how many it is."""
        if not self.files:
            self._next_part()
        self.close()
        parts = len(self.files)
        for number, path in enumerate(self.files, start=1):
            with path.open("r+b") as stream:
                stream.write(self._header.as_part(number, parts).pack())
                os.fsync(stream.fileno())


def take_backup(
    source: Path,
    destination: Path,
    *,
    passphrase: str | None = None,
    without_attachments: bool = False,
    split_size: int | None = None,
    force: bool = False,
    report_progress: ProgressCallback | None = None,
    cancelled: Cancelled | None = None,
    open_in_this_process: bool = False,
) -> BackupResult:
    """`open_in_this_process`: the window holds the document open (it was inspected then).
    The inspection opens the file outside SQLite, and closing that handle would drop every
    lock this process holds on it (POSIX), a write's among them; the copy is inspected still.
    """
    if split_size is not None and split_size < 4 * HEADER_SIZE:
        raise InputError(f"a part must hold at least {4 * HEADER_SIZE} bytes")
    _refuse_same_file(source, destination)
    if split_size is None:
        _refuse_existing(destination, force)
    with _scratch_beside(destination) as scratch:
        snapshot = scratch / "document.compdesk"
        _snapshot(source, snapshot, None, cancelled, open_in_this_process)
        left_out = _leave_out_attachments(snapshot) if without_attachments else 0
        head_hash, head_length = _change_log_head(snapshot)
        document_size = snapshot.stat().st_size
        header, cipher = new_header(
            original_size=document_size,
            document_sha256=_sha256_of(snapshot),
            passphrase=passphrase,
            without_attachments=without_attachments,
        )
        writer = _PartWriter(scratch, header, split_size)
        try:
            chunks = _read_with_progress(snapshot, report_progress, cancelled)
            for record in encode_records(chunks, header, cipher):
                writer.write(record)
        finally:
            writer.close()
        writer.finish()
        parts = len(writer.files)
        targets = (
            [part_path(destination, n, parts) for n in range(1, parts + 1)]
            if split_size is not None
            else [destination]
        )
        for target in targets:
            _refuse_existing(target, force)
        size = 0
        for written, target in zip(writer.files, targets, strict=True):
            size += written.stat().st_size
            _put_in_place(written, target, force)
    return BackupResult(targets, size, document_size, head_hash, head_length, left_out)


# ---- restoring -------------------------------------------------------------------------------------


class _JoinedParts:
    """The record streams of a backup's parts read as one stream."""

    def __init__(self, paths: list[Path]) -> None:
        self._paths = list(paths)
        self._stream: BinaryIO | None = None

    def read(self, size: int = -1) -> bytes:
        data = b""
        while size < 0 or len(data) < size:
            if self._stream is None:
                if not self._paths:
                    break
                self._stream = self._paths.pop(0).open("rb")
                self._stream.seek(HEADER_SIZE)
            more = self._stream.read(-1 if size < 0 else size - len(data))
            if not more:
                self._stream.close()
                self._stream = None
                continue
            data += more
        return data

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()


def _read_start(path: Path) -> bytes:
    with path.open("rb") as stream:
        return stream.read(HEADER_SIZE)


def _backup_parts(source: Path) -> tuple[Header, list[Path]]:
    """The header and the files of the backup at `source` (a file, a part, or the name the
    parts were made for), every part present and of the same backup."""
    if not source.exists():
        found = sorted(source.parent.glob(f"{glob_escape(source.name)}.part1of*"))
        if not found:
            raise InputError(f"{source.name} does not exist")
        source = found[0]
    header = read_header(_read_start(source), source.name)
    if header.parts == 1:
        return header, [source]
    match = _PART_NAME.match(source.name)
    base = source.with_name(match["base"]) if match else source
    paths = [part_path(base, n, header.parts) for n in range(1, header.parts + 1)]
    for number, path in enumerate(paths, start=1):
        if not path.exists():
            raise BackupError(f"part {number} of {header.parts} ({path.name}) is missing")
        other = read_header(_read_start(path), path.name)
        if other.backup_id != header.backup_id:
            raise BackupError(f"{path.name} is a part of another backup, not of {base.name}")
        if other.part != number or other.parts != header.parts:
            raise BackupError(
                f"{path.name} holds part {other.part} of {other.parts}, not {number} of "
                f"{header.parts}"
            )
    return header, paths


def backup_header(source: Path) -> Header | None:
    """The header of the backup at `source` (a file, a part, or the name its parts were made
    for), to ask for a passphrase before restoring; None for a plain document."""
    if source.exists() and _read_start(source).startswith(_SQLITE_MAGIC):
        return None
    return _backup_parts(source)[0]


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def _restore_records(
    header: Header,
    paths: list[Path],
    passphrase: str | None,
    target: Path,
    name: str,
    report_progress: ProgressCallback | None,
    cancelled: Cancelled | None,
) -> None:
    cipher = open_cipher(header, passphrase, name)
    digest = hashlib.sha256()
    written = 0
    stream = _JoinedParts(paths)
    try:
        with target.open("xb") as output:
            for chunk in decode_records(stream, header, cipher, name):  # type: ignore[arg-type]
                digest.update(chunk)
                written += len(chunk)
                if written > header.original_size:
                    raise BackupError(f"{name} holds more than the document it was made from")
                output.write(chunk)
                _check_cancel(cancelled, "restore")
                if report_progress is not None:
                    report_progress(written, header.original_size)
            output.flush()
            os.fsync(output.fileno())
    finally:
        stream.close()
    if written != header.original_size or digest.digest() != header.document_sha256:
        raise BackupError(
            f"{name} was altered or damaged: the restored document does not have the SHA-256 "
            "recorded when the backup was made"
        )


def restore_backup(
    source: Path,
    destination: Path,
    *,
    passphrase: str | None = None,
    force: bool = False,
    report_progress: ProgressCallback | None = None,
    cancelled: Cancelled | None = None,
) -> RestoreResult:
    _refuse_same_file(source, destination)
    _refuse_existing(destination, force)
    plain = source.exists() and _read_start(source).startswith(_SQLITE_MAGIC)
    if not plain and source.exists() and not is_backup(_read_start(source)):
        raise BackupError(f"{source.name} is neither a compdesk backup nor a compdesk document")
    with _scratch_beside(destination) as scratch:
        restored = scratch / "restored.compdesk"
        if plain:
            copy_document(source, restored)
        else:
            header, paths = _backup_parts(source)
            _restore_records(
                header, paths, passphrase, restored, source.name, report_progress, cancelled
            )
        try:
            inspect_document(restored)
        except DamagedDocumentError as error:
            raise BackupError(f"{source.name} does not hold a sound document: {error}") from None
        report = run_check(restored)
        _refuse_existing(destination, force)
        _put_in_place(restored, destination, force)
    return RestoreResult(destination, report.attachments_left_out, report.problems)
