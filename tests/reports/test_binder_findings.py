"""The binder's findings and onboarding records are the document's own, restricted to the
binder's people, though the binder computes them from the rows it read for its matrix."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from compdesk.demo import create_demo
from compdesk.models.findings import restricted_to
from compdesk.reports.binder.content import gather_content
from compdesk.reports.binder.options import BinderOptions
from compdesk.storage import Store

AS_OF = date(2026, 5, 1)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "northwind.compdesk"
    create_demo(path, as_of=AS_OF).close()
    return path


@pytest.mark.parametrize(
    "options",
    [
        BinderOptions(as_of=AS_OF),
        BinderOptions(as_of=AS_OF, sample_size=4, seed=3),
        BinderOptions(as_of=date(2025, 11, 20)),
    ],
    ids=["everyone", "a sample", "an earlier date"],
)
def test_the_binder_lists_the_documents_findings_and_starters(
    demo: Path, options: BinderOptions
) -> None:
    with Store.open(demo, read_only=True) as store:
        content = gather_content(store, options)
        people_ids = {person.id for person in content.people}
        findings = restricted_to(store.findings(options.as_of), people_ids)
        onboarding = [r for r in store.onboarding(options.as_of) if r.person.id in people_ids]
    assert content.findings == findings
    assert list(content.onboarding) == onboarding
    assert content.findings, "the demo has findings to compare"
    if options.sample_size is None and options.as_of == AS_OF:
        assert content.onboarding, "the demo has starters to compare"


def test_rows_read_for_one_date_are_refused_for_another(demo: Path) -> None:
    with Store.open(demo, read_only=True) as store:
        rows = store.audit_rows(AS_OF)
        assert store.findings(AS_OF, rows) == store.findings(AS_OF)
        with pytest.raises(ValueError):
            store.onboarding(date(2026, 6, 1), rows)
