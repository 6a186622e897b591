"""The parser with the contract's one-line error, and the argument types the commands share."""

from __future__ import annotations

import argparse
import math
from datetime import date
from typing import NoReturn

from compdesk.cli.output import EXIT_USAGE
from compdesk.models.dates import parse_date
from compdesk.models.errors import InputError


class Parser(argparse.ArgumentParser):
    """argparse with the contract's one-line error."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"compdesk: error: {message} (see '{self.prog} --help')\n")


def date_argument(text: str) -> date:
    """A date in the form YYYY-MM-DD."""
    try:
        return parse_date(text, "date")
    except InputError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_as_of_argument(parser: argparse.ArgumentParser) -> None:
    """`--as-of D`: the day a command judges the records on (`arguments.as_of`, None = today)."""
    parser.add_argument(
        "--as-of", type=date_argument, metavar="D", help="the date, YYYY-MM-DD (default: today)"
    )


def add_report_arguments(parser: argparse.ArgumentParser) -> None:
    """`--as-of D` and `--format text|json`, the options of a command that reports figures."""
    add_as_of_argument(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text", help="default: text")


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
    return value


def score_argument(text: str) -> float:
    """A percentage from 0 to 100."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value) or not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"{text!r} is not a percentage from 0 to 100")
    return value
