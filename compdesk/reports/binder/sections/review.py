"""Section 5's last page, the management review (ISO/IEC 27001 9.3, 7.2 c): the figures that show training
works against their targets and against a year before, the open gaps, the completed actions
whose effectiveness is not yet evaluated, and room to write the improvement actions decided.

One page: the binder's section 5 ends with it, and `compdesk review` prints it alone
(reports/management_review.py). Its figures are the binder content's (models/metrics.py over
the binder's people), judged by models/management_review.py as the window's dialog does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from reportlab.platypus import Flowable, KeepTogether, Spacer

from compdesk.models.management_review import ManagementReview, management_review
from compdesk.reports.binder.sections.common import LATE_MARK, day, paragraph
from compdesk.reports.binder.text import markup
from compdesk.reports.charts import completion_chart

if TYPE_CHECKING:
    from compdesk.reports.binder.content import BinderContent
    from compdesk.reports.binder.layout import Layout

TITLE: Final = "Management review: training that shows it works"
# The unevaluated actions listed by name; the rest are counted.
LISTED_ACTIONS: Final = 6
# Empty rows left for the improvement actions the review decides.
DECISION_ROWS: Final = 5

_FIGURE_COLUMNS: Final = (0.40, 0.15, 0.15, 0.15, 0.15)
_ACTION_COLUMNS: Final = (0.30, 0.30, 0.20, 0.20)
_DECISION_COLUMNS: Final = (0.55, 0.25, 0.20)


def review_flowables(content: BinderContent, layout: Layout) -> list[Flowable]:
    """The review page's content, without a page break of its own."""
    metrics = content.metrics
    assert metrics is not None, "the management review needs the whole binder content"
    previous = content.previous_metrics
    review = management_review(metrics, previous, content.actions)
    width = layout.portrait.width
    story: list[Flowable] = [
        layout.subsection("Management review"),
        paragraph(
            f"{markup(content.organisation) or 'The organisation'}, as of "
            f"{day(content.as_of)}; the previous year is as of "
            f"{day(previous.as_of) if previous else '—'}.",
            layout,
            "Small",
        ),
        Spacer(1, 3),
        layout.table(_figure_rows(review, layout),
                     [share * width for share in _FIGURE_COLUMNS]),
        Spacer(1, 4),
        completion_chart(metrics, width),
        Spacer(1, 4),
    ]
    story += _gaps(review, layout)
    story += _unevaluated(review, content, layout)
    decisions: list[list[Flowable | str]] = [
        [paragraph(f"<b>{h}</b>", layout, "CellBold")
         for h in ("Improvement action decided", "Owner", "Due")]
    ]
    decisions += [["\u00a0\n\u00a0", "", ""] for _ in range(DECISION_ROWS)]
    story.append(
        KeepTogether(
            [
                paragraph("<b>Decisions</b> (to be filled in at the review)", layout, "Small"),
                layout.table(decisions, [share * width for share in _DECISION_COLUMNS],
                             zebra=False),
            ]
        )
    )
    return story


def _figure_rows(review: ManagementReview, layout: Layout) -> list[list[Flowable | str]]:
    rows: list[list[Flowable | str]] = [
        [paragraph(f"<b>{h}</b>", layout, "CellBold")
         for h in ("Figure", "A year before", "Now", "Target", "Met")]
    ]
    for figure in review.figures:
        met = figure.met
        judged = "—" if met is None else ("yes" if met else f"<b>{LATE_MARK} no</b>")
        rows.append([paragraph(text, layout) for text in (
            figure.name, figure.before, figure.now, figure.target, judged)])
    return rows


def _gaps(review: ManagementReview, layout: Layout) -> list[Flowable]:
    below = [
        f"{markup(entry.competency.name)} {entry.met}/{entry.required}"
        for entry in review.open_gaps
    ]
    text = "; ".join(below) if below else "none"
    return [paragraph(f"<b>Open gaps by competency</b> (met/required): {text}.", layout,
                      "Small"), Spacer(1, 3)]


def _unevaluated(
    review: ManagementReview, content: BinderContent, layout: Layout
) -> list[Flowable]:
    actions = review.unevaluated
    heading = paragraph(
        f"<b>Completed actions not yet evaluated for effectiveness:</b> {len(actions)}"
        + ("" if actions else "."),
        layout,
        "Small",
    )
    if not actions:
        return [heading, Spacer(1, 3)]
    rows: list[list[Flowable | str]] = [
        [paragraph(f"<b>{h}</b>", layout, "CellBold")
         for h in ("Person", "Competency", "Completed", "Owner")]
    ]
    for action in actions[:LISTED_ACTIONS]:
        rows.append([
            paragraph(markup(content.person(action.person_id).name), layout),
            paragraph(markup(content.competency(action.competency_id).name), layout),
            paragraph(day(action.completed_on), layout),
            paragraph(markup(action.owner) or "—", layout),
        ])
    width = layout.portrait.width
    story: list[Flowable] = [heading, layout.table(rows, [s * width for s in _ACTION_COLUMNS])]
    if len(actions) > LISTED_ACTIONS:
        story.append(paragraph(f"and {len(actions) - LISTED_ACTIONS} more (section 4).",
                               layout, "Small"))
    story.append(Spacer(1, 3))
    return story


__all__ = ["review_flowables"]
