"""Every sub-command, in the order `compdesk --help` lists them, and the parser built from them.

A new sub-command is a module beside this one that declares a `COMMAND`; add it to `COMMANDS`.
"""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path
from typing import Final

from compdesk import __version__
from compdesk.cli import (
    add_evidence,
    binder,
    check,
    demo,
    findings,
    import_drill,
    import_people,
    import_quiz,
    matrix,
    metrics,
    new,
    review,
    screenshot,
)
from compdesk.cli.arguments import Parser
from compdesk.cli.command import Command

COMMANDS: Final[tuple[Command, ...]] = (
    new.COMMAND,
    demo.COMMAND,
    check.COMMAND,
    matrix.COMMAND,
    metrics.COMMAND,
    findings.COMMAND,
    binder.COMMAND,
    review.COMMAND,
    import_people.COMMAND,
    import_quiz.COMMAND,
    import_drill.COMMAND,
    add_evidence.COMMAND,
    screenshot.COMMAND,
)
COMMAND_NAMES: Final = tuple(command.name for command in COMMANDS)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="compdesk",
        usage="compdesk [FILE]\n       compdesk COMMAND FILE [OPTIONS]",
        description="ISO/IEC 27001 clause 7.2 competence and awareness training, kept in one "
        "file. Without a command, compdesk opens its window on FILE (or the last file).",
        epilog="Run 'compdesk COMMAND --help' for a command's options and examples.",
    )
    parser.add_argument("--version", action="version", version=f"compdesk {__version__}")
    subparsers = parser.add_subparsers(
        dest="command", metavar="COMMAND", required=True, prog="compdesk"
    )
    for command in COMMANDS:
        sub_parser = subparsers.add_parser(
            command.name,
            help=command.summary,
            description=textwrap.fill(command.description, 88),
            epilog=command.epilog,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub_parser.add_argument("file", metavar="FILE", type=Path)
        command.add_arguments(sub_parser)
        sub_parser.set_defaults(run=command.run)
    return parser
