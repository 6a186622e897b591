"""The Findings section (unnumbered): what an auditor would raise as of the binder's date,
each with the people and records behind it and what to do, grouped by kind."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from reportlab.platypus import Flowable, KeepTogether, PageBreakIfNotEmpty, Spacer

from compdesk.models.findings import Finding, FindingKind, RecordKind, RecordRef, shared_advice
from compdesk.reports.binder.sections.common import paragraph
from compdesk.reports.binder.text import markup

if TYPE_CHECKING:
    from compdesk.reports.binder.content import BinderContent
    from compdesk.reports.binder.layout import Layout

TITLE: Final = "Findings"
CLAUSE: Final = "ISO/IEC 27001 9.2 / 10.2 — raised before the audit"

_COLUMNS: Final = (0.58, 0.42)
_RECORD_KIND_NAMES: Final = {
    RecordKind.PERSON: ("person", "people"),
    RecordKind.ROLE: ("role", "roles"),
    RecordKind.COMPETENCY: ("competency", "competencies"),
    RecordKind.EVIDENCE: ("evidence", "evidence"),
    RecordKind.ACTION: ("action", "actions"),
}


def flowables(content: BinderContent, layout: Layout) -> list[Flowable]:
    # Each section opens a page of its own; an empty page is never left behind.
    story: list[Flowable] = [PageBreakIfNotEmpty(), *layout.section_title(None, TITLE, CLAUSE)]
    findings = content.findings
    if not findings:
        story.append(
            paragraph(
                f"No findings as of {content.as_of.isoformat()}: none of the checks below "
                "found anything to raise.",
                layout,
                "Body",
            )
        )
        story.append(_checks_list(layout))
        return story
    by_kind: dict[FindingKind, list[Finding]] = {}
    for finding in findings:
        by_kind.setdefault(finding.kind, []).append(finding)
    story.append(
        paragraph(
            f"{len(findings)} finding{'' if len(findings) == 1 else 's'} as of "
            f"{content.as_of.isoformat()}, of {len(by_kind)} kind"
            f"{'' if len(by_kind) == 1 else 's'}: what an internal audit (9.2) would raise "
            "today, each with the records behind it and what to do to correct it (10.2).",
            layout,
            "Body",
        )
    )
    for kind in FindingKind:  # the report's order
        if kind in by_kind:
            story.append(Spacer(1, 8))
            story += _kind_flowables(kind, by_kind[kind], layout)
    return story


def _kind_flowables(
    kind: FindingKind, findings: Sequence[Finding], layout: Layout
) -> list[Flowable]:
    heading = paragraph(
        f"{kind.title} <font size='8'>(ISO/IEC 27001 {kind.clause}; {len(findings)})</font>",
        layout,
        "Heading",
    )
    advice = shared_advice(findings)
    lead: list[Flowable] = [heading]
    if advice is not None:
        lead.append(paragraph(f"<i>What to do:</i> {markup(advice)}", layout, "Small"))
    rows: list[list[Flowable | str]] = [
        [paragraph(f"<b>{h}</b>", layout, "CellBold") for h in ("Finding", "Records")]
    ]
    for finding in findings:
        text = markup(finding.summary)
        if advice is None:
            text += f"<br/><i>What to do:</i> {markup(finding.advice)}"
        rows.append([paragraph(text, layout), paragraph(_records_markup(finding.records), layout)])
    width = layout.portrait.width
    table = layout.table(rows, [share * width for share in _COLUMNS])
    # A short kind stays on one page with its heading; a long one flows on from it.
    return [KeepTogether([*lead, Spacer(1, 2), table])]


def _records_markup(records: Sequence[RecordRef]) -> str:
    grouped: dict[RecordKind, list[str]] = {}
    for record in records:
        grouped.setdefault(record.kind, []).append(markup(record.label))
    lines = []
    for kind, labels in grouped.items():
        one, many = _RECORD_KIND_NAMES[kind]
        lines.append(f"<i>{one if len(labels) == 1 else many}:</i> {'; '.join(labels)}")
    return "<br/>".join(lines) or "—"


def _checks_list(layout: Layout) -> Flowable:
    return paragraph(
        "<br/>".join(f"• {kind.title} ({kind.clause})" for kind in FindingKind),
        layout,
        "Small",
    )
