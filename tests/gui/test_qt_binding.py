"""The Qt binding compdesk installs must not corrupt Python's reference counts.

PySide6 6.12.0 dropped a reference to None on every call of a void method and to True on every
signal emit; on Python 3.11 the interpreter then aborts after a few minutes of use. pyproject.toml
keeps such a binding off 3.11; this test fails if a version bump lets one back in.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


class _Emitter(QObject):
    fired = Signal()


def test_void_calls_and_emits_keep_their_references(qtbot: QtBot) -> None:
    label, emitter = QLabel(), _Emitter()
    qtbot.addWidget(label)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(200):
        label.setText("x")
        emitter.fired.emit()
    assert none_before - sys.getrefcount(None) < 100
    assert true_before - sys.getrefcount(True) < 100
