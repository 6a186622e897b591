"""Cells as the tools that export results write them: formula escaping, email addresses.

Shared by the importers of quiz results and drill results, which match people by email.
"""

from __future__ import annotations

import unicodedata
from typing import Final

# Spreadsheet exports (Gophish, Google Sheets, many CSV writers) put a `'` before a cell that
# begins with one of these, so that a spreadsheet does not run it as a formula.
_FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


def unescape_formula(text: str) -> str:
    """`'=HYPERLINK(…)` → `=HYPERLINK(…)`: the cell as it was before the export escaped it."""
    if text.startswith("'") and text[1:].startswith(_FORMULA_STARTS):
        return text[1:]
    return text


def normal_email(text: str) -> str:
    """An address as compdesk compares it: trimmed, NFC, case folded (`Ana@X.com` = `ana@x.com`)."""
    return unicodedata.normalize("NFC", unescape_formula(text.strip())).strip().casefold()


def looks_like_email(text: str) -> bool:
    """One `@` with something either side and no spaces: enough to tell an address from a name."""
    local, at, domain = text.partition("@")
    return (
        bool(at and local and domain) and "@" not in domain and not any(c.isspace() for c in text)
    )
