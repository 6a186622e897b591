"""GUI fixtures: a real main window over a real document, driven with qtbot."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TypeVar

import pytest
from pytestqt.qtbot import QtBot

from compdesk.demo import create_demo
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


# The day the sample organisation's window tests look at, unless a module overrides
# `demo_as_of`: the demo's year of training is complete by then.
DEMO_AS_OF = date(2026, 12, 2)


@pytest.fixture(scope="session")
def demo_files(tmp_path_factory: pytest.TempPathFactory) -> Callable[[date], Path]:
    """The sample organisation as of a day, made once per session for each day asked."""
    made: dict[date, Path] = {}

    def demo_file(as_of: date) -> Path:
        if as_of not in made:
            path = tmp_path_factory.mktemp("demo") / "Northwind.compdesk"
            create_demo(path, as_of=as_of).close()
            made[as_of] = path
        return made[as_of]

    return demo_file


@pytest.fixture
def demo_as_of() -> date:
    return DEMO_AS_OF


@pytest.fixture
def demo_window(
    qtbot: QtBot, demo_files: Callable[[date], Path], demo_as_of: date, tmp_path: Path
) -> Iterator[MainWindow]:
    """The main window at 1024×700 over a copy of the sample organisation, as of `demo_as_of`."""
    yield from demo_window_over(qtbot, demo_files(demo_as_of), tmp_path, demo_as_of)


@pytest.fixture
def demo_document(demo_window: MainWindow) -> Document:
    assert demo_window.document is not None
    return demo_window.document
