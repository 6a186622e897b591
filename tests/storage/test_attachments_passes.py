"""Attaching a file hashes it once: bytes already stored are recognised by that hash before
anything is written (the file is read once), new bytes are read once more to be written; a file
changed between the two is refused; the change log records the one hash."""

from __future__ import annotations

import io
import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from compdesk.models.errors import CancelledError, InputError
from compdesk.storage import Store
from compdesk.storage.attachments import CHUNK_SIZE
from compdesk.storage.check import run_check
from compdesk.storage.digest import sha256
from tests.conftest import make_competency, make_evidence, make_person

DATA = bytes(range(256)) * (3 * CHUNK_SIZE // 256) + b"tail"


class _CountingReader(io.BufferedReader):
    bytes_read = 0

    def read(self, size: int | None = -1, /) -> bytes:
        chunk = super().read(size)
        _CountingReader.bytes_read += len(chunk)
        return chunk


@pytest.fixture
def counted_reads(monkeypatch: pytest.MonkeyPatch) -> type[_CountingReader]:
    """Every byte read through Path.open(…, "rb") of a file named *.bin is counted."""
    original = Path.open
    _CountingReader.bytes_read = 0

    def counting_open(self: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if self.suffix == ".bin" and mode == "rb":
            return _CountingReader(io.FileIO(self, "rb"))
        return original(self, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", counting_open)
    return _CountingReader


def test_a_new_file_is_read_twice_at_most(
    tmp_path: Path, counted_reads: type[_CountingReader]
) -> None:
    source = tmp_path / "recording.bin"
    source.write_bytes(DATA)
    with Store.create(tmp_path / "doc.compdesk", user="tester") as store:
        evidence = make_evidence(store, make_person(store), make_competency(store))
        attachment = store.attachments.attach_file(evidence.id, source)
        assert counted_reads.bytes_read == 2 * len(DATA)
        assert store.attachments.bytes(attachment.id) == DATA
        assert attachment.sha256 == sha256(DATA).hexdigest()


def test_bytes_already_stored_are_read_once_and_not_written_again(
    tmp_path: Path, counted_reads: type[_CountingReader]
) -> None:
    source = tmp_path / "attendance.bin"
    source.write_bytes(DATA)
    with Store.create(tmp_path / "doc.compdesk", user="tester") as store:
        evidence = make_evidence(store, make_person(store), make_competency(store))
        store.attachments.attach_bytes(evidence.id, "first.pdf", DATA)
        session = store.training.add(make_competency(store, "Other").id, date(2026, 3, 2))
        store.training.attach_file(session.id, source)
        store.attachments.attach_file(evidence.id, source)
        assert counted_reads.bytes_read == 2 * len(DATA)
        assert len(store.blobs.all()) == 1


@pytest.mark.parametrize("area", ["evidence", "session"])
def test_a_file_changed_between_hashing_and_storing_is_refused(tmp_path: Path, area: str) -> None:
    source = tmp_path / "list.bin"
    source.write_bytes(DATA)
    path = tmp_path / "doc.compdesk"
    original = Path.open

    def changing_open(self: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        stream = original(self, mode, *args, **kwargs)
        if self == source:
            # After the first (hashing) read has opened it, the file is rewritten: same size.
            Path.open = original  # type: ignore[method-assign]
            stream.close()
            with original(self, "r+b") as writer:
                writer.write(b"X")
            stream = original(self, mode, *args, **kwargs)
        return stream

    with Store.create(path, user="tester") as store:
        competency = make_competency(store)
        evidence = make_evidence(store, make_person(store), competency)
        session = store.training.add(competency.id, date(2026, 3, 2))
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(Path, "open", changing_open)
            with pytest.raises(InputError, match="changed while it was being attached"):
                if area == "evidence":
                    store.attachments.attach_file(evidence.id, source)
                else:
                    store.training.attach_file(session.id, source)
        assert store.blobs.all() == []
    assert run_check(path).ok


def test_identical_bytes_are_stored_once_and_the_log_names_their_hash(tmp_path: Path) -> None:
    path = tmp_path / "doc.compdesk"
    first, second = tmp_path / "a.bin", tmp_path / "b.bin"
    first.write_bytes(DATA)
    second.write_bytes(DATA)
    with Store.create(path, user="tester") as store:
        evidence = make_evidence(store, make_person(store), make_competency(store))
        one = store.attachments.attach_file(evidence.id, first)
        other = store.attachments.attach_file(evidence.id, second, "copy.bin")
        assert len(store.blobs.all()) == 1
        assert store.attachments.bytes(other.id) == DATA
        digest = sha256(DATA).hexdigest()
        assert one.sha256 == other.sha256 == digest
        logged = [entry.what for entry in store.change_log.entries() if "attached" in entry.what]
        assert all(f"(sha256 {digest})" in what for what in logged) and len(logged) == 2
    assert run_check(path).ok


def test_a_cancelled_attachment_leaves_no_stored_file(tmp_path: Path) -> None:
    source = tmp_path / "big.bin"
    source.write_bytes(DATA)
    cancel = threading.Event()
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done >= CHUNK_SIZE:
            cancel.set()

    path = tmp_path / "doc.compdesk"
    with Store.create(path, user="tester") as store:
        evidence = make_evidence(store, make_person(store), make_competency(store))
        with pytest.raises(CancelledError):
            store.attachments.attach_file(
                evidence.id, source, report_progress=progress, cancel=cancel
            )
        assert store.blobs.all() == []
        assert store.attachments.by_evidence(evidence.id) == {}
    assert seen[0] == (CHUNK_SIZE, 2 * len(DATA))
    assert run_check(path).ok
