"""The legend above the matrix: each status's chip (its colour and symbol) and its name, with
how many cells shown have it."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton

from compdesk.models.gaps import GapStatus
from compdesk.views.matrix.legend import (
    LEGEND_ORDER,
    STATUS_COLOURS,
    STATUS_MEANINGS,
    STATUS_TEXT_COLOUR,
)


class StatusLegend(QHBoxLayout):
    def __init__(self) -> None:
        super().__init__()
        # Room for the whole legend and the Findings button at 1024 pixels in audit mode.
        self.setSpacing(8)
        caption = QLabel("Legend:")
        self.addWidget(caption)
        self.labels: dict[GapStatus, QLabel] = {}
        self.chips: dict[GapStatus, QLabel] = {}
        for status in LEGEND_ORDER:
            item = QHBoxLayout()
            item.setSpacing(4)
            chip = QLabel(status.symbol)
            chip.setAlignment(Qt.AlignmentFlag.AlignCenter)
            colour = STATUS_COLOURS.get(status)
            style = "border: 1px solid #8a8a8a; padding: 1px 6px;"
            if colour:
                style += f" background: {colour}; color: {STATUS_TEXT_COLOUR};"
            chip.setStyleSheet(style)
            chip.setAccessibleName(f"{status.label} symbol")
            text = QLabel(status.label)
            text.setToolTip(STATUS_MEANINGS[status])
            chip.setToolTip(STATUS_MEANINGS[status])
            item.addWidget(chip)
            item.addWidget(text)
            self.addLayout(item)
            self.labels[status] = text
            self.chips[status] = chip
        self.addStretch(1)
        # Beside the Findings button that the matrix adds after it.
        self.due_button = QPushButton("D&ue…")
        self.due_button.setToolTip("Who is due soon and who is overdue, with the dates")
        self.due_button.setAccessibleName("Due and overdue")
        self.due_button.clicked.connect(self.on_due_button_clicked)
        self.addWidget(self.due_button)

    def on_due_button_clicked(self) -> None:
        # Imported here: most sessions never open the list.
        from compdesk.views.due.panel import open_due_panel

        open_due_panel(self.due_button)

    def set_symbols(self, symbols: Mapping[GapStatus, str]) -> None:
        """The marks the matrix shows (those its font can draw)."""
        for status, chip in self.chips.items():
            chip.setText(symbols[status])

    def show_counts(self, counts: Mapping[GapStatus, int]) -> None:
        """How many cells shown have each status ("not required" is not counted)."""
        for status, label in self.labels.items():
            label.setText(
                status.label
                if status is GapStatus.NOT_REQUIRED
                else f"{status.label} ({counts.get(status, 0)})"
            )
