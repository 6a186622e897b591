"""`compdesk screenshot FILE -o OUT.png`: a picture of one view of the window."""

from __future__ import annotations

import argparse
from pathlib import Path

from compdesk.cli.command import Command
from compdesk.cli.output import EXIT_OK, say
from compdesk.views.names import FIRST_VIEW, VIEW_NAMES
from compdesk.views.screenshot import SCREENSHOT_SIZE

SMALLEST_SIZE = (640, 480)
LARGEST_SIZE = (7680, 4320)


def window_size(text: str) -> tuple[int, int]:
    """`1024x700` (or `1024×700`) as (1024, 700)."""
    width_text, separator, height_text = text.lower().replace("×", "x").partition("x")
    try:
        width, height = int(width_text), int(height_text)
    except ValueError:
        width = height = 0
    if not separator or width <= 0 or height <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size: write WIDTHxHEIGHT, as 1024x700")
    if not (SMALLEST_SIZE[0] <= width <= LARGEST_SIZE[0]) or not (
        SMALLEST_SIZE[1] <= height <= LARGEST_SIZE[1]
    ):
        raise argparse.ArgumentTypeError(
            f"{text} is out of range: from {SMALLEST_SIZE[0]}x{SMALLEST_SIZE[1]} "
            f"to {LARGEST_SIZE[0]}x{LARGEST_SIZE[1]}"
        )
    return width, height


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", required=True, type=Path, metavar="OUT.png")
    parser.add_argument(
        "--view", choices=VIEW_NAMES, default=FIRST_VIEW, help=f"default: {FIRST_VIEW}"
    )
    parser.add_argument(
        "--size",
        type=window_size,
        default=SCREENSHOT_SIZE,
        metavar="WxH",
        help="the window's size in pixels, as 1024x700 (default: "
        f"{SCREENSHOT_SIZE[0]}x{SCREENSHOT_SIZE[1]})",
    )
    parser.add_argument(
        "--audit-mode",
        action="store_true",
        help="show the window in audit mode, as it is presented to the auditor",
    )


def _run(arguments: argparse.Namespace) -> int:
    # PERF: Qt loads only for this command and the window; the headless commands never import it.
    from compdesk.views.screenshot import render_screenshot

    width, height = arguments.size
    render_screenshot(
        arguments.file,
        arguments.output,
        arguments.view,
        size=(width, height),
        audit_mode=arguments.audit_mode,
    )
    mode = " in audit mode" if arguments.audit_mode else ""
    say(
        f"saved the {arguments.view} view of {arguments.file.name}{mode} at {width}x{height} "
        f"as {arguments.output}"
    )
    return EXIT_OK


COMMAND = Command(
    name="screenshot",
    summary="save a picture of a view of the window",
    description="Render one view of the main window over a document, offscreen and read-only, "
    "as a PNG (1440 × 900 pixels unless --size says otherwise): for documentation, and to "
    "check what the window shows at a given screen size.",
    examples=(
        "compdesk screenshot acme.compdesk -o matrix.png",
        "compdesk screenshot acme.compdesk -o people.png --view people",
        "compdesk screenshot acme.compdesk -o audit.png --size 1280x800 --audit-mode",
    ),
    add_arguments=_add_arguments,
    run=_run,
)
