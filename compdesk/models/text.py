"""Text as compdesk keeps it: no control or bidi-override characters, emails in one form.

Names and notes come from CSV files, spreadsheets and forms; a character that moves the
terminal's cursor, retitles its window or reverses the text's direction is never part of
a name, so it is dropped on the way in, and shown visibly (`terminal_safe`) on the way out.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

# Bidi embeddings/overrides (U+202A–202E) and isolates (U+2066–2069): they reorder what
# follows, so a name could display as something else.
_BIDI_CONTROLS: Final = "\u202a-\u202e\u2066-\u2069"
# C0 (but newline and tab, kept in multi-line text only), DEL and C1.
_CONTROLS: Final = "\x00-\x08\x0b-\x1f\x7f-\x9f"
_NOT_TEXT: Final = re.compile(f"[{_CONTROLS}{_BIDI_CONTROLS}]")
_NOT_ONE_LINE: Final = re.compile(f"[\t\n{_CONTROLS}{_BIDI_CONTROLS}]")
# In an address also the invisible ones a copy and paste brings along: zero-width space,
# non-joiner, joiner, word joiner, BOM, soft hyphen, left/right-to-left marks.
_NOT_IN_EMAIL: Final = re.compile(
    f"[\t\n{_CONTROLS}{_BIDI_CONTROLS}\u200b-\u200f\u2060\ufeff\u00ad\u180e]"
)
# What a terminal shows of a character it would otherwise obey.
_NOT_FOR_TERMINAL: Final = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI_CONTROLS}]")


def clean_text(text: str, *, multi_line: bool = False) -> str:
    """`text` without control and bidi characters (newlines and tabs kept if `multi_line`),
    trimmed; a line break in a one-line field becomes a space."""
    if multi_line:
        return without_controls(text).strip()
    text = re.sub(r"[\r\n\t]+", " ", text)
    return _NOT_ONE_LINE.sub("", text).strip()


def without_controls(text: str) -> str:
    """`text` without control and bidi characters but its newlines and tabs (`\r\n` → `\n`)."""
    if text.isprintable():
        # PERF: most values have nothing to drop; the check is far cheaper than the regex.
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _NOT_TEXT.sub("", text)


def normal_email(text: str) -> str:
    """An address as compdesk stores and compares it: NFC, trimmed, without invisible or
    control characters, lower-cased (`Ana@X.com`, `ana\u200b@x.com` = `ana@x.com`); a space
    inside stays, for `is_email` to refuse."""
    return _NOT_IN_EMAIL.sub("", unicodedata.normalize("NFC", text)).strip().lower()


def is_email(text: str) -> bool:
    """Whether a normal address (see `normal_email`) is one: exactly one `@`, something before
    it, and a domain with a dot between non-empty labels."""
    local, at, domain = text.partition("@")
    labels = domain.split(".")
    return (
        bool(at and local)
        and "@" not in domain
        and len(labels) >= 2
        and all(labels)
        and not any(c.isspace() for c in text)
    )


def terminal_safe(text: str) -> str:
    """`text` with each character a terminal would obey shown as its escape (`\\x1b`), so a
    name stored before compdesk dropped them still cannot drive the terminal."""
    return _NOT_FOR_TERMINAL.sub(lambda match: ascii(match[0])[1:-1], text)
