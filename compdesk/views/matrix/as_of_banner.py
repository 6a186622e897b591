"""The strip above the matrix that says, in words, that it is shown as of a day that is not
today, with the way back: an auditor reading a past date for today's state would be misled."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from compdesk.reports.formatting import long_date

# Amber, as a warning; the words carry the meaning, the colour only draws the eye.
_STYLE = (
    "QFrame#asOfBanner { background: #fff4ce; border: 1px solid #a86500; border-radius: 3px; }"
    " QFrame#asOfBanner QLabel { color: #3d2600; }"
)


class AsOfBanner(QFrame):
    """Shown while the matrix's date is not today: "as of 30 June 2025 — not today"."""

    today_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("asOfBanner")
        self.setStyleSheet(_STYLE)
        self.setAccessibleName("Matrix date notice")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        layout.addWidget(self.label, 1)
        self.today_button = QPushButton("Back to today")
        self.today_button.setAccessibleName("Show the matrix as of today")
        self.today_button.clicked.connect(self.today_requested)
        layout.addWidget(self.today_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hide()

    def show_as_of(self, as_of: date, today: date) -> None:
        if as_of == today:
            self.hide()
            return
        meaning = (
            "what an auditor would have seen that day"
            if as_of < today
            else "how that day will stand if nothing changes"
        )
        self.label.setText(
            f"<b><big>⚠ As of {long_date(as_of)} — not today</big></b><br>"
            f"The matrix shows {meaning}; today is {long_date(today)}."
        )
        self.setAccessibleDescription(f"As of {long_date(as_of)}, not today")
        self.show()
