"""The competence matrix's grid: people × competencies, drawn with canvas calls and split by rows.

A ReportLab Table of 1000 rows × 20 columns spends seconds on cell geometry, a style command
per cell and a text object per symbol; this flowable measures each row once (its name, the one
cell that can wrap), fills each run of equal statuses with one rectangle, draws every rule of a
page in one path and every symbol of a page in one text object, the symbols' operators made once
per page. It looks like the table it replaces: a bold header row of codes on a grey fill,
repeated on each page, the names (through `text.py`, so any script shows), a centred symbol on a
light fill per cell, and each person's met count.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from compdesk.models.gaps import GapStatus
from compdesk.reports.binder.layout import GRID, HEADER_FILL, is_measuring
from compdesk.reports.binder.text import draw_text, markup, shown_text, text_width

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

# Print sizes: 7 pt is the smallest an auditor reads without a lens.
SYMBOL_SIZE: Final = 8.0
CODE_SIZE: Final = 7.0
NAME_SIZE: Final = 8.0
TYPE_SIZE: Final = 6.5
MET_SIZE: Final = 7.0
CELL_PADDING: Final = 1.5
# The name and met columns' padding, and a row's padding above and below its tallest cell.
TEXT_PADDING: Final = 3.0
TOP_PADDING: Final = 2.0
BOTTOM_PADDING: Final = 2.5
RULE_WIDTH: Final = 0.25
# A line of DejaVu Sans is centred in its row with its baseline this share of the size below
# the middle (half its capital height).
_CENTRING: Final = 0.36


@dataclass(frozen=True, slots=True)
class GridRow:
    """One person's row: the name (logical text), the kind shown after it (or ""), a status
    per column, the met count."""

    name: str
    kind: str
    statuses: tuple[GapStatus, ...]
    met: str


class MatrixGrid(Flowable):  # type: ignore[misc]  # ReportLab is untyped
    """The grid of `rows` under a header of `codes`; split between rows, the header repeated."""

    def __init__(
        self,
        codes: Sequence[str],
        rows: Sequence[GridRow],
        *,
        name_width: float,
        cell_width: float,
        met_width: float,
        name_style: ParagraphStyle,
        header_style: ParagraphStyle,
        fills: Mapping[GapStatus, colors.Color],
        heights: Sequence[float] | None = None,
    ) -> None:
        super().__init__()
        self.codes = tuple(codes)
        self.rows = tuple(rows)
        self.name_width = name_width
        self.cell_width = cell_width
        self.met_width = met_width
        self.name_style = name_style
        self.header_style = header_style
        self.fills = fills
        self.header_height = header_style.leading + TOP_PADDING + BOTTOM_PADDING
        self.row_heights = (
            tuple(heights) if heights is not None else tuple(map(self._row_height, self.rows))
        )
        self.width = name_width + cell_width * len(self.codes) + met_width
        self.height = self.header_height + sum(self.row_heights)

    @property
    def font_sizes(self) -> frozenset[float]:
        """The sizes the grid's symbols and codes print at."""
        return frozenset({SYMBOL_SIZE, CODE_SIZE, MET_SIZE})

    def _name_room(self) -> float:
        return self.name_width - 2 * TEXT_PADDING

    def _fits_one_line(self, row: GridRow) -> bool:
        width = text_width(row.name, size=NAME_SIZE)
        if row.kind:
            width += text_width(f" ({row.kind})", size=TYPE_SIZE)
        return bool(width <= self._name_room())

    def _name_paragraph(self, row: GridRow) -> Paragraph:
        """A name too long for one line, wrapped as the table's paragraph cells wrap."""
        text = markup(row.name)
        if row.kind:
            text += f" <font size='{TYPE_SIZE:g}'>({markup(row.kind)})</font>"
        return Paragraph(text, self.name_style)

    def _row_height(self, row: GridRow) -> float:
        if self._fits_one_line(row):
            content = float(self.name_style.leading)
        else:
            _, content = self._name_paragraph(row).wrap(self._name_room(), 1e6)
        return max(float(content), SYMBOL_SIZE * 1.25) + TOP_PADDING + BOTTOM_PADDING

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        room = available_height - self.header_height
        count = 0
        for height in self.row_heights:
            if height > room:
                break
            room -= height
            count += 1
        if count == 0 or count == len(self.rows):
            return [] if count == 0 else [self]
        return [self._part(0, count), self._part(count, len(self.rows))]

    def _part(self, start: int, stop: int) -> MatrixGrid:
        return MatrixGrid(
            self.codes,
            self.rows[start:stop],
            name_width=self.name_width,
            cell_width=self.cell_width,
            met_width=self.met_width,
            name_style=self.name_style,
            header_style=self.header_style,
            fills=self.fills,
            heights=self.row_heights[start:stop],
        )

    # Drawing, from the top down: y is each row's bottom edge in the flowable's space.

    def draw(self) -> None:
        canvas: Canvas = self.canv
        if is_measuring(canvas):
            return
        bottoms = self._row_bottoms()
        self._draw_fills(canvas, bottoms)
        self._draw_rules(canvas, bottoms)
        self._draw_header(canvas)
        self._draw_symbols(canvas, bottoms)
        self._draw_names_and_counts(canvas, bottoms)

    def _row_bottoms(self) -> list[float]:
        bottoms: list[float] = []
        y = self.height - self.header_height
        for height in self.row_heights:
            y -= height
            bottoms.append(y)
        return bottoms

    def _cell_left(self, column: int) -> float:
        return self.name_width + column * self.cell_width

    def _draw_fills(self, canvas: Canvas, bottoms: Sequence[float]) -> None:
        """The header's fill, then one rectangle per run of equal fills in a row, one path
        per colour."""
        canvas.saveState()
        canvas.setFillColor(HEADER_FILL)
        canvas.rect(0, self.height - self.header_height, self.width, self.header_height, 0, 1)
        paths: dict[GapStatus, list[str]] = {}
        for row, bottom, height in zip(self.rows, bottoms, self.row_heights, strict=True):
            statuses = row.statuses
            start = 0
            for column in range(1, len(statuses) + 1):
                if column < len(statuses) and statuses[column] == statuses[start]:
                    continue
                status = statuses[start]
                if status in self.fills:
                    paths.setdefault(status, []).append(
                        f"{self._cell_left(start):.2f} {bottom:.2f} "
                        f"{(column - start) * self.cell_width:.2f} {height:.2f} re"
                    )
                start = column
        # In the order of the statuses, so the same grid gives the same bytes.
        for status in GapStatus:
            if status in paths:
                canvas.setFillColor(self.fills[status])
                canvas.addLiteral(" ".join(paths[status]) + " f")
        canvas.restoreState()

    def _draw_rules(self, canvas: Canvas, bottoms: Sequence[float]) -> None:
        """Every rule of the grid in one path."""
        segments: list[str] = []
        for y in (self.height, self.height - self.header_height, *bottoms):
            segments.append(f"0 {y:.2f} m {self.width:.2f} {y:.2f} l")
        lefts = [0.0, *(self._cell_left(c) for c in range(len(self.codes) + 1)), self.width]
        for x in lefts:
            segments.append(f"{x:.2f} 0 m {x:.2f} {self.height:.2f} l")
        canvas.saveState()
        canvas.setStrokeColor(GRID)
        canvas.setLineWidth(RULE_WIDTH)
        canvas.addLiteral(" ".join(segments) + " S")
        canvas.restoreState()

    def _baseline(self, bottom: float, height: float, size: float) -> float:
        middle = bottom + BOTTOM_PADDING + (height - TOP_PADDING - BOTTOM_PADDING) / 2
        return middle - _CENTRING * size

    def _draw_header(self, canvas: Canvas) -> None:
        bottom = self.height - self.header_height
        size = float(self.header_style.fontSize)
        draw_text(
            canvas,
            TEXT_PADDING,
            self._baseline(bottom, self.header_height, size),
            "Person",
            size=size,
            bold=True,
        )
        codes_y = self._baseline(bottom, self.header_height, CODE_SIZE)
        for column, code in enumerate(self.codes):
            centre = self._cell_left(column) + self.cell_width / 2
            draw_text(canvas, centre, codes_y, code, size=CODE_SIZE, bold=True, align="centre")
        draw_text(
            canvas,
            self._cell_left(len(self.codes)) + TEXT_PADDING,
            self._baseline(bottom, self.header_height, size),
            "Met",
            size=size,
            bold=True,
        )

    def _draw_symbols(self, canvas: Canvas, bottoms: Sequence[float]) -> None:
        """Every status symbol of the page in one text object."""
        shown = {
            status: shown_text(canvas, status.symbol, size=SYMBOL_SIZE) for status in GapStatus
        }
        # Where each symbol starts, left of its cell's centre.
        offsets = {status: self.cell_width / 2 - text.width / 2 for status, text in shown.items()}
        # A text matrix is in user space: the flowable's own, as drawOn translated it.
        operations: list[str] = ["BT"]
        for row, bottom, height in zip(self.rows, bottoms, self.row_heights, strict=True):
            y = self._baseline(bottom, height, SYMBOL_SIZE)
            for column, status in enumerate(row.statuses):
                x = self._cell_left(column) + offsets[status]
                operations.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm {shown[status].operators}")
        operations.append("ET")
        canvas.saveState()
        canvas.setFillColor(colors.black)
        canvas.addLiteral("\n".join(operations))
        canvas.restoreState()

    def _draw_names_and_counts(self, canvas: Canvas, bottoms: Sequence[float]) -> None:
        met_centre = self._cell_left(len(self.codes)) + self.met_width / 2
        for row, bottom, height in zip(self.rows, bottoms, self.row_heights, strict=True):
            if self._fits_one_line(row):
                y = self._baseline(bottom, height, NAME_SIZE)
                width = draw_text(canvas, TEXT_PADDING, y, row.name, size=NAME_SIZE)
                if row.kind:
                    draw_text(
                        canvas,
                        TEXT_PADDING + width,
                        y,
                        f" ({row.kind})",
                        size=TYPE_SIZE,
                    )
            else:
                name = self._name_paragraph(row)
                _, name_height = name.wrap(self._name_room(), 1e6)
                top_of_name = bottom + height - TOP_PADDING
                spare = height - TOP_PADDING - BOTTOM_PADDING - name_height
                name.drawOn(canvas, TEXT_PADDING, top_of_name - name_height - spare / 2)
            draw_text(
                canvas,
                met_centre,
                self._baseline(bottom, height, MET_SIZE),
                row.met,
                size=MET_SIZE,
                align="centre",
            )
