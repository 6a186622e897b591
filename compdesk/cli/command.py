"""What a sub-command declares, in one place: its name, help, examples, arguments and work."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class Command:
    """A sub-command of `compdesk`. Every command takes the document FILE first: the registry
    adds that argument, `add_arguments` the rest."""

    name: str
    # The command's line in `compdesk --help`.
    summary: str
    # The paragraph at the top of `compdesk NAME --help`, wrapped to 88 columns.
    description: str
    # Command lines shown under "examples:"; a long one continues with "\\\n      ".
    examples: tuple[str, ...]
    # What follows the examples: formats, columns, exit statuses.
    notes: str = ""
    add_arguments: Callable[[argparse.ArgumentParser], None] = _no_arguments
    # Does the work; returns the exit status. A DocumentError it raises becomes the one-line
    # error and exit status 2.
    run: Callable[[argparse.Namespace], int]

    @property
    def epilog(self) -> str:
        examples = "examples:\n" + "\n".join(f"  {example}" for example in self.examples)
        return f"{examples}\n\n{self.notes}" if self.notes else examples
