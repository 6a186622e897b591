"""`compdesk screenshot FILE -o OUT.png`: a picture of one view of the window."""

from __future__ import annotations

import argparse
from pathlib import Path

from compdesk.cli.command import Command
from compdesk.cli.output import EXIT_OK, say
from compdesk.views.names import FIRST_VIEW, VIEW_NAMES


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", required=True, type=Path, metavar="OUT.png")
    parser.add_argument(
        "--view", choices=VIEW_NAMES, default=FIRST_VIEW, help=f"default: {FIRST_VIEW}"
    )


def _run(arguments: argparse.Namespace) -> int:
    # PERF: Qt loads only for this command and the window; the headless commands never import it.
    from compdesk.views.screenshot import render_screenshot

    render_screenshot(arguments.file, arguments.output, arguments.view)
    say(f"saved the {arguments.view} view of {arguments.file.name} as {arguments.output}")
    return EXIT_OK


COMMAND = Command(
    name="screenshot",
    summary="save a picture of a view of the window",
    description="Render one view of the main window over a document, offscreen and read-only, "
    "as a PNG of 1440 × 900 pixels: for documentation, and to check what the window shows.",
    examples=(
        "compdesk screenshot acme.compdesk -o matrix.png",
        "compdesk screenshot acme.compdesk -o people.png --view people",
    ),
    add_arguments=_add_arguments,
    run=_run,
)
