"""An image of evidence (a photographed certificate, a scanned attendance list) drawn on a page.

Each image goes into a small PDF of its own, so that no canvas holds every image until it saves.
The image is shown the way it was meant to be seen: turned by its EXIF orientation, CMYK,
16-bit, palette and transparent images converted to what prints (transparency on white), and
reduced to about 200 dpi at the size it is drawn, which is plenty on paper.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Final

from PIL import Image, ImageOps, UnidentifiedImageError
from reportlab import rl_config
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from compdesk.reports.binder.stamps import FOOTER_BAND, HEADER_BAND

# A 40-megapixel image decodes to 120-160 MB; anything larger is refused from its header, before
# a single pixel is decoded.
PIXEL_CAP: Final = 40_000_000
_DOTS_PER_INCH: Final = 200
_POINTS_PER_INCH: Final = 72
_MARGIN: Final = 28.0  # around the image, inside the stamp's bands
_JPEG_QUALITY: Final = 85

_SIGNATURES: Final = (
    b"\xff\xd8\xff",  # JPEG
    b"\x89PNG\r\n\x1a\n",
    b"GIF87a",
    b"GIF89a",
    b"II*\x00",  # TIFF, little-endian
    b"MM\x00*",  # TIFF, big-endian
    b"BM",  # BMP
)
# Photographic formats are stored again as JPEG; the others (screenshots, scanned text,
# drawings) as lossless Flate, which keeps their edges sharp.
_PHOTOGRAPHIC: Final = frozenset({"JPEG", "MPO", "WEBP"})
_FORMATS: Final = ("JPEG", "PNG", "GIF", "TIFF", "BMP", "WEBP")


class ImageProblem(Exception):
    """Why an image cannot be shown, as a sentence for its placeholder page."""


def is_image(head: bytes) -> bool:
    """Whether a file's first bytes are those of an image format the binder draws."""
    return head.startswith(_SIGNATURES) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")


def draw_image_page(source: Path, destination: Path, page_size: tuple[float, float]) -> Path:
    """Draw the image at `source` centred on one page of the binder's size (turned to landscape
    for a landscape image), below the stamp's header; raises ImageProblem."""
    picture = _printable_image(source, page_size)
    width, height = page_size
    if picture.width > picture.height:
        width, height = max(page_size), min(page_size)
    else:
        width, height = min(page_size), max(page_size)
    room_width = width - 2 * _MARGIN
    room_height = height - HEADER_BAND - FOOTER_BAND - 2 * _MARGIN
    scale = min(room_width / picture.width, room_height / picture.height)
    drawn_width, drawn_height = picture.width * scale, picture.height * scale
    left = (width - drawn_width) / 2
    bottom = FOOTER_BAND + _MARGIN + (room_height - drawn_height) / 2
    rl_config.invariant = 1
    rl_config.useA85 = 0
    canvas = Canvas(str(destination), pagesize=(width, height), pageCompression=1)
    if picture.format_hint in _PHOTOGRAPHIC:
        encoded = destination.with_suffix(".jpg")
        picture.image.save(encoded, "JPEG", quality=_JPEG_QUALITY, optimize=True)
        # A reader, not the path: ReportLab names the image by a digest of what it is given,
        # and the path differs from one build to the next.
        canvas.drawImage(ImageReader(str(encoded)), left, bottom, drawn_width, drawn_height)
    else:
        canvas.drawImage(ImageReader(picture.image), left, bottom, drawn_width, drawn_height)
    canvas.showPage()
    canvas.save()
    return destination


class _Picture:
    def __init__(self, image: Image.Image, format_hint: str) -> None:
        self.image, self.format_hint = image, format_hint

    @property
    def width(self) -> int:
        return self.image.width

    @property
    def height(self) -> int:
        return self.image.height


def _printable_image(source: Path, page_size: tuple[float, float]) -> _Picture:
    # Pillow refuses (raises) from twice its limit and only warns between one and two times:
    # the warning is made an error too, and the header is checked before either.
    Image.MAX_IMAGE_PIXELS = PIXEL_CAP
    Image.init()  # the TIFF and WebP readers are not among the ones Pillow loads first
    longest = max(page_size) / _POINTS_PER_INCH * _DOTS_PER_INCH
    shortest = min(page_size) / _POINTS_PER_INCH * _DOTS_PER_INCH
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(source, formats=_FORMATS) as opened:
                format_hint = opened.format or ""
                pixels = opened.width * opened.height
                if pixels > PIXEL_CAP:
                    raise ImageProblem(_too_large(opened.width, opened.height))
                bounds = _bounds(opened.width, opened.height, longest, shortest)
                if opened.format in ("JPEG", "MPO"):
                    # Decode at a reduced scale straight away: a 12-megapixel phone photo
                    # then never sits whole in memory.
                    opened.draft(opened.mode, bounds)
                opened.load()
                image = ImageOps.exif_transpose(opened)
    except ImageProblem:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ImageProblem(
            f"The image is larger than the {PIXEL_CAP // 1_000_000}-megapixel limit."
        ) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        raise ImageProblem("The image cannot be read: it is damaged or truncated.") from error
    image = _flattened(image)
    image.thumbnail(_bounds(image.width, image.height, longest, shortest), Image.Resampling.LANCZOS)
    return _Picture(image, format_hint)


def _too_large(width: int, height: int) -> str:
    return (
        f"The image is {width} × {height} pixels, more than the "
        f"{PIXEL_CAP // 1_000_000}-megapixel limit for a page of the binder."
    )


def _bounds(width: int, height: int, longest: float, shortest: float) -> tuple[int, int]:
    """The largest size, in pixels, worth keeping for a page of the image's orientation."""
    if width > height:
        return round(longest), round(shortest)
    return round(shortest), round(longest)


def _flattened(image: Image.Image) -> Image.Image:
    """The image in a mode that prints right: RGB or L, transparency on white."""
    mode = image.mode
    if mode in ("RGB", "L"):
        return image
    if mode == "1":
        return image.convert("L")
    if mode in ("I;16", "I;16L", "I;16B", "I;16N", "I"):
        # 16-bit greyscale (medical scans, some scanners): scale 0-65535 down to 0-255
        # rather than letting conversion clip everything above 255 to white.
        return image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if mode == "F":
        # a single band's extrema are two numbers, not a pair per band
        low, high = (float(value) for value in image.getextrema() if isinstance(value, float))
        spread = (high - low) or 1.0
        return image.point(lambda value: (value - low) * (255 / spread)).convert("L")
    if mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
        mode = image.mode
    if mode in ("LA", "PA", "La", "RGBa", "RGBA"):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    # CMYK (Pillow undoes Adobe's inverted CMYK JPEGs), YCbCr, LAB, HSV
    return image.convert("RGB")
