"""The Binder view: options, the build off the GUI thread, the preview, save, open and print."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from compdesk.models.errors import DocumentError
from compdesk.reports.binder.options import BinderOptions
from compdesk.storage import Store
from compdesk.views.binder.files import BinderFiles, default_file_name, save_copy
from compdesk.views.binder.options import BinderOptionsPanel
from compdesk.views.binder.preview import BinderPreview
from compdesk.views.binder.printing import print_with_dialog
from compdesk.views.commands.base import Change
from compdesk.views.document import Document
from compdesk.views.widgets.document_view import DocumentView
from compdesk.views.widgets.forms import FieldError, FormMessage, bold_font
from compdesk.views.widgets.workers import LongWork, Work

if TYPE_CHECKING:
    from compdesk.reports.binder import BinderSummary

log = logging.getLogger(__name__)

PDF_FILTER = "PDF documents (*.pdf);;All files (*)"
_PROGRESS_STEPS = 1000


class _BuildWork(LongWork):
    """Long work whose progress the view shows in a bar of its own, with its own Cancel
    button, rather than in a dialog over the window: the rest of the window stays usable."""

    progressed = Signal(int, int)

    def on_show_timer_timeout(self) -> None:
        """No dialog: the view's bar shows the progress."""

    def on_progressed(self, done: int, total: int) -> None:
        self.progressed.emit(done, total)


def build_in_background(
    store: Store, files: BinderFiles, destination: Path, options: BinderOptions
) -> Work:
    """The work of building a binder into `files` on a connection of the worker's own."""

    def work(progress: Callable[[int, int], None], cancel: threading.Event) -> BinderSummary:
        # PERF: the sections and the assembly (ReportLab's platypus, pikepdf) load with the
        # first build, not with the view.
        from compdesk.reports.binder import build_binder

        with files.in_use(), store.open_another() as own_store:
            return build_binder(own_store, destination, options, progress=progress, cancel=cancel)

    return work


class _OptionsScroll(QScrollArea):
    """The options, scrolling when the window is shorter than they are (1024 × 700, or audit
    mode's larger type), always as wide as they need."""

    def __init__(self, options: QWidget) -> None:
        super().__init__()
        self._options = options
        self.setWidget(options)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        # Tab goes to the options themselves; the area scrolls to the one with the focus.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def minimumSizeHint(self) -> QSize:
        scroll_bar = self.verticalScrollBar().sizeHint().width()
        width = self._options.minimumSizeHint().width() + scroll_bar
        return QSize(width, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        return QSize(self.minimumSizeHint().width(), super().sizeHint().height())

    def changeEvent(self, event: QEvent) -> None:
        # Larger type (audit mode) makes the options wider.
        if event.type() == QEvent.Type.FontChange:
            self.updateGeometry()
        super().changeEvent(event)


class _Leftovers:
    """What the view leaves behind when it goes: its build, asked to stop, and its files."""

    def __init__(self) -> None:
        self.files = BinderFiles()
        self.work: LongWork | None = None
        self._released = False
        application = QCoreApplication.instance()
        if application is not None:
            application.aboutToQuit.connect(self.release)

    def release(self) -> None:
        if self._released:
            return
        self._released = True
        if self.work is not None:
            self.work.cancel()
        self.files.close()
        application = QCoreApplication.instance()
        if application is not None:
            application.aboutToQuit.disconnect(self.release)


class BinderView(DocumentView):
    title = "Binder"
    shows = Change.ALL

    # A binder was built and is on show (its BinderSummary).
    built = Signal(object)

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self._leftovers = _Leftovers()
        # Gone with the document (the view is deleted with it), or with the application.
        self.destroyed.connect(self._leftovers.release)
        self.summary: BinderSummary | None = None
        self.built_options: BinderOptions | None = None
        self._document_changed_since_build = False

        self.options_panel = BinderOptionsPanel()
        self.options_panel.changed.connect(self._update_stale_note)
        self.options_panel.as_of_edit.returnPressed.connect(self.on_build_button_clicked)

        self.build_button = QPushButton("&Build binder")
        self.build_button.setDefault(True)
        self.build_button.setToolTip(
            "Build the audit binder with these options; the window stays usable meanwhile"
        )
        self.build_button.clicked.connect(self.on_build_button_clicked)
        self.cancel_button = QPushButton("Ca&ncel")
        self.cancel_button.setToolTip("Stop building; the binder shown, if any, stays")
        self.cancel_button.clicked.connect(self.on_cancel_button_clicked)
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName("Progress of the build")
        self.progress_bar.setTextVisible(True)
        self.progress_bar.hide()
        self.message = FormMessage()

        build_row = QHBoxLayout()
        build_row.addWidget(self.build_button, 1)
        build_row.addWidget(self.cancel_button)
        options_column = QWidget()
        options_layout = QVBoxLayout(options_column)
        options_layout.addWidget(self.options_panel, 1)
        options_layout.addLayout(build_row)
        options_layout.addWidget(self.progress_bar)
        options_layout.addWidget(self.message)
        self.options_scroll = _OptionsScroll(options_column)

        self.preview = BinderPreview()
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        self.summary_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.summary_label.setAccessibleName("Summary of the binder")
        self.summary_label.setSizePolicy(_wrapping_line_policy())
        self.stale_note = QLabel(
            "⚠ The options or the document changed since this binder was built: "
            "build it again to include the changes."
        )
        self.stale_note.setWordWrap(True)
        self.stale_note.setFont(bold_font())
        self.stale_note.setSizePolicy(_wrapping_line_policy())
        self.stale_note.hide()
        self.open_button = QPushButton("&Open in system viewer")
        self.open_button.setToolTip("Show the binder in the computer's own PDF program")
        self.open_button.clicked.connect(self.on_open_button_clicked)
        self.save_button = QPushButton("&Save as…")
        self.save_button.setToolTip("Keep a copy of the binder as a PDF file")
        self.save_button.clicked.connect(self.on_save_button_clicked)
        self.print_button = QPushButton("&Print…")
        self.print_button.setToolTip("Print the binder, or a range of its pages")
        self.print_button.clicked.connect(self.on_print_button_clicked)
        self.copy_hash_button = QPushButton("Cop&y SHA-256")
        self.copy_hash_button.setToolTip(
            "Copy the binder's SHA-256, for the auditor to check the file they are given"
        )
        self.copy_hash_button.clicked.connect(self.on_copy_hash_button_clicked)

        file_row = QHBoxLayout()
        for button in (self.open_button, self.save_button, self.print_button):
            file_row.addWidget(button)
        file_row.addStretch(1)
        file_row.addWidget(self.preview.page_label)
        file_row.addWidget(self.preview.page_spin)
        file_row.addWidget(self.copy_hash_button)
        preview_column = QWidget()
        preview_layout = QVBoxLayout(preview_column)
        preview_layout.addLayout(file_row)
        preview_layout.addWidget(self.summary_label)
        preview_layout.addWidget(self.stale_note)
        preview_layout.addWidget(self.preview, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.options_scroll)
        splitter.addWidget(preview_column)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        # Shown from File ▸ Print Binder… (Ctrl+P), the view is one key away from a build.
        self.setFocusProxy(self.build_button)
        self._update_buttons()

    # ---- state ----------------------------------------------------------------------------

    @property
    def building(self) -> bool:
        return self._leftovers.work is not None

    @property
    def files(self) -> BinderFiles:
        return self._leftovers.files

    def refresh(self) -> None:
        store = self.document.store
        self.options_panel.set_people(store.people.all(), self.document.as_of)
        self._update_stale_note()

    def on_document_changed(self, changes: Change) -> None:
        # The binder on show no longer matches an edited document; the as-of date alone
        # does not change it (the binder has its own).
        if changes & ~Change.AS_OF and self.summary is not None:
            self._document_changed_since_build = True
        super().on_document_changed(changes)

    def _update_stale_note(self) -> None:
        stale = self.summary is not None and (
            self._document_changed_since_build or self._current_options() != self.built_options
        )
        self.stale_note.setVisible(stale)

    def _current_options(self) -> BinderOptions | None:
        try:
            return self.options_panel.options()
        except FieldError:
            return None

    def _update_buttons(self) -> None:
        building = self.building
        shown = self.summary is not None
        self.build_button.setEnabled(not building)
        self.options_panel.setEnabled(not building)
        self.cancel_button.setEnabled(building)
        for control in (
            self.open_button,
            self.save_button,
            self.print_button,
            self.copy_hash_button,
        ):
            control.setEnabled(shown)
        self.preview.page_label.setVisible(shown)
        self.preview.page_spin.setVisible(shown)

    # ---- building ---------------------------------------------------------------------------

    def on_build_button_clicked(self) -> None:
        if self.building:
            return
        try:
            options = self.options_panel.options()
        except FieldError as error:
            self.message.show_field_error(error)
            return
        self.message.clear_message()
        destination = self.files.next_path()
        work = _BuildWork(
            self,
            "Building the audit binder…",
            build_in_background(self.document.store, self.files, destination, options),
        )
        work.progressed.connect(self.on_work_progressed)
        work.succeeded.connect(lambda summary: self.on_work_succeeded(summary, options))
        work.failed.connect(lambda message: self.on_work_failed(message, destination))
        work.cancelled.connect(lambda: self.on_work_cancelled(destination))
        # LongWork says it finished before it hands over the outcome.
        work.finished.connect(self.on_work_finished)
        self._leftovers.work = work
        self.progress_bar.setRange(0, 0)
        self.progress_bar.show()
        self._update_buttons()
        self.cancel_button.setFocus(Qt.FocusReason.OtherFocusReason)
        work.start()

    def on_cancel_button_clicked(self) -> None:
        if self._leftovers.work is not None:
            self._leftovers.work.cancel()
            self.cancel_button.setEnabled(False)

    def on_work_progressed(self, done: int, total: int) -> None:
        if total > 0:
            self.progress_bar.setRange(0, _PROGRESS_STEPS)
            self.progress_bar.setValue(min(_PROGRESS_STEPS, done * _PROGRESS_STEPS // total))

    def on_work_succeeded(self, summary: BinderSummary, options: BinderOptions) -> None:
        previous = self.preview.path
        problem = self.preview.show_pdf(summary.path)
        if problem is not None:
            self.message.show_error(problem)
            self.files.remove(summary.path)
            return
        if previous is not None and previous != summary.path:
            self.files.remove(previous)
        self.summary, self.built_options = summary, options
        self._document_changed_since_build = False
        self.summary_label.setText(summary_text(summary, options))
        self._update_stale_note()
        self._update_buttons()
        self.built.emit(summary)
        self.preview.pdf_view.setFocus(Qt.FocusReason.OtherFocusReason)

    def on_work_failed(self, message: str, destination: Path) -> None:
        # build_binder leaves nothing at the destination; this makes sure of it in the
        # view's own folder, whatever the failure.
        self.files.remove(destination)
        # The build's sentences start in lower case, as the command line prints them.
        self.message.show_error(message[:1].upper() + message[1:])

    def on_work_cancelled(self, destination: Path) -> None:
        self.files.remove(destination)
        self.message.show_info("The build was cancelled; nothing was kept of it.")

    def on_work_finished(self) -> None:
        work, self._leftovers.work = self._leftovers.work, None
        if work is not None:
            work.deleteLater()
        self.progress_bar.hide()
        self._update_buttons()
        if not self.build_button.hasFocus() and not self.preview.pdf_view.hasFocus():
            self.build_button.setFocus(Qt.FocusReason.OtherFocusReason)

    # ---- the built binder -------------------------------------------------------------------

    def suggested_file_name(self) -> str:
        assert self.built_options is not None
        organisation = self.document.store.settings.get().organisation
        return default_file_name(organisation, self.built_options.as_of)

    def on_open_button_clicked(self) -> None:
        if self.preview.path is None:
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.preview.path))):
            self.message.show_error(
                "No program to show PDF files was found: save the binder and open it from there."
            )

    def on_save_button_clicked(self) -> None:
        if self.preview.path is None:
            return
        folder = self.document.folder
        target_text, _ = QFileDialog.getSaveFileName(
            self, "Save the audit binder as", str(folder / self.suggested_file_name()), PDF_FILTER
        )
        if target_text:
            self.save_to(Path(target_text))

    def save_to(self, target: Path) -> bool:
        assert self.preview.path is not None
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        try:
            save_copy(self.preview.path, target)
        except DocumentError as error:
            self.message.show_error(str(error))
            return False
        self.message.show_info(f"Saved the binder as {target}.")
        return True

    def on_copy_hash_button_clicked(self) -> None:
        if self.summary is not None:
            QGuiApplication.clipboard().setText(self.summary.sha256)
            self.message.show_info("The binder's SHA-256 is on the clipboard.")

    def on_print_button_clicked(self) -> None:
        document = self.preview.pdf_document
        if document is None or self.built_options is None:
            return
        try:
            outcome = print_with_dialog(
                self,
                document,
                page_size=self.built_options.page_size,
                title=self.suggested_file_name().removesuffix(".pdf"),
            )
        except DocumentError as error:
            self.message.show_error(str(error))
            return
        if outcome is not None:
            self.message.show_info(outcome)


def _wrapping_line_policy() -> QSizePolicy:
    """A wrapped line that never widens the column (the SHA-256 is long) and is as tall as
    its text at the width it gets."""
    policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
    policy.setHeightForWidth(True)
    return policy


def summary_text(summary: BinderSummary, options: BinderOptions) -> str:
    """One line on the binder built: what it holds, and the hash to give the auditor."""

    def count(number: int, one: str, many: str) -> str:
        return f"{number} {one if number == 1 else many}"

    return (
        f"As of {options.as_of.isoformat()}: {count(summary.pages, 'page', 'pages')}, "
        f"{count(summary.people, 'person', 'people')}, "
        f"{count(summary.findings, 'finding', 'findings')}. SHA-256 {summary.sha256}"
    )
