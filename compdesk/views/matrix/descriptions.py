"""The words the matrix uses for evidence, an action and a competency in its tooltips and
side panel."""

from __future__ import annotations

import html
from datetime import date

from compdesk.models.records import Action, Competency, Evidence
from compdesk.reports.formatting import renewal_text


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """`1 person`, `3 people`: a count with its noun in the right number."""
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


def _day(value: date | None) -> str:
    return value.isoformat() if value is not None else "no date"


def describe_evidence(evidence: Evidence) -> str:
    """One line naming evidence: title and kind, issuer, dates, attachments."""
    title = evidence.title or evidence.kind.label
    parts = [f"{title} ({evidence.kind.label.lower()})" if evidence.title else title]
    if evidence.issuer:
        parts.append(f"from {evidence.issuer}")
    parts.append(f"achieved {_day(evidence.achieved_on)}")
    if evidence.expires_on is not None:
        parts.append(f"expires {evidence.expires_on.isoformat()}")
    if evidence.attachments:
        parts.append(f"{counted(len(evidence.attachments), 'file')} attached")
    return ", ".join(parts)


def describe_action(action: Action) -> str:
    parts = [action.type.label]
    if action.description:
        parts[0] += f" “{action.description}”"
    if action.owner:
        parts.append(f"owner {action.owner}")
    if action.due_date is not None:
        parts.append(f"due {action.due_date.isoformat()}")
    parts.append(action.status.label.lower())
    return ", ".join(parts)


def competency_tooltip(competency: Competency) -> str:
    renewal = renewal_text(competency)
    renewal = renewal if renewal == "never expires" else f"renewed {renewal}"
    lines = [
        f"<b>{html.escape(competency.name)}</b>",
        f"Level: {competency.level.label} · {renewal}",
    ]
    if competency.description:
        lines.append(html.escape(competency.description))
    return "<br>".join(lines)
