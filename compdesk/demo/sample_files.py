"""Believable evidence files for the sample organisation: small PDFs and scanned-looking images.

Pure functions from facts to bytes, used by `compdesk.demo.attachments`. Output is byte-for-byte
deterministic (ReportLab's invariant mode, seeded noise), so the same demo seed gives the same
attachments and content addressing can store each distinct file once. No Qt.
"""

from __future__ import annotations

import io
import logging
import random
from collections.abc import Sequence
from datetime import date
from functools import cache
from pathlib import Path
from typing import Final

import reportlab
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from compdesk.resources import resources_folder

log = logging.getLogger(__name__)

# ReportLab's built-in fonts need no font file and keep each PDF a few KB. Helvetica covers
# Windows-1252 (Zoë, Ñúñez, Ólafur). Names beyond it (李娜) use the CJK fallback font bundled
# under resources/ when there is one (embedded as a subset of the glyphs used), else Adobe's
# standard STSong, which most viewers supply (on a system without any CJK font it shows blank).
_LATIN: Final = "Helvetica"
_LATIN_BOLD: Final = "Helvetica-Bold"
_CID_CJK: Final = "STSong-Light"
_BUNDLED_CJK: Final = "CompdeskCJKFallback"
_INK: Final = (0.12, 0.16, 0.24)
_ACCENT: Final = (0.10, 0.36, 0.60)
_MARGIN: Final = 56.0


@cache
def _cjk_font() -> str:
    """Register the font for text beyond Windows-1252 on first use; return its name."""
    for candidate in sorted(resources_folder().glob("**/DroidSansFallback*.ttf")):
        try:
            pdfmetrics.registerFont(TTFont(_BUNDLED_CJK, str(candidate)))
        except Exception:  # A damaged font file must not stop the demo: use the standard one.
            log.warning("cannot use the font %s", candidate, exc_info=True)
            continue
        return _BUNDLED_CJK
    pdfmetrics.registerFont(UnicodeCIDFont(_CID_CJK))
    return _CID_CJK


def _font_for(text: str, *, bold: bool = False) -> str:
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return _cjk_font()
    return _LATIN_BOLD if bold else _LATIN


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


class _Sheet:
    """A canvas with the few drawing habits every sample document shares."""

    def __init__(self, *, title: str, page_size: tuple[float, float] = A4) -> None:
        self._buffer = io.BytesIO()
        # invariant=True fixes the creation date and document id: same input, same bytes.
        self.canvas = Canvas(self._buffer, pagesize=page_size, invariant=True, pageCompression=1)
        self.canvas.setTitle(title)
        self.canvas.setAuthor("Northwind Cloud (sample data)")
        self.width, self.height = page_size

    def text(
        self,
        x: float,
        y: float,
        text: str,
        *,
        size: float = 10,
        bold: bool = False,
        align: str = "left",
        colour: tuple[float, float, float] = _INK,
    ) -> None:
        self.canvas.setFillColorRGB(*colour)
        self.canvas.setFont(_font_for(text, bold=bold), size)
        if align == "centre":
            self.canvas.drawCentredString(x, y, text)
        elif align == "right":
            self.canvas.drawRightString(x, y, text)
        else:
            self.canvas.drawString(x, y, text)

    def paragraph(self, x: float, y: float, text: str, *, width: float, size: float = 10) -> float:
        """Wrap `text` into `width`; return the baseline below the last line."""
        font = _font_for(text)
        for line in simpleSplit(text, font, size, width):
            self.text(x, y, line, size=size)
            y -= size * 1.45
        return y

    def fitted_size(self, text: str, size: float, width: float, *, bold: bool = False) -> float:
        """The largest font size up to `size` at which `text` fits in `width` on one line."""
        font = _font_for(text, bold=bold)
        while size > 6 and pdfmetrics.stringWidth(text, font, size) > width:
            size -= 0.5
        return size

    def rule(self, y: float) -> None:
        self.canvas.setStrokeColorRGB(*_ACCENT)
        self.canvas.setLineWidth(0.8)
        self.canvas.line(_MARGIN, y, self.width - _MARGIN, y)

    def letterhead(self, organisation: str, subtitle: str) -> float:
        top = self.height - _MARGIN
        self.text(_MARGIN, top, organisation, size=15, bold=True, colour=_ACCENT)
        self.text(self.width - _MARGIN, top, subtitle, size=9, align="right")
        self.rule(top - 10)
        return top - 40

    def fields(
        self, y: float, rows: Sequence[tuple[str, str]], *, label_width: float = 130
    ) -> float:
        for label, value in rows:
            self.text(_MARGIN, y, label, size=10, bold=True)
            self.text(_MARGIN + label_width, y, value, size=10)
            y -= 17
        return y

    def footer(self, text: str) -> None:
        self.text(_MARGIN, 30, text, size=7, colour=(0.45, 0.45, 0.45))

    def finish(self) -> bytes:
        self.canvas.showPage()
        self.canvas.save()
        return self._buffer.getvalue()


def certificate_pdf(
    *,
    holder: str,
    title: str,
    issuer: str,
    achieved_on: date,
    expires_on: date | None,
    reference: str,
) -> bytes:
    """A landscape certificate of completion or of a passed exam."""
    sheet = _Sheet(title=f"Certificate: {title} - {holder}", page_size=landscape(A4))
    canvas, centre = sheet.canvas, sheet.width / 2
    canvas.setStrokeColorRGB(*_ACCENT)
    canvas.setLineWidth(3)
    canvas.rect(28, 28, sheet.width - 56, sheet.height - 56)
    canvas.setLineWidth(0.8)
    canvas.rect(36, 36, sheet.width - 72, sheet.height - 72)
    sheet.text(
        centre, sheet.height - 110, issuer, size=16, bold=True, align="centre", colour=_ACCENT
    )
    sheet.text(centre, sheet.height - 170, "CERTIFICATE", size=34, bold=True, align="centre")
    sheet.text(centre, sheet.height - 205, "This is to certify that", size=12, align="centre")
    inside = sheet.width - 140
    sheet.text(
        centre,
        sheet.height - 250,
        holder,
        bold=True,
        align="centre",
        size=sheet.fitted_size(holder, 28, inside, bold=True),
    )
    sheet.text(centre, sheet.height - 290, "has successfully completed", size=12, align="centre")
    sheet.text(
        centre,
        sheet.height - 325,
        title,
        bold=True,
        align="centre",
        size=sheet.fitted_size(title, 18, inside, bold=True),
    )
    validity = f"Valid until {_long_date(expires_on)}" if expires_on else "No expiry"
    sheet.text(
        centre,
        sheet.height - 360,
        f"Awarded on {_long_date(achieved_on)}  ·  {validity}",
        size=11,
        align="centre",
    )
    canvas.setLineWidth(0.6)
    canvas.line(centre - 110, 120, centre + 110, 120)
    sheet.text(centre, 106, "Head of Certification", size=9, align="centre")
    sheet.text(sheet.width - 60, 50, f"Certificate no. {reference}", size=8, align="right")
    return sheet.finish()


def training_record_pdf(
    *,
    person: str,
    course: str,
    provider: str,
    completed_on: date,
    minutes: int,
    score: float | None = None,
    organisation: str = "Northwind Cloud",
) -> bytes:
    """A learning-platform transcript: one completed course for one person."""
    sheet = _Sheet(title=f"Training record: {course} - {person}")
    y = sheet.letterhead(provider, "Training record")
    y = sheet.fields(
        y,
        [
            ("Learner", person),
            ("Organisation", organisation),
            ("Course", course),
            ("Completed on", _long_date(completed_on)),
            ("Time spent", f"{minutes} minutes"),
            ("Final assessment", f"{score:.0f} %" if score is not None else "not assessed"),
            ("Status", "Completed"),
        ],
    )
    y -= 14
    y = sheet.paragraph(
        _MARGIN,
        y,
        "This record was exported from the learning platform. It confirms that the learner "
        "viewed every module of the course and, where the course has one, passed its final "
        "assessment.",
        width=sheet.width - 2 * _MARGIN,
    )
    sheet.footer(f"Exported from {provider}. Record for {organisation}'s ISMS, clause 7.2.")
    return sheet.finish()


def quiz_result_pdf(
    *,
    person: str,
    quiz: str,
    taken_on: date,
    score: float,
    pass_mark: float,
    answers: Sequence[tuple[str, bool]],
) -> bytes:
    """A quiz result with each question marked right or wrong."""
    sheet = _Sheet(title=f"Quiz result: {quiz} - {person}")
    y = sheet.letterhead("Northwind Cloud", "Assessment result")
    outcome = "PASSED" if score >= pass_mark else "NOT PASSED"
    y = sheet.fields(
        y,
        [
            ("Participant", person),
            ("Quiz", quiz),
            ("Taken on", _long_date(taken_on)),
            ("Score", f"{score:.0f} % (pass mark {pass_mark:.0f} %)"),
            ("Result", outcome),
        ],
    )
    y -= 10
    sheet.rule(y + 6)
    y -= 12
    for number, (question, correct) in enumerate(answers, start=1):
        sheet.text(_MARGIN, y, f"{number}.", size=9)
        sheet.text(_MARGIN + 20, y, question, size=9)
        sheet.text(
            sheet.width - _MARGIN,
            y,
            "correct" if correct else "wrong",
            size=9,
            bold=not correct,
            align="right",
        )
        y -= 15
    sheet.footer("Generated by the Northwind Cloud learning platform.")
    return sheet.finish()


def cv_pdf(
    *,
    person: str,
    job_title: str,
    summary: str,
    experience: Sequence[tuple[str, str]],
) -> bytes:
    """A one-page CV extract, kept as evidence of competence gained through experience."""
    sheet = _Sheet(title=f"CV extract - {person}")
    y = sheet.height - _MARGIN
    sheet.text(_MARGIN, y, person, size=20, bold=True)
    sheet.text(_MARGIN, y - 20, job_title, size=11, colour=_ACCENT)
    sheet.rule(y - 32)
    y = sheet.paragraph(_MARGIN, y - 55, summary, width=sheet.width - 2 * _MARGIN)
    y -= 8
    sheet.text(_MARGIN, y, "Relevant experience", size=12, bold=True)
    y -= 20
    for period, description in experience:
        sheet.text(_MARGIN, y, period, size=9, bold=True)
        y = (
            sheet.paragraph(
                _MARGIN + 90, y, description, width=sheet.width - 2 * _MARGIN - 90, size=9
            )
            - 6
        )
    sheet.footer("CV extract kept as evidence of experience (ISO/IEC 27001 clause 7.2 b).")
    return sheet.finish()


def contract_clause_pdf(
    *,
    contractor: str,
    company: str,
    client: str,
    signed_on: date,
    valid_until: date,
) -> bytes:
    """An excerpt of a contractor agreement with its information security clause."""
    sheet = _Sheet(title=f"Contract excerpt - {contractor}")
    y = sheet.letterhead(client, "Services agreement (excerpt)")
    y = sheet.fields(
        y,
        [
            ("Contractor", f"{contractor}, {company}"),
            ("Signed on", _long_date(signed_on)),
            ("Term", f"until {_long_date(valid_until)}"),
        ],
    )
    y -= 12
    sheet.text(_MARGIN, y, "§ 9  Information security", size=12, bold=True)
    y -= 20
    clauses = (
        f"9.1 The Contractor has read {client}'s information security policy and the "
        "acceptable use rules, and shall comply with them for the whole term.",
        "9.2 The Contractor confirms that every person it assigns has completed security "
        "awareness training covering passwords and multi-factor authentication, phishing, "
        "data classification and incident reporting within the last twelve months.",
        f"9.3 The Contractor shall report any suspected security incident to {client}'s "
        "security contact without delay and at the latest within 24 hours.",
        "9.4 Confidential information shall be used only for the services and returned or "
        "destroyed when the agreement ends.",
    )
    for clause in clauses:
        y = sheet.paragraph(_MARGIN, y, clause, width=sheet.width - 2 * _MARGIN) - 8
    sheet.footer("Excerpt certified as a true copy of the signed agreement.")
    return sheet.finish()


def memo_pdf(
    *, organisation: str, title: str, author: str, dated: date, paragraphs: Sequence[str]
) -> bytes:
    """A short internal report: a restore test protocol, an incident drill report."""
    sheet = _Sheet(title=title)
    y = sheet.letterhead(organisation, "Internal report")
    sheet.text(_MARGIN, y, title, size=14, bold=True)
    y = sheet.fields(y - 24, [("Author", author), ("Date", _long_date(dated))], label_width=60)
    y -= 8
    for text in paragraphs:
        y = sheet.paragraph(_MARGIN, y, text, width=sheet.width - 2 * _MARGIN) - 8
    sheet.footer(f"{organisation} - internal. Kept as ISMS evidence.")
    return sheet.finish()


_ATTENDEES_PER_PAGE: Final = 34


def attendance_list_pdf(
    *,
    organisation: str,
    event: str,
    held_on: date,
    trainer: str,
    minutes: int,
    attendees: Sequence[str],
    more: int = 0,
) -> bytes:
    """A signed attendance list, several pages for a large organisation."""
    sheet = _Sheet(title=f"Attendance list: {event}")
    canvas = sheet.canvas
    pages = max(1, -(-len(attendees) // _ATTENDEES_PER_PAGE))
    squiggles = random.Random(f"{event}|{held_on}")
    for page in range(pages):
        if page:
            canvas.showPage()
        y = sheet.letterhead(organisation, f"Attendance list - page {page + 1} of {pages}")
        y = sheet.fields(
            y,
            [
                ("Session", event),
                ("Date", f"{_long_date(held_on)}, {minutes} minutes"),
                ("Trainer", trainer),
            ],
            label_width=70,
        )
        y -= 6
        sheet.text(_MARGIN, y, "No.", size=9, bold=True)
        sheet.text(_MARGIN + 36, y, "Name", size=9, bold=True)
        sheet.text(_MARGIN + 300, y, "Signature", size=9, bold=True)
        sheet.rule(y - 5)
        y -= 20
        first = page * _ATTENDEES_PER_PAGE
        for number, name in enumerate(attendees[first : first + _ATTENDEES_PER_PAGE], first + 1):
            sheet.text(_MARGIN, y, str(number), size=9)
            sheet.text(_MARGIN + 36, y, name, size=9)
            # A pen stroke where the attendee signed.
            canvas.setStrokeColorRGB(0.1, 0.2, 0.55)
            canvas.setLineWidth(0.7)
            path = canvas.beginPath()
            x = _MARGIN + 300
            path.moveTo(x, y)
            for _ in range(6):
                x += squiggles.uniform(8, 16)
                path.lineTo(x, y + squiggles.uniform(-3, 7))
            canvas.drawPath(path)
            y -= 18
        if page == pages - 1 and more:
            sheet.text(
                _MARGIN,
                y - 6,
                f"... and {more} more attendees (full list in the learning platform)",
                size=9,
            )
        sheet.footer("Attendees confirm by signature that they took part in the whole session.")
    return sheet.finish()


def can_draw_in_images(text: str) -> bool:
    """Whether the image font (Latin-1) has every glyph of `text`."""
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


@cache
def _pillow_font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    # Pillow's own default font is ASCII only (José would lose his é); the Bitstream Vera that
    # ships with ReportLab covers Latin-1. Images are only made for names it can draw.
    name = "VeraBd.ttf" if bold else "Vera.ttf"
    return ImageFont.truetype(str(Path(reportlab.__file__).parent / "fonts" / name), size)


def phishing_drill_png(
    *,
    organisation: str,
    campaign: str,
    held_on: date,
    sent: int,
    opened: int,
    clicked: int,
    reported: int,
) -> bytes:
    """A screenshot of a phishing-simulation dashboard: counts and a bar chart."""
    width, height = 760, 420
    image = Image.new("RGB", (width, height), (245, 247, 250))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, 44), fill=(32, 45, 64))
    draw.text(
        (18, 12),
        f"Phishing simulation - {organisation}",
        font=_pillow_font(18),
        fill=(255, 255, 255),
    )
    draw.text((18, 58), f"Campaign: {campaign}", font=_pillow_font(16), fill=(32, 45, 64))
    draw.text(
        (18, 82),
        f"Launched {held_on.isoformat()}  |  status: completed",
        font=_pillow_font(13),
        fill=(90, 100, 115),
    )
    bars = (
        ("Sent", sent, (120, 130, 145)),
        ("Opened", opened, (70, 130, 180)),
        ("Clicked", clicked, (200, 70, 60)),
        ("Reported", reported, (60, 150, 90)),
    )
    chart_top, chart_bottom, bar_width = 130, 360, 110
    draw.line((40, chart_bottom, width - 40, chart_bottom), fill=(150, 155, 165), width=1)
    largest = max(sent, 1)
    for index, (label, value, colour) in enumerate(bars):
        left = 70 + index * (bar_width + 60)
        top = chart_bottom - int((chart_bottom - chart_top) * value / largest)
        draw.rectangle((left, top, left + bar_width, chart_bottom), fill=colour)
        share = f"{value}  ({value / largest:.0%})" if label != "Sent" else str(value)
        draw.text((left, top - 22), share, font=_pillow_font(14), fill=(32, 45, 64))
        draw.text((left, chart_bottom + 10), label, font=_pillow_font(14), fill=(32, 45, 64))
    buffer = io.BytesIO()
    # A palette image: flat dashboard colours compress to a few KB.
    image.quantize(colors=32).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def scanned_certificate_jpeg(
    *,
    holder: str,
    title: str,
    issuer: str,
    achieved_on: date,
    seed: str,
) -> bytes:
    """A paper certificate as it comes off an office scanner: grey, slightly skewed, specks."""
    noise = random.Random(seed)
    width, height = 900, 640
    paper = Image.new("L", (width, height), 236)
    draw = ImageDraw.Draw(paper)
    draw.rectangle((30, 30, width - 30, height - 30), outline=90, width=4)
    draw.rectangle((42, 42, width - 42, height - 42), outline=140, width=1)

    def centred(y: int, text: str, size: int, shade: int) -> None:
        # Long course titles shrink to fit inside the frame.
        while True:
            font = _pillow_font(size)
            left, _, right, _ = draw.textbbox((0, 0), text, font=font)
            if right - left <= width - 140 or size <= 10:
                break
            size -= 1
        draw.text(((width - (right - left)) / 2, y), text, font=font, fill=shade)

    centred(80, issuer, 26, 60)
    centred(150, "CERTIFICATE", 48, 30)
    centred(235, "awarded to", 20, 70)
    centred(275, holder, 40, 20)
    centred(350, title, 24, 40)
    centred(410, f"Date of award: {achieved_on.isoformat()}", 18, 60)
    draw.line((330, 540, 570, 540), fill=60, width=2)
    centred(550, "Registrar", 16, 80)
    for _ in range(900):
        x, y = noise.randrange(width), noise.randrange(height)
        draw.point((x, y), fill=noise.randrange(120, 200))
    scanned = paper.rotate(
        noise.uniform(-1.2, 1.2), resample=Image.Resampling.BICUBIC, fillcolor=250
    ).filter(ImageFilter.GaussianBlur(0.6))
    buffer = io.BytesIO()
    scanned.save(buffer, format="JPEG", quality=55, optimize=True)
    return buffer.getvalue()
