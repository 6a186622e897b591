"""Checking a document: is it intact, and was its history edited outside compdesk?

Reads only; the document is opened read-only and never modified. Checks, in order: that the
file is a compdesk document this version can open, SQLite's own integrity check, the schema
version, every stored file's size and SHA-256, and the change log's hash chain.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from compdesk.models.errors import (
    DamagedDocumentError,
    DocumentBusyError,
    DocumentError,
    InterruptedEditError,
)
from compdesk.storage.attachments import ProgressCallback
from compdesk.storage.change_log import GENESIS_HASH, change_log_hash
from compdesk.storage.opening import inspect_document
from compdesk.storage.schema import SCHEMA_VERSION
from compdesk.storage.store import Store


@dataclass(slots=True)
class CheckReport:
    """What a check found: problems (empty when sound) and what was verified."""

    path: Path
    # False when the file could not be opened as a compdesk document at all.
    opened: bool = True
    problems: list[str] = field(default_factory=list)
    verified: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.opened and not self.problems


def check_document(path: Path | str) -> list[str]:
    """The problems found in a document; empty when it is sound."""
    return run_check(path).problems


def run_check(path: Path | str, *, report_progress: ProgressCallback | None = None) -> CheckReport:
    path = Path(path)
    report = CheckReport(path)
    try:
        version = inspect_document(path)
    except DamagedDocumentError as error:
        # A damaged compdesk document is a finding of the check, not an unusable input.
        report.problems.append(str(error))
        return report
    except DocumentError as error:
        report.opened = False
        report.problems.append(str(error))
        return report
    if version < SCHEMA_VERSION:
        report.opened = False
        report.problems.append(
            f"{path.name} uses file format {version}; open it in compdesk once to upgrade it "
            f"to format {SCHEMA_VERSION} (a backup copy is kept), then check it again"
        )
        return report
    try:
        # The pages were checked a moment ago by inspect_document, and integrity_check below
        # checks them again, more thoroughly: no third pass over the whole file.
        with Store.open(path, read_only=True, check_pages=False) as store:
            _check_store(store, report, report_progress)
    except (DocumentBusyError, InterruptedEditError) as error:
        # Another program's lock, or an edit still to be undone: the check could not run.
        report.opened = False
        report.problems.append(str(error))
    except DocumentError as error:
        report.problems.append(str(error))
    return report


def _check_store(
    store: Store, report: CheckReport, report_progress: ProgressCallback | None
) -> None:
    problems = store.integrity_problems()
    report.problems += [f"SQLite integrity check: {problem}" for problem in problems]
    if not problems:
        report.verified.append("SQLite integrity check passed")

    version = store.schema_version()
    if version != SCHEMA_VERSION:
        report.problems.append(f"file format {version}, expected {SCHEMA_VERSION}")
    else:
        report.verified.append(f"file format {version}")

    _check_blobs(store, report, report_progress)
    _check_change_log(store, report)


def _check_blobs(
    store: Store, report: CheckReport, report_progress: ProgressCallback | None
) -> None:
    names: dict[str, set[str]] = {}
    for attachments in store.attachments.by_evidence().values():
        for attachment in attachments:
            names.setdefault(attachment.sha256, set()).add(attachment.file_name)
    blobs = store.blobs.all()
    total = sum(size for _, _, size in blobs)
    done = 0
    bad = 0
    for blob_id, sha256, size in blobs:
        label = f"stored file {blob_id}"
        if sha256 in names:
            label += f" ({', '.join(sorted(names[sha256]))})"
        length = store.blobs.length(blob_id)
        if length != size:
            report.problems.append(f"{label} has {length} bytes where {size} were stored")
            bad += 1
        digest = hashlib.sha256()
        for chunk in store.blobs.read(blob_id):
            digest.update(chunk)
            done += len(chunk)
            if report_progress is not None:
                report_progress(min(done, total), total)
        if digest.hexdigest() != sha256.lower():
            report.problems.append(
                f"{label} was altered: its bytes no longer have the SHA-256 recorded when it "
                "was attached"
            )
            bad += 1
    if not bad:
        count = len(blobs)
        report.verified.append(
            f"{count} stored file{'s' if count != 1 else ''}: sizes and SHA-256 verified"
        )


def _check_change_log(store: Store, report: CheckReport) -> None:
    entries = store.change_log.entries()
    if not entries:
        report.problems.append("the change log is empty: its entries were removed")
        return
    previous = GENESIS_HASH
    broken = 0
    for entry in entries:
        described = f"change log entry {entry.id} ({entry.at}, {entry.what!r})"
        if entry.previous_hash != previous:
            if previous == GENESIS_HASH:
                problem = "is the first entry but does not start the chain: earlier entries"
            else:
                problem = "does not follow the entry before it: entries"
            report.problems.append(f"{described} {problem} were removed or edited")
            broken += 1
        if change_log_hash(entry.previous_hash, entry.at, entry.who, entry.what) != entry.hash:
            report.problems.append(
                f"{described} was edited outside compdesk: its hash does not match its contents"
            )
            broken += 1
        previous = entry.hash
    if not broken:
        count = len(entries)
        report.verified.append(
            f"change log of {count} entr{'ies' if count != 1 else 'y'}: hash chain intact"
        )
