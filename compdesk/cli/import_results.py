"""What `import-quiz` and `import-drill` share: the options they parse and the lines they print."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from compdesk.models.errors import InputError
from compdesk.models.quiz_import import parse_pass_mark


def percent_argument(text: str) -> float:
    """A percentage as typed (`80`, `80 %`), above 0 and at most 100."""
    try:
        return parse_pass_mark(text)
    except InputError as error:
        raise argparse.ArgumentTypeError(str(error).replace("pass mark ", "", 1)) from None


def addresses(count: int) -> str:
    return f"{count} address{'' if count == 1 else 'es'}"


def listed(lines: Sequence[str], indent: str = "  ") -> list[str]:
    """Each line indented under the sentence that introduces it."""
    return [f"{indent}{line}" for line in lines]


def refuse_if_nobody_matches(
    matched: int, unmatched: Sequence[str], source_name: str, document_name: str
) -> None:
    """Nothing to record: the file is most likely another organisation's, or the wrong one."""
    if matched:
        return
    shown = ", ".join(unmatched[:3]) + (", …" if len(unmatched) > 3 else "")
    raise InputError(
        f"none of the {addresses(len(unmatched))} in {source_name} belongs to anyone in "
        f"{document_name} ({shown}): import the people first, or check it is the right document"
    )
