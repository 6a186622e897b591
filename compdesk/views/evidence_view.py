"""The Evidence view."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from compdesk.views.base import DocumentView
from compdesk.views.document import Document


class EvidenceView(DocumentView):
    title = "Evidence"

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Evidence"))
