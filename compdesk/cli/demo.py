"""`compdesk demo FILE`: create the sample organisation, with attached files."""

from __future__ import annotations

import argparse
from pathlib import Path

from compdesk.cli.arguments import positive_int
from compdesk.cli.command import Command
from compdesk.cli.documents import change_log_user, contents_summary
from compdesk.cli.output import EXIT_OK, say
from compdesk.models.errors import InputError


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--people", type=positive_int, default=15, metavar="N", help="people (default: 15)"
    )
    parser.add_argument("--seed", type=int, default=1, metavar="S", help="random seed (default: 1)")


def _run(arguments: argparse.Namespace) -> int:
    path: Path = arguments.file
    if path.exists():
        raise InputError(f"{path.name} already exists; choose another name")
    # PERF: ReportLab and Pillow, which draw the sample files, load only when a demo is made.
    from compdesk.demo import create_demo

    # Written beside `path` and renamed into place whole: an interrupted demo leaves nothing.
    store = create_demo(path, people=arguments.people, seed=arguments.seed, user=change_log_user())
    with store:
        summary = contents_summary(store)
    say(f"created the demo organisation {path}: {summary}")
    return EXIT_OK


COMMAND = Command(
    name="demo",
    summary="create a realistic sample organisation, with attachments",
    description="Create a sample document: people, evidence with attached files, actions, "
    "training sessions and drills. The same --seed gives the same organisation.",
    examples=(
        "compdesk demo sample.compdesk",
        "compdesk demo big.compdesk --people 200 --seed 7",
    ),
    notes="An existing file is never overwritten.",
    add_arguments=_add_arguments,
    run=_run,
)
