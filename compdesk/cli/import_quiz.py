"""`compdesk import-quiz FILE RESULTS --competency NAME`: a quiz's results as a training session."""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
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
from compdesk.models.errors import InputError, NotFoundError
from compdesk.models.export_dates import DateOrder
from compdesk.models.quiz_import import (
    ASKS_DATE_ORDER,
    ASKS_TOTAL_POINTS,
    import_notes,
    match_quiz,
    read_quiz_results,
)
from compdesk.models.records import Attendance, Competency, Delivery, Person, TrainingSession
from compdesk.models.training import group_result
from compdesk.reports.formatting import percent
from compdesk.storage import Store

_DATE_ORDERS = {"day-first": DateOrder.DAY_FIRST, "month-first": DateOrder.MONTH_FIRST}
_DELIVERIES = {delivery.value: delivery for delivery in Delivery}


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("results", metavar="RESULTS", type=Path, help="the .csv, .xlsx or .zip")
    parser.add_argument(
        "--competency", required=True, metavar="NAME", help="the competency the quiz shows"
    )
    parser.add_argument(
        "--date",
        type=date_argument,
        metavar="D",
        help="the session's date, YYYY-MM-DD (default: the day of the last answer)",
    )
    parser.add_argument(
        "--pass-mark",
        type=percent_argument,
        metavar="P",
        help="the percentage that passes (default: the document's, see Preferences)",
    )
    parser.add_argument(
        "--out-of",
        type=float,
        metavar="N",
        help="the quiz's total points (Microsoft Forms' export gives points only)",
    )
    parser.add_argument(
        "--dates",
        choices=sorted(_DATE_ORDERS),
        help="how the file writes dates such as 03/04/2025 when no date in it tells",
    )
    parser.add_argument(
        "--delivery",
        choices=list(_DELIVERIES),
        default=Delivery.E_LEARNING.value,
        help="how the training was given (default: e-learning)",
    )


def _run(arguments: argparse.Namespace) -> int:
    try:
        results = read_quiz_results(
            arguments.results,
            today=date.today(),
            out_of=arguments.out_of,
            date_order=_DATE_ORDERS.get(arguments.dates or ""),
        )
    except InputError as error:
        raise _with_hints(error) from None
    if not results.ok:
        raise _with_hints(results.error())
    held_on: date | None = arguments.date or results.held_on
    if held_on is None:
        raise InputError(f"{results.source_name} does not say when the quiz was taken: give --date")
    document_name = arguments.file.name
    with open_for_writing(arguments.file) as store:
        competency = _competency(store, arguments.competency, document_name)
        pass_mark: float = (
            arguments.pass_mark
            if arguments.pass_mark is not None
            else store.settings.get().pass_mark
        )
        matched, unmatched = match_quiz(results, store.people.all())
        refuse_if_nobody_matches(len(matched), unmatched, results.source_name, document_name)
        attendees = [
            # Two decimals: a score of 2/3 reaches a pass mark typed as 66.67.
            Attendance(0, person.id, attended=True, score=round(row.score, 2))
            for person, row in matched
        ]
        _refuse_if_recorded(store, competency, held_on, attendees, results.source_name)
        with store.logged_as(
            f"imported {results.source_name} as a training session of {competency.name}"
        ):
            session = store.training.add(
                competency.id,
                held_on,
                attendees,
                delivery=_DELIVERIES[arguments.delivery],
                pass_mark=pass_mark,
                notes=import_notes(results, unmatched),
            )
            # The results as the tool gave them: the source of every score, shared with the
            # evidence of each person who passed.
            store.training.attach_file(session.id, arguments.results, results.source_name)
        recorded = store.training.attendees(session.id)
        retake_below = store.settings.get().retake_below
    say(
        f"recorded a training session of {competency.name} on {held_on.isoformat()} in "
        f"{document_name}: {_attendees(len(recorded))} from {results.source_name} "
        f"({results.tool.value}), pass mark {pass_mark:g} %"
    )
    people = {person.id: person for person, _ in matched}
    _report_result(session, recorded, people, retake_below)
    again = sum(1 for _, row in matched if row.attempts > 1)
    if again:
        say(f"{again} answered more than once: each one's best attempt counts")
    if unmatched:
        verb = "matches" if len(unmatched) == 1 else "match"
        say(
            f"{addresses(len(unmatched))} in {results.source_name} {verb} nobody in "
            f"{document_name} and {'was' if len(unmatched) == 1 else 'were'} not recorded:"
        )
        for line in listed(unmatched):
            say(line)
    return EXIT_OK


def _competency(store: Store, name: str, document_name: str) -> Competency:
    """The competency of that name; ignoring case when only one is so named."""
    try:
        return store.competencies.by_name(name)
    except NotFoundError:
        wanted = name.strip().casefold()
        same = [c for c in store.competencies.all() if c.name.casefold() == wanted]
        if len(same) == 1:
            return same[0]
        raise InputError(
            f"{document_name} has no competency named {name!r} "
            "(see 'compdesk matrix FILE' for their names)"
        ) from None


def _refuse_if_recorded(
    store: Store,
    competency: Competency,
    held_on: date,
    attendees: list[Attendance],
    source_name: str,
) -> None:
    """The same results imported twice would double everyone's evidence."""
    people = {attendance.person_id for attendance in attendees}
    for session in store.training.sessions(
        competency_id=competency.id, since=held_on, until=held_on
    ):
        if {a.person_id for a in store.training.attendees(session.id)} == people:
            raise InputError(
                f"{source_name} is already recorded: {competency.name} has a session on "
                f"{held_on.isoformat()} with the same attendees"
            )


def _attendees(count: int) -> str:
    return f"{count} attendee{'' if count == 1 else 's'}"


def _report_result(
    session: TrainingSession,
    recorded: Sequence[Attendance],
    people: Mapping[int, Person],
    retake_below: float,
) -> None:
    """Passed and failed, the group pass rate and the retake flag, as the Training view says."""
    result = group_result(recorded, session.pass_mark)
    flag = (
        f", below {percent(retake_below)}: flagged for retake"
        if result.needs_retake(retake_below)
        else ""
    )
    failed = [a for a in recorded if not a.passes(session.pass_mark)]
    say(
        f"{result.passed} passed, {len(failed)} failed: group pass rate "
        f"{percent(result.pass_rate)}{flag}"
    )
    if failed:
        say("failed (no evidence recorded):")
        for attendance in failed:
            person = people[attendance.person_id]
            say(f"  {person.name} <{person.email}> {attendance.score or 0:.0f} %")


def _with_hints(error: InputError) -> InputError:
    """The reader's message, with the option that answers it."""
    message = str(error)
    if ASKS_DATE_ORDER in message:
        return InputError(f"{message} (--dates day-first or --dates month-first says it)")
    if ASKS_TOTAL_POINTS in message:
        return InputError(f"{message} with --out-of")
    return error


COMMAND = Command(
    name="import-quiz",
    summary="record a quiz's results as a training session",
    description="Record the results of a quiz (Google Forms, Microsoft Forms or a plain CSV) as "
    "one training session of a competency: everyone in the file whose email belongs to a "
    "person in the document attends, with their score; those at or above the pass mark get "
    "evidence of the competency. Addresses that match nobody are listed and not recorded. If "
    "any row cannot be read, nothing is recorded and every bad row is listed.",
    examples=(
        "compdesk import-quiz acme.compdesk 'Phishing quiz (Responses).csv' \\\n"
        "      --competency 'Phishing recognition'",
        "compdesk import-quiz acme.compdesk 'Security policy quiz.xlsx' \\\n"
        "      --competency 'Security policy' --out-of 12 --pass-mark 75",
    ),
    notes="files read (told apart by their columns, whatever their name):\n"
    "  Google Forms     the responses sheet (Timestamp, Email Address, Score as 8 / 10),\n"
    "                   as CSV, as .xlsx, or the .zip its Download responses gives\n"
    "  Microsoft Forms  Open results in Excel (.xlsx: Email, Completion time, Total points);\n"
    "                   it holds points only, so --out-of gives the quiz's total\n"
    "  plain CSV        email, score (80 %, 80, 0.8 or 8/10) and optionally date\n"
    "Someone who answered more than once counts with their best attempt. The session's date\n"
    "is --date, else the day of the last answer. The results file is kept with the session\n"
    "and with the evidence of each person who passed. A group pass rate below the document's\n"
    "retake threshold (default 90 %) is flagged for retake. The same results imported twice\n"
    "are refused.",
    add_arguments=_add_arguments,
    run=_run,
)
