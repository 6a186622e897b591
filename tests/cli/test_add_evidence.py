"""`compdesk add-evidence`: the evidence and its attachments, or nothing at all."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from compdesk.cli import main
from compdesk.models.records import EvidenceKind, Route
from compdesk.storage import Store
from compdesk.storage.lock import WriterLock
from tests.cli.helpers import acme_document, one_error


def _evidence_arguments(path: Path, *extra: str) -> list[str]:
    return [
        "add-evidence", str(path), "--person", "ana@acme.example",
        "--competency", "iso 27001 REQUIREMENTS", "--kind", "Certificate",
        "--date", "2025-11-20", *extra,
    ]  # fmt: skip


def test_add_evidence_records_it_with_its_attachments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = acme_document(tmp_path)
    certificate = tmp_path / "lead-implementer.pdf"
    certificate.write_bytes(b"%PDF-1.4 lead implementer")
    scan = tmp_path / "scan.png"
    scan.write_bytes(b"\x89PNG scan")
    arguments = _evidence_arguments(
        path, "--issuer", "PECB", "--score", "88", "--attach", str(certificate),
        "--attach", str(scan), str(certificate),
    )  # fmt: skip

    assert main(arguments) == 0

    assert "2 attachments" in capsys.readouterr().out
    with Store.open(path, read_only=True) as store:
        competency = store.competencies.by_name("ISO 27001 requirements")
        (evidence,) = store.evidence.list(competency_id=competency.id)
        stored = {a.file_name: store.attachments.bytes(a.id) for a in evidence.attachments}
    assert (evidence.kind, evidence.route, evidence.issuer, evidence.score) == (
        EvidenceKind.CERTIFICATE,
        Route.TRAINING,
        "PECB",
        88.0,
    )
    assert evidence.achieved_on == date(2025, 11, 20)
    assert stored == {
        "lead-implementer.pdf": b"%PDF-1.4 lead implementer",
        "scan.png": b"\x89PNG scan",
    }


@pytest.mark.parametrize(
    ("kind", "route", "expected"),
    [
        ("cv", None, Route.EXPERIENCE),
        ("CV / Experience", None, Route.EXPERIENCE),
        ("contract_clause", None, Route.EXPERIENCE),
        ("certificate", "Education", Route.EDUCATION),
    ],
)
def test_the_route_follows_the_kind_unless_given(
    tmp_path: Path, kind: str, route: str | None, expected: Route
) -> None:
    path = acme_document(tmp_path)
    arguments = [
        "add-evidence", str(path), "--person", "ana@acme.example",
        "--competency", "Internal audit", "--kind", kind, "--date", "2025-01-01",
    ]  # fmt: skip
    if route is not None:
        arguments += ["--route", route]
    with Store.open(path) as store:
        # Accept every kind, so that the route is the only thing tested.
        internal_audit = store.competencies.by_name("Internal audit")
        store.competencies.update(replace(internal_audit, accepted_kinds=()))

    assert main(arguments) == 0

    with Store.open(path, read_only=True) as store:
        competency = store.competencies.by_name("Internal audit")
        (evidence,) = store.evidence.list(competency_id=competency.id)
    assert evidence.route is expected


def _missing_attachment(tmp_path: Path) -> list[str]:
    return ["--attach", str(tmp_path / "certificate.pdf")]


def _empty_attachment(tmp_path: Path) -> list[str]:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    return ["--attach", str(empty)]


def _folder_attachment(tmp_path: Path) -> list[str]:
    return ["--attach", str(tmp_path)]


@pytest.mark.parametrize(
    ("make_extra", "expected"),
    [
        (_missing_attachment, "certificate.pdf: no such file"),
        (_empty_attachment, "empty.pdf is empty (0 bytes)"),
        (_folder_attachment, "is not a file"),
        (lambda _: ["--kind", "diploma"], "--kind: 'diploma' is not one of"),
        (lambda _: ["--route", "osmosis"], "--route: 'osmosis' is not one of"),
        (lambda _: ["--person", "zed@acme.example"], "nobody with the email zed@acme.example"),
        (lambda _: ["--competency", "Juggling"], "no competency named 'Juggling'"),
        (lambda _: ["--kind", "drill result"], "not drill result; add the kind"),
        (lambda _: ["--expires", "2025-01-01"], "--expires 2025-01-01 is before --date"),
    ],
    ids=[
        "missing attachment",
        "empty attachment",
        "folder",
        "unknown kind",
        "unknown route",
        "unknown person",
        "unknown competency",
        "kind not accepted",
        "expires before",
    ],
)
def test_add_evidence_that_cannot_be_recorded_changes_nothing(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    make_extra: Callable[[Path], list[str]],
    expected: str,
) -> None:
    path = acme_document(tmp_path)
    before = path.read_bytes()
    good = tmp_path / "good.pdf"
    good.write_bytes(b"%PDF good")

    status = main(_evidence_arguments(path, "--attach", str(good), *make_extra(tmp_path)))

    assert status == 2
    assert expected in one_error(capsys.readouterr().err)
    assert path.read_bytes() == before


def test_add_evidence_waits_for_a_window_that_is_editing_the_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = acme_document(tmp_path)
    before = path.read_bytes()
    lock = WriterLock.try_acquire(path)
    assert lock is not None
    try:
        assert main(_evidence_arguments(path)) == 2
    finally:
        lock.release()

    assert "already open for editing" in one_error(capsys.readouterr().err)
    assert path.read_bytes() == before


def test_add_evidence_keeps_to_the_documents_largest_attachment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = acme_document(tmp_path)
    with Store.open(path, user="tester") as store:
        store.settings.update(replace(store.settings.get(), attachment_limit_mb=1))
    before = path.read_bytes()
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF" + b"x" * (1024 * 1024))

    status = main(_evidence_arguments(path, "--attach", str(scan)))

    assert status == 2
    error = one_error(capsys.readouterr().err)
    assert "at most 1 MB" in error and "Largest attachment" in error
    assert path.read_bytes() == before
