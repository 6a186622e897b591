"""Attachments and the stored files (blobs) behind them.

Files are content-addressed: a blob per distinct SHA-256, shared by every attachment of the
same bytes, written and read in chunks (incremental BLOB I/O) so a large file never sits whole
in memory.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Final

from compdesk.models.errors import CancelledError, InputError
from compdesk.models.records import Attachment
from compdesk.models.text import clean_text
from compdesk.storage.area import Area
from compdesk.storage.digest import sha256

CHUNK_SIZE: Final = 1 << 20
# The document's setting (Settings.attachment_limit_mb) bounds each attachment, within this
# range; 256 MB by default: a scanned certificate bundle or a recorded training fits, a bigger
# file is almost certainly a mistake (a video, a disk image) and would make the document unwieldy.
ATTACHMENT_LIMIT_RANGE_MB: Final = (1, 2048)

ProgressCallback = Callable[[int, int], None]

# An attachment is its own row and its blob's hash and size.
_SELECT: Final = (
    "SELECT a.id, a.evidence_id, a.file_name, b.sha256, b.size"
    " FROM attachments a JOIN blobs b ON b.id = a.blob_id"
)


def check_attachment_size(
    name: str, size: int, limit_mb: int = ATTACHMENT_LIMIT_RANGE_MB[1]
) -> None:
    """Refuse an empty file, or one above `limit_mb` (the document's Largest attachment)."""
    if size == 0:
        raise InputError(f"{name} is empty (0 bytes); there is nothing to keep as evidence")
    if size > limit_mb * 1024 * 1024:
        raise InputError(
            f"{name} is {size / 1024 / 1024:.1f} MB; attachments can be at most "
            f"{limit_mb} MB in this document (the setting Largest attachment, in Preferences)"
        )


def attached_entry(file_name: str, digest: str, attached_to: str) -> str:
    """The change-log entry of attaching a file: its SHA-256 in the chained history, so a
    stored file swapped later (bytes and stored hash together) no longer matches the log."""
    return f"attached {file_name} (sha256 {digest}) to {attached_to}"


_ATTACHED_WITH_HASH: Final = re.compile(r"attached (?P<name>.+) \(sha256 (?P<digest>[0-9a-f]{64})\) to ")


@dataclass(slots=True)
class LoggedAttachments:
    """What the change log says was attached: the SHA-256 logged for each file name, and the
    entries of older versions, which named the file without its hash."""

    digests_by_name: dict[str, set[str]] = field(default_factory=dict)
    without_hash: list[str] = field(default_factory=list)

    @classmethod
    def from_entries(cls, whats: Iterable[str]) -> LoggedAttachments:
        logged = cls()
        for what in whats:
            if not what.startswith("attached "):
                continue
            match = _ATTACHED_WITH_HASH.match(what)
            if match is None:
                logged.without_hash.append(what)
            else:
                logged.digests_by_name.setdefault(match["name"], set()).add(match["digest"])
        return logged

    @property
    def digests(self) -> set[str]:
        return set().union(*self.digests_by_name.values())

    def attached_before_hashes(self, file_name: str) -> bool:
        """Whether an entry without a hash (an older version's) attached a file of this name."""
        return any(what.startswith(f"attached {file_name} to ") for what in self.without_hash)


def file_identity(source: Path) -> tuple[int, int, int]:
    """What changes when a file is written to: its size, modification time and inode."""
    status = source.stat()
    return status.st_size, status.st_mtime_ns, status.st_ino


def file_chunks(
    source: Path,
    name: str,
    offset: int,
    total: int,
    report_progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    *,
    unchanged_since: tuple[int, int, int] | None = None,
) -> Iterator[bytes]:
    """A file on disk chunk by chunk, reporting progress from `offset` of `total` and stopping
    when `cancel` is set; with `unchanged_since`, refused when the file changed since then."""
    done = 0
    try:
        with source.open("rb") as stream:
            while chunk := stream.read(CHUNK_SIZE):
                if cancel is not None and cancel.is_set():
                    raise CancelledError("adding the attachment was cancelled")
                done += len(chunk)
                if report_progress is not None:
                    report_progress(offset + done, total)
                yield chunk
        if unchanged_since is not None and file_identity(source) != unchanged_since:
            raise InputError(f"{name} changed while it was being attached")
    except OSError as error:
        raise InputError(f"{name} cannot be read: {error.strerror or error}") from None


def in_chunks(data: bytes) -> Iterator[bytes]:
    """An in-memory file as the chunks a stored file is written in."""
    return (data[start : start + CHUNK_SIZE] for start in range(0, len(data), CHUNK_SIZE))


class Attachments(Area):
    def by_evidence(
        self,
        evidence_id: int | None = None,
        *,
        of_evidence_where: str = "",
        parameters: Sequence[Any] = (),
    ) -> dict[int, list[Attachment]]:
        """Attachments grouped by the evidence they belong to: of one evidence if given, else of
        the evidence matching `of_evidence_where` (a WHERE clause over `evidence`), else all."""
        if evidence_id is not None:
            rows = self._db.execute(
                f"{_SELECT} WHERE a.evidence_id = ? ORDER BY a.id", (evidence_id,)
            )
        elif of_evidence_where:
            rows = self._db.execute(
                f"{_SELECT} WHERE a.evidence_id IN (SELECT id FROM evidence WHERE {of_evidence_where})"
                " ORDER BY a.id",
                parameters,
            )
        else:
            rows = self._db.execute(f"{_SELECT} ORDER BY a.id")
        grouped: dict[int, list[Attachment]] = {}
        for row in rows:
            grouped.setdefault(row[1], []).append(Attachment(*row))
        return grouped

    def get(self, attachment_id: int) -> Attachment:
        row = self._db.one(f"{_SELECT} WHERE a.id = ?", (attachment_id,), "attachment")
        return Attachment(*row)

    def attach_file(
        self,
        evidence_id: int,
        source: Path | str,
        file_name: str | None = None,
        *,
        report_progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> Attachment:
        """Attach a file to evidence, streaming it in chunks; identical bytes are stored once."""
        source = Path(source)
        name = clean_text(file_name or source.name)
        if not source.is_file():
            raise InputError(f"{source.name}: no such file")
        size = source.stat().st_size
        check_attachment_size(name, size, self._store.settings.get().attachment_limit_mb)
        # Two passes: the hash first, so that identical bytes already stored are never written
        # again; then the bytes, streamed in. Setting the hash on the row after streaming the
        # bytes in instead would make SQLite rewrite the whole row, a costlier second pass.
        before = file_identity(source)
        digest = sha256()
        for chunk in file_chunks(source, name, 0, 2 * size, report_progress, cancel):
            digest.update(chunk)
        chunks = partial(
            file_chunks, source, name, size, 2 * size, report_progress, cancel,
            unchanged_since=before,
        )
        return self._attach(evidence_id, name, size, digest.hexdigest(), chunks)

    def attach_bytes(self, evidence_id: int, file_name: str, data: bytes) -> Attachment:
        """Attach a small in-memory file (generated documents, tests)."""
        check_attachment_size(
            file_name, len(data), self._store.settings.get().attachment_limit_mb
        )
        return self._attach(
            evidence_id,
            clean_text(file_name),
            len(data),
            sha256(data).hexdigest(),
            lambda: in_chunks(data),
        )

    def _attach(
        self,
        evidence_id: int,
        file_name: str,
        size: int,
        digest: str,
        chunks: Callable[[], Iterator[bytes]],
    ) -> Attachment:
        with self._db.transaction():
            evidence = self._store.evidence.get(evidence_id)
            row = self._db.execute("SELECT id FROM blobs WHERE sha256 = ?", (digest,)).fetchone()
            if row is not None:
                blob_id = row[0]
            else:
                blob_id = self._db.insert(
                    "INSERT INTO blobs (sha256, size, data) VALUES (?, ?, zeroblob(?))",
                    (digest, size, size),
                )
                self._write_blob(blob_id, size, chunks())
            attachment_id = self._db.insert(
                "INSERT INTO attachments (evidence_id, blob_id, file_name) VALUES (?, ?, ?)",
                (evidence_id, blob_id, file_name),
            )
            self._store.change_log.append(
                attached_entry(file_name, digest, self._store.evidence.label(evidence)),
                even_in_bulk=True,
            )
        return self.get(attachment_id)

    def _write_blob(self, blob_id: int, size: int, chunks: Iterator[bytes]) -> None:
        """Stream the bytes into the row made for them: the one pass that writes them; their
        hash was taken before (the file's reader refuses a file changed since)."""
        written = 0
        with self._db.connection.blobopen("blobs", "data", blob_id) as blob:
            for chunk in chunks:
                if written + len(chunk) > size:
                    raise InputError("the file changed while it was being attached")
                blob.write(chunk)
                written += len(chunk)
        if written != size:
            raise InputError("the file changed while it was being attached")

    def _blob_id(self, attachment_id: int) -> int:
        row = self._db.one(
            "SELECT blob_id FROM attachments WHERE id = ?", (attachment_id,), "attachment"
        )
        return int(row[0])

    def read(self, attachment_id: int) -> Iterator[bytes]:
        """An attachment's bytes, chunk by chunk."""
        return self._store.blobs.read(self._blob_id(attachment_id))

    def bytes(self, attachment_id: int) -> bytes:
        """A whole attachment in memory: only for small files (previews, tests)."""
        return b"".join(self.read(attachment_id))

    def export(self, attachment_id: int, destination: Path | str) -> Path:
        destination = Path(destination)
        partial = destination.with_name(destination.name + ".part")
        try:
            with partial.open("wb") as stream:
                for chunk in self.read(attachment_id):
                    stream.write(chunk)
            partial.replace(destination)
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise InputError(
                f"cannot write {destination.name}: {error.strerror or error}"
            ) from None
        return destination

    def remove(self, attachment_id: int, *, keep_for_undo: bool = False) -> int | None:
        attachment = self.get(attachment_id)
        return self._store.trash.delete(
            f"removed attachment {attachment.file_name}",
            "attachments",
            attachment_id,
            keep_for_undo=keep_for_undo,
        )


class Blobs(Area):
    def all(self) -> list[tuple[int, str, int]]:
        """(id, sha256, size) of every stored file."""
        return [
            (row[0], row[1], row[2])
            for row in self._db.execute("SELECT id, sha256, size FROM blobs ORDER BY id")
        ]

    def read(self, blob_id: int) -> Iterator[bytes]:
        """The stored bytes of one blob, chunk by chunk."""
        with self._db.connection.blobopen("blobs", "data", blob_id, readonly=True) as blob:
            while chunk := blob.read(CHUNK_SIZE):
                yield chunk

    def length(self, blob_id: int) -> int:
        row = self._db.one("SELECT length(data) FROM blobs WHERE id = ?", (blob_id,), "stored file")
        return int(row[0])
