"""The binder's cover carries the change-log head, hash and length, as the anchor that
`compdesk check FILE --since HASH` proves later."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pypdf

from compdesk.cli import main
from compdesk.reports.binder import BinderOptions, build_binder
from compdesk.storage import Store
from tests.conftest import make_person


def _cover_text(path: Path) -> str:
    return " ".join(pypdf.PdfReader(path).pages[0].extract_text().split())


def test_the_cover_prints_the_head_hash_and_length_that_check_since_proves(
    tmp_path: Path,
) -> None:
    document = tmp_path / "doc.compdesk"
    binder = tmp_path / "binder.pdf"
    with Store.create(document, user="tester") as store:
        make_person(store, "Ana Ruiz")
        head_hash, head_length = store.change_log.head()
        build_binder(store, binder, BinderOptions(as_of=date(2026, 3, 1), attachments=False))
    cover = _cover_text(binder)
    assert head_hash[:32] in cover.replace(" ", "")
    assert f"{head_length} entries" in cover
    assert "--since" in cover
    with Store.open(document, user="tester") as store:
        make_person(store, "Bo Chen")  # the history grows after the binder
    assert main(["check", str(document), "--since", head_hash]) == 0
