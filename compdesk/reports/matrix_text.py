"""The competence matrix as a text table for a terminal: status marks, a legend, completion."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from typing import Final

from compdesk.models.gaps import GapMatrix, GapStatus
from compdesk.models.records import Competency
from compdesk.reports.formatting import percent, renewal_text

# For terminals whose encoding lacks the status symbols.
ASCII_SYMBOLS: Final = {
    GapStatus.MET: "+",
    GapStatus.EXPIRING: "~",
    GapStatus.DUE: "d",
    GapStatus.PLANNED: ">",
    GapStatus.EXPIRED: "x",
    GapStatus.MISSING: "o",
    GapStatus.NOT_REQUIRED: "-",
}
_REQUIRED_STATUSES: Final = tuple(s for s in GapStatus if s is not GapStatus.NOT_REQUIRED)
_ELLIPSIS: Final = "…"


def status_symbols(can_show: Callable[[str], bool]) -> dict[GapStatus, str]:
    """The status marks, or ASCII ones where `can_show` says the output cannot show them all
    (nor the ellipsis that ends a cut name)."""
    symbols = {status: status.symbol for status in GapStatus}
    if can_show("".join(symbols.values()) + _ELLIPSIS):
        return symbols
    return dict(ASCII_SYMBOLS)


def matrix_as_text(
    matrix: GapMatrix, document_name: str, symbols: Mapping[GapStatus, str]
) -> list[str]:
    """The lines of `compdesk matrix` (format text), without their line ends."""
    lines = [f"Competence matrix of {document_name} as of {matrix.as_of.isoformat()}", ""]
    if not matrix.people or not matrix.competencies:
        lines.append(
            "No people in the matrix on that date."
            if matrix.competencies
            else "The document has no competencies yet."
        )
        return lines
    names_width = min(30, max(_width("Person"), *(_width(p.name) for p in matrix.people)))
    numbers = range(1, len(matrix.competencies) + 1)
    header = _fit("Person", names_width) + "".join(f"{n:>3} " for n in numbers) + "  met"
    lines += [header, "-" * _width(header)]
    for person in matrix.people:
        cells = [matrix.cell(person.id, c.id) for c in matrix.competencies]
        marks = "".join(f"  {_pad(symbols[cell.status], 2)}" for cell in cells)
        required = [cell for cell in cells if cell.status is not GapStatus.NOT_REQUIRED]
        met = sum(cell.status.counts_as_met for cell in required)
        score = f"{met}/{len(required)}" if required else "—"
        lines.append(f"{_fit(person.name, names_width)}{marks}  {score}")
    lines += ["", "Competencies (share of the people who need it that meet it):"]
    for number, competency in zip(numbers, matrix.competencies, strict=True):
        lines.append(
            f"{number:>3}  {_fit(competency.name, 38)} {_fit(_describe(competency), 30)} "
            f"{percent(matrix.competency_completion(competency.id))}"
        )
    counts = matrix.counts()
    required_total = sum(counts[s] for s in _REQUIRED_STATUSES)
    met_total = counts[GapStatus.MET] + counts[GapStatus.EXPIRING]
    lines += [
        "",
        "Legend: " + "  ".join(f"{symbols[s]} {s.value}" for s in GapStatus),
        "Counts: " + ", ".join(f"{counts[s]} {s.value}" for s in _REQUIRED_STATUSES),
        f"Overall completion: {percent(matrix.overall_completion())} "
        f"({met_total} of {required_total} required cells met)",
    ]
    return lines


def _describe(competency: Competency) -> str:
    return f"{competency.level.value}, {renewal_text(competency)}"


def _char_width(char: str) -> int:
    """Terminal columns taken by one character (CJK and some symbols take two)."""
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def _width(text: str) -> int:
    """Terminal columns taken by `text`."""
    return sum(map(_char_width, text))


def _fit(text: str, width: int) -> str:
    """`text` cut to `width` columns (with an ellipsis) and padded to exactly `width`.

    One pass over the characters, stopping at the first that does not fit: a name of any
    length costs no more than its first `width` columns.
    """
    used = 0
    for index, char in enumerate(text):
        used += _char_width(char)
        if used > width:
            kept, kept_width = text[:index], used - _char_width(char)
            # Room for the ellipsis: drop characters from the end until one column is free.
            while kept and kept_width > width - 1:
                kept_width -= _char_width(kept[-1])
                kept = kept[:-1]
            return _pad(kept + _ELLIPSIS, width)
    return text + " " * max(0, width - used)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))
