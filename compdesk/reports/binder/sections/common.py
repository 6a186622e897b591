"""What several sections write the same way: dates, statuses, evidence, files, paragraphs.

One place for each, so the matrix, a person's page and the appendix index never describe the
same record in two ways. User strings go through `text.markup()` here; the sections pass on
the markup these functions return.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Final

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from compdesk.models.dates import add_months
from compdesk.models.gaps import GapCell, GapStatus
from compdesk.models.records import Attachment, Competency, Evidence
from compdesk.models.rules import Validity, counts_on, evidence_expiry, validity_on
from compdesk.reports.binder.measured import MeasuredParagraph
from compdesk.reports.binder.text import markup
from compdesk.reports.formatting import format_size

if TYPE_CHECKING:
    from compdesk.reports.binder.content import BinderContent
    from compdesk.reports.binder.layout import Layout

NONE_MARK: Final = "—"

# Light fills that still print on a laser printer; the symbol carries the status, the fill
# only helps the eye (status is never shown by colour alone).
STATUS_FILLS: Final[Mapping[GapStatus, colors.Color]] = {
    GapStatus.MET: colors.HexColor("#dff0d8"),
    GapStatus.EXPIRING: colors.HexColor("#fcf3cf"),
    GapStatus.DUE: colors.HexColor("#e3eefa"),
    GapStatus.PLANNED: colors.HexColor("#ece6f6"),
    GapStatus.EXPIRED: colors.HexColor("#f8d7d3"),
    GapStatus.MISSING: colors.HexColor("#f3e0e0"),
}

# The words that go with each status in a legend: what the symbol means.
STATUS_MEANINGS: Final[Mapping[GapStatus, str]] = {
    GapStatus.MET: "valid evidence on the as-of date",
    GapStatus.EXPIRING: "valid, but expires within the warning window",
    GapStatus.DUE: "not met, inside the onboarding or renewal grace",
    GapStatus.PLANNED: "not met; an open action addresses it",
    GapStatus.EXPIRED: "all evidence expired and the renewal grace is over",
    GapStatus.MISSING: "never evidenced",
    GapStatus.NOT_REQUIRED: "not required by any of the person's roles",
}

HASH_FONT: Final = "Courier"
HASH_SIZE: Final = 6.5
ATTENTION_MARK: Final = "⚠"
LATE_MARK: Final = "✘"


def day(value: date | None) -> str:
    """A date as the file keeps it, or a dash for none."""
    return NONE_MARK if value is None else value.isoformat()


def twelve_months_before(as_of: date) -> date:
    """The first day after which something counts as 'in the last 12 months' up to `as_of`."""
    return add_months(as_of, -12)


def paragraph(text: str, layout: Layout, style: str = "Cell") -> Paragraph:
    """A paragraph of markup that is already safe (built with `markup()` or our own words)."""
    return MeasuredParagraph(text, layout.styles[style])


def plain(text: str, layout: Layout, style: str = "Cell", *, bold: bool = False) -> Paragraph:
    """A paragraph of one user string."""
    return MeasuredParagraph(markup(text, bold=bold), layout.styles[style])


def joined(parts: Iterable[str], separator: str = " · ") -> str:
    """Non-empty parts of markup joined."""
    return separator.join(part for part in parts if part)


def status_markup(cell: GapCell) -> str:
    """'✔ Met', '⚠ Expiring 2025-04-01', '◔ Due by 2025-03-10', '✘ Expired 2024-12-01'…"""
    status = cell.status
    text = f"{status.symbol} {status.label}"
    if status in (GapStatus.EXPIRING, GapStatus.MET) and cell.expires_on is not None:
        text += f" until {cell.expires_on.isoformat()}"
    elif status is GapStatus.DUE and cell.grace_ends_on is not None:
        text += f" by {cell.grace_ends_on.isoformat()}"
    elif status is GapStatus.EXPIRED and cell.expires_on is not None:
        text += f" on {cell.expires_on.isoformat()}"
    return text


def validity_text(evidence: Evidence, competency: Competency, content: BinderContent) -> str:
    """Whether one record is valid on the as-of date, from the domain's rules."""
    if not counts_on(evidence.achieved_on, content.as_of):
        return "not yet counted (achieved after the as-of date)"
    expires_on = evidence_expiry(evidence, competency)
    validity = validity_on(expires_on, content.as_of, content.settings.expiry_warning_days)
    if validity is Validity.NEVER_EXPIRES:
        return "never expires"
    assert expires_on is not None  # only evidence without an expiry never expires
    words = {
        Validity.VALID: "valid until",
        Validity.EXPIRING: f"{validity.symbol} expiring on",
        Validity.EXPIRED: f"{validity.symbol} expired on",
    }[validity]
    return f"{words} {expires_on.isoformat()}"


def evidence_plain_label(evidence: Evidence) -> str:
    """A record in plain words: 'Certificate · ISO 27001 Lead Implementer'."""
    return " · ".join(part for part in (evidence.kind.label, evidence.title) if part)


def where_reproduced(attachment: Attachment, content: BinderContent) -> str:
    """Where the file is in the binder: 'p. 57', 'embedded', or 'not reproduced'."""
    page = content.appendix_pages.get(attachment.id)
    if page is not None:
        return f"p. {page}"
    if content.options.attachments:
        return "embedded"
    return "not reproduced"


@functools.lru_cache(maxsize=4)
def hash_style(layout: Layout) -> ParagraphStyle:
    """Courier for a SHA-256: every hex digit as wide, so all 64 fit one line of a cell."""
    return ParagraphStyle(
        "Hash", parent=layout.styles["Cell"], fontName=HASH_FONT, fontSize=HASH_SIZE, leading=8
    )


def hash_paragraph(sha256: str, layout: Layout) -> Paragraph:
    return MeasuredParagraph(f"SHA-256 {sha256}", hash_style(layout))


def evidence_flowables(
    evidence: Evidence, competency: Competency, content: BinderContent, layout: Layout
) -> list[Flowable]:
    """A record on a person's page: what it is, its dates, who verified it, its files.

    PERF: one paragraph per line, each in one style with no inline tags. ReportLab breaks a
    paragraph of a single run of text about ten times faster than one of several runs, and a
    binder of thousands of people is mostly these lines.
    """
    flowables: list[Flowable] = [
        paragraph(f"{evidence.kind.label} · {evidence.route.value}", layout, "CellBold")
    ]
    named = ", ".join(markup(part) for part in (evidence.title, evidence.issuer) if part)
    if named:
        flowables.append(paragraph(named, layout))
    details = [
        f"achieved {day(evidence.achieved_on)}",
        validity_text(evidence, competency, content),
    ]
    if evidence.verified_by or evidence.verified_on:
        who = markup(evidence.verified_by) if evidence.verified_by else "(no name)"
        details.append(f"verified by {who} on {day(evidence.verified_on)}")
    else:
        details.append("not verified")
    if evidence.score is not None:
        details.append(f"score {evidence.score:g}")
    flowables.append(paragraph("; ".join(details), layout))
    if not evidence.attachments:
        flowables.append(paragraph("no file attached", layout))
    for attachment in evidence.attachments:
        flowables.append(
            paragraph(
                f"File: {markup(attachment.file_name)} · {format_size(attachment.size)} · "
                f"{where_reproduced(attachment, content)}",
                layout,
            )
        )
        flowables.append(hash_paragraph(attachment.sha256, layout))
    return flowables


def legend_rows(statuses: Sequence[GapStatus]) -> list[list[str]]:
    """The legend's rows, as safe markup: symbol, status, meaning."""
    return [
        [status.symbol, f"<b>{status.label}</b>", STATUS_MEANINGS[status]] for status in statuses
    ]
