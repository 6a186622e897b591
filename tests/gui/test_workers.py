"""Long work off the GUI thread: its progress dialog, built only when the work outlasts the delay."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton
from pytestqt.qtbot import QtBot

from compdesk.models.errors import CancelledError
from compdesk.views.widgets import workers
from compdesk.views.widgets.workers import LongWork


def progress_dialogs(label: str) -> list[QProgressDialog]:
    return [
        widget
        for widget in QApplication.topLevelWidgets()
        if isinstance(widget, QProgressDialog) and widget.labelText() == label
    ]


def test_quick_work_never_builds_a_progress_dialog(qtbot: QtBot) -> None:
    long_work = LongWork(None, "Quick work…", lambda _progress, _cancel: 42)
    assert progress_dialogs("Quick work…") == []
    with qtbot.waitSignal(long_work.succeeded, timeout=5000) as succeeded:
        long_work.start()
    assert succeeded.args == [42]
    assert progress_dialogs("Quick work…") == []


def test_slow_work_shows_its_progress_and_the_dialog_cancels_it(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workers, "PROGRESS_DELAY_MS", 20)

    def work(report_progress: Callable[[int, int], None], cancel: threading.Event) -> None:
        report_progress(50, 200)
        while not cancel.wait(0.01):
            pass
        raise CancelledError("stopped")

    long_work = LongWork(None, "Slow work…", work)
    long_work.start()
    qtbot.waitUntil(lambda: any(d.isVisible() for d in progress_dialogs("Slow work…")))
    (dialog,) = progress_dialogs("Slow work…")
    qtbot.waitUntil(lambda: dialog.value() == 250)  # 50 of 200, in per-mille
    (cancel_button,) = dialog.findChildren(QPushButton)
    with qtbot.waitSignal(long_work.cancelled, timeout=5000):
        qtbot.mouseClick(cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
