"""The PySide6 workaround keeps `True` alive however many signals Python emits."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

import compdesk.views  # noqa: F401  (installs the workaround)


class _Sender(QObject):
    first = Signal(int)
    second = Signal(int)


def test_emitting_keeps_the_reference_count_of_true(qapp: object) -> None:
    sender = _Sender()
    before = sys.getrefcount(True)
    for number in range(500):
        sender.first.emit(number)
    assert sys.getrefcount(True) >= before


def test_a_signal_still_chains_to_another_signals_emit(qapp: object) -> None:
    sender, received = _Sender(), []
    sender.first.connect(sender.second.emit)
    sender.second.connect(received.append)
    sender.first.emit(7)
    sender.first.disconnect(sender.second.emit)
    sender.first.emit(8)
    assert received == [7]
