"""`compdesk metrics FILE`: the figures that show training works, as text or JSON."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from compdesk.cli.arguments import add_report_arguments
from compdesk.cli.command import Command
from compdesk.cli.output import EXIT_OK, say, utf8_stdout
from compdesk.reports.metrics_text import metrics_as_text
from compdesk.storage import Store


def _run(arguments: argparse.Namespace) -> int:
    as_of: date = arguments.as_of or date.today()
    with Store.open(arguments.file, read_only=True) as store:
        metrics = store.metrics(as_of)
    if arguments.format == "json":
        utf8_stdout()
        sys.stdout.write(json.dumps(metrics.as_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        for line in metrics_as_text(metrics, arguments.file.name):
            say(line)
    return EXIT_OK


COMMAND = Command(
    name="metrics",
    summary="print the figures that show training works",
    description="Print, as of a date (default: today), the completion of mandatory training "
    "overall and per competency against the completion target, each phishing drill's click "
    "and report rates and each incident drill's time to report against their targets, the "
    "hours of training per person over the twelve months to the date, and the open gaps month "
    "by month over those twelve months. As of a past date it shows what was known that day.",
    examples=(
        "compdesk metrics acme.compdesk",
        "compdesk metrics acme.compdesk --as-of 2025-12-31",
        "compdesk metrics acme.compdesk --format json \\\n"
        "      | jq '.drills[] | select(.kind == \"phishing\") | .click_rate'",
    ),
    notes="text: each figure with its target and whether it is met.\n"
    "json: {as_of, completion_rate, completion_target, required, met,\n"
    "      per_competency: [{competency, level, required, met, completion_rate, target,\n"
    "      meets_target}],\n"
    "      drills: [{kind: phishing|incident, date, name, ...}] oldest first, a phishing\n"
    "      drill with sent, clicked, reported, click_rate, report_rate and their targets,\n"
    "      an incident drill with participants, minutes_to_report, minutes_target,\n"
    "      training_hours: {since, per_person, total, people, sessions, by_person: [...]},\n"
    "      gaps_over_time: [{date, open, required, completion_rate, ...}]}\n"
    "      Rates are fractions 0-1; a rate with nothing to divide by is null.",
    add_arguments=add_report_arguments,
    run=_run,
)
