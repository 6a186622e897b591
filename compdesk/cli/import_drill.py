"""`compdesk import-drill FILE RESULTS.csv`: a phishing drill from the drill tool's export."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from compdesk.cli.arguments import date_argument
from compdesk.cli.command import Command
from compdesk.cli.documents import open_for_writing
from compdesk.cli.import_results import (
    addresses,
    listed,
    percent_argument,
    refuse_if_nobody_matches,
)
from compdesk.cli.output import EXIT_OK, say
from compdesk.models.drill_history import latest_targets, recorded_results, same_drill
from compdesk.models.drill_import import DrillImport, match_drill, read_drill_results
from compdesk.models.errors import InputError
from compdesk.models.metrics import DrillFigures, drill_figures
from compdesk.models.records import Drill, DrillKind
from compdesk.reports.formatting import percent


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("results", metavar="RESULTS.csv", type=Path)
    parser.add_argument(
        "--date",
        type=date_argument,
        metavar="D",
        help="the day the drill was sent, YYYY-MM-DD (default: the file's first send date)",
    )
    parser.add_argument(
        "--name", metavar="NAME", help="the drill's name (default: the campaign's, from the file)"
    )
    parser.add_argument(
        "--click-target",
        type=percent_argument,
        metavar="P",
        help="the highest click rate that meets the target, in percent (default: the last "
        "phishing drill's)",
    )
    parser.add_argument(
        "--report-target",
        type=percent_argument,
        metavar="P",
        help="the lowest report rate that meets the target, in percent (default: the last "
        "phishing drill's)",
    )


def _run(arguments: argparse.Namespace) -> int:
    drill_import = read_drill_results(arguments.results, today=date.today())
    drill_import.raise_for_problems()
    if not drill_import.results:
        raise InputError(
            f"{drill_import.source_name} holds nobody the drill was sent to: nothing to record"
        )
    held_on: date | None = arguments.date or drill_import.held_on
    if held_on is None:
        raise InputError(
            f"{drill_import.source_name} ({drill_import.source.value}) does not say when the "
            "drill was sent: give --date"
        )
    name = (arguments.name or drill_import.name or arguments.results.stem).strip()
    document_name = arguments.file.name
    with open_for_writing(arguments.file) as store:
        matched, unmatched = match_drill(drill_import.results, store.people.all())
        refuse_if_nobody_matches(len(matched), unmatched, drill_import.source_name, document_name)
        earlier = store.drills.all(kind=DrillKind.PHISHING)
        _refuse_if_recorded(earlier, held_on, name, drill_import.source_name)
        click_target, report_target = _targets(earlier, arguments)
        totals = drill_import.totals
        drill = store.drills.add(
            DrillKind.PHISHING,
            held_on,
            recorded_results(matched),
            name=name,
            # The whole file's figures, as the tool shows them: an address that matches
            # nobody in the document still received the drill.
            sent=totals.sent,
            clicked=totals.clicked,
            reported=totals.reported,
            minutes_to_report=totals.median_minutes_to_report,
            click_target=click_target,
            report_target=report_target,
            notes=f"Imported from {drill_import.source_name} ({drill_import.source.value})",
        )
        results = store.drills.results(drill.id)
    (figures,) = drill_figures([drill], results, as_of=drill.held_on)
    _report(drill_import, figures, len(matched), unmatched, document_name)
    return EXIT_OK


def _targets(
    earlier: list[Drill], arguments: argparse.Namespace
) -> tuple[float | None, float | None]:
    """The targets given (percent → fraction), else those of the latest phishing drill."""
    latest_click, latest_report = latest_targets(earlier)
    click = arguments.click_target / 100 if arguments.click_target is not None else latest_click
    report = arguments.report_target / 100 if arguments.report_target is not None else latest_report
    return click, report


def _refuse_if_recorded(earlier: list[Drill], held_on: date, name: str, source_name: str) -> None:
    """The same campaign imported twice would count everyone's clicks twice."""
    drill = same_drill(earlier, held_on, name)
    if drill is not None:
        raise InputError(
            f"{source_name} is already recorded: the phishing drill {drill.name!r} of "
            f"{held_on.isoformat()} (give another --name to record it again)"
        )


def _against(rate: float | None, target: float | None, met: bool | None, bound: str) -> str:
    if target is None:
        return percent(rate)
    verdict = "met" if met else "missed"
    return f"{percent(rate)} (target {bound} {percent(target)}: {verdict})"


def _report(
    drill_import: DrillImport,
    figures: DrillFigures,
    matched: int,
    unmatched: tuple[str, ...],
    document_name: str,
) -> None:
    drill = figures.drill
    say(
        f"recorded the phishing drill {drill.name!r} of {drill.held_on.isoformat()} in "
        f"{document_name} from {drill_import.source_name} ({drill_import.source.value})"
    )
    say(
        f"sent {figures.sent}, clicked {figures.clicked}, reported {figures.reported}; "
        f"{matched} of them matched to people in {document_name}"
    )
    say(
        "click rate "
        + _against(figures.click_rate, drill.click_target, figures.click_target_met, "at most")
    )
    say(
        "report rate "
        + _against(figures.report_rate, drill.report_target, figures.report_target_met, "at least")
    )
    if figures.minutes_to_report is not None:
        say(f"median time to report {figures.minutes_to_report:g} minutes")
    if drill.click_target is None or drill.report_target is None:
        say("no target set: --click-target and --report-target set them (in percent)")
    if unmatched:
        verb = "matches" if len(unmatched) == 1 else "match"
        say(
            f"{addresses(len(unmatched))} {verb} nobody in {document_name} (counted in the "
            "totals, without a person's history):"
        )
        for line in listed(unmatched):
            say(line)
    if drill_import.not_sent:
        say(
            f"{addresses(len(drill_import.not_sent))} the tool did not send the drill to (not "
            "counted):"
        )
        for line in listed(drill_import.not_sent):
            say(line)


COMMAND = Command(
    name="import-drill",
    summary="record a phishing drill from the drill tool's export",
    description="Record a phishing drill from the results its tool exports (Gophish, Microsoft "
    "Defender's attack simulation training) or a plain CSV: the drill's totals, and each "
    "person's result where their email belongs to a person in the document. Addresses that "
    "match nobody, and those the tool could not send to, are listed. If any row cannot be read, "
    "nothing is recorded and every bad row is listed.",
    examples=(
        "compdesk import-drill acme.compdesk 'March payroll - Results.csv'",
        "compdesk import-drill acme.compdesk simulation-users.csv --date 2026-03-04 \\\n"
        "      --name 'March payroll' --click-target 10 --report-target 50",
    ),
    notes="files read (told apart by their columns):\n"
    "  Gophish            a campaign's Results export (status, reported, send_date, email)\n"
    "                     or its Events export, which also gives each person's time to report\n"
    "  Microsoft Defender an attack simulation's Users report (Compromised, Reported, Username)\n"
    "  plain CSV          email, clicked, reported (yes/no), and optionally minutes\n"
    "Clicked means the person followed the link (Gophish: Clicked Link or Submitted Data;\n"
    "Defender: Compromised). The drill's date is --date, else the file's first send date\n"
    "(Defender's report and a plain CSV need --date); its name is --name, else the campaign's\n"
    "from the file name. Targets not given are the latest phishing drill's. The same drill\n"
    "(date and name) imported twice is refused.",
    add_arguments=_add_arguments,
    run=_run,
)
