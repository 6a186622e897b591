"""The command line: `compdesk [FILE]` opens the window; the sub-commands work headless.

A stable contract, relied on by scripts: every error is one line `compdesk: error: …`
on stderr, never a traceback; exit 0 on success, 1 when the work ran but found problems,
2 for bad usage or an unusable input file. A command that fails leaves the document as it was:
everything is validated before the first write, and each command writes in one transaction.
Qt is imported only when the window is opened, so the headless commands never load it.

One module per sub-command declares its name, help, examples, arguments and work (`Command`);
`registry.py` lists them and builds the parser; `main` below dispatches and keeps the contract.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from compdesk.cli.log_file import logging_to_file
from compdesk.cli.output import EXIT_INTERRUPTED, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, error
from compdesk.cli.registry import COMMAND_NAMES, build_parser
from compdesk.cli.window import is_window_invocation, open_window
from compdesk.models.errors import DocumentError

__all__ = ["build_parser", "main"]

log = logging.getLogger(__name__)


def main(argv: list[str] | None = None) -> int:
    """Run compdesk with `argv` (default: the process's arguments); return the exit status."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    log_path: Path | None = None
    try:
        if is_window_invocation(arguments):
            return open_window(arguments)
        with logging_to_file() as log_path:
            parsed = _parse(arguments)
            try:
                run: Callable[[argparse.Namespace], int] = parsed.run
                return run(parsed)
            except (DocumentError, KeyboardInterrupt, SystemExit, BrokenPipeError):
                raise
            except Exception as failure:
                log.exception("unexpected error in: compdesk %s", " ".join(arguments))
                # A document another program filled with values compdesk never writes is the
                # cause to name, not a fault of compdesk. (Imported here: no start-up cost.)
                from compdesk.storage.unreadable import unreadable_values_line

                damaged = unreadable_values_line(getattr(parsed, "file", None))
                if damaged is not None:
                    error(damaged)
                    return EXIT_USAGE
                where = f"; details are in {log_path}" if log_path else ""
                error(f"unexpected problem ({type(failure).__name__}: {failure}){where}")
                return EXIT_USAGE
    except SystemExit as exit_request:
        return _exit_status(exit_request.code)
    except DocumentError as failure:
        error(str(failure))
        return EXIT_USAGE
    except KeyboardInterrupt:
        error("interrupted; nothing was changed")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`compdesk matrix … | head`): stop quietly, and stop Python
        # from complaining when it flushes stdout on exit.
        with contextlib.suppress(OSError, ValueError, AttributeError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return EXIT_PROBLEMS
    except Exception as failure:
        error(f"unexpected problem ({type(failure).__name__}: {failure})")
        return EXIT_USAGE


def _parse(arguments: Sequence[str]) -> argparse.Namespace:
    # The command named first is the only one whose module need load; anything else (an
    # option first, --help, a typo) gets the whole parser and its full help.
    first = arguments[0] if arguments else None
    return build_parser(first if first in COMMAND_NAMES else None).parse_args(arguments)


def _exit_status(code: object) -> int:
    if code is None:
        return EXIT_OK
    if isinstance(code, int):
        return code
    error(str(code))
    return EXIT_USAGE
