"""The Matrix view."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from compdesk.views.base import DocumentView
from compdesk.views.document import Document


class MatrixView(DocumentView):
    title = "Matrix"

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Matrix"))
