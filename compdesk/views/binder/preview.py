"""The built binder on screen: every page, one under the other, as wide as the view."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPalette
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QLabel, QSpinBox, QStackedWidget, QWidget

PLACEHOLDER_TEXT = (
    "Choose the options and build the binder: it shows here, page by page, "
    "to read before you save or print it."
)


class BinderPreview(QStackedWidget):
    """A PDF shown in full, or a line saying there is none yet.

    Each file is loaded into a new QPdfDocument, so that one that fails to load leaves the
    one on show as it was.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.placeholder = QLabel(PLACEHOLDER_TEXT)
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setMargin(24)
        # Greyed by the palette, not a style sheet: a style sheet stops the label's font
        # from growing with the window's (audit mode).
        self.placeholder.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.pdf_view = QPdfView()
        self.pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.pdf_view.setAccessibleName("Preview of the binder")
        self.pdf_view.setToolTip("The binder as built: Page Up and Page Down move through it")
        # The scroll keys reach the pages only with the focus.
        self.pdf_view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.addWidget(self.placeholder)
        self.addWidget(self.pdf_view)
        self.pdf_document: QPdfDocument | None = None
        self.path: Path | None = None

        # The page on show, to go to one by number (the binder's contents and its index of
        # evidence name pages); placed by the view.
        self.page_spin = QSpinBox()
        self.page_spin.setRange(0, 0)
        self.page_spin.setAccessibleName("Page on show")
        self.page_spin.setToolTip("The page on show: type a number to go to that page")
        self.page_spin.setKeyboardTracking(False)
        self.page_spin.valueChanged.connect(self.on_page_spin_value_changed)
        self.page_label = QLabel("Pa&ge:")
        self.page_label.setBuddy(self.page_spin)
        self.pdf_view.pageNavigator().currentPageChanged.connect(self.on_current_page_changed)

    @property
    def page_count(self) -> int:
        return self.pdf_document.pageCount() if self.pdf_document is not None else 0

    def show_pdf(self, path: Path) -> str | None:
        """Show the PDF at `path`; None once shown, else why it cannot be (the one on show
        stays)."""
        document = QPdfDocument(self)
        error = document.load(str(path))
        if error != QPdfDocument.Error.None_ or document.pageCount() == 0:
            document.deleteLater()
            return f"The binder was built but cannot be shown ({error.name})."
        previous = self.pdf_document
        self.pdf_view.setDocument(document)
        self.pdf_document, self.path = document, path
        self.setCurrentWidget(self.pdf_view)
        self.page_spin.setRange(1, document.pageCount())
        self.page_spin.setSuffix(f" of {document.pageCount()}")
        self.page_spin.setValue(1)
        if previous is not None:
            previous.close()
            previous.deleteLater()
        return None

    def clear(self) -> None:
        """Show no PDF, and let go of the file of the one shown."""
        self.setCurrentWidget(self.placeholder)
        if self.pdf_document is not None:
            self.pdf_view.setDocument(None)  # type: ignore[arg-type]
            self.pdf_document.close()
            self.pdf_document.deleteLater()
        self.pdf_document, self.path = None, None
        self.page_spin.setRange(0, 0)
        self.page_spin.setSuffix("")

    def on_page_spin_value_changed(self, number: int) -> None:
        navigator = self.pdf_view.pageNavigator()
        if self.pdf_document is not None and number - 1 != navigator.currentPage():
            navigator.jump(number - 1, QPointF(), navigator.currentZoom())

    def on_current_page_changed(self, page: int) -> None:
        if self.pdf_document is not None:
            self.page_spin.setValue(page + 1)
