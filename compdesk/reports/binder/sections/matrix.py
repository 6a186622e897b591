"""Section 2: the competence matrix, on landscape pages (ISO/IEC 27001 7.2 b).

Competencies are columns headed by short codes (C1…Cn) with a key table naming each one; when
more competencies than fit a page's width at a legible size are in the document, the columns
are split into groups, each a full pass over the people, so no cell drops below 7 pt. Each
cell shows the status symbol on a light fill: the symbol alone tells the status.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from reportlab.platypus import Flowable, PageBreakIfNotEmpty, Spacer, Table, TableStyle

from compdesk.models.gaps import GapMatrix, GapStatus
from compdesk.models.records import Competency, Person, PersonType
from compdesk.reports.binder.sections.common import STATUS_FILLS, legend_rows, paragraph
from compdesk.reports.binder.sections.matrix_grid import (
    CELL_PADDING,
    CODE_SIZE,
    SYMBOL_SIZE,
    GridRow,
    MatrixGrid,
)
from compdesk.reports.binder.text import markup, text_width
from compdesk.reports.formatting import percent, renewal_text

if TYPE_CHECKING:
    from compdesk.reports.binder.content import BinderContent
    from compdesk.reports.binder.layout import Layout

NUMBER: Final = 2
TITLE: Final = "Competence matrix"
CLAUSE: Final = "ISO/IEC 27001 7.2 b"

NAME_SHARE: Final = 0.2
MET_WIDTH: Final = 34.0


def code(number: int) -> str:
    """The matrix's short name of the competency at 1-based position `number`."""
    return f"C{number}"


def column_width(competency_count: int) -> float:
    """The narrowest competency column that shows its code and a symbol at print size."""
    widest_code = text_width(code(competency_count), size=CODE_SIZE, bold=True)
    widest_symbol = max(text_width(s.symbol, size=SYMBOL_SIZE) for s in GapStatus)
    return max(widest_code, widest_symbol) + 2 * CELL_PADDING


def column_groups(competency_count: int, width: float) -> list[range]:
    """0-based competency positions per page group: as few groups as fit, of even size."""
    if competency_count == 0:
        return []
    name_width = width * NAME_SHARE
    fitting = max(1, int((width - name_width - MET_WIDTH) // column_width(competency_count)))
    groups = math.ceil(competency_count / fitting)
    size = math.ceil(competency_count / groups)
    return [
        range(start, min(start + size, competency_count))
        for start in range(0, competency_count, size)
    ]


def flowables(content: BinderContent, layout: Layout) -> list[Flowable]:
    matrix = content.matrix
    story: list[Flowable] = [PageBreakIfNotEmpty(nextTemplate=layout.LANDSCAPE)]
    story += layout.section_title(NUMBER, TITLE, CLAUSE)
    story.append(
        paragraph(
            f"Every person in the binder against every competency, as of "
            f"{content.as_of.isoformat()}. A status is worked out for each competency a "
            "person's roles require; the others are marked not required. "
            f"<b>Overall completion: {percent(matrix.overall_completion())}</b> of the required "
            f"cells are met (target {percent(content.settings.completion_target)}).",
            layout,
            "Body",
        )
    )
    story.append(Spacer(1, 4))
    story.append(_legend(layout))
    story.append(Spacer(1, 6))
    if not content.competencies or not content.people:
        story.append(
            paragraph(
                "No people in the matrix on that date."
                if content.competencies
                else "The document has no competencies yet.",
                layout,
                "Body",
            )
        )
    else:
        story.append(_key(content, layout))
        groups = column_groups(len(content.competencies), layout.landscape.width)
        for number, group in enumerate(groups, start=1):
            story.append(PageBreakIfNotEmpty())
            if len(groups) > 1:
                story.append(
                    paragraph(
                        f"Competencies {code(group.start + 1)}–{code(group.stop)} "
                        f"(part {number} of {len(groups)})",
                        layout,
                        "Heading",
                    )
                )
            story += _grid(content, layout, group)
    story.append(PageBreakIfNotEmpty(nextTemplate=layout.PORTRAIT))
    return story


def _legend(layout: Layout) -> Table:
    rows: list[list[Flowable | str]] = [["", "Status", "Meaning"]]
    for symbol, label, meaning in legend_rows(list(GapStatus)):
        rows.append(
            [
                paragraph(f"<b>{symbol}</b>", layout),
                paragraph(label, layout),
                paragraph(meaning, layout),
            ]
        )
    table = layout.table(rows, [18, 70, 230], zebra=False)
    statuses = list(GapStatus)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, row), (0, row), STATUS_FILLS[status])
                for row, status in enumerate(statuses, start=1)
                if status in STATUS_FILLS
            ]
        )
    )
    table.hAlign = "LEFT"
    return table


def _key(content: BinderContent, layout: Layout) -> Table:
    """The competencies behind the codes, with their completion."""
    matrix = content.matrix
    required = _required_counts(matrix)
    rows: list[list[Flowable | str]] = [
        ["Code", "Competency", "Level", "Renewal", "Required of", "Completion"]
    ]
    for number, competency in enumerate(content.competencies, start=1):
        rows.append(
            [
                paragraph(f"<b>{code(number)}</b>", layout),
                paragraph(markup(competency.name), layout),
                paragraph(competency.level.label, layout),
                paragraph(renewal_text(competency), layout),
                paragraph(_people_count(required.get(competency.id, 0)), layout),
                paragraph(percent(matrix.competency_completion(competency.id)), layout),
            ]
        )
    width = layout.landscape.width
    shares = (0.07, 0.43, 0.12, 0.18, 0.1, 0.1)
    table = layout.table(rows, [share * width for share in shares])
    table.hAlign = "LEFT"
    return table


def _grid(content: BinderContent, layout: Layout, group: range) -> list[Flowable]:
    """The people × the group's competencies, split between rows at each page end."""
    competencies = [content.competencies[index] for index in group]
    width = layout.landscape.width
    name_width = width * NAME_SHARE
    cell_width = min(
        (width - name_width - MET_WIDTH) / len(competencies),
        4 * column_width(len(content.competencies)),
    )
    grid = MatrixGrid(
        [code(index + 1) for index in group],
        [_person_row(person, competencies, content.matrix) for person in content.people],
        name_width=name_width,
        cell_width=cell_width,
        met_width=MET_WIDTH,
        name_style=layout.styles["Cell"],
        header_style=layout.styles["CellBold"],
        fills=STATUS_FILLS,
    )
    grid.hAlign = "LEFT"
    return [grid]


def _person_row(person: Person, competencies: Sequence[Competency], matrix: GapMatrix) -> GridRow:
    statuses = tuple(matrix.status(person.id, c.id) for c in competencies)
    required = [status for status in statuses if status is not GapStatus.NOT_REQUIRED]
    met = sum(status.counts_as_met for status in required)
    return GridRow(
        name=person.name,
        kind="" if person.type is PersonType.EMPLOYEE else person.type.value,
        statuses=statuses,
        met=f"{met}/{len(required)}" if required else "—",
    )


def _required_counts(matrix: GapMatrix) -> dict[int, int]:
    counts: dict[int, int] = {}
    for _person_id, competency_id in matrix.cells:
        counts[competency_id] = counts.get(competency_id, 0) + 1
    return counts


def _people_count(count: int) -> str:
    return f"{count} {'person' if count == 1 else 'people'}"
