"""Every sub-command, in the order `compdesk --help` lists them, and the parser built from them.

A new sub-command is a module beside this one that declares a `COMMAND`; add it to
`_COMMAND_MODULES`.
"""

from __future__ import annotations

import argparse
import importlib
import textwrap
from pathlib import Path
from typing import Final

from compdesk import __version__
from compdesk.cli.arguments import Parser
from compdesk.cli.command import Command

# (name, module beside this one), in the order `compdesk --help` lists them. PERF: a command's
# module (and what it imports: ReportLab, pikepdf, the import readers) loads only when that
# command runs or the whole list is shown; `compdesk matrix` need not import the binder.
_COMMAND_MODULES: Final = (
    ("new", "new"),
    ("demo", "demo"),
    ("check", "check"),
    ("backup", "backup"),
    ("restore", "restore"),
    ("repair", "repair"),
    ("matrix", "matrix"),
    ("metrics", "metrics"),
    ("findings", "findings"),
    ("binder", "binder"),
    ("review", "review"),
    ("import-people", "import_people"),
    ("import-quiz", "import_quiz"),
    ("import-drill", "import_drill"),
    ("add-evidence", "add_evidence"),
    ("purge-leaver", "purge_leaver"),
    ("screenshot", "screenshot"),
)
COMMAND_NAMES: Final = tuple(name for name, _ in _COMMAND_MODULES)


def command(name: str) -> Command:
    """The sub-command called `name`, its module imported now."""
    module = dict(_COMMAND_MODULES)[name]
    found: Command = importlib.import_module(f"compdesk.cli.{module}").COMMAND
    if found.name != name:
        raise RuntimeError(f"compdesk.cli.{module} declares {found.name!r}, listed as {name!r}")
    return found


def all_commands() -> tuple[Command, ...]:
    return tuple(command(name) for name in COMMAND_NAMES)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line's parser; with `only`, one that knows that sub-command alone
    (enough to run it, and quicker to build: the other commands' modules stay unloaded)."""
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
    for each in (command(only),) if only is not None else all_commands():
        sub_parser = subparsers.add_parser(
            each.name,
            help=each.summary,
            description=textwrap.fill(each.description, 88),
            epilog=each.epilog,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub_parser.add_argument("file", metavar="FILE", type=Path)
        each.add_arguments(sub_parser)
        sub_parser.set_defaults(run=each.run)
    return parser
