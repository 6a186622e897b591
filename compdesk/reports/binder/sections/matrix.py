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

from reportlab.lib import colors
from reportlab.platypus import Flowable, PageBreakIfNotEmpty, Spacer, Table, TableStyle

from compdesk.models.gaps import GapMatrix, GapStatus
from compdesk.models.records import Competency, Person, PersonType
from compdesk.reports.binder.layout import GRID, HEADER_FILL
from compdesk.reports.binder.sections.common import STATUS_FILLS, legend_rows, paragraph
from compdesk.reports.binder.sections.requirements import renewal_text
from compdesk.reports.binder.text import FONT, FONT_BOLD, markup, text_width
from compdesk.reports.formatting import percent

if TYPE_CHECKING:
    from compdesk.reports.binder.content import BinderContent
    from compdesk.reports.binder.layout import Layout

NUMBER: Final = 2
TITLE: Final = "Competence matrix"
CLAUSE: Final = "ISO/IEC 27001 7.2 b"

# Print sizes: 7 pt is the smallest an auditor reads without a lens.
SYMBOL_SIZE: Final = 8.0
CODE_SIZE: Final = 7.0
CELL_PADDING: Final = 1.5
NAME_SHARE: Final = 0.2
MET_WIDTH: Final = 34.0
# The grid is one table per page, its rows measured once here: ReportLab splitting one long
# table at each page end measures every row left after each split (quadratic in the people).
_PADDING_HEIGHT: Final = 4.5
_HEADER_HEIGHT: Final = CODE_SIZE * 1.25 + _PADDING_HEIGHT
_HEADING_ROOM: Final = 20.0
# Room kept free on each page for what the estimate may miss (a descender, a rounding).
_ROW_SLACK: Final = 6.0


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
    """The people × the group's competencies, a table per page."""
    competencies = [content.competencies[index] for index in group]
    width = layout.landscape.width
    name_width = width * NAME_SHARE
    cell_width = min(
        (width - name_width - MET_WIDTH) / len(competencies),
        4 * column_width(len(content.competencies)),
    )
    header: list[Flowable | str] = [paragraph("Person", layout, "CellBold")]
    header += [code(index + 1) for index in group]
    header.append(paragraph("Met", layout, "CellBold"))
    col_widths = [name_width, *([cell_width] * len(competencies)), MET_WIDTH]
    tables: list[Flowable] = []
    rows = [_person_row(p, competencies, content.matrix, layout) for p in content.people]
    heights = [_row_height(row[0], name_width) for row in rows]
    # The group's heading, when there is one, takes a line of the first page.
    first_room = layout.landscape.height - (
        _HEADING_ROOM if group.start or group.stop < len(content.competencies) else 0
    )
    for chunk in _pages(heights, first_room, layout.landscape.height - _ROW_SLACK):
        style = _grid_style(len(competencies), len(chunk) + 1)
        table = Table(
            [header, *rows[chunk.start : chunk.stop]],
            colWidths=col_widths,
            repeatRows=1,
            style=style,
        )
        table.setStyle(
            _fills(content.people[chunk.start : chunk.stop], competencies, content.matrix)
        )
        table.hAlign = "LEFT"
        if tables:
            tables.append(PageBreakIfNotEmpty())
        tables.append(table)
    return tables


def _row_height(name: Flowable, name_width: float) -> float:
    _width, height = name.wrap(name_width - 6, 1e6)  # the cell's padding is 3 on each side
    return float(max(height, SYMBOL_SIZE * 1.25)) + _PADDING_HEIGHT


def _pages(heights: Sequence[float], first_room: float, room: float) -> list[range]:
    """The rows that fit each page under the repeated header, first page first."""
    pages: list[range] = []
    start, used, available = 0, _HEADER_HEIGHT, first_room - _ROW_SLACK
    for index, height in enumerate(heights):
        if used + height > available and index > start:
            pages.append(range(start, index))
            start, used, available = index, _HEADER_HEIGHT, room
        used += height
    if start < len(heights):
        pages.append(range(start, len(heights)))
    return pages


def _person_row(
    person: Person, competencies: Sequence[Competency], matrix: GapMatrix, layout: Layout
) -> list[Flowable | str]:
    name = markup(person.name)
    if person.type is not PersonType.EMPLOYEE:
        name += f" <font size='6.5'>({person.type.value})</font>"
    cells = [matrix.cell(person.id, c.id) for c in competencies]
    required = [cell for cell in cells if cell.status is not GapStatus.NOT_REQUIRED]
    met = sum(cell.status.counts_as_met for cell in required)
    # PERF: the status cells are plain strings (drawn as they are, in the cell's font), not
    # paragraphs: a matrix of 200 people has 8000 of them.
    row: list[Flowable | str] = [paragraph(name, layout)]
    row += [cell.status.symbol for cell in cells]
    row.append(f"{met}/{len(required)}" if required else "—")
    return row


def _grid_style(columns: int, rows: int) -> TableStyle:
    """The look of `Layout.table`, with centred symbols at print size in the status columns
    and the header's codes in bold."""
    last = columns
    return TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.25, GRID),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ("LEFTPADDING", (1, 0), (last, -1), CELL_PADDING),
            ("RIGHTPADDING", (1, 0), (last, -1), CELL_PADDING),
            ("ALIGN", (1, 0), (-1, -1), "CENTER"),
            ("FONT", (1, 1), (last, -1), FONT, SYMBOL_SIZE),
            ("FONT", (1, 0), (last, 0), FONT_BOLD, CODE_SIZE),
            ("FONT", (-1, 1), (-1, -1), FONT, CODE_SIZE),
            ("TEXTCOLOR", (1, 1), (last, -1), colors.black),
        ]
    )


def _fills(
    people: Sequence[Person], competencies: Sequence[Competency], matrix: GapMatrix
) -> TableStyle:
    """One background command per run of equal statuses in a row: ReportLab applies each
    command cell by cell, and most rows are long runs of met or not required."""
    commands: list[tuple[object, ...]] = []
    for row, person in enumerate(people, start=1):
        fills = [STATUS_FILLS.get(matrix.status(person.id, c.id)) for c in competencies]
        start = 0
        for column in range(1, len(fills) + 1):
            if column == len(fills) or fills[column] != fills[start]:
                if fills[start] is not None:
                    commands.append(("BACKGROUND", (start + 1, row), (column, row), fills[start]))
                start = column
    return TableStyle(commands)


def _required_counts(matrix: GapMatrix) -> dict[int, int]:
    counts: dict[int, int] = {}
    for _person_id, competency_id in matrix.cells:
        counts[competency_id] = counts.get(competency_id, 0) + 1
    return counts


def _people_count(count: int) -> str:
    return f"{count} {'person' if count == 1 else 'people'}"
