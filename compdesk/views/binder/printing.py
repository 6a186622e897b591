"""Printing a PDF on a QPrinter: each page rendered by QtPdf and drawn on the printer's page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from PySide6.QtCore import QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QPageSize, QPainter, QTransform
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QProgressDialog, QWidget

from compdesk.models.errors import DocumentError
from compdesk.reports.binder.options import PageSize

# Pages are rendered at most this fine: the printer's own resolution (1200 dpi) would make
# an image of over 500 MB per A4 page, and 300 dpi is finer than the pages need.
RENDER_DPI: Final = 300
# Printing that ends sooner shows no progress dialog.
PROGRESS_DELAY_MS: Final = 500
_QT_PAGE_SIZES: Final = {
    PageSize.A4: QPageSize.PageSizeId.A4,
    PageSize.LETTER: QPageSize.PageSizeId.Letter,
}


class PrintError(DocumentError):
    """The printer refused the job."""


def print_with_dialog(
    parent: QWidget,
    document: QPdfDocument,
    *,
    page_size: PageSize,
    title: str,
    what: str = "the audit binder",
) -> str | None:
    """Ask for a printer and a page range, then print `what` (its name in the dialogs), with
    Cancel while it runs.

    None when the user closed the dialog; otherwise what became of the job, for the user.
    A PrintError when the printer refuses it.
    """
    page_count = document.pageCount()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    printer.setPageSize(QPageSize(_QT_PAGE_SIZES[page_size]))
    printer.setFromTo(1, page_count)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(f"Print {what}")
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintSelection, False)
    dialog.setMinMax(1, page_count)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    pages = pages_to_print(printer, page_count)
    if not pages:
        return f"No page was printed: the pages of {what} are 1 to {page_count}."
    progress = QProgressDialog(f"Printing {what}…", "Cancel", 0, len(pages), parent)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(PROGRESS_DELAY_MS)

    def keep_going(done: int, _total: int) -> bool:
        progress.setValue(done)
        return not progress.wasCanceled()

    try:
        printed = print_pages(document, printer, pages, keep_going=keep_going)
    finally:
        progress.reset()
        progress.deleteLater()
    if printed < len(pages):
        return "Printing was cancelled."
    return f"Sent {printed} page{'' if printed == 1 else 's'} to the printer."


def pages_to_print(printer: QPrinter, page_count: int) -> list[int]:
    """The 0-based pages the print dialog's range asks for (every page unless one was set)."""
    ranges = printer.pageRanges()
    if printer.printRange() == QPrinter.PrintRange.PageRange and not ranges.isEmpty():
        return [page - 1 for page in range(1, page_count + 1) if ranges.contains(page)]
    return list(range(page_count))


def print_pages(
    document: QPdfDocument,
    printer: QPrinter,
    pages: list[int],
    *,
    keep_going: Callable[[int, int], bool] | None = None,
) -> int:
    """Draw `pages` of `document` on `printer`, each scaled to fit the printable area and
    turned a quarter when its orientation differs from the paper's (the matrix's landscape
    pages on portrait paper). `keep_going(done, total)` is asked before each page; when it
    says no, the job is aborted. Returns the pages printed."""
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError("The printer cannot start the job: check that it is ready.")
    printed = 0
    try:
        for position, page in enumerate(pages):
            if keep_going is not None and not keep_going(position, len(pages)):
                printer.abort()
                break
            if position > 0:
                printer.newPage()
            _draw_page(painter, printer, document, page)
            printed += 1
    finally:
        painter.end()
    return printed


def _draw_page(painter: QPainter, printer: QPrinter, document: QPdfDocument, page: int) -> None:
    area = QRectF(painter.viewport())
    page_size = document.pagePointSize(page)
    turned = (page_size.width() > page_size.height()) != (area.width() > area.height())
    # The page as it lies on the paper, in points.
    lying = page_size.transposed() if turned else page_size
    scale = min(area.width() / lying.width(), area.height() / lying.height())
    target = QSizeF(lying.width() * scale, lying.height() * scale)
    left = area.left() + (area.width() - target.width()) / 2
    top = area.top() + (area.height() - target.height()) / 2

    fineness = min(1.0, RENDER_DPI / max(1, printer.resolution()))
    rendered_size = (target.transposed() if turned else target) * fineness
    image = document.render(
        page, QSize(round(rendered_size.width()), round(rendered_size.height()))
    )
    painter.save()
    if turned:
        # A quarter turn clockwise about the target's top-left, then down by its height.
        painter.setTransform(
            QTransform().translate(left + target.width(), top).rotate(90), combine=True
        )
        painter.drawImage(QRectF(0, 0, target.height(), target.width()), image)
    else:
        painter.drawImage(QRectF(left, top, target.width(), target.height()), image)
    painter.restore()
