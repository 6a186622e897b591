"""The binder's pages: portrait and landscape templates, styles, footers, bookmarks, contents.

One `BinderDocument` (a ReportLab BaseDocTemplate) draws the body: cover, contents and the
numbered sections. Headings made by `Layout` (and any paragraph in the "Section", "Subsection"
or "Person" style) become PDF bookmarks and contents entries as they are drawn. The footer's
page total is a form drawn once, when the canvas is saved and the total is known (body pages
plus the appendix's), so no page has to be held back; ReportLab's NumberedCanvas recipe, which
replays every page at the end, would send every bookmark to page 1.

The contents is given its final length before `multiBuild` (`contents_for` lists its entries
from the story with placeholder page numbers), so the body builds in two passes: one to learn
the page numbers, one to print them.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Final, NamedTuple

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)
from reportlab.platypus import Frame as ReportLabFrame
from reportlab.platypus.tableofcontents import TableOfContents

from compdesk.models.errors import CancelledError
from compdesk.models.records import Person
from compdesk.reports.binder.measured import BinderTable as BinderTable
from compdesk.reports.binder.measured import MeasuredParagraph as MeasuredParagraph
from compdesk.reports.binder.measured import is_measuring as is_measuring
from compdesk.reports.binder.options import PageSize
from compdesk.reports.binder.text import (
    FONT,
    FONT_BOLD,
    clean,
    draw_text,
    fit,
    markup,
    register_fonts,
    text_width,
)

# The one place the binder sets ReportLab's globals. invariant: no creation date or random id
# in the file, so the same inputs give the same bytes. useA85: streams stay plain Flate (ASCII85
# only makes them bigger, and qpdf rewrites them anyway).
rl_config.invariant = 1
rl_config.useA85 = 0

MARGIN: Final = 42.0
TOP_MARGIN: Final = 40.0
# The footer sits in the bottom margin.
BOTTOM_MARGIN: Final = 46.0
FOOTER_Y: Final = 24.0
FOOTER_SIZE: Final = 7.5
_TOTAL_FORM: Final = "CompdeskPageTotal"

GRID: Final = colors.HexColor("#9aa3ad")
HEADER_FILL: Final = colors.HexColor("#e3e8ee")
ZEBRA_FILL: Final = colors.HexColor("#f5f7f9")
MUTED: Final = colors.HexColor("#4a5560")

# A contents entry's page before the first pass has found it: as wide as a four-digit number.
_UNKNOWN_PAGE: Final = 8888

# The outline levels of the bookmarked styles.
_OUTLINE_LEVELS: Final = {"Section": 0, "Subsection": 1, "Person": 1}


@dataclass(frozen=True, slots=True)
class Frame:
    """The text frame of a page template."""

    width: float
    height: float


class OutlineEntry(NamedTuple):
    """What a heading adds to the bookmarks and the contents."""

    level: int
    # Logical text (not reordered for display): bookmarks and viewers show it as typed.
    title: str
    # Paragraph markup for the contents line.
    contents_markup: str
    key: str


class _Heading(MeasuredParagraph):
    """A paragraph that is a bookmark and a contents entry; its split parts are not."""

    outline: OutlineEntry | None = None


def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    body = ParagraphStyle("Body", fontName=FONT, fontSize=9.5, leading=12.5, spaceAfter=4)
    small = ParagraphStyle("Small", parent=body, fontSize=8, leading=10, spaceAfter=2)
    cell = ParagraphStyle("Cell", parent=body, fontSize=8, leading=9.8, spaceAfter=0)

    def heading(
        name: str, *, font_size: float, leading: float, space_before: float, space_after: float
    ) -> ParagraphStyle:
        # Every heading is bold and stays on the page of what follows it.
        return ParagraphStyle(
            name, parent=body, fontName=FONT_BOLD, fontSize=font_size, leading=leading,
            spaceBefore=space_before, spaceAfter=space_after, keepWithNext=1,
        )

    styles = [
        body,
        small,
        cell,
        ParagraphStyle("CellBold", parent=cell, fontName=FONT_BOLD),
        ParagraphStyle("Caption", parent=small, fontSize=7.5, leading=9.5, textColor=MUTED),
        ParagraphStyle(
            "Title", parent=body, fontName=FONT_BOLD, fontSize=24, leading=29, spaceAfter=6
        ),
        heading("Section", font_size=17, leading=21, space_before=0, space_after=1),
        ParagraphStyle(
            "Clause", parent=body, fontSize=9, textColor=MUTED, spaceAfter=10, keepWithNext=1
        ),
        heading("Person", font_size=13, leading=16, space_before=10, space_after=3),
        heading("Subsection", font_size=12, leading=15, space_before=10, space_after=4),
        heading("Heading", font_size=10, leading=13, space_before=6, space_after=3),
        ParagraphStyle("Contents0", parent=body, fontSize=10, leading=14, leftIndent=0),
        ParagraphStyle(
            "Contents1", parent=body, fontSize=8.5, leading=11, leftIndent=16, spaceAfter=0
        ),
    ]
    return {style.name: style for style in styles}


class Layout:
    """The page frames, the styles and the shared building blocks every section uses."""

    LANDSCAPE: Final = "landscape"
    PORTRAIT: Final = "portrait"

    def __init__(self, page_size: PageSize = PageSize.A4) -> None:
        self.page_size = page_size
        width, height = page_size.points
        self.portrait = Frame(width - 2 * MARGIN, height - TOP_MARGIN - BOTTOM_MARGIN)
        self.landscape = Frame(height - 2 * MARGIN, width - TOP_MARGIN - BOTTOM_MARGIN)
        self.styles: Mapping[str, ParagraphStyle] = _styles()

    def section_title(self, number: int | None, title: str, clause: str) -> list[Flowable]:
        """A numbered section's title (a top-level bookmark) and the clause it evidences.

        `clause` is what follows "ISO/IEC 27001 ": "7.2 a", "7.2 b, d", "Annex A 6.3".
        """
        shown = f"{number} {title}" if number is not None else title
        clause_text = clause if clause.startswith("ISO") else f"ISO/IEC 27001 {clause}"
        return [
            self.heading_paragraph(shown, "Section"),
            MeasuredParagraph(markup(clause_text), self.styles["Clause"]),
        ]

    def person_heading(self, person: Person) -> Flowable:
        """A person's heading in section 3: a bookmark under the section, a contents entry."""
        return self.heading_paragraph(person.name, "Person")

    def subsection(self, title: str) -> Flowable:
        """A titled part of a section: a bookmark under the section, a contents entry."""
        return self.heading_paragraph(title, "Subsection")

    def heading_paragraph(self, title: str, style: str) -> Flowable:
        """A bookmarked heading in `style` ("Section", "Subsection" or "Person")."""
        paragraph = _Heading(markup(title, bold=True), self.styles[style])
        # The key is given when the story is complete (`prepare_contents`), by position.
        paragraph.outline = OutlineEntry(_OUTLINE_LEVELS[style], clean(title), markup(title), "")
        return paragraph

    def table(
        self,
        rows: list[list[Flowable | str]],
        col_widths: list[float],
        *,
        header_rows: int = 1,
        zebra: bool = True,
    ) -> Table:
        """A table whose header rows repeat on each page; text cells become safe paragraphs."""
        cell, cell_bold = self.styles["Cell"], self.styles["CellBold"]
        data = [
            [
                MeasuredParagraph(
                    markup(value, bold=index < header_rows),
                    cell_bold if index < header_rows else cell,
                )
                if isinstance(value, str)
                else value
                for value in row
            ]
            for index, row in enumerate(rows)
        ]
        commands: list[tuple[Any, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("GRID", (0, 0), (-1, -1), 0.25, GRID),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        if header_rows:
            commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_FILL))
        if zebra and len(rows) > header_rows:
            commands.append(
                ("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [colors.white, ZEBRA_FILL])
            )
        # A row may split across pages: a cell listing hundreds of people (who is missing a
        # training) is taller than a page in a large organisation.
        return BinderTable(
            data,
            colWidths=col_widths,
            repeatRows=header_rows,
            splitInRow=1,
            style=TableStyle(commands),
        )


class Anchor(Flowable):  # type: ignore[misc]  # ReportLab is untyped
    """A bookmark with no contents entry and no size (the cover, the contents)."""

    def __init__(self, title: str, key: str) -> None:
        super().__init__()
        self.title = clean(title)
        self.key = key
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, level=0, closed=False)


def _adopt_headings(flowables: list[Any]) -> Iterator[_Heading]:
    """The bookmarked headings of a story, in the order they will be drawn.

    A paragraph that a section made itself in a bookmarked style is turned into a heading
    here (its bookmark then shows its plain text).
    """
    for index, flowable in enumerate(flowables):
        style = getattr(flowable, "style", None)
        if (
            type(flowable) in (Paragraph, MeasuredParagraph)
            and style is not None
            and style.name in _OUTLINE_LEVELS
        ):
            heading = _Heading(flowable.text, style)
            heading.outline = OutlineEntry(
                _OUTLINE_LEVELS[style.name], clean(flowable.getPlainText()), flowable.text, ""
            )
            flowables[index] = flowable = heading
        if isinstance(flowable, _Heading) and flowable.outline is not None:
            yield flowable
        # Headings kept with what follows them (KeepTogether and its kind) sit inside.
        inner = getattr(flowable, "_content", None)
        if isinstance(inner, list):
            yield from _adopt_headings(inner)


def prepare_contents(story: list[Any], layout: Layout) -> TableOfContents:
    """The contents of `story`, its entries already listed (page numbers to come) so that its
    length does not change between the passes of `multiBuild`; each heading's bookmark key is
    its position, so the same story gives the same keys."""
    entries: list[tuple[int, str, int, str]] = []
    for number, heading in enumerate(_adopt_headings(story), start=1):
        assert heading.outline is not None
        heading.outline = heading.outline._replace(key=f"h{number}")
        # A placeholder as wide as a four-digit page number: the lines wrap as they will.
        entries.append(
            (heading.outline.level, heading.outline.contents_markup, _UNKNOWN_PAGE, f"h{number}")
        )
    contents = TableOfContents(
        levelStyles=[layout.styles["Contents0"], layout.styles["Contents1"]],
        dotsMinLevel=0,
    )
    contents._entries = entries
    return contents


def _page_total_canvas(appendix_pages: int, *, measuring_pass: bool) -> Callable[..., Canvas]:
    """A canvas class that draws the page total once the body's last page is done."""

    class PageTotalCanvas(Canvas):  # type: ignore[misc]  # ReportLab is untyped
        body_pages = 0
        measuring = measuring_pass

        def save(self) -> None:
            self.body_pages = self.getPageNumber() - 1
            self.beginForm(_TOTAL_FORM, lowerx=0, lowery=-3, upperx=120, uppery=12)
            draw_text(self, 0, 0, str(self.body_pages + appendix_pages), size=FOOTER_SIZE)
            self.endForm()
            super().save()

    return PageTotalCanvas


@contextlib.contextmanager
def cyclic_collection_paused() -> Iterator[None]:
    """PERF: no cyclic garbage collection while a body builds. A binder keeps hundreds of
    thousands of flowables alive until its last pass, and the collector walked them again and
    again (the 500-person binder took about a sixth longer); what the build leaves behind goes
    in the collections after it. Another build running then may find collection on again, which
    only costs it time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class BinderDocument(BaseDocTemplate):  # type: ignore[misc]  # ReportLab is untyped
    """The body of the binder; `build_story` runs the passes and returns its page count."""

    def __init__(
        self,
        path: Path,
        layout: Layout,
        *,
        as_of: date,
        organisation: str,
        title: str,
        author: str,
        appendix_pages: int = 0,
        first_template: str = Layout.PORTRAIT,
        on_flowable: Callable[[], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> None:
        register_fonts()
        width, height = layout.page_size.points
        super().__init__(
            str(path),
            pagesize=(width, height),
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=TOP_MARGIN,
            bottomMargin=BOTTOM_MARGIN,
            title=clean(title),
            author=clean(author),
            subject="ISO/IEC 27001 clause 7.2 and 7.3 competence and awareness evidence",
            creator="compdesk",
            producer="compdesk",
            invariant=1,
            initialFontName=FONT,
        )
        self._layout = layout
        # BaseDocTemplate's own attribute: which template the first page uses.
        self._firstPageTemplateIndex = 1 if first_template == Layout.LANDSCAPE else 0
        self._footer_right = f"as of {as_of.isoformat()}" + (
            f" · {clean(organisation)}" if organisation.strip() else ""
        )
        self._appendix_pages = appendix_pages
        self._on_flowable = on_flowable
        self._cancel = cancel
        self.body_pages = 0
        self.addPageTemplates(
            [
                PageTemplate(
                    Layout.PORTRAIT,
                    [_text_frame(layout.portrait, "portrait")],
                    onPage=self._draw_footer,
                    pagesize=(width, height),
                ),
                PageTemplate(
                    Layout.LANDSCAPE,
                    [_text_frame(layout.landscape, "landscape")],
                    onPage=self._draw_footer,
                    pagesize=(height, width),
                ),
            ]
        )

    def build_story(
        self,
        story_for: Callable[[int], list[Flowable]],
        *,
        length_matters: bool = False,
        max_passes: int = 6,
    ) -> int:
        """Draw the body in as few passes as it takes; its page count.

        `story_for(pages)` gives the story for a body of that many pages (0: not known yet):
        the same list again when the length changes nothing in it. A new story is given the
        contents entries the pass before found. Passes run
        until the contents is satisfied and, if `length_matters` (the body prints the pages
        where the appendix's files start), the body is as long as the story assumed. This is
        ReportLab's multiBuild with a story remade between passes: the contents' page numbers
        and the appendix's settle in the same two passes, not two builds of two each.
        """
        with cyclic_collection_paused():
            return self._build_passes(story_for, length_matters, max_passes)

    def _build_passes(
        self, story_for: Callable[[int], list[Flowable]], length_matters: bool, max_passes: int
    ) -> int:
        # Only the last pass is written (multiBuild's own switch).
        self._doSave = 0
        # A story drawn again is put back as it was (keep-with-next flags), as multiBuild does.
        edits: list[tuple[Any, ...]] = []
        self._multiBuildEdits = edits.append
        assumed_pages = 0
        earlier: list[Any] = []
        for _ in range(max_passes):
            story = story_for(assumed_pages)
            self._indexingFlowables = [f for f in story if f.isIndexing()]
            for indexing, before in zip(self._indexingFlowables, earlier, strict=False):
                indexing._entries = before._entries
            # A pass whose contents does not know its pages yet cannot be the last: it only
            # measures (see `is_measuring`).
            measuring = any(
                entry[2] == _UNKNOWN_PAGE
                for indexing in self._indexingFlowables
                for entry in getattr(indexing, "_entries", ())
            )
            for indexing in self._indexingFlowables:
                indexing.beforeBuild()
            canvas_class = _page_total_canvas(self._appendix_pages, measuring_pass=measuring)
            self.build(story[:], canvasmaker=canvas_class)
            for indexing in self._indexingFlowables:
                indexing.afterBuild()
            pages = int(self.canv.getPageNumber()) - 1
            settled = not length_matters or pages == assumed_pages
            if not measuring and settled and self._allSatisfied():
                self.canv.save()
                self.body_pages = pages
                return pages
            while edits:
                edit = edits.pop(0)
                edit[0](*edit[1:])
            earlier, assumed_pages = self._indexingFlowables, pages
        raise RuntimeError(f"the binder's pages did not settle after {max_passes} passes")

    def handle_documentBegin(self) -> None:
        super().handle_documentBegin()
        self.canv.showOutline()

    def afterFlowable(self, flowable: Flowable) -> None:
        if self._cancel is not None and self._cancel.is_set():
            raise CancelledError("the binder was cancelled; no file was written")
        if isinstance(flowable, _Heading) and flowable.outline is not None:
            entry = flowable.outline
            self.canv.bookmarkPage(entry.key)
            self.canv.addOutlineEntry(entry.title, entry.key, level=entry.level, closed=False)
            self.notify("TOCEntry", (entry.level, entry.contents_markup, self.page, entry.key))
        if self._on_flowable is not None:
            self._on_flowable()

    def _draw_footer(self, canvas: Canvas, document: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFillColor(MUTED)
        page_width = canvas._pagesize[0]
        label = f"page {canvas.getPageNumber()} of "
        label_width = draw_text(canvas, MARGIN, FOOTER_Y, label, size=FOOTER_SIZE)
        canvas.saveState()
        canvas.translate(MARGIN + label_width, FOOTER_Y)
        canvas.doForm(_TOTAL_FORM)
        canvas.restoreState()
        # Room for "page 9999 of 9999" on the left; the organisation is cut to what is left.
        room = page_width - 2 * MARGIN - text_width("page 9999 of 99999  ", size=FOOTER_SIZE)
        draw_text(
            canvas,
            page_width - MARGIN,
            FOOTER_Y,
            fit(self._footer_right, size=FOOTER_SIZE, width=room),
            size=FOOTER_SIZE,
            align="right",
        )
        canvas.setStrokeColor(GRID)
        canvas.setLineWidth(0.4)
        canvas.line(MARGIN, FOOTER_Y + 10, page_width - MARGIN, FOOTER_Y + 10)
        canvas.restoreState()


def _text_frame(frame: Frame, name: str) -> ReportLabFrame:
    """The one text frame of a page template: inside the margins, with no padding of its own."""
    return ReportLabFrame(
        MARGIN,
        BOTTOM_MARGIN,
        frame.width,
        frame.height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id=name,
    )
