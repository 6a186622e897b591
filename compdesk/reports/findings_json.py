"""The findings as JSON: the fixed shape of `compdesk findings --format json`."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from compdesk.models.findings import Finding


def findings_as_json(findings: Sequence[Finding], as_of: date) -> dict[str, Any]:
    """{as_of, findings: [{kind, clause, summary, advice, records: [{kind, id, label}]}]}; more
    keys may be added, none removed."""
    return {
        "as_of": as_of.isoformat(),
        "findings": [
            {
                "kind": finding.kind.value,
                "clause": finding.kind.clause,
                "summary": finding.summary,
                "advice": finding.advice,
                "records": [
                    {"kind": record.kind.value, "id": record.id, "label": record.label}
                    for record in finding.records
                ],
            }
            for finding in findings
        ],
    }


def findings_json(findings: Sequence[Finding], as_of: date) -> str:
    """`findings_as_json` as indented UTF-8 text (names are not escaped), ending in a newline."""
    return json.dumps(findings_as_json(findings, as_of), indent=2, ensure_ascii=False) + "\n"
