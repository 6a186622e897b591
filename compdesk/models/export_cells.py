"""Cells as the tools that export results write them: text encoding, header spellings,
formula escaping, email addresses, and matching rows to people by email.

Shared by the importers of people, quiz results and drill results.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Final, TypeVar

from compdesk.models.errors import InputError
from compdesk.models.records import Person
from compdesk.models.text import is_email
from compdesk.models.text import normal_email as text_normal_email

_Row = TypeVar("_Row")

# Spreadsheet exports (Gophish, Google Sheets, many CSV writers) put a `'` before a cell that
# begins with one of these, so that a spreadsheet does not run it as a formula.
_FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


def decode_export_text(data: bytes, name: str) -> str:
    """An exported file's bytes as text: UTF-8 with or without a BOM, or UTF-16 with its BOM."""
    # A UTF-16 byte-order mark: Excel's "Unicode text" export.
    encoding = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(
            f"{name} is not UTF-8 text (byte {error.start + 1} cannot be read); "
            'save it again as "CSV UTF-8"'
        ) from None


def normal_header(text: str) -> str:
    """`Work_E-mail `, `workEmail`, `Email Address [Required]` → `work email`, `email address`.

    Case, separators, camel case (Entra ID's `displayName`) and a bracketed note (Google
    Workspace's `[Required]`, `[READ ONLY]`) do not matter.
    """
    text = re.sub(r"\[[^\]]*\]|\([^)]*\)", " ", text.strip())
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)
    text = text.lower().replace("_", " ").replace("-", " ").replace(".", " ")
    return re.sub(r"\s+", " ", text).strip().replace("e mail", "email")


def unescape_formula(text: str) -> str:
    """`'=HYPERLINK(…)` → `=HYPERLINK(…)`: the cell as it was before the export escaped it."""
    if text.startswith("'") and text[1:].startswith(_FORMULA_STARTS):
        return text[1:]
    return text


def normal_email(text: str) -> str:
    """An address in a cell as compdesk compares it (models/text.py `normal_email`), after
    undoing the export's formula escape."""
    return text_normal_email(unescape_formula(text.strip()))


def looks_like_email(text: str) -> bool:
    """Whether a cell holds an address (models/text.py `is_email`): not a name, not two."""
    return is_email(text_normal_email(text))


def match_by_email(
    rows: Iterable[_Row], email_of: Callable[[_Row], str], people: Iterable[Person]
) -> tuple[tuple[tuple[Person, _Row], ...], tuple[str, ...]]:
    """Each row with the person of its email, and the addresses no person has.

    Addresses compare as `normal_email` does (case, spaces and Unicode form ignored). A person
    whose email is blank matches nothing, and neither does a blank address in a row: it is
    listed as unmatched, never dropped. Both results keep the rows' order.
    """
    by_email: dict[str, Person] = {}
    for person in people:
        key = normal_email(person.email)
        if key:
            by_email[key] = person
    matched: list[tuple[Person, _Row]] = []
    unmatched: list[str] = []
    for row in rows:
        email = email_of(row)
        found = by_email.get(normal_email(email))
        if found is None:
            unmatched.append(email)
        else:
            matched.append((found, row))
    return tuple(matched), tuple(unmatched)
