"""The page shown when no document is open."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class WelcomePage(QWidget):
    new_from_template_requested = Signal()
    new_blank_requested = Signal()
    open_requested = Signal()
    sample_requested = Signal()
    recent_requested = Signal(Path)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        heading = QLabel("<h1>compdesk</h1>")
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(heading)
        intro = QLabel(
            "Competence and security-awareness training for ISO/IEC 27001 clause 7.2,\n"
            "kept in one file you can copy, email and open on audit day."
        )
        intro.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(intro)

        buttons = (
            (
                "&New from starter template…",
                self.new_from_template_requested,
                "Roles, competencies and an annual calendar for a small company: add your people.",
            ),
            ("New &blank…", self.new_blank_requested, "An empty document."),
            ("&Open…", self.open_requested, "Open a .compdesk file."),
            (
                "Open the &sample organisation",
                self.sample_requested,
                "A realistic 15-person company to explore, in a temporary file.",
            ),
        )
        for text, signal, tip in buttons:
            button = QPushButton(text)
            button.setToolTip(tip)
            button.setAccessibleDescription(tip)
            button.setMinimumWidth(320)
            button.clicked.connect(signal.emit)
            layout.addWidget(button, alignment=Qt.AlignmentFlag.AlignHCenter)

        self.recent_label = QLabel("Recent files")
        layout.addWidget(self.recent_label, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.recent_list = QListWidget()
        self.recent_list.setAccessibleName("Recent files")
        self.recent_list.setMaximumWidth(560)
        self.recent_list.setMinimumWidth(420)
        # One click opens, as on a start page; Enter (itemActivated) too. A double click's
        # second half is ignored by the window while the first open runs.
        self.recent_list.itemClicked.connect(self.on_recent_list_item_activated)
        self.recent_list.itemActivated.connect(self.on_recent_list_item_activated)
        self.recent_list.setSpacing(2)
        layout.addWidget(self.recent_list, alignment=Qt.AlignmentFlag.AlignHCenter)

    def set_recent_files(self, files: list[Path]) -> None:
        self.recent_list.clear()
        for path in files:
            # The name first, its folder on a line of its own below.
            item = QListWidgetItem(f"{path.name}\n{path.parent}")
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{path.name}, in {path.parent}")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))
            self.recent_list.addItem(item)
        self.recent_label.setVisible(bool(files))
        self.recent_list.setVisible(bool(files))

    def on_recent_list_item_activated(self, item: QListWidgetItem) -> None:
        self.recent_requested.emit(Path(item.data(Qt.ItemDataRole.UserRole)))
