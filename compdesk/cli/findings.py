"""`compdesk findings FILE`: what an auditor would raise, as text or JSON."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from compdesk.cli.arguments import add_report_arguments
from compdesk.cli.command import Command
from compdesk.cli.output import EXIT_OK, EXIT_PROBLEMS, say, utf8_stdout
from compdesk.reports.findings_json import findings_json
from compdesk.reports.findings_text import findings_as_text
from compdesk.storage import Store


def _run(arguments: argparse.Namespace) -> int:
    as_of: date = arguments.as_of or date.today()
    with Store.open(arguments.file, read_only=True) as store:
        findings = store.findings(as_of)
    if arguments.format == "json":
        utf8_stdout()
        sys.stdout.write(findings_json(findings, as_of))
    else:
        for line in findings_as_text(findings, arguments.file.name, as_of):
            say(line)
    return EXIT_PROBLEMS if findings else EXIT_OK


COMMAND = Command(
    name="findings",
    summary="list what an auditor would raise",
    description="List what an ISO/IEC 27001 auditor would raise about the competence record as "
    "of a date (default: today), each finding with the people and records behind it and what "
    "to do: completion of a required competency below the target, actions done but never "
    "evaluated or overdue, role requirements not reviewed, required competencies missing or "
    "expired, contractors and third parties without evidence, evidence without a file, "
    "onboarding past its grace or finished after system access was granted, training sessions "
    "below the pass rate without a retake, acknowledgements of a superseded document version, "
    "and role owners lacking a competency their role requires.",
    examples=(
        "compdesk findings acme.compdesk",
        "compdesk findings acme.compdesk --as-of 2026-01-31",
        "compdesk findings acme.compdesk --format json \\\n"
        "      | jq -r '.findings[] | select(.clause == \"7.2 c\") | .summary'",
    ),
    notes="text: the findings grouped by kind, each kind with its clause, each finding's\n"
    "      summary and, under it, what to do.\n"
    "json: {as_of, findings: [{kind, clause, summary, advice,\n"
    "      records: [{kind: person|role|competency|evidence|action, id, label}]}]}\n"
    "      in the order of the text.\n"
    "Exit status: 0 when there is nothing to raise, 1 when there are findings.",
    add_arguments=add_report_arguments,
    run=_run,
)
