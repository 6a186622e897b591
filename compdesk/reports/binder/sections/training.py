"""Section 5: training of the last 12 months, onboarding, acknowledgements, drills and the
management review (ISO/IEC 27001 7.2 b to d, 7.3, 9.3, Annex A 6.3; the auditor's questions 4
to 7).

The training register (sections/register.py), the onboarding of recent starters with the day
access was granted and the day onboarding finished (here), acknowledgements by version
(sections/acknowledgements.py), the drills and figures with their charts (sections/drills.py)
and the management review page (sections/review.py), all of the binder's people.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from reportlab.platypus import Flowable, PageBreak, PageBreakIfNotEmpty, Spacer

from compdesk.models.gaps import GapStatus
from compdesk.models.onboarding import OnboardingRecord, recent_since
from compdesk.reports.binder.sections.acknowledgements import acknowledgements
from compdesk.reports.binder.sections.common import LATE_MARK, day, paragraph
from compdesk.reports.binder.sections.drills import drills_and_metrics
from compdesk.reports.binder.sections.register import missing, other_records, register
from compdesk.reports.binder.sections.review import review_flowables
from compdesk.reports.binder.text import markup

if TYPE_CHECKING:
    from compdesk.reports.binder.content import BinderContent
    from compdesk.reports.binder.layout import Layout

NUMBER: Final = 5
TITLE: Final = "Training and onboarding"
CLAUSE: Final = "ISO/IEC 27001 7.2 b, 7.2 c, 7.2 d, 7.3, 9.3, Annex A 6.3"

_ONBOARDING_COLUMNS: Final = (0.26, 0.12, 0.12, 0.12, 0.38)


def flowables(content: BinderContent, layout: Layout) -> list[Flowable]:
    since = recent_since(content.as_of)
    # Each section opens a page of its own; an empty page is never left behind.
    story: list[Flowable] = [PageBreakIfNotEmpty(), *layout.section_title(NUMBER, TITLE, CLAUSE)]
    story.append(
        paragraph(
            f"From {since.isoformat()} to {content.as_of.isoformat()}.", layout, "Body"
        )
    )
    story.append(layout.subsection("Training register of the last 12 months"))
    story += register(content, layout, since)
    story += other_records(content, layout, since)
    story.append(Spacer(1, 8))
    story.append(layout.subsection("Who is missing training, per competency"))
    story += missing(content, layout, since)
    story.append(Spacer(1, 8))
    story.append(layout.subsection("Onboarding of starters of the last 12 months"))
    story += _onboarding(content, layout)
    story.append(Spacer(1, 8))
    story.append(layout.subsection("Acknowledgements by version"))
    story += acknowledgements(content, layout)
    if content.metrics is not None:
        story.append(Spacer(1, 8))
        story.append(layout.subsection("Drills and metrics"))
        story += drills_and_metrics(content, layout)
        # The review is a page of its own, to hand to management as it is.
        story.append(PageBreak())
        story += review_flowables(content, layout)
    return story


def _onboarding(content: BinderContent, layout: Layout) -> list[Flowable]:
    records = content.onboarding
    grace = content.settings.onboarding_grace_days
    intro = (
        f"Each required competency should be met within {grace} days of the start date "
        f"(the onboarding grace), and onboarding should be finished within "
        f"{content.settings.access_grace_days} days of access being granted. {LATE_MARK} marks "
        "a competency met after the deadline, or not met by a deadline that has passed, and "
        "onboarding finished after access."
    )
    story: list[Flowable] = [paragraph(intro, layout, "Small"), Spacer(1, 3)]
    if not records:
        story.append(paragraph("Nobody started in the last 12 months.", layout, "Body"))
        return story
    late = sum(record.late for record in records)
    after_access = sum(record.after_access for record in records)
    story.append(
        paragraph(
            f"{len(records)} starter{'' if len(records) == 1 else 's'}, "
            f"<b>{late} past the onboarding grace, {after_access} finished (or unfinished) "
            f"more than {content.settings.access_grace_days} days after access was granted"
            "</b>.",
            layout,
            "Small",
        )
    )
    rows: list[list[Flowable | str]] = [
        [
            paragraph(f"<b>{h}</b>", layout, "CellBold")
            for h in (
                "Starter",
                "Deadline",
                "Access granted",
                "Finished",
                "Onboarding competencies: met on",
            )
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
    finished = day(record.finished_on) if record.finished_on is not None else "not finished"
    if record.after_access:
        finished = f"<b>{LATE_MARK} {finished}, after access</b>"
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
        paragraph(day(record.access_granted_on), layout),
        paragraph(finished, layout),
        paragraph("<br/>".join(items) or f"{status} no competency required", layout),
    ]
