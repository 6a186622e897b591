"""What every sub-command writes: its exit status, its lines on stdout, its one-line error."""

from __future__ import annotations

import io
import sys
from typing import Final

from compdesk.models.text import terminal_safe

EXIT_OK: Final = 0
# The work ran but found problems (`check`), or the reader of stdout went away.
EXIT_PROBLEMS: Final = 1
# Bad usage, or an input file that cannot be used.
EXIT_USAGE: Final = 2
EXIT_INTERRUPTED: Final = 130


def one_line(text: str) -> str:
    """`text` on one line, with any character a terminal would obey shown as its escape."""
    return terminal_safe(" ".join(part.strip() for part in str(text).splitlines() if part.strip()))


def error(message: str) -> None:
    """The contract's only error form: one line `compdesk: error: …` on stderr."""
    sys.stderr.write(f"compdesk: error: {one_line(message)}\n")
    sys.stderr.flush()


def say(text: str = "") -> None:
    """Write a line to stdout, replacing what its encoding cannot show rather than failing, and
    showing control characters as their escapes (`\\x1b`): a name cannot drive the terminal."""
    stream = sys.stdout
    line = terminal_safe(text) + "\n"
    try:
        stream.write(line)
    except UnicodeEncodeError:
        encoding = stream.encoding or "ascii"
        stream.write(line.encode(encoding, "replace").decode(encoding))


def utf8_stdout() -> None:
    """CSV and JSON are UTF-8 whatever the console's code page (e.g. redirected on Windows)."""
    stream = sys.stdout
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
    if encoding != "utf8" and isinstance(stream, io.TextIOWrapper):
        stream.reconfigure(encoding="utf-8")


def can_show(text: str) -> bool:
    """Whether stdout's encoding has every character of `text`."""
    try:
        text.encode(sys.stdout.encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True
