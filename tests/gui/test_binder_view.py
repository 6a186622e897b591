"""The Binder view: options, the build off the GUI thread, the preview, save and print."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QLocale, QPoint, Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QFileDialog, QLabel
from pytestqt.qtbot import QtBot

import compdesk.reports.binder
from compdesk.demo import create_demo
from compdesk.models.errors import CancelledError, InputError
from compdesk.reports.binder.build import build_binder
from compdesk.reports.binder.options import BinderOptions, PageSize
from compdesk.storage import Store
from compdesk.views.binder.files import default_file_name
from compdesk.views.binder.options import PeopleMode, default_page_size
from compdesk.views.binder.view import BinderView
from compdesk.views.commands.people import AddPersonCommand
from compdesk.views.main_window import MainWindow
from compdesk.views.names import VIEW_NAMES
from compdesk.views.screenshot import SCREENSHOT_SIZE, render_screenshot
from tests.gui.conftest import demo_window_over

AS_OF = date(2025, 3, 31)
BUILD_TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("binder-demo") / "Northwind.compdesk"
    create_demo(path, as_of=AS_OF).close()
    return path


@pytest.fixture
def binder_build(monkeypatch: pytest.MonkeyPatch) -> list[BinderOptions]:
    """The options of each build the view runs (with the real build_binder)."""
    calls: list[BinderOptions] = []

    def recording_build(store: Store, destination: Path, options: BinderOptions, **kw: Any) -> Any:
        calls.append(options)
        return build_binder(store, destination, options, **kw)

    monkeypatch.setattr(compdesk.reports.binder, "build_binder", recording_build)
    return calls


@pytest.fixture
def demo_window(qtbot: QtBot, demo_file: Path, tmp_path: Path) -> Iterator[MainWindow]:
    yield from demo_window_over(qtbot, demo_file, tmp_path, AS_OF)


@pytest.fixture
def view(demo_window: MainWindow) -> BinderView:
    demo_window.show_view(VIEW_NAMES.index("binder"))
    binder_view = demo_window.view("binder")
    assert isinstance(binder_view, BinderView)
    return binder_view


def _choose_a_small_binder(view: BinderView) -> None:
    """Two people and no appendix: quick to build."""
    panel = view.options_panel
    panel.sample_button.setChecked(True)
    panel.sample_size_spin.setValue(2)
    panel.appendix_check.setChecked(False)


def _build(qtbot: QtBot, view: BinderView) -> None:
    with qtbot.waitSignal(view.built, timeout=BUILD_TIMEOUT_MS):
        qtbot.mouseClick(view.build_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.building)


def _pdfs(view: BinderView) -> list[Path]:
    return sorted(view.files.folder.glob("*.pdf"))


def test_print_binder_in_the_file_menu_shows_the_binder_view(demo_window: MainWindow) -> None:
    assert demo_window.print_binder_action.shortcut().toString() == "Ctrl+P"
    demo_window.print_binder_action.trigger()
    view = demo_window.current_view()
    assert isinstance(view, BinderView)
    assert view.build_button.hasFocus()


def test_the_view_offers_everyone_active_on_the_documents_date(view: BinderView) -> None:
    panel = view.options_panel
    assert panel.as_of_edit.text() == AS_OF.isoformat()
    assert panel.people_mode is PeopleMode.EVERYONE
    offered = panel.people_choice.model.rowCount()
    assert offered == len(view.document.store.people.all()) - 1  # the demo has a leaver
    assert panel.options() == BinderOptions(as_of=AS_OF, page_size=default_page_size())


def test_a_build_shows_every_page_and_a_summary_with_the_hash(
    qtbot: QtBot, view: BinderView, binder_build: list[BinderOptions]
) -> None:
    panel = view.options_panel
    # A radio button takes a click on its circle or its words, not on the empty row beyond.
    qtbot.mouseClick(
        panel.chosen_button,
        Qt.MouseButton.LeftButton,
        pos=QPoint(6, panel.chosen_button.height() // 2),
    )
    qtbot.keyClicks(panel.people_choice.filter_edit, "AR")
    shown = panel.people_choice.filter.rowCount()
    assert 0 < shown < panel.people_choice.model.rowCount()
    qtbot.mouseClick(panel.people_choice.tick_button, Qt.MouseButton.LeftButton)
    panel.appendix_check.setChecked(False)
    panel.set_page_size(PageSize.LETTER)

    _build(qtbot, view)

    chosen = binder_build[-1]
    assert len(chosen.people) == shown
    assert (chosen.attachments, chosen.page_size) == (False, PageSize.LETTER)
    summary = view.summary
    assert summary is not None and summary.people == shown
    assert view.preview.page_count == summary.pages == len(PdfReader(summary.path).pages)
    assert f"{summary.pages} pages, {shown} people" in view.summary_label.text()
    assert summary.sha256 in view.summary_label.text()
    view.preview.page_spin.setValue(3)
    assert view.preview.pdf_view.pageNavigator().currentPage() == 2
    assert view.save_button.isEnabled() and view.print_button.isEnabled()
    assert not view.stale_note.isVisible()

    panel.hide_contacts_check.setChecked(True)
    assert view.stale_note.isVisible()


def test_a_sample_is_drawn_with_its_size_and_seed(
    qtbot: QtBot, view: BinderView, binder_build: list[BinderOptions]
) -> None:
    panel = view.options_panel
    panel.sample_button.setChecked(True)
    panel.sample_size_spin.setValue(3)
    panel.seed_spin.setValue(42)
    panel.appendix_check.setChecked(False)
    _build(qtbot, view)
    assert (binder_build[-1].sample_size, binder_build[-1].seed) == (3, 42)
    assert view.summary is not None and view.summary.people == 3


def test_choosing_nobody_is_refused_in_the_view(
    qtbot: QtBot, view: BinderView, binder_build: list[BinderOptions]
) -> None:
    view.options_panel.chosen_button.setChecked(True)
    qtbot.mouseClick(view.build_button, Qt.MouseButton.LeftButton)
    assert "Tick at least one person" in view.message.text()
    assert not view.building and binder_build == []


def test_a_failed_build_says_why_and_keeps_the_binder_shown(
    qtbot: QtBot,
    view: BinderView,
    binder_build: list[BinderOptions],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _choose_a_small_binder(view)
    _build(qtbot, view)
    shown = view.preview.path

    def failing_build(*_args: Any, **_kwargs: Any) -> Any:
        raise InputError("nobody has the email zoe@example.com")

    monkeypatch.setattr(compdesk.reports.binder, "build_binder", failing_build)
    view.options_panel.sample_size_spin.setValue(3)
    qtbot.mouseClick(view.build_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.building, timeout=BUILD_TIMEOUT_MS)

    assert view.message.text() == "⚠ Nobody has the email zoe@example.com"
    assert "Traceback" not in view.message.text()
    assert view.preview.path == shown and view.preview.page_count > 0
    assert _pdfs(view) == [shown]


def test_cancel_during_a_build_leaves_no_preview_and_no_file(
    qtbot: QtBot, view: BinderView, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = threading.Event()

    def build_held_at_its_first_progress(
        store: Store, destination: Path, options: BinderOptions, **kw: Any
    ) -> Any:
        cancel, report = kw["cancel"], kw["progress"]

        def progress(done: int, total: int) -> None:
            if not started.is_set():
                started.set()
                cancel.wait(BUILD_TIMEOUT_MS / 1000)
            report(done, total)

        return build_binder(store, destination, options, progress=progress, cancel=cancel)

    monkeypatch.setattr(compdesk.reports.binder, "build_binder", build_held_at_its_first_progress)
    _choose_a_small_binder(view)
    qtbot.mouseClick(view.build_button, Qt.MouseButton.LeftButton)
    assert view.building and view.progress_bar.isVisible()
    assert not view.build_button.isEnabled() and view.cancel_button.isEnabled()
    qtbot.waitUntil(started.is_set)

    qtbot.mouseClick(view.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.building, timeout=BUILD_TIMEOUT_MS)

    assert view.preview.page_count == 0 and view.summary is None
    assert _pdfs(view) == []
    assert "cancelled" in view.message.text()
    assert view.build_button.isEnabled() and not view.progress_bar.isVisible()


def test_save_as_writes_the_binder_under_the_suggested_name_or_says_why_not(
    qtbot: QtBot,
    view: BinderView,
    binder_build: list[BinderOptions],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _choose_a_small_binder(view)
    _build(qtbot, view)
    suggested: list[str] = []
    target = tmp_path / "out" / "binder"
    target.parent.mkdir()

    def choose(_parent: object, _caption: str, directory: str, _filter: str) -> tuple[str, str]:
        suggested.append(directory)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)

    organisation = view.document.store.settings.get().organisation
    assert Path(suggested[0]).name == f"{organisation} audit binder 2025-03-31.pdf"
    saved = target.with_name("binder.pdf")
    assert view.summary is not None
    assert hashlib.sha256(saved.read_bytes()).hexdigest() == view.summary.sha256
    assert str(saved) in view.message.text()

    assert not view.save_to(tmp_path / "missing" / "binder.pdf")
    assert view.message.text().startswith("⚠ Cannot save the binder as")
    assert "No such file or directory" in view.message.text()


def test_print_renders_the_pages_of_the_range_chosen(
    qtbot: QtBot,
    view: BinderView,
    binder_build: list[BinderOptions],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _choose_a_small_binder(view)
    _build(qtbot, view)
    printed = tmp_path / "printed.pdf"

    def accept(dialog: QPrintDialog) -> int:
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        printer.setResolution(96)  # small page images keep the test quick
        printer.setPrintRange(QPrinter.PrintRange.PageRange)
        printer.setFromTo(2, 4)
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    qtbot.mouseClick(view.print_button, Qt.MouseButton.LeftButton)

    pages = PdfReader(printed).pages
    assert len(pages) == 3
    # Each page carries the rendered binder page as an image.
    assert all(page.images for page in pages)
    assert "Sent 3 pages to the printer" in view.message.text()


def test_open_in_system_viewer_opens_the_built_file(
    qtbot: QtBot,
    view: BinderView,
    binder_build: list[BinderOptions],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _choose_a_small_binder(view)
    _build(qtbot, view)
    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True
    )
    qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    assert opened == [str(view.preview.path)]


def test_a_rebuild_replaces_the_file_and_closing_removes_the_folder(
    qtbot: QtBot, demo_window: MainWindow, view: BinderView, binder_build: list[BinderOptions]
) -> None:
    _choose_a_small_binder(view)
    _build(qtbot, view)
    first = view.preview.path
    view.options_panel.seed_spin.setValue(7)
    _build(qtbot, view)
    assert view.preview.path != first
    assert _pdfs(view) == [view.preview.path]
    folder = view.files.folder

    demo_window.close_document()
    qtbot.waitUntil(lambda: not folder.exists())


def test_closing_the_document_during_a_build_stops_it_and_removes_the_folder(
    qtbot: QtBot, demo_window: MainWindow, view: BinderView, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, ended = threading.Event(), threading.Event()
    folder_while_ending: list[bool] = []

    def build_until_cancelled(
        store: Store, destination: Path, options: BinderOptions, **kw: Any
    ) -> Any:
        started.set()
        try:
            kw["cancel"].wait(BUILD_TIMEOUT_MS / 1000)
            folder_while_ending.append(destination.parent.is_dir())
            raise CancelledError("the binder was cancelled; no file was written")
        finally:
            ended.set()

    monkeypatch.setattr(compdesk.reports.binder, "build_binder", build_until_cancelled)
    folder = view.files.folder
    qtbot.mouseClick(view.build_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(started.is_set)

    demo_window.close_document()
    qtbot.waitUntil(ended.is_set, timeout=BUILD_TIMEOUT_MS // 2)
    # The build was told to stop, and its folder stayed until it had.
    assert folder_while_ending == [True]
    qtbot.waitUntil(lambda: not folder.exists())


def test_quitting_removes_the_folder(view: BinderView) -> None:
    folder = view.files.folder
    assert folder.is_dir()
    application = QApplication.instance()
    assert application is not None
    application.aboutToQuit.emit()
    assert not folder.exists()


def test_the_binder_date_follows_the_document_until_the_user_types_one(
    qtbot: QtBot, view: BinderView
) -> None:
    edit = view.options_panel.as_of_edit
    view.document.set_as_of(date(2025, 1, 15))
    assert edit.text() == "2025-01-15"
    edit.line_edit.clear()
    qtbot.keyClicks(edit.line_edit, "2024-12-31")
    view.document.set_as_of(date(2025, 2, 1))
    assert view.options_panel.options().as_of == date(2024, 12, 31)


def test_an_edit_of_the_document_marks_the_binder_shown_as_out_of_date(
    qtbot: QtBot, view: BinderView, binder_build: list[BinderOptions]
) -> None:
    _choose_a_small_binder(view)
    _build(qtbot, view)
    assert not view.stale_note.isVisible()
    view.document.push(AddPersonCommand(view.document.store, "Ana Ruiz", "ana@example.com"))
    assert view.stale_note.isVisible()
    assert "Ana Ruiz" in [
        view.options_panel.people_choice.model.data(
            view.options_panel.people_choice.model.index(row)
        )
        for row in range(view.options_panel.people_choice.model.rowCount())
    ]


@pytest.mark.parametrize("audit_mode", [False, True])
def test_at_1024_by_700_the_options_are_never_cut_off_at_the_side(
    qtbot: QtBot, demo_window: MainWindow, view: BinderView, audit_mode: bool
) -> None:
    demo_window.set_audit_mode(audit_mode)
    viewport = view.options_scroll.viewport()
    cancel = view.cancel_button
    right_edge = cancel.mapTo(viewport, QPoint(cancel.width(), 0)).x()
    qtbot.waitUntil(
        lambda: cancel.mapTo(viewport, QPoint(cancel.width(), 0)).x() <= viewport.width()
    )
    assert view.options_panel.width() >= view.options_panel.minimumSizeHint().width()
    assert right_edge > 0


def test_each_mnemonic_of_the_view_is_its_own_and_none_is_a_menus(
    demo_window: MainWindow, view: BinderView
) -> None:
    texts = [label.text() for label in view.findChildren(QLabel)]
    texts += [button.text() for button in view.findChildren(QAbstractButton)]
    texts += [action.text() for action in demo_window.menuBar().actions()]
    keys = [text[text.index("&") + 1].casefold() for text in texts if "&" in text.replace("&&", "")]
    assert len(keys) == len(set(keys)) and len(keys) > 20


def test_the_screenshot_command_shows_the_binder_view(demo_file: Path, tmp_path: Path) -> None:
    from PIL import Image

    output = render_screenshot(demo_file, tmp_path / "binder.png", "binder")
    assert Image.open(output).size == SCREENSHOT_SIZE


@pytest.mark.parametrize(
    ("language", "territory", "page_size"),
    [
        (QLocale.Language.English, QLocale.Country.UnitedStates, PageSize.LETTER),
        (QLocale.Language.French, QLocale.Country.Canada, PageSize.LETTER),
        (QLocale.Language.English, QLocale.Country.UnitedKingdom, PageSize.A4),
        (QLocale.Language.German, QLocale.Country.Germany, PageSize.A4),
    ],
)
def test_the_page_size_follows_the_locale(
    language: QLocale.Language, territory: QLocale.Country, page_size: PageSize
) -> None:
    assert default_page_size(QLocale(language, territory)) is page_size


@pytest.mark.parametrize(
    ("organisation", "name"),
    [
        ("Northwind Ltd", "Northwind Ltd audit binder 2025-03-31.pdf"),
        ("A/B: C?", "A B C audit binder 2025-03-31.pdf"),
        ("", "Audit binder 2025-03-31.pdf"),
    ],
)
def test_the_suggested_file_name_holds_only_what_a_file_name_can(
    organisation: str, name: str
) -> None:
    assert default_file_name(organisation, AS_OF) == name
