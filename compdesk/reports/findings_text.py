"""The findings as text for a terminal: grouped by kind with its clause, each with its advice."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from datetime import date
from typing import Final

from compdesk.models.findings import Finding, shared_advice

# What a terminal would act on rather than show: C0 and C1 controls (an escape sequence in a
# name could rewrite the screen), DEL, and the bidi embedding, override and isolate controls
# (which would print the rest of the line backwards).
_UNSHOWABLE: Final = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_line(text: str) -> str:
    """User text as one line a terminal shows as it is: controls go, line breaks and tabs
    become spaces."""
    return _UNSHOWABLE.sub(lambda match: " " if match[0] in "\t\n\r" else "", text)


def findings_as_text(findings: Sequence[Finding], document_name: str, as_of: date) -> list[str]:
    """The lines of `compdesk findings` (format text), without their line ends."""
    day = as_of.isoformat()
    if not findings:
        return [f"No findings in {terminal_line(document_name)} as of {day}."]
    count = len(findings)
    lines = [
        f"{count} finding{'s' if count > 1 else ''} in {terminal_line(document_name)} as of {day}"
    ]
    for kind, group in itertools.groupby(findings, key=lambda finding: finding.kind):
        grouped = list(group)
        lines += ["", f"{kind.title} (ISO/IEC 27001 {kind.clause}): {len(grouped)}"]
        advice = shared_advice(grouped)
        if advice is not None:
            lines.append(f"  What to do: {terminal_line(advice)}")
        for finding in grouped:
            lines.append(f"  - {terminal_line(finding.summary)}")
            if advice is None:
                lines.append(f"    {terminal_line(finding.advice)}")
    return lines
