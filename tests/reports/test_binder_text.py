"""User text on the binder's pages: printed as typed, found by text extraction, never a crash."""

from __future__ import annotations

import html
import io
import re
import subprocess
import sys
import threading
import unicodedata
from typing import Literal

import pypdf
import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

from compdesk.reports.binder.text import (
    FALLBACK_FONT,
    FONT,
    FONT_BOLD,
    clean,
    draw_text,
    fit,
    markup,
    register_fonts,
    text_width,
    visual_runs,
)

BODY = ParagraphStyle("Body", fontName=FONT, fontSize=11, leading=15)
BOLD_BODY = ParagraphStyle("Bold", fontName=FONT_BOLD, fontSize=11, leading=15)

LAYLA_ARABIC = "ليلى حداد"


def _pdf_of_paragraphs(paragraphs: list[tuple[str, ParagraphStyle]]) -> bytes:
    buffer = io.BytesIO()
    story = [Paragraph(paragraph_markup, style) for paragraph_markup, style in paragraphs]
    SimpleDocTemplate(buffer, invariant=True).build(story)
    return buffer.getvalue()


def _extracted(pdf: bytes) -> str:
    """The PDF's text as pypdf extracts it, in NFKC: Arabic letter forms become letters."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    raw = "\n".join(page.extract_text() for page in reader.pages)
    return unicodedata.normalize("NFKC", raw)


def _font_names(pdf: bytes) -> set[str]:
    """The base font names the first page uses, without their subset prefix.

    Helvetica is left out: ReportLab's canvas sets it up on every page before any text.
    """
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = {str(font.get_object()["/BaseFont"]).split("+")[-1] for font in fonts.values()}
    return names - {"/Helvetica"}


def _printed(name: str, style: ParagraphStyle = BODY) -> str:
    return _extracted(_pdf_of_paragraphs([(markup(name), style)]))


@pytest.mark.parametrize(
    "name",
    [
        "<b>Ana</b> Ruiz",
        "Smith & Jones <i>Ltd</i> &amp; co",
        'Quinn "Q" O\'Brien',
        "李娜",
        "Zoë Ñúñez",
        "Ólafur Þór Łukasz Żółć",
        "Ольга Иванова",
        "Γιώργος Παπαδόπουλος",
        "Li Na 李娜 & co",
    ],
)
def test_a_name_prints_as_typed_and_is_found_by_text_extraction(name: str) -> None:
    assert name in _printed(name)


def test_markup_in_a_name_prints_literally_and_not_in_bold() -> None:
    pdf = _pdf_of_paragraphs([(markup("<b>Ana</b>"), BODY)])

    assert "<b>Ana</b>" in _extracted(pdf)
    assert _font_names(pdf) == {"DejaVuSans"}


def test_a_letter_and_a_combining_accent_print_as_one_composed_letter() -> None:
    assert "René" in _printed("Rene\u0301")


def test_a_combining_mark_without_a_composed_form_stays_with_its_letter() -> None:
    assert visual_runs("x\u0301y") == [("x\u0301y", FONT)]
    assert "x\u0301y" in _printed("x\u0301y")


def test_chinese_is_set_in_the_fallback_font_and_latin_in_the_paragraph_font() -> None:
    assert markup("Li 李娜") == f'Li <font name="{FALLBACK_FONT}">李娜</font>'
    assert _font_names(_pdf_of_paragraphs([(markup("Li 李娜"), BODY)])) == {
        "DejaVuSans",
        "DroidSansFallback",
    }


def test_a_mark_the_base_font_lacks_is_drawn_right_after_its_base() -> None:
    # Droid Sans Fallback has no combining acute; DejaVu Sans draws it over the letter before.
    assert visual_runs("李\u0301") == [("李", FALLBACK_FONT), ("\u0301", FONT)]


def test_arabic_is_joined_and_each_word_is_found_by_text_extraction() -> None:
    pdf = _pdf_of_paragraphs([(markup(LAYLA_ARABIC), BODY)])
    raw = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)

    # Joined letter forms (Arabic Presentation Forms-B) are what the page draws.
    assert any("\ufe70" <= character <= "\ufeff" for character in raw)
    extracted = _extracted(pdf)
    assert "ليلى" in extracted
    assert "حداد" in extracted


def test_arabic_is_drawn_right_to_left() -> None:
    [(visual, font)] = visual_runs(LAYLA_ARABIC)

    assert font == FONT
    # Left to right on the page: the last letter of the last word comes first.
    assert unicodedata.normalize("NFKC", visual)[::-1] == LAYLA_ARABIC


def test_a_latin_and_arabic_name_keeps_latin_first_and_arabic_right_to_left() -> None:
    [(visual, _)] = visual_runs("Layla حداد")

    assert visual.startswith("Layla ")
    assert unicodedata.normalize("NFKC", visual.removeprefix("Layla "))[::-1] == "حداد"
    assert "Layla حداد" in _printed("Layla حداد")


def test_brackets_in_right_to_left_text_are_mirrored() -> None:
    [(visual, _)] = visual_runs("ليلى (2)")

    assert visual.startswith("(2) ")


def test_hebrew_marks_are_drawn_before_their_letter_as_the_font_expects() -> None:
    # DejaVu Sans's Hebrew and Arabic marks lie right of the pen, over the glyph drawn next.
    [(visual, _)] = visual_runs("שָׁלוֹם")

    # Logical: shin, qamats, shin dot, lamed, vav, holam, final mem.
    assert visual == "ם\u05b9ול\u05c1\u05b8ש"


def test_arabic_vowel_marks_are_kept() -> None:
    assert "مُحَمَّد" in _printed("مُحَمَّد")


def test_a_character_no_font_has_prints_as_a_visible_replacement() -> None:
    # U+1F984 (unicorn) is in neither font; U+E000 is private use.
    for name in ["Ana \U0001f984 Ruiz", "Ana \ue000 Ruiz"]:
        assert "\ufffd" in markup(name)
        assert "Ana \ufffd Ruiz" in _printed(name)


def test_a_character_beyond_the_basic_plane_is_replaced_so_text_extraction_keeps_working() -> None:
    # DejaVu Sans has U+1F600, but ReportLab maps such characters for text extraction wrongly.
    assert markup("Ana \U0001f600") == "Ana \ufffd"


def test_an_invisible_format_character_no_font_has_leaves_no_mark() -> None:
    assert markup("Ana\U000e0001Ruiz") == "AnaRuiz"


def test_control_characters_never_reach_the_page() -> None:
    hostile = "\x1b[2J\x07Ana\u202eziuR\x00"

    assert markup(hostile) == "[2JAnaziuR"
    assert "[2JAnaziuR" in _printed(hostile)


@pytest.mark.parametrize(
    ("typed", "cleaned"),
    [
        ("Ana Ruiz", "Ana Ruiz"),
        ("\x1b[2J\x07Ana", "[2JAna"),
        ("Ana\x7f\x00\x1f", "Ana"),
        ("Ana\x9b\x80", "Ana"),
        ("Ana \u202eziuR\u202c", "Ana ziuR"),
        ("\u2067Ana\u2069 \u202aRuiz\u202c \u202b\u202d", "Ana Ruiz "),
        ("line 1\nline 2", "line 1\nline 2"),
        ("line 1\r\nline 2\rline 3\u2028line 4", "line 1\nline 2\nline 3\nline 4"),
        ("Ana\tRuiz", "Ana Ruiz"),
        ("Rene\u0301", "René"),
        ("Ana \ud800Ruiz", "Ana Ruiz"),
        ("李娜 ليلى", "李娜 ليلى"),
    ],
)
def test_clean_keeps_the_logical_text_without_controls(typed: str, cleaned: str) -> None:
    assert clean(typed) == cleaned


def test_a_newline_becomes_a_line_break() -> None:
    assert markup("line 1\nline 2") == "line 1<br/>line 2"
    assert markup("Zoë\nLi 李") == f'Zoë<br/>Li <font name="{FALLBACK_FONT}">李</font>'


def test_markup_is_safe_inside_the_callers_own_markup() -> None:
    paragraph = f"<b>Role</b>: {markup('<i>Lead</i> & 李娜')}"

    assert "Role: <i>Lead</i> & 李娜" in _extracted(_pdf_of_paragraphs([(paragraph, BODY)]))


def test_bold_markup_is_set_in_the_bold_face_and_chinese_stays_in_the_fallback() -> None:
    pdf = _pdf_of_paragraphs([(markup("Zoë 李娜", bold=True), BODY)])

    assert "Zoë 李娜" in _extracted(pdf)
    assert _font_names(pdf) == {"DejaVuSans-Bold", "DroidSansFallback"}


def test_a_bold_style_or_the_callers_bold_tag_makes_the_name_bold() -> None:
    for paragraph, style in [(markup("Zoë Ñúñez"), BOLD_BODY), (f"<b>{markup('Zoë')}</b>", BODY)]:
        assert _font_names(_pdf_of_paragraphs([(paragraph, style)])) == {"DejaVuSans-Bold"}


def test_an_empty_string_gives_empty_markup() -> None:
    assert markup("") == ""
    assert markup("", bold=True) == ""
    assert visual_runs("") == []


def test_register_fonts_is_idempotent_and_safe_from_several_threads() -> None:
    errors: list[BaseException] = []

    def register() -> None:
        try:
            register_fonts()
        except BaseException as error:  # collected for the assertion below
            errors.append(error)

    threads = [threading.Thread(target=register) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert markup("李") == f'<font name="{FALLBACK_FONT}">李</font>'


Align = Literal["left", "right", "centre"]


def _canvas_pdf(draw: list[tuple[float, float, str, Align, bool]]) -> tuple[bytes, list[float]]:
    """Draw (x, y, text, align, bold) lines; return the PDF and the widths draw_text gave."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=True)
    widths = []
    for x, y, line, align, bold in draw:
        widths.append(draw_text(canvas, x, y, line, size=12, bold=bold, align=align))
    canvas.save()
    return buffer.getvalue(), widths


def test_draw_text_prints_each_name_as_typed_on_a_canvas() -> None:
    names = ["<b>Ana</b> & Co", "李娜 Li", "Zoë Ñúñez", "Layla حداد", "Ana\x07\u202e"]
    pdf, _ = _canvas_pdf(
        [(72, 700 - 20 * row, name, "left", False) for row, name in enumerate(names)]
    )

    extracted = _extracted(pdf)
    for name in ["<b>Ana</b> & Co", "李娜 Li", "Zoë Ñúñez", "Layla حداد", "Ana"]:
        assert name in extracted
    assert "\x07" not in extracted


@pytest.mark.parametrize(
    ("align", "share_left_of_x"), [("left", 0.0), ("right", 1.0), ("centre", 0.5)]
)
def test_draw_text_aligns_at_x_and_returns_its_width(align: Align, share_left_of_x: float) -> None:
    name = "Zoë 李娜"
    pdf, [width] = _canvas_pdf([(300, 500, name, align, True)])
    starts: list[float] = []

    def visit(text_drawn: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text_drawn.strip():
            starts.append(tm[4])

    pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)

    assert width == pytest.approx(text_width(name, size=12, bold=True))
    assert width > 0
    assert min(starts) == pytest.approx(300 - share_left_of_x * width)


def test_draw_text_leaves_the_canvas_font_as_it_was() -> None:
    canvas = Canvas(io.BytesIO())
    canvas.setFont("Helvetica", 9)

    draw_text(canvas, 10, 10, "李娜 Zoë", size=14, bold=True)

    # ReportLab keeps the current font on the canvas; it has no public getter.
    assert (canvas._fontname, canvas._fontsize) == ("Helvetica", 9)


def test_text_width_adds_the_runs_in_their_fonts() -> None:
    latin = text_width("Zoë ", size=10)
    chinese = text_width("李娜", size=10)

    assert text_width("Zoë 李娜", size=10) == pytest.approx(latin + chinese)
    assert text_width("Zoë", size=10, bold=True) > text_width("Zoë", size=10)


@pytest.mark.parametrize(
    "name",
    [
        "Alexandra Papadopoulou-Fitzgerald",
        "Zoë Ñúñez de la Fuente y Ávila",
        "李娜李娜李娜李娜李娜",
        LAYLA_ARABIC + " " + LAYLA_ARABIC,
    ],
)
def test_fit_cuts_a_long_name_with_an_ellipsis_to_the_width(name: str) -> None:
    fitted = fit(name, size=10, width=60)

    assert fitted.endswith("…")
    assert name.startswith(fitted.removesuffix("…"))
    assert text_width(fitted, size=10) <= 60
    # Nothing more of the name would have fitted.
    longer = name[: len(fitted)].rstrip() + "…"
    assert text_width(longer, size=10) > 60 or longer == fitted


def test_fit_keeps_a_name_that_fits() -> None:
    assert fit("Ana Ruiz", size=10, width=200) == "Ana Ruiz"
    assert fit("Ana\x07 Ruiz\n", size=10, width=200) == "Ana Ruiz "


def test_fit_never_cuts_a_letter_from_its_combining_mark() -> None:
    name = "x\u0301" * 30

    fitted = fit(name, size=10, width=40).removesuffix("…")

    assert fitted and len(fitted) % 2 == 0
    assert fitted == name[: len(fitted)]


def test_fit_gives_nothing_when_not_even_the_ellipsis_fits() -> None:
    assert fit("Ana Ruiz", size=10, width=2) == ""


def test_the_cjk_fallback_is_read_only_when_a_text_needs_it() -> None:
    # A process of its own: the fonts are registered once per process.
    script = (
        "from reportlab.pdfbase import pdfmetrics\n"
        "from compdesk.reports.binder.text import FALLBACK_FONT, markup, text_width\n"
        "markup('Zoë Ñúñez ليلى'); text_width('Ana', size=9)\n"
        "print(FALLBACK_FONT in pdfmetrics.getRegisteredFontNames())\n"
        "markup('李娜')\n"
        "print(FALLBACK_FONT in pdfmetrics.getRegisteredFontNames())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "True"]


def _drawn_strings(pdf: bytes) -> str:
    """The strings a page shows, in the order they are drawn, spaces left out."""
    drawn: list[str] = []
    pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text(
        visitor_text=lambda text, *_: drawn.append(text)
    )
    return "".join(drawn).replace(" ", "").replace("\n", "")


@pytest.mark.parametrize(
    "field",
    [
        "سارة العلي <b>&amp;",
        "سارة (العلي) <x>",
        "שרה <b>&lt; & co",
        "Sara سارة <b>&amp; 李娜",
        "ليلى & <i>حداد</i> &#39;",
    ],
)
def test_markup_prints_a_right_to_left_field_with_markup_characters_as_draw_text_does(
    field: str,
) -> None:
    canvas_pdf, _ = _canvas_pdf([(72, 700, field, "left", False)])
    paragraph_pdf = _pdf_of_paragraphs([(markup(field), BODY)])

    assert _drawn_strings(paragraph_pdf) == _drawn_strings(canvas_pdf)
    # Escaped only for ReportLab: the visual text comes back from the markup unchanged.
    [(visual, _)] = visual_runs(field.replace("李娜", ""))
    assert html.unescape(re.sub("<[^>]*>", "", markup(field.replace("李娜", "")))) == visual
