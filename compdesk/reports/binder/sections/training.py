"""Section 5: training of the last 12 months and the onboarding of recent starters
(ISO/IEC 27001 7.2 b and d, 7.3, Annex A 6.3; the auditor's questions 4 to 7).

Drawn from the evidence the document holds: training records, attendance lists, assessment and
quiz results and drill results achieved in the twelve months up to the as-of date, grouped by
competency with who has one and who, required to, has none.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Final

from reportlab.platypus import Flowable, KeepTogether, PageBreakIfNotEmpty, Spacer

from compdesk.models.gaps import GapStatus
from compdesk.models.onboarding import OnboardingRecord, recent_since
from compdesk.models.records import Competency, Evidence, EvidenceKind, Person
from compdesk.reports.binder.sections.common import LATE_MARK, day, paragraph
from compdesk.reports.binder.text import markup

if TYPE_CHECKING:
    from compdesk.reports.binder.content import BinderContent
    from compdesk.reports.binder.layout import Layout

NUMBER: Final = 5
TITLE: Final = "Training and onboarding"
CLAUSE: Final = "ISO/IEC 27001 7.2 b, 7.2 d, 7.3, Annex A 6.3"

# The evidence kinds that show training was done (not a certificate or a CV).
TRAINING_KINDS: Final = frozenset(
    {
        EvidenceKind.TRAINING_RECORD,
        EvidenceKind.ATTENDANCE_LIST,
        EvidenceKind.ASSESSMENT,
        EvidenceKind.DRILL_RESULT,
    }
)

_RECORD_COLUMNS: Final = (0.30, 0.42, 0.14, 0.14)
_ONBOARDING_COLUMNS: Final = (0.28, 0.14, 0.58)


def flowables(content: BinderContent, layout: Layout) -> list[Flowable]:
    since = recent_since(content.as_of)
    # Each section opens a page of its own; an empty page is never left behind.
    story: list[Flowable] = [PageBreakIfNotEmpty(), *layout.section_title(NUMBER, TITLE, CLAUSE)]
    story.append(
        paragraph(
            f"From {since.isoformat()} to {content.as_of.isoformat()}. This version of compdesk "
            "records training sessions, drills and their results as evidence "
            "(training records, attendance lists, assessment or quiz results, drill results); "
            "a later version adds a training register, drill metrics and the management review.",
            layout,
            "Body",
        )
    )
    story.append(Spacer(1, 6))
    story.append(layout.subsection("Training in the last 12 months"))
    story += _training(content, layout, since)
    story.append(Spacer(1, 10))
    story.append(layout.subsection("Onboarding of starters of the last 12 months"))
    story += _onboarding(content, layout)
    return story


def _training(content: BinderContent, layout: Layout, since: date) -> list[Flowable]:
    as_of = content.as_of
    recent: dict[int, list[tuple[Person, Evidence]]] = {}
    for person in content.people:
        for evidence in content.evidence_by_person.get(person.id, ()):
            achieved = evidence.achieved_on
            if (
                evidence.kind in TRAINING_KINDS
                and achieved is not None
                and since <= achieved <= as_of
            ):
                recent.setdefault(evidence.competency_id, []).append((person, evidence))
    required_of: dict[int, list[int]] = {}
    for person_id, competency_id in content.matrix.cells:
        required_of.setdefault(competency_id, []).append(person_id)
    story: list[Flowable] = []
    untrained: list[Competency] = []
    for competency in content.competencies:
        records = recent.get(competency.id)
        if records:
            story += _competency_training(competency, records, required_of, content, layout)
        elif competency.id in required_of:
            untrained.append(competency)
    if not story:
        story.append(
            paragraph(
                "No training records, attendance lists, assessment results or drill results "
                "were achieved in the last 12 months.",
                layout,
                "Body",
            )
        )
    if untrained:
        story.append(Spacer(1, 4))
        story.append(
            paragraph(
                "<b>Required, with no training record in the last 12 months:</b> "
                + "; ".join(
                    f"{markup(c.name)} (required of {len(required_of[c.id])})" for c in untrained
                ),
                layout,
                "Small",
            )
        )
    return story


def _competency_training(
    competency: Competency,
    records: list[tuple[Person, Evidence]],
    required_of: dict[int, list[int]],
    content: BinderContent,
    layout: Layout,
) -> list[Flowable]:
    rows: list[list[Flowable | str]] = [
        [
            paragraph(f"<b>{h}</b>", layout, "CellBold")
            for h in ("Person", "Record", "Date", "Score")
        ]
    ]
    for person, evidence in records:
        title = f"{evidence.kind.label}"
        if evidence.title:
            title += f": {markup(evidence.title)}"
        rows.append(
            [
                paragraph(markup(person.name), layout),
                paragraph(title, layout),
                paragraph(day(evidence.achieved_on), layout),
                paragraph("—" if evidence.score is None else f"{evidence.score:g}", layout),
            ]
        )
    trained = {person.id for person, _evidence in records}
    required = required_of.get(competency.id, [])
    missing = [person_id for person_id in required if person_id not in trained]
    summary = (
        f"Required of {len(required)}; {len(required) - len(missing)} of them have a record "
        "in the last 12 months"
    )
    if missing:
        summary += ". <b>Missing:</b> " + "; ".join(
            _missing_person(person_id, competency, content) for person_id in missing
        )
    heading = paragraph(
        f"{markup(competency.name, bold=True)} <font size='7'>({competency.level.label.lower()})</font>",
        layout,
        "Heading",
    )
    width = layout.portrait.width
    return [
        KeepTogether([heading, paragraph(summary + ".", layout, "Small")]),
        Spacer(1, 2),
        layout.table(rows, [share * width for share in _RECORD_COLUMNS]),
        Spacer(1, 6),
    ]


def _missing_person(person_id: int, competency: Competency, content: BinderContent) -> str:
    status = content.matrix.status(person_id, competency.id)
    text = f"{markup(content.person(person_id).name)} ({status.symbol} {status.label.lower()}"
    if status.counts_as_met:
        text += " by other evidence"
    return text + ")"


def _onboarding(content: BinderContent, layout: Layout) -> list[Flowable]:
    records = content.onboarding
    grace = content.settings.onboarding_grace_days
    intro = (
        f"Each required competency should be met within {grace} days of the start date "
        f"(the onboarding grace). {LATE_MARK} marks a competency met after the deadline, or not "
        "met by a deadline that has passed."
    )
    story: list[Flowable] = [paragraph(intro, layout, "Small"), Spacer(1, 3)]
    if not records:
        story.append(paragraph("Nobody started in the last 12 months.", layout, "Body"))
        return story
    late = sum(record.late for record in records)
    story.append(
        paragraph(
            f"{len(records)} starter{'' if len(records) == 1 else 's'}, "
            f"<b>{late} past the onboarding grace</b>.",
            layout,
            "Small",
        )
    )
    rows: list[list[Flowable | str]] = [
        [
            paragraph(f"<b>{h}</b>", layout, "CellBold")
            for h in ("Starter", "Deadline", "Onboarding competencies: met on")
        ]
    ]
    for record in records:
        rows.append(_onboarding_row(record, content, layout))
    width = layout.portrait.width
    story.append(layout.table(rows, [share * width for share in _ONBOARDING_COLUMNS]))
    return story


def _onboarding_row(
    record: OnboardingRecord, content: BinderContent, layout: Layout
) -> list[Flowable | str]:
    person = record.person
    starter = (
        f"{markup(person.name)}<br/><font size='6.5'>{person.type.label}, started "
        f"{day(person.start_date)}</font>"
    )
    if record.late:
        starter += f"<br/><b>{LATE_MARK} past the onboarding grace</b>"
    items = []
    for item in record.items:
        name = markup(content.competency(item.competency_id).name)
        met = f"met {item.met_on.isoformat()}" if item.met_on is not None else "not met"
        line = f"{name}: {met}"
        if item.late:
            line = f"<b>{LATE_MARK} {line}, late</b>"
        items.append(line)
    status = GapStatus.NOT_REQUIRED.symbol
    return [
        paragraph(starter, layout),
        paragraph(day(record.deadline), layout),
        paragraph("<br/>".join(items) or f"{status} no competency required", layout),
    ]
