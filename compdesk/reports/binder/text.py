"""User text made safe for the binder's pages: cleaned, shaped, ordered, escaped, set in fonts.

ReportLab neither falls back from one font to another glyph by glyph nor orders right-to-left
text inside a paragraph, and its paragraph markup takes `<`, `&` and `>` as markup. So every
user string passes through here before it reaches a page:

1. `clean` removes what must never be drawn or stored in metadata: control characters, the
   bidi embedding, override and isolate controls (a name holding U+202E would otherwise print
   its neighbours backwards), lone surrogates; and composes to NFC (e + U+0301 becomes é).
2. A field holding Arabic letters is reshaped into its joined letter forms (arabic-reshaper), and
   a field holding any right-to-left letters is put into visual order (python-bidi), line by
   line. ReportLab's own shaping is not used: it keeps words in left-to-right order.
3. The visual text is cut into runs by each bundled font's own glyph coverage (read once from
   its cmap, Basic Multilingual Plane only), a combining mark staying with its base; a
   character no bundled font has becomes U+FFFD, which DejaVu Sans draws: a visible mark,
   never a gap or a box.
4. Each run is escaped; runs needing the CJK fallback (or one weight of DejaVu) are wrapped in
   `<font name="...">`.

In `markup`, the runs that both weights of DejaVu Sans can draw carry no font tag: they take the
paragraph style's font, which is FONT or FONT_BOLD, so a bold style or the caller's own `<b>`
still makes them bold (ReportLab's `<font name>` resets bold). The styles of every binder
paragraph must therefore use FONT or FONT_BOLD.

No Qt here; `compdesk.models` knows nothing of fonts.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING, Final, Literal, NamedTuple

import arabic_reshaper
from bidi import algorithm as bidi_algorithm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from compdesk.resources import resources_folder

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

FONT: Final = "CompdeskSans"
FONT_BOLD: Final = "CompdeskSans-Bold"
FALLBACK_FONT: Final = "CompdeskFallback"

REPLACEMENT: Final = "\ufffd"
ELLIPSIS: Final = "…"

_FONT_FILES: Final = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FALLBACK_FONT: "DroidSansFallbackFull.ttf",
}

# A run tagged with this "font" in markup takes the paragraph style's font (see the docstring).
_INHERITED: Final = ""

# C0 except "\n" (tab and carriage returns are turned into space and newline before), DEL, C1,
# and the bidi embedding, override and isolate controls.
_CONTROLS: Final = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_ASCII_UNSAFE: Final = re.compile("[\x00-\x09\x0b-\x1f\x7f]")
_LINE_BREAKS: Final = re.compile("\r\n?|[\u2028\u2029\x85]")
# Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan, Mandaic and their presentation forms, and
# the right-to-left blocks of the supplementary planes.
_RIGHT_TO_LEFT: Final = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
_ARABIC: Final = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefe]")
_MARK_CATEGORIES: Final = frozenset({"Mn", "Mc", "Me"})
_RIGHT_TO_LEFT_CLASSES: Final = frozenset({"R", "AL"})

# Harakat are kept: a name prints with the vowel marks it was typed with.
_RESHAPER: Final = arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False})


# (font name, the code points it has a glyph for), in order of preference.
_Choices = tuple[tuple[str, frozenset[int]], ...]


class _Fonts(NamedTuple):
    """The font choices of each kind of output, made once the fonts are read."""

    markup: _Choices
    canvas_regular: _Choices
    canvas_bold: _Choices
    # Every code point the fonts read so far have; with_fallback: the fallback is among them.
    covered: frozenset[int]
    with_fallback: bool


_Kind = Literal["markup", "canvas_regular", "canvas_bold"]

_registration_lock: Final = threading.Lock()
_fonts: _Fonts | None = None


def _read_font(name: str) -> frozenset[int]:
    """Register the bundled font `name` with ReportLab; the code points it has a glyph for."""
    # shapable=False: ReportLab must not shape (it would keep Arabic words in left-to-right
    # order); the text arrives here already shaped and ordered.
    font = TTFont(name, str(resources_folder() / "fonts" / _FONT_FILES[name]), shapable=False)
    pdfmetrics.registerFont(font)
    # Only the Basic Multilingual Plane: ReportLab writes a code point beyond it into the
    # font's ToUnicode map as five or six hex digits, not as UTF-16, which makes that map
    # invalid and the character lost to text extraction (an emoji such as U+1F600 becomes
    # U+FFFD instead: visible, and found again).
    return frozenset(
        code for code, glyph in font.face.charToGlyph.items() if glyph != 0 and code <= 0xFFFF
    )


def _choices(regular: frozenset[int], bold: frozenset[int], fallback: frozenset[int]) -> _Fonts:
    both = regular & bold
    return _Fonts(
        markup=((_INHERITED, both), (FONT, regular), (FALLBACK_FONT, fallback), (FONT_BOLD, bold)),
        canvas_regular=((FONT, regular), (FALLBACK_FONT, fallback), (FONT_BOLD, bold)),
        canvas_bold=((FONT_BOLD, bold), (FALLBACK_FONT, fallback), (FONT, regular)),
        covered=regular | bold | fallback,
        with_fallback=bool(fallback),
    )


def register_fonts() -> None:
    """Register DejaVu Sans and its bold with ReportLab, once per process.

    The CJK fallback (a 4 MB font that takes longer to read than both DejaVu faces together)
    is read when a text first holds a character DejaVu Sans lacks (`_fonts_for`).
    """
    global _fonts
    if _fonts is not None:
        return
    with _registration_lock:
        if _fonts is not None:
            return
        regular, bold = _read_font(FONT), _read_font(FONT_BOLD)
        # The families make <b> and bold styles pick the right face.
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
        )
        both = regular & bold
        # The fast path of markup() relies on this: printable ASCII needs no font tag.
        assert all(code in both for code in range(0x20, 0x7F)), "DejaVu Sans lacks ASCII"
        assert ord(REPLACEMENT) in both and ord(ELLIPSIS) in both
        _fonts = _choices(regular, bold, frozenset())


def _fonts_for(text: str) -> _Fonts:
    """The font choices to set `text` with: the fallback read first if `text` needs it."""
    global _fonts
    fonts = _registered()
    if fonts.with_fallback or fonts.covered.issuperset(map(ord, text)):
        return fonts
    with _registration_lock:
        current = _fonts
        assert current is not None
        fonts = current
        if not fonts.with_fallback:
            fallback = _read_font(FALLBACK_FONT)
            # Droid has no bold face: its bold is itself.
            pdfmetrics.registerFontFamily(
                FALLBACK_FONT,
                normal=FALLBACK_FONT,
                bold=FALLBACK_FONT,
                italic=FALLBACK_FONT,
                boldItalic=FALLBACK_FONT,
            )
            regular, bold = fonts.canvas_regular[0][1], fonts.canvas_bold[0][1]
            fonts = _fonts = _choices(regular, bold, fallback)
    return fonts


def _registered() -> _Fonts:
    fonts = _fonts
    if fonts is None:
        register_fonts()
        fonts = _fonts
        assert fonts is not None
    return fonts


def clean(text: str) -> str:
    """The logical text, safe for bookmarks, PDF metadata and file names.

    NFC; control characters (C0 but "\\n", DEL, C1), the bidi embedding, override and isolate
    controls and lone surrogates removed. A tab becomes a space and a carriage return (or a
    Unicode line or paragraph separator) a newline, so that removing them joins no words.
    """
    if text.isascii():
        if text.isprintable() or not _ASCII_UNSAFE.search(text):
            return text
        text = _LINE_BREAKS.sub("\n", text).replace("\t", " ")
        return _CONTROLS.sub("", text)
    text = _LINE_BREAKS.sub("\n", text).replace("\t", " ")
    text = _CONTROLS.sub("", text)
    return unicodedata.normalize("NFC", text)


def markup(text: str, *, bold: bool = False) -> str:
    """Paragraph markup of one user field, to concatenate with the caller's own markup.

    Cleaned, shaped and ordered for display, split into font runs, escaped; "\\n" becomes
    <br/>. With `bold`, wrapped in <b> (the CJK fallback has no bold face: it stays regular).
    """
    if _fonts is None:
        register_fonts()
    # The common case, printable ASCII: only &, < and > need anything done.
    if text.isascii() and text.isprintable():
        escaped = _escape(text)
    elif text.isascii() and not _ASCII_UNSAFE.search(text):
        escaped = _escape(text).replace("\n", "<br/>")
    else:
        escaped = _markup_of_unicode(text)
    if bold and escaped:
        return f"<b>{escaped}</b>"
    return escaped


def visual_runs(text: str, *, bold: bool = False) -> list[tuple[str, str]]:
    """(text in visual order, font name) runs of one line of user text, for a canvas.

    Newlines become spaces: a canvas line is one line.
    """
    if _fonts is None:
        register_fonts()
    if text.isascii() and (text.isprintable() or not _ASCII_UNSAFE.search(text)):
        return [(text.replace("\n", " "), FONT_BOLD if bold else FONT)] if text else []
    visual = _visual_order(clean(text).replace("\n", " "))
    fonts = _fonts_for(visual)
    return _font_runs(visual, fonts.canvas_bold if bold else fonts.canvas_regular)


def text_width(text: str, *, size: float, bold: bool = False) -> float:
    """The width of `text` drawn by `draw_text` at `size` points."""
    return sum(
        float(pdfmetrics.stringWidth(run, font, size)) for run, font in visual_runs(text, bold=bold)
    )


def draw_text(
    canvas: Canvas,
    x: float,
    y: float,
    text: str,
    *,
    size: float,
    bold: bool = False,
    align: Literal["left", "right", "centre"] = "left",
) -> float:
    """Draw one line of user text with its baseline at `y`; return its width.

    `x` is the left end, the right end or the centre, as `align` says. The canvas's font is as
    it was afterwards; the fill colour is the caller's.
    """
    runs = visual_runs(text, bold=bold)
    total = sum(float(pdfmetrics.stringWidth(run, font, size)) for run, font in runs)
    if align == "right":
        x -= total
    elif align == "centre":
        x -= total / 2
    # One text object for all runs: text extraction then reads them as one line.
    text_object = canvas.beginText(x, y)
    for run, font in runs:
        text_object.setFont(font, size)
        text_object.textOut(run)
    # The text object's fonts would otherwise stay the PDF's current font, unknown to the
    # canvas, for the caller's next drawString.
    canvas.saveState()
    try:
        canvas.drawText(text_object)
    finally:
        canvas.restoreState()
    return total


class ShownText(NamedTuple):
    """One line of user text as PDF text-showing operators, with its width."""

    operators: str
    width: float


def shown_text(canvas: Canvas, text: str, *, size: float, bold: bool = False) -> ShownText:
    """The operators that show `text` (as `draw_text` would) at the current text position of a
    text object the caller opens itself (BT … ET), each run selecting its font.

    For drawing the same few strings thousands of times (the matrix's symbols): made once,
    placed with a text matrix per cell, where a text object per cell costs ten times more.
    They hold the font subsets' codes of `canvas`'s document: use them on that canvas only.
    """
    parts: list[str] = []
    total = 0.0
    # ReportLab's text objects write these operators the same way (textobject._formatText);
    # the subset codes and names come from the document's own font records.
    document = canvas._doc
    for run, font_name in visual_runs(text, bold=bold):
        font = pdfmetrics.getFont(font_name)
        total += float(pdfmetrics.stringWidth(run, font_name, size))
        for subset, codes in font.splitString(run, document):
            name = font.getSubsetInternalName(subset, document)
            parts.append(f"{name} {size:g} Tf ({canvas._escape(codes)}) Tj")
    return ShownText(" ".join(parts), total)


def fit(text: str, *, size: float, width: float, bold: bool = False) -> str:
    """The cleaned logical text, on one line, cut with "…" so that it fits `width`.

    Cut between characters, never between a letter and its combining marks; "" when not even
    "…" fits.
    """
    line = clean(text).replace("\n", " ")
    if text_width(line, size=size, bold=bold) <= width:
        return line
    ellipsis_width = text_width(ELLIPSIS, size=size, bold=bold)
    if ellipsis_width > width:
        return ""
    if not _RIGHT_TO_LEFT.search(line):
        # Left to right, the drawn text is the logical one, cluster by cluster, and widths add
        # up (ReportLab does not kern).
        fonts = _fonts_for(line)
        choices = fonts.canvas_bold if bold else fonts.canvas_regular
        budget = width - ellipsis_width
        kept: list[str] = []
        used = 0.0
        for cluster in _clusters(line):
            used += sum(
                float(pdfmetrics.stringWidth(drawn, font, size))
                for drawn, font in _pieces_of_cluster(cluster, choices)
            )
            if used > budget:
                break
            kept.append(cluster)
        return "".join(kept).rstrip() + ELLIPSIS
    # Right to left, cutting changes the joined forms of the letters at the cut: measure each.
    cuts = [index for index in range(1, len(line)) if not _is_mark(line[index])]

    def shortened(count: int) -> str:
        return line[: cuts[count - 1]].rstrip() + ELLIPSIS if count else ELLIPSIS

    low, high = 0, len(cuts)
    while low < high:
        middle = (low + high + 1) // 2
        if text_width(shortened(middle), size=size, bold=bold) <= width:
            low = middle
        else:
            high = middle - 1
    return shortened(low)


def _escape(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


# Names and competency names repeat across thousands of paragraphs of one binder.
@lru_cache(maxsize=8192)
def _markup_of_unicode(text: str) -> str:
    lines = []
    for line in clean(text).split("\n"):
        parts = []
        visual = _visual_order(line)
        for run, font in _font_runs(visual, _fonts_for(visual).markup):
            if font == _INHERITED:
                parts.append(_escape(run))
            else:
                parts.append(f'<font name="{font}">{_escape(run)}</font>')
        lines.append("".join(parts))
    return "<br/>".join(lines)


def _visual_order(line: str) -> str:
    """One cleaned line in the order its glyphs are drawn left to right, Arabic joined."""
    if not _RIGHT_TO_LEFT.search(line):
        return line
    if _ARABIC.search(line):
        line = _RESHAPER.reshape(line)
    # The Python implementation in python-bidi applies rule L4 (a bracket in right-to-left
    # text is drawn mirrored); its Rust get_display leaves that to a shaping engine, which
    # ReportLab without shaping does not have, and "(2)" would print as ")2(".
    visual: str = bidi_algorithm.get_display(line)
    return visual


def _is_mark(character: str) -> bool:
    return unicodedata.category(character) in _MARK_CATEGORIES


def _clusters(visual: str) -> list[str]:
    """Each base character with its combining marks, in drawing order.

    The marks of a left-to-right letter follow it. Reversing a right-to-left run puts each
    letter's marks before it, and that is where the bundled fonts want them (rule L3 of the bidi
    algorithm is left undone): their Arabic and Hebrew marks have no width and lie to the right
    of the pen, over the letter drawn next, as their Latin marks lie to the left, over the one
    drawn before.
    """
    clusters: list[str] = []
    index, length = 0, len(visual)
    while index < length:
        if not _is_mark(visual[index]):
            clusters.append(visual[index])
            index += 1
            continue
        end = index
        while end < length and _is_mark(visual[end]):
            end += 1
        after_left_to_right = index > 0 and unicodedata.bidirectional(visual[index - 1]) == "L"
        if (
            end < length
            and unicodedata.bidirectional(visual[end]) in _RIGHT_TO_LEFT_CLASSES
            and not after_left_to_right
        ):
            clusters.append(visual[index : end + 1])
            index = end + 1
        elif clusters:
            clusters[-1] += visual[index:end]
            index = end
        else:
            clusters.append(visual[index:end])
            index = end
    return clusters


def _font_runs(visual: str, choices: _Choices) -> list[tuple[str, str]]:
    first_font, first_coverage = choices[0]
    # Nearly always: the first font has every character, marks included.
    if first_coverage.issuperset(map(ord, visual)):
        return [(visual, first_font)] if visual else []
    runs: list[tuple[str, str]] = []
    for cluster in _clusters(visual):
        for drawn, font in _pieces_of_cluster(cluster, choices):
            if runs and runs[-1][1] == font:
                runs[-1] = (runs[-1][0] + drawn, font)
            else:
                runs.append((drawn, font))
    return runs


def _pieces_of_cluster(cluster: str, choices: _Choices) -> list[tuple[str, str]]:
    """The cluster as it will be drawn, in one font if one has all of it, else in pieces.

    The first font with the base draws it and the marks it has; a mark it lacks is drawn right
    after, in the first font that has it (a mark no font has is left out: it has no width).
    A base no font has becomes U+FFFD in the first font, or nothing for an invisible format
    character (a zero-width joiner no font has must not become a visible mark).
    """
    if len(cluster) == 1:
        code = ord(cluster)
        for font, covered in choices:
            if code in covered:
                return [(cluster, font)]
    else:
        codes = [ord(character) for character in cluster]
        for font, covered in choices:
            if all(code in covered for code in codes):
                return [(cluster, font)]
    base_index = next(
        (index for index, character in enumerate(cluster) if not _is_mark(character)), 0
    )
    base = cluster[base_index]
    base_font = next((font for font, covered in choices if ord(base) in covered), None)
    if base_font is None:
        if unicodedata.category(base) == "Cf":
            return []
        base, base_font = REPLACEMENT, choices[0][0]
    pieces: list[tuple[str, str]] = []
    for index, character in enumerate(cluster):
        if index == base_index:
            drawn, font = base, base_font
        else:
            font_of_mark = next(
                (font for font, covered in choices if ord(character) in covered), None
            )
            if font_of_mark is None:
                continue
            # The base's own font first, if it has the mark.
            if ord(character) in dict(choices)[base_font]:
                font_of_mark = base_font
            drawn, font = character, font_of_mark
        if pieces and pieces[-1][1] == font:
            pieces[-1] = (pieces[-1][0] + drawn, font)
        else:
            pieces.append((drawn, font))
    return pieces
