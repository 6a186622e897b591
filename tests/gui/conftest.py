"""GUI fixtures: a real main window over a real document, driven with qtbot."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TypeVar

import pytest
from pytestqt.qtbot import QtBot

from compdesk.models.records import Competency, Person
from compdesk.models.templates import Template
from compdesk.preferences import Preferences
from compdesk.storage.templates import create_document
from compdesk.views.document import Document
from compdesk.views.main_window import MainWindow
from compdesk.views.widgets.document_view import DocumentView
from tests.conftest import make_person

ViewT = TypeVar("ViewT", bound=DocumentView)


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


@pytest.fixture
def ana(document: Document) -> Person:
    return make_person(document.store, "Ana Ruiz")


@pytest.fixture
def secure_coding(document: Document) -> Competency:
    """A competency of the starter template."""
    return document.store.competencies.by_name("Secure coding (OWASP Top 10)")


def shown_view(window: MainWindow, tab: int, name: str, view_type: type[ViewT]) -> ViewT:
    """The view `name`, shown in its tab (number `tab`)."""
    window.show_view(tab)
    view = window.view(name)
    assert isinstance(view, view_type)
    return view


def demo_window_over(
    qtbot: QtBot, demo_file: Path, tmp_path: Path, as_of: date
) -> Iterator[MainWindow]:
    """The main window at 1024×700 over a copy of `demo_file` (made once per module), as of
    `as_of`; closed at the end. For a module's fixture: `yield from demo_window_over(...)`."""
    copy = tmp_path / demo_file.name
    shutil.copyfile(demo_file, copy)
    window = MainWindow(Preferences(user_name="tester"))
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    assert window.open_path(copy)
    assert window.document is not None
    window.document.set_as_of(as_of)
    yield window
    window.close_document()
