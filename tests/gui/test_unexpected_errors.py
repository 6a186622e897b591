"""An error no code caught reaches the user as one message, never as a traceback only a
terminal would show; a document another program filled with values compdesk never writes is
named as the cause and closed unchanged."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from compdesk.views.main_window import MainWindow
from compdesk.views.names import VIEW_NAMES
from compdesk.views.unexpected import UnexpectedErrors
from tests.conftest import make_competency, make_evidence, make_person


@pytest.fixture
def errors(window: MainWindow) -> Iterator[UnexpectedErrors]:
    handler = UnexpectedErrors(window)
    handler.install()
    yield handler
    handler.uninstall()


def _raise_into(handler: UnexpectedErrors, error: Exception) -> None:
    try:
        raise error
    except Exception as caught:
        handler.handle(type(caught), caught, caught.__traceback__)


def test_an_uncaught_error_is_one_message_and_the_document_stays_open(
    qtbot: QtBot, window: MainWindow, errors: UnexpectedErrors
) -> None:
    _raise_into(errors, RuntimeError("the printer vanished"))
    _raise_into(errors, RuntimeError("and again, at the next paint"))
    qtbot.waitUntil(lambda: window.last_message_box is not None)
    box = window.last_message_box
    assert box is not None
    assert "An unexpected problem: RuntimeError: the printer vanished" in box.text()
    assert "log file" in box.text()
    assert window.document is not None
    # The second error did not open a second box over the first.
    qtbot.wait(20)
    assert window.last_message_box is box


def test_a_document_with_values_another_program_wrote_is_named_and_closed(
    qtbot: QtBot, window: MainWindow, errors: UnexpectedErrors
) -> None:
    document = window.document
    assert document is not None
    store = document.store
    person = make_person(store, "Ana Ruiz")
    competency = make_competency(store, "Secure coding")
    make_evidence(store, person, competency, date(2026, 1, 5))
    path: Path = store.path
    with sqlite3.connect(path) as other:
        other.execute("UPDATE evidence SET achieved_on = '2026-01-05 junk'")
    other.close()

    document.refresh()  # as after an edit from outside the undo stack
    window.show_view(VIEW_NAMES.index("people"))
    window.show_view(VIEW_NAMES.index("matrix"))

    qtbot.waitUntil(lambda: window.document is None, timeout=5000)
    box = window.last_message_box
    assert box is not None
    assert "values compdesk would never have written" in box.text()
    assert "closed it unchanged" in box.text()
    with sqlite3.connect(path) as other:
        (stored,) = other.execute("SELECT achieved_on FROM evidence").fetchone()
    other.close()
    assert stored == "2026-01-05 junk"
