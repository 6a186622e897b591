"""The stamp on every appended page: a header naming the evidence, the binder's page footer.

Each stamp is a page of exactly the size the evidence page is displayed at (its crop box, turned
by its /Rotate), drawn upright. qpdf's form placement undoes the page's rotation, so placed on its
box the stamp reads the right way up whatever way the page itself is turned.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pikepdf
from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas

from compdesk.reports.binder import text

# On an A4 or Letter page; a larger page (a poster, an A3 scan) gets a proportionally larger
# stamp so that it is as legible once printed on the binder's paper.
HEADER_BAND: Final = 22.0
FOOTER_BAND: Final = 18.0
_FONT_SIZE: Final = 8.0
_MARGIN: Final = 24.0
_REFERENCE_SIDE: Final = 595.0
_LINE_GREY: Final = 0.6


@dataclass(frozen=True, slots=True)
class Stamp:
    width: float  # the page as displayed, in points
    height: float
    header: str  # logical text, ending with the file name
    file_name: str
    footer: str


def header_text(person: str, competency: str, evidence: str, file_name: str) -> str:
    return " · ".join(("Evidence", person, competency, evidence, file_name))


def footer_text(page_number: int, total_pages: int, as_of: str) -> str:
    return f"page {page_number} of {total_pages} · as of {as_of}"


def fitted_header(stamp: Stamp, size: float, room: float) -> str:
    """The header cut to `room`, keeping the file name (what identifies the page) whole where it
    takes at most half the room, and the end of the person and evidence cut first."""
    if text.text_width(stamp.header, size=size) <= room:
        return stamp.header
    lead = stamp.header.removesuffix(stamp.file_name).rstrip()
    file_name = " " + text.fit(stamp.file_name, size=size, width=room / 2)
    rest = room - text.text_width(file_name, size=size)
    return text.fit(lead, size=size, width=rest) + file_name


def stamp_scale(width: float, height: float) -> float:
    return min(max(min(width, height) / _REFERENCE_SIDE, 0.4), 10.0)


def displayed_box(page: pikepdf.Page) -> pikepdf.Rectangle:
    """The part of the page a viewer shows: the crop box clipped to the media box."""
    media = _box(page, "/MediaBox") or pikepdf.Rectangle(0, 0, 612, 792)  # the spec's default
    crop = _box(page, "/CropBox")
    if crop is None:
        return media
    clipped = pikepdf.Rectangle(
        max(crop.llx, media.llx),
        max(crop.lly, media.lly),
        min(crop.urx, media.urx),
        min(crop.ury, media.ury),
    )
    # A crop box outside the media box is meaningless; viewers then show the media box.
    return clipped if clipped.width > 0 and clipped.height > 0 else media


def _box(page: pikepdf.Page, key: str) -> pikepdf.Rectangle | None:
    value = inherited(page, key)
    if not isinstance(value, pikepdf.Array) or len(value) != 4:
        return None
    try:
        box = pikepdf.Rectangle(value)
    except (TypeError, ValueError, pikepdf.PdfError):
        return None
    # Rectangle normalises the corners; an empty box is as good as none.
    return box if box.width > 0 and box.height > 0 else None


def rotation(page: pikepdf.Page) -> int:
    """The page's /Rotate as 0, 90, 180 or 270 (readers round odd values the same way)."""
    value = inherited(page, "/Rotate")
    degrees = int(value) if isinstance(value, (int, float, pikepdf.Object)) else 0
    return (round(degrees / 90) * 90) % 360


def displayed_size(page: pikepdf.Page) -> tuple[float, float]:
    box = displayed_box(page)
    width, height = float(box.width), float(box.height)
    return (height, width) if rotation(page) in (90, 270) else (width, height)


def inherited(page: pikepdf.Page, key: str) -> pikepdf.Object | None:
    """A page attribute, looked up through the page tree as readers do (/Rotate and the boxes
    may be set once on a /Pages node for all its pages)."""
    node: pikepdf.Object | None = page.obj
    for _ in range(64):  # a page tree deeper than this is a loop
        if node is None or not isinstance(node, pikepdf.Dictionary):
            return None
        if key in node:
            found: pikepdf.Object = node[key]
            return found
        node = node.get("/Parent")
    return None


def draw_stamps(destination: Path, stamps: Sequence[Stamp]) -> Path:
    """One PDF holding one stamp page per appended page, in order."""
    rl_config.invariant = 1
    rl_config.useA85 = 0
    text.register_fonts()
    canvas = Canvas(str(destination), pageCompression=1)
    for stamp in stamps:
        canvas.setPageSize((stamp.width, stamp.height))
        _draw_stamp(canvas, stamp)
        canvas.showPage()
    canvas.save()
    return destination


def _draw_stamp(canvas: Canvas, stamp: Stamp) -> None:
    scale = stamp_scale(stamp.width, stamp.height)
    header, footer = HEADER_BAND * scale, FOOTER_BAND * scale
    size, margin = _FONT_SIZE * scale, min(_MARGIN * scale, stamp.width / 10)
    width, height = stamp.width, stamp.height
    # White strips: the evidence's own content may run to the edge of its page.
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(0, height - header, width, header, stroke=0, fill=1)
    canvas.rect(0, 0, width, footer, stroke=0, fill=1)
    canvas.setStrokeGray(_LINE_GREY)
    canvas.setLineWidth(0.5 * scale)
    canvas.line(0, height - header, width, height - header)
    canvas.line(0, footer, width, footer)
    canvas.setFillColorRGB(0, 0, 0)
    room = max(width - 2 * margin, size)
    baseline = height - header + (header - size) / 2 + size * 0.2
    text.draw_text(canvas, margin, baseline, fitted_header(stamp, size, room), size=size)
    footer_baseline = (footer - size) / 2 + size * 0.2
    text.draw_text(
        canvas,
        width / 2,
        footer_baseline,
        text.fit(stamp.footer, size=size, width=room),
        size=size,
        align="centre",
    )
