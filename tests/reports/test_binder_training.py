"""Section 5 of the binder on the sample organisation: the training register with attendees,
scores, pass rates and the retake flag, who is missing per competency, onboarding with access
and finish dates, acknowledgements by version, drills against their targets, the charts and
the management review, all of the binder's people only."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pypdf
import pytest

from compdesk.demo import create_demo
from compdesk.reports.binder.content import BinderContent, gather_content
from compdesk.reports.binder.layout import BinderDocument, Layout
from compdesk.reports.binder.options import BinderOptions
from compdesk.reports.binder.sections import training
from compdesk.reports.charts import Bar, completion_chart, phishing_chart
from compdesk.storage import Store

AS_OF = date(2026, 5, 1)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "northwind.compdesk"
    create_demo(path, as_of=AS_OF).close()
    return path


def _content(demo: Path, **options: object) -> BinderContent:
    with Store.open(demo, read_only=True) as store:
        return gather_content(store, BinderOptions(as_of=AS_OF, **options))  # type: ignore[arg-type]


def _section_text(content: BinderContent, tmp_path: Path) -> str:
    layout = Layout()
    path = tmp_path / "section.pdf"
    document = BinderDocument(
        path, layout, as_of=content.as_of, organisation="Acme", title="t", author="a"
    )
    document.build_story(lambda _pages: training.flowables(content, layout))
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.fixture(scope="module")
def text(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    return _section_text(_content(demo), tmp_path_factory.mktemp("section"))


def test_the_register_lists_sessions_with_attendees_scores_and_the_retake(text: str) -> None:
    assert "Training register of the last 12 months" in text
    assert "Devices and cloud services" in text
    # The workshop below the retake threshold carries the flag, with its pass rate.
    assert re.search(r"\d+% \(\d+/\d+\) ⚠ retake", text)
    assert "Ólafur Jónsson 75 ✘" in text or "Jónsson 75 ✘" in text
    assert "Zoë Müller" in text  # a trainer


def test_who_is_missing_and_training_outside_the_sessions(text: str) -> None:
    assert "Who is missing training, per competency" in text
    assert "Missing: Hana Sato (◔ due)" in text
    assert "Training recorded as evidence outside the sessions above" in text
    assert "E-learning: passwords, password manager and MFA" in text


def test_onboarding_shows_access_and_the_finish_after_access(text: str) -> None:
    assert "Access granted" in text and "Finished" in text
    assert "not finished, after access" in text
    assert "1 finished (or unfinished) more than 2 days after access was granted" in text


def test_acknowledgements_by_version(text: str) -> None:
    assert "Security policy — current version 2" in text
    assert "version 2: 11 (current), version 1: 2" in text
    assert "Ingrid Halvorsen (version 1, superseded version)" in text
    assert "Never acknowledged Hana Sato" in text


def test_drills_against_their_targets_and_the_review_page(text: str) -> None:
    assert "✘ click ≤ 10%: missed" in text  # the shared-invoice drill: 25 % clicked
    assert "8.5 minutes to report" in text
    assert "Completion per competency (target 95%)" in text
    assert "Management review" in text
    assert "Improvement action decided" in text


def test_a_binder_of_one_person_shows_only_their_training(demo: Path, tmp_path: Path) -> None:
    content = _content(demo, people=("sophie.laurent@northwind-cloud.example",))
    assert {a.person_id for a in content.attendance} == {content.people[0].id}
    text = _section_text(content, tmp_path)
    assert "Sophie Laurent" in text
    assert "Amara Okafor" not in text and "Hana Sato" not in text
    assert content.metrics is not None and content.metrics.required < 20


def test_a_bar_missing_its_target_is_judged_by_the_direction_of_the_target() -> None:
    assert Bar(0.25, 0.10, lower_is_better=True).misses_target
    assert not Bar(0.05, 0.10, lower_is_better=True).misses_target
    assert Bar(0.80, 0.95).misses_target
    assert not Bar(None, 0.95).misses_target


def test_charts_grow_with_their_rows(demo: Path) -> None:
    content = _content(demo, attachments=False)
    metrics = content.metrics
    assert metrics is not None
    completion = completion_chart(metrics, 400)
    phishing = phishing_chart(metrics, 400)
    assert phishing is not None and completion.height > phishing.height
    none = phishing_chart(replace(metrics, drills=()), 400)
    assert none is None


def test_a_long_attendee_list_continues_on_rows_of_its_own(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from compdesk.reports.binder.sections import register

    # A table cannot split inside a row: a 500-person session would not fit on a page.
    monkeypatch.setattr(register, "ATTENDEES_PER_ROW", 2)
    content = _content(demo, attachments=False)
    text = _section_text(content, tmp_path)
    assert "Training register of the last 12 months" in text
    assert "Ólafur Jónsson 75 ✘" in text
