"""`compdesk [FILE]`: without a command, open the window (on FILE, or on the last file)."""

from __future__ import annotations

import difflib
import os
from collections.abc import Sequence
from pathlib import Path

from compdesk.cli.output import EXIT_USAGE, error
from compdesk.cli.registry import COMMAND_NAMES


def is_window_invocation(arguments: Sequence[str]) -> bool:
    """No arguments, or a first one that is neither an option nor a command."""
    if not arguments:
        return True
    first = arguments[0]
    return not first.startswith("-") and first not in COMMAND_NAMES


def open_window(arguments: Sequence[str]) -> int:
    """Run the window until it closes; a mistyped command is an error, not a file to open."""
    path: Path | None = None
    if arguments:
        first = arguments[0]
        suggestion = difflib.get_close_matches(first, list(COMMAND_NAMES), n=1)
        looks_like_path = Path(first).exists() or os.sep in first or "." in first
        if len(arguments) > 1 or (suggestion and not looks_like_path):
            hint = f"; did you mean '{suggestion[0]}'?" if suggestion else ""
            commands = ", ".join(COMMAND_NAMES)
            error(f"'{first}' is not a command (choose from {commands}){hint}")
            return EXIT_USAGE
        path = Path(first)
    try:
        # PERF: Qt loads only here and in `screenshot`; the headless commands never import it.
        from compdesk.app import run_gui
    except ImportError as failure:
        error(
            f"the window cannot start ({failure}); the headless commands still work "
            "(see 'compdesk --help')"
        )
        return EXIT_USAGE
    return run_gui(path)
