"""Backups: a consistent copy, compressed, encrypted, without attachments or in parts, and a
restore that writes nothing unless the whole document comes back as it was."""

from __future__ import annotations

import re
import struct
import tracemalloc
from pathlib import Path

import pytest

from compdesk.models.errors import CancelledError, DocumentError, InputError
from compdesk.storage import Store, backup_format
from compdesk.storage.backup import (
    BackupResult,
    part_path,
    restore_backup,
    take_backup,
)
from compdesk.storage.backup_format import HEADER_SIZE, BackupError, WrongPassphraseError
from compdesk.storage.check import left_out_problem, run_check
from tests.other_programs import another_program

PASSPHRASE = "correct horse battery staple"
_RECORD = struct.Struct(">IQB")

# Adds people twenty at a time, each twenty in one transaction, until stdin closes.
KEEP_WRITING = """
import sys, threading
from compdesk.storage import Store
done = threading.Event()
threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
with Store.open(sys.argv[1], user="writer") as store:
    print("writing", flush=True)
    batch = 0
    while not done.is_set():
        with store.transaction():
            for number in range(20):
                store.people.add(f"Writer {batch}-{number}", f"w{batch}x{number}@example.com")
        batch += 1
"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from compdesk.demo import create_demo

    path = tmp_path_factory.mktemp("demo") / "northwind.compdesk"
    create_demo(path, people=12, seed=3, user="tester").close()
    return path


@pytest.fixture
def small_records(monkeypatch: pytest.MonkeyPatch) -> None:
    """Records of 4 KiB, so that a small document's backup has many of them."""
    monkeypatch.setattr(backup_format, "RECORD_SIZE", 4096)


def _counts(path: Path) -> tuple[int, int, int]:
    with Store.open(path, read_only=True) as store:
        return (
            len(store.people.all()),
            len(store.evidence.list()),
            len(store.blobs.all()),
        )


def _same_document(copy: Path, original: Path) -> bool:
    """Page for page the same; SQLite's backup renumbers the header's change counters."""
    copied, kept = copy.read_bytes(), original.read_bytes()
    return len(copied) == len(kept) and copied[100:] == kept[100:]


def _files(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir()}


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"passphrase": PASSPHRASE},
        {"split_size": 30_000},
        {"split_size": 30_000, "passphrase": PASSPHRASE},
    ],
    ids=["compressed", "encrypted", "split", "split-encrypted"],
)
def test_a_backup_restores_the_very_document(
    demo: Path, tmp_path: Path, options: dict[str, object]
) -> None:
    result = take_backup(demo, tmp_path / "demo.backup", **options)  # type: ignore[arg-type]
    assert result.size < demo.stat().st_size / 2, "the backup should be compressed"
    if "split_size" in options:
        assert len(result.paths) >= 3
        assert all(path.stat().st_size <= 30_000 for path in result.paths)
        assert result.paths[0].name == f"demo.backup.part1of{len(result.paths)}"

    restored = restore_backup(
        result.paths[0], tmp_path / "restored.compdesk", passphrase=PASSPHRASE
    )

    assert restored.problems == [] and restored.attachments_left_out == 0
    assert _same_document(tmp_path / "restored.compdesk", demo)
    assert run_check(tmp_path / "restored.compdesk").ok


def test_the_backup_names_the_change_log_head_of_what_it_copied(demo: Path, tmp_path: Path) -> None:
    result = take_backup(demo, tmp_path / "demo.backup")
    with Store.open(demo, read_only=True) as store:
        assert (result.head_hash, result.head_length) == store.change_log.head()


def test_a_backup_without_attachments_keeps_their_hashes_and_says_what_is_missing(
    demo: Path, tmp_path: Path
) -> None:
    full = take_backup(demo, tmp_path / "full.backup")
    light = take_backup(demo, tmp_path / "light.backup", without_attachments=True)
    people, evidence, blobs = _counts(demo)
    assert light.attachments_left_out == blobs > 0
    assert light.size < full.size

    restored = restore_backup(light.paths[0], tmp_path / "restored.compdesk")

    assert restored.attachments_left_out == blobs
    assert restored.problems == [left_out_problem(blobs)]
    assert restored.damage == []
    assert _counts(tmp_path / "restored.compdesk") == (people, evidence, blobs)
    with (
        Store.open(demo, read_only=True) as original,
        Store.open(tmp_path / "restored.compdesk", read_only=True) as copy,
    ):
        assert copy.blobs.all() == original.blobs.all()
        largest = max(original.blobs.all(), key=lambda blob: blob[2])[0]
        left_out_bytes = b"".join(original.blobs.read(largest))
    # Really left out: not lingering in the copy's free pages either.
    assert left_out_bytes[:4096] not in (tmp_path / "restored.compdesk").read_bytes()


def test_a_plain_document_is_restored_too(demo: Path, tmp_path: Path) -> None:
    restored = restore_backup(demo, tmp_path / "restored.compdesk")
    assert restored.problems == []
    assert _same_document(tmp_path / "restored.compdesk", demo)


def test_restore_never_replaces_an_existing_file(demo: Path, tmp_path: Path) -> None:
    result = take_backup(demo, tmp_path / "demo.backup")
    existing = tmp_path / "existing.compdesk"
    existing.write_bytes(b"mine")

    with pytest.raises(InputError, match=re.escape("existing.compdesk already exists")):
        restore_backup(result.paths[0], existing)
    assert existing.read_bytes() == b"mine"

    restore_backup(result.paths[0], existing, force=True)
    assert _same_document(existing, demo)


def test_backup_never_replaces_an_existing_file(demo: Path, tmp_path: Path) -> None:
    existing = tmp_path / "demo.backup"
    existing.write_bytes(b"mine")
    with pytest.raises(InputError, match=re.escape("demo.backup already exists")):
        take_backup(demo, existing)
    assert existing.read_bytes() == b"mine"
    assert _files(tmp_path) == {"demo.backup"}


def _records(backup: bytes) -> list[tuple[int, int]]:
    """(start, end) of each record after the header."""
    spans, position = [], HEADER_SIZE
    while position < len(backup):
        length = _RECORD.unpack_from(backup, position)[0]
        end = position + _RECORD.size + length
        spans.append((position, end))
        position = end
    return spans


def _encrypted_backup(demo: Path, tmp_path: Path) -> tuple[Path, bytes]:
    path = take_backup(demo, tmp_path / "demo.backup", passphrase=PASSPHRASE).paths[0]
    return path, path.read_bytes()


def _restore_fails(path: Path, message: str, passphrase: str = PASSPHRASE) -> None:
    before = _files(path.parent)
    with pytest.raises(BackupError, match=re.escape(message)):
        restore_backup(path, path.parent / "restored.compdesk", passphrase=passphrase)
    assert _files(path.parent) == before, "a failed restore must write nothing"


def test_a_wrong_passphrase_is_named(demo: Path, tmp_path: Path) -> None:
    path, _ = _encrypted_backup(demo, tmp_path)
    with pytest.raises(WrongPassphraseError):
        restore_backup(path, tmp_path / "restored.compdesk", passphrase="Correct horse")
    _restore_fails(path, "wrong passphrase", passphrase="guess")


@pytest.mark.usefixtures("small_records")
@pytest.mark.parametrize("encrypted", [True, False], ids=["encrypted", "compressed"])
def test_a_truncated_backup_is_named(demo: Path, tmp_path: Path, encrypted: bool) -> None:
    path = take_backup(
        demo, tmp_path / "demo.backup", passphrase=PASSPHRASE if encrypted else None
    ).paths[0]
    data = path.read_bytes()
    spans = _records(data)
    assert len(spans) > 3

    path.write_bytes(data[: spans[-1][0]])  # cut after a whole record
    _restore_fails(path, "is truncated: its last chunk is missing")
    path.write_bytes(data[: spans[2][0] + 100])  # cut in the middle of one
    _restore_fails(path, "is truncated: it ends in the middle of a chunk")


@pytest.mark.usefixtures("small_records")
def test_reordered_chunks_are_named(demo: Path, tmp_path: Path) -> None:
    path, data = _encrypted_backup(demo, tmp_path)
    (a_start, a_end), (b_start, b_end) = _records(data)[1:3]
    path.write_bytes(data[:a_start] + data[b_start:b_end] + data[a_start:a_end] + data[b_end:])
    _restore_fails(path, "chunks out of order: chunk 2 stands where chunk 1 belongs")


@pytest.mark.usefixtures("small_records")
def test_reordered_chunks_with_their_numbers_changed_fail_authentication(
    demo: Path, tmp_path: Path
) -> None:
    path, data = _encrypted_backup(demo, tmp_path)
    (a_start, a_end), (b_start, b_end) = _records(data)[1:3]
    moved_b = bytearray(data[b_start:b_end])
    moved_b[4:12] = (1).to_bytes(8, "big")
    moved_a = bytearray(data[a_start:a_end])
    moved_a[4:12] = (2).to_bytes(8, "big")
    path.write_bytes(data[:a_start] + moved_b + moved_a + data[b_end:])
    _restore_fails(path, "altered or damaged in chunk 1: it fails authentication")


@pytest.mark.usefixtures("small_records")
@pytest.mark.parametrize("encrypted", [True, False], ids=["encrypted", "compressed"])
def test_a_flipped_byte_is_named(demo: Path, tmp_path: Path, encrypted: bool) -> None:
    path = take_backup(
        demo, tmp_path / "demo.backup", passphrase=PASSPHRASE if encrypted else None
    ).paths[0]
    data = bytearray(path.read_bytes())
    start, end = _records(bytes(data))[2]
    data[(start + end) // 2] ^= 0x01
    path.write_bytes(data)
    _restore_fails(path, "was altered or damaged")


def test_a_changed_header_is_refused(demo: Path, tmp_path: Path) -> None:
    path, data = _encrypted_backup(demo, tmp_path)
    changed = bytearray(data)
    changed[20] ^= 0x01  # in the document's recorded size
    path.write_bytes(changed)
    _restore_fails(path, "wrong passphrase for demo.backup (or its header was altered)")


def test_a_missing_or_foreign_part_is_named(demo: Path, tmp_path: Path) -> None:
    parts = take_backup(demo, tmp_path / "demo.backup", split_size=30_000).paths
    count = len(parts)
    other = take_backup(demo, tmp_path / "other.backup", split_size=30_000).paths
    second = parts[1].read_bytes()

    parts[1].unlink()
    _restore_fails(parts[0], f"part 2 of {count} (demo.backup.part2of{count}) is missing")

    parts[1].write_bytes(other[1].read_bytes())
    _restore_fails(parts[0], f"demo.backup.part2of{count} is a part of another backup")

    parts[1].write_bytes(second)
    # Any part, or the name the parts were made for, finds the whole set.
    restore_backup(tmp_path / "demo.backup", tmp_path / "restored.compdesk")
    assert _same_document(tmp_path / "restored.compdesk", demo)
    assert part_path(tmp_path / "x", 2, 3).name == "x.part2of3"


def test_a_file_that_is_no_backup_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    _restore_fails(path, "neither a compdesk backup nor a compdesk document")


def test_an_empty_passphrase_has_no_part_in_a_backup_without_encryption(
    demo: Path, tmp_path: Path
) -> None:
    result = take_backup(demo, tmp_path / "demo.backup")
    # A passphrase given for a backup that is not encrypted is not needed, and harmless.
    restore_backup(result.paths[0], tmp_path / "restored.compdesk", passphrase="unused")
    with pytest.raises(BackupError, match="is encrypted: give its passphrase"):
        restore_backup(
            take_backup(demo, tmp_path / "e.backup", passphrase=PASSPHRASE).paths[0],
            tmp_path / "restored2.compdesk",
        )


def test_a_copy_taken_while_another_program_writes_is_consistent(
    demo: Path, tmp_path: Path
) -> None:
    document = tmp_path / "busy.compdesk"
    restore_backup(demo, document)
    people_before = _counts(document)[0]
    results: list[BackupResult] = []
    with another_program(KEEP_WRITING, document, "writing"):
        for number in range(4):
            results.append(take_backup(document, tmp_path / f"busy-{number}.backup"))
    restored_people = []
    for number, result in enumerate(results):
        target = tmp_path / f"restored-{number}.compdesk"
        restored = restore_backup(result.paths[0], target)
        assert restored.problems == []
        restored_people.append(_counts(target)[0])
    # Every copy holds whole batches of twenty, and the writer's work shows up in them.
    assert all((count - people_before) % 20 == 0 for count in restored_people)
    assert restored_people[-1] > people_before


def _peak_memory(path: Path, tmp_path: Path) -> tuple[int, int]:
    """The most memory Python held while backing `path` up, then restoring it."""
    tracemalloc.start()
    try:
        result = take_backup(path, tmp_path / f"{path.stem}.backup", passphrase=PASSPHRASE)
        backup_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        restore_backup(
            result.paths[0], tmp_path / f"{path.stem}-restored.compdesk", passphrase=PASSPHRASE
        )
        restore_peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return backup_peak, restore_peak


def test_a_large_document_streams_through_a_few_chunks(tmp_path: Path) -> None:
    small, large = tmp_path / "small.compdesk", tmp_path / "large.compdesk"
    for path, size in ((small, 2 * 1000 * 1000), (large, 52 * 1000 * 1000)):
        Store.create(path, user="tester").close()
        _add_large_attachment(path, size)
    assert large.stat().st_size >= 50 * 1000 * 1000

    small_peaks = _peak_memory(small, tmp_path)
    large_peaks = _peak_memory(large, tmp_path)

    # The xz encoder's own tables (about 17 MiB at its preset) are the same whatever the size;
    # beyond them, a document 25 times larger may take no more than a few 1 MiB chunks.
    for small_peak, large_peak in zip(small_peaks, large_peaks, strict=True):
        assert large_peak - small_peak < 4 * (1 << 20), (small_peaks, large_peaks)
    assert _same_document(tmp_path / "large-restored.compdesk", large)


def _add_large_attachment(path: Path, size: int) -> None:
    """One evidence with an attachment of `size` bytes (compressible, so the test is quick)."""
    from datetime import date

    from compdesk.models.records import EvidenceKind, Route

    with Store.open(path, user="tester") as store:
        role = store.roles.add("Everyone")
        competency = store.competencies.add("Awareness", effective_on=date(2024, 1, 1))
        person = store.people.add("Ana Ruiz", "ana@example.com", role_ids=(role.id,))
        evidence = store.evidence.add(
            person.id, competency.id, EvidenceKind.TRAINING_RECORD, Route.TRAINING,
            achieved_on=date(2025, 1, 1),
        )  # fmt: skip
        block = bytes(range(256)) * 4096
        store.attachments.attach_bytes(evidence.id, "large.bin", block * (size // len(block)))


def test_a_backup_of_what_is_not_a_document_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "notes.compdesk"
    source.write_text("not a document")
    with pytest.raises(DocumentError):
        take_backup(source, tmp_path / "notes.backup")
    assert _files(tmp_path) == {"notes.compdesk"}


def test_progress_is_reported_and_a_cancelled_backup_or_restore_writes_nothing(
    demo: Path, tmp_path: Path
) -> None:
    seen: list[tuple[int, int]] = []
    result = take_backup(
        demo,
        tmp_path / "demo.backup",
        report_progress=lambda done, total: seen.append((done, total)),
    )
    assert seen and seen[-1] == (demo.stat().st_size, demo.stat().st_size)
    before = _files(tmp_path)

    with pytest.raises(CancelledError, match="the backup was cancelled"):
        take_backup(demo, tmp_path / "cancelled.backup", cancelled=lambda: True)
    with pytest.raises(CancelledError, match="the restore was cancelled"):
        restore_backup(result.paths[0], tmp_path / "restored.compdesk", cancelled=lambda: True)
    assert _files(tmp_path) == before


def test_the_folder_a_killed_backup_left_is_removed_by_the_next_one(
    demo: Path, tmp_path: Path
) -> None:
    from compdesk.storage.new_files import partial_folders

    destination = tmp_path / "demo.backup"
    # A process id no process has (above Linux's pid_max), as a killed backup's would be.
    abandoned = tmp_path / ".demo.backup.99999999-abc.partial"
    abandoned.mkdir()
    (abandoned / "document.compdesk").write_bytes(demo.read_bytes())

    take_backup(demo, destination)

    assert partial_folders(destination) == []
    assert _files(tmp_path) == {"demo.backup"}


def test_a_file_that_appears_at_the_destination_meanwhile_is_never_replaced(
    demo: Path, tmp_path: Path
) -> None:
    result = take_backup(demo, tmp_path / "demo.backup")
    destination = tmp_path / "restored.compdesk"

    def another_program_saves_there(_done: int, _total: int) -> None:
        if not destination.exists():
            destination.write_bytes(b"saved by another program")

    with pytest.raises(InputError, match=re.escape("restored.compdesk already exists")):
        restore_backup(result.paths[0], destination, report_progress=another_program_saves_there)
    assert destination.read_bytes() == b"saved by another program"


def test_a_document_is_never_replaced_by_its_own_backup(demo: Path, tmp_path: Path) -> None:
    document = tmp_path / "mine.compdesk"
    restore_backup(demo, document)
    before = document.read_bytes()
    for work in (take_backup, restore_backup):
        with pytest.raises(InputError, match="over itself"):
            work(document, document, force=True)
    assert document.read_bytes() == before
