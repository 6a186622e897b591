"""The binder's paragraphs and tables: measured once, drawn only in the pass that is kept.

ReportLab's paragraph parses its markup, and breaks its lines on every wrap; a binder has tens
of thousands of short cell paragraphs, most repeating another's text. These keep what they
found, and skip drawing in a pass that only measures (`is_measuring`).
"""

from __future__ import annotations

import copy
import weakref
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, Table


class MeasuredParagraph(Paragraph):  # type: ignore[misc]  # ReportLab is untyped
    """A paragraph that keeps its lines for the width it was last wrapped to.

    ReportLab breaks a paragraph's lines anew on every wrap, and a table cell is wrapped when
    the table is measured, again when it is split at a page end (and for each part after) and
    again when it is drawn, in each of the body's two passes: about six times per cell. The
    lines depend only on the width (no style here limits the lines by height), so the second
    wrap at a width gives back the first's.
    """

    _measured: tuple[float, float, float, Any] | None = None

    def _setup(
        self, text: str, style: ParagraphStyle, bullet_text: Any, frags: Any, cleaner: Any
    ) -> None:
        """PERF: text without markup (no tag, no entity: most of a binder's paragraphs) is one
        fragment in the style's font, so it is copied from the style's own rather than parsed
        (ReportLab's parser, built on html.parser, was a fifth of a binder's time)."""
        if frags is None and not style.textTransform and "<" not in text and "&" not in text:
            cleaned = cleaner(text)
            if cleaned:
                fragment = copy.copy(_plain_fragment(style))
                fragment.text = cleaned
                frags = [fragment]
                text = cleaned
        super()._setup(text, style, bullet_text, frags, cleaner)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        measured = self._measured
        if measured is not None and measured[0] == available_width:
            _, self.width, self.height, self.blPara = measured
            return self.width, self.height
        # PERF: most of a binder's cell paragraphs repeat another's text ("Basic", "—", a
        # competency's name, an evidence kind): 27,000 wraps of 5,800 distinct texts for 150
        # people. A paragraph of one run (ReportLab's kind 0) keeps its lines apart from its
        # fragments and nothing changes them after, so paragraphs of the same text, style and
        # width share them. Split parts (no text of their own) and several runs do not.
        text = self.text
        shared = _shared_wraps(self.style) if isinstance(text, str) else None
        if shared is not None:
            known = shared.get((text, available_width))
            if known is not None:
                self.width, self.height, self.blPara, self._wrapWidths = known
                self._measured = (available_width, self.width, self.height, self.blPara)
                return self.width, self.height
        width, height = super().wrap(available_width, available_height)
        if height != 0x7FFFFFFF:  # ReportLab's "cannot fit at all" is not kept
            self._measured = (available_width, self.width, self.height, self.blPara)
            if shared is not None and self.blPara.kind == 0:
                shared[(text, available_width)] = (
                    self.width,
                    self.height,
                    self.blPara,
                    self._wrapWidths,
                )
        return width, height

    def draw(self) -> None:
        if not is_measuring(self.canv):
            super().draw()


# The fragment ReportLab's parser makes of one run of plain text in a style, by style.
_PLAIN_FRAGMENTS: weakref.WeakKeyDictionary[ParagraphStyle, Any] = weakref.WeakKeyDictionary()


def _plain_fragment(style: ParagraphStyle) -> Any:
    fragment = _PLAIN_FRAGMENTS.get(style)
    if fragment is None:
        fragment = Paragraph("x", style).frags[0]
        _PLAIN_FRAGMENTS[style] = fragment
    return fragment


# The lines of one-run paragraphs by style, then by text and width (see `MeasuredParagraph`);
# a layout's styles, and so these, go when the layout goes.
_SHARED_WRAPS: weakref.WeakKeyDictionary[
    ParagraphStyle, dict[tuple[str, float], tuple[float, float, Any, Any]]
] = weakref.WeakKeyDictionary()


def _shared_wraps(style: ParagraphStyle) -> dict[tuple[str, float], tuple[float, float, Any, Any]]:
    wraps = _SHARED_WRAPS.get(style)
    if wraps is None:
        wraps = _SHARED_WRAPS[style] = {}
    return wraps


class BinderTable(Table):  # type: ignore[misc]  # ReportLab is untyped
    """A table that draws nothing in a measuring pass (see `is_measuring`)."""

    def draw(self) -> None:
        if not is_measuring(self.canv):
            super().draw()


def is_measuring(canvas: Canvas) -> bool:
    """Whether `canvas` belongs to a pass that only finds where things go.

    The first pass of a body with a contents cannot be its last (its contents holds
    placeholder page numbers) and its pages are thrown away: the paragraphs, tables and the
    matrix grid, most of the drawing, skip it there. Positions, page breaks, bookmarks and
    contents entries come from wrapping and splitting, which still run.
    """
    return bool(getattr(canvas, "measuring", False))
