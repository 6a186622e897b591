"""GUI fixtures: a real main window over a real document, driven with qtbot."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from compdesk.models.templates import Template, create_document
from compdesk.preferences import Preferences
from compdesk.views.document import Document
from compdesk.views.main_window import MainWindow


@pytest.fixture
def starter_path(tmp_path: Path) -> Path:
    path = tmp_path / "starter.compdesk"
    create_document(path, Template.STARTUP, user="tester").close()
    return path


@pytest.fixture
def window(qtbot: QtBot, starter_path: Path) -> Iterator[MainWindow]:
    """The main window, shown, with a starter-template document open."""
    main_window = MainWindow(Preferences(user_name="tester"))
    qtbot.addWidget(main_window)
    main_window.show()
    assert main_window.open_path(starter_path)
    yield main_window
    main_window.close_document()


@pytest.fixture
def document(window: MainWindow) -> Document:
    assert window.document is not None
    return window.document
