"""A new passphrase typed twice, with a line on how hard it is to guess."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

# zxcvbn's score, 0 to 4: how many guesses the passphrase would take (10^3 … 10^10 and more).
_STRENGTH = (
    "very weak: guessed at once",
    "weak: guessed in minutes",
    "fair: guessed in hours by someone with the file",
    "strong",
    "very strong",
)
# zxcvbn's time grows with the length; beyond this it only says "very long".
_MEASURED_LENGTH = 100


def strength_text(passphrase: str) -> str:
    if not passphrase:
        return ""
    from zxcvbn import zxcvbn  # PERF: its dictionaries load when a passphrase is typed

    result = zxcvbn(passphrase[:_MEASURED_LENGTH])
    text = f"Strength: {_STRENGTH[int(result['score'])]}"
    advice = result["feedback"]["warning"] or " ".join(result["feedback"]["suggestions"][:1])
    return f"{text}. {advice}" if advice else f"{text}."


class NewPassphrase(QWidget):
    """Two fields that must match; `problem()` says what is wrong, `passphrase()` the text."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.first = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.second = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.first.setAccessibleName("Passphrase")
        self.second.setAccessibleName("Passphrase again")
        self.strength = QLabel(wordWrap=True)
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addRow("&Passphrase:", self.first)
        layout.addRow("&Again:", self.second)
        layout.addRow("", self.strength)
        self.first.textChanged.connect(self._on_text_changed)
        self.second.textChanged.connect(self._on_text_changed)

    def _on_text_changed(self) -> None:
        self.strength.setText(strength_text(self.first.text()))
        self.changed.emit()

    def passphrase(self) -> str:
        return self.first.text()

    def problem(self) -> str | None:
        if not self.first.text().strip():
            return "Type a passphrase, twice."
        if self.first.text() != self.second.text():
            return "The two passphrases differ: type the same one twice."
        return None
