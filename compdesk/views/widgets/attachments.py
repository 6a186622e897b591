"""Attached evidence files: open, save a copy, preview, and attach off the GUI thread."""

from __future__ import annotations

import enum
import html
import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Final

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    QStandardPaths,
    Qt,
    QUrl,
)
from PySide6.QtGui import (
    QDesktopServices,
    QImage,
    QImageReader,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from compdesk.models.errors import DocumentError
from compdesk.models.file_kinds import SNIFF_BYTES, is_executable
from compdesk.models.file_names import safe_file_name
from compdesk.models.records import Attachment
from compdesk.reports.formatting import format_size
from compdesk.views.commands.base import StoreCommand
from compdesk.views.document import READ_ONLY_REFUSAL, Document
from compdesk.views.widgets import private_copies
from compdesk.views.widgets.forms import plain_tooltip
from compdesk.views.widgets.workers import LongWork, apply_on_own_connection

log = logging.getLogger(__name__)

# Hands a file to the system's viewer. Tests replace it, so that nothing really opens.
open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl

# Attaching less than this runs at once; more runs off the GUI thread with progress and Cancel.
BACKGROUND_ATTACH_BYTES: Final = 8 * 1024 * 1024
# Bigger files are not previewed in the window (exporting them would stall it); Open still works.
PREVIEW_MAX_BYTES: Final = 64 * 1024 * 1024
# Images are decoded at most this large: enough for the pane, bounded in memory.
PREVIEW_MAX_PIXELS: Final = 2400

Index = QModelIndex | QPersistentModelIndex
_ROOT: Final = QModelIndex()


def file_size(path: Path) -> int:
    """The size of a file to attach, 0 if it cannot be read (attaching it then says why)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


# ---- private temporary copies ------------------------------------------------------------------


def export_private_copy(document: Document, attachment: Attachment) -> Path:
    """A private copy of an attachment under its own (safe) name, reused while compdesk runs."""
    return private_copies.private_copy(
        attachment.sha256,
        attachment.file_name,
        lambda target: document.store.attachments.export(attachment.id, target),
    )


def _first_bytes(document: Document, attachment_id: int) -> bytes:
    for chunk in document.store.attachments.read(attachment_id):
        return chunk[:SNIFF_BYTES]
    return b""


def refuse_program(document: Document, attachment: Attachment, parent: QWidget | None) -> None:
    """Say why a program or script is not opened, and offer to save a copy instead."""
    if offer_save_instead(
        parent,
        f"{attachment.file_name} is a program or a script: opening it would run it, so "
        "compdesk does not hand it to the system. You can save a copy and inspect it.",
    ):
        save_attachment_as(document, attachment.id, parent)


def _ask_save_instead(parent: QWidget | None, text: str) -> bool:
    box = QMessageBox(QMessageBox.Icon.Warning, "Not opened", text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    save = box.addButton("Save As…", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is save


# Asks whether to save a program instead of opening it; tests replace it.
offer_save_instead: Callable[[QWidget | None, str], bool] = _ask_save_instead


def open_attachment(document: Document, attachment_id: int, parent: QWidget | None) -> Path | None:
    """Show an attachment in the system's viewer, from a private temporary copy.

    Returns the copy handed over, or None when that failed (the user has been told why).
    """
    try:
        attachment = document.store.attachments.get(attachment_id)
        if is_executable(attachment.file_name, _first_bytes(document, attachment_id)):
            refuse_program(document, attachment, parent)
            return None
        copy = export_private_copy(document, attachment)
    except (DocumentError, OSError) as error:
        document.failed.emit(f"The attachment cannot be opened: {error}")
        return None
    if not open_url(QUrl.fromLocalFile(str(copy))):
        document.failed.emit(
            f"No application on this computer opens {attachment.file_name}. "
            "Use Save As to keep a copy and open it another way."
        )
        return None
    log.info("opened attachment %s from %s", attachment.file_name, copy)
    return copy


def save_attachment_as(
    document: Document, attachment_id: int, parent: QWidget | None
) -> Path | None:
    """Ask where to keep a copy of an attachment, and write it there."""
    try:
        attachment = document.store.attachments.get(attachment_id)
    except DocumentError as error:
        document.failed.emit(str(error))
        return None
    folder = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation
    ) or str(Path.home())
    target_text, _ = QFileDialog.getSaveFileName(
        parent,
        f"Save a copy of {attachment.file_name}",
        str(Path(folder) / safe_file_name(attachment.file_name)),
    )
    if not target_text:
        return None
    try:
        return document.store.attachments.export(attachment_id, Path(target_text))
    except DocumentError as error:
        document.failed.emit(str(error))
        return None


# ---- attaching, possibly off the GUI thread ------------------------------------------------

Finished = Callable[[list[StoreCommand], str | None], None]
_running: set[LongWork] = set()


def run_attaching(
    document: Document,
    commands: Sequence[StoreCommand],
    *,
    sizes: Sequence[int],
    parent: QWidget | None,
    label: str,
    on_finished: Finished,
) -> LongWork | None:
    """Apply edits that attach files, and keep each applied one on the undo stack.

    `sizes` are the bytes each command attaches. Up to BACKGROUND_ATTACH_BYTES in all, they
    run at once; beyond, off the GUI thread behind a
    progress dialog with Cancel (returning the LongWork, whose `finished` tells when).
    `on_finished(applied, error)` gets the commands that took effect and the message for the
    user if one failed or was cancelled (None when all succeeded). A command that fails or is
    cancelled changes nothing.
    """
    if not document.editable:
        on_finished([], READ_ONLY_REFUSAL)
        return None
    applied: list[StoreCommand] = []
    if sum(sizes) < BACKGROUND_ATTACH_BYTES:
        refusal: str | None = None
        for command in commands:
            refusal = document.push(command)
            if refusal is not None:
                break
            applied.append(command)
        on_finished(applied, refusal)
        return None

    weights = [max(size, 1) for size in sizes]
    window_store = document.store

    def work(report_progress: Callable[[int, int], None], cancel: threading.Event) -> int:
        before = 0
        for command, weight in zip(commands, weights, strict=True):
            command.cancel = cancel
            command.report_progress = lambda done, total, before=before, weight=weight: (
                report_progress(before + done * weight // max(total, 1), sum(weights))
            )
            before += weight
        apply_on_own_connection(window_store, commands, applied)
        return len(applied)

    long_work = LongWork(parent, label, work)

    def end(error: str | None) -> None:
        for command in commands:
            command.report_progress, command.cancel = None, None
        for command in applied:
            document.push_applied(command)
        _running.discard(long_work)
        on_finished(list(applied), error)

    long_work.succeeded.connect(lambda _result: end(None))
    long_work.failed.connect(end)
    long_work.cancelled.connect(
        lambda: end("Attaching was cancelled; the file that was being attached was not added.")
    )
    _running.add(long_work)
    long_work.start()
    return long_work


# ---- the attachments of one evidence record ----------------------------------------------


class AttachmentRole(enum.IntEnum):
    RECORD = Qt.ItemDataRole.UserRole
    ATTACHMENT_ID = Qt.ItemDataRole.UserRole + 1
    SORT = Qt.ItemDataRole.UserRole + 2


class AttachmentColumn(enum.IntEnum):
    FILE = 0
    SIZE = 1


_ATTACHMENT_HEADERS: Final = {AttachmentColumn.FILE: "File", AttachmentColumn.SIZE: "Size"}


class AttachmentTableModel(QAbstractTableModel):
    """The files attached to one evidence record."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._attachments: tuple[Attachment, ...] = ()

    def set_attachments(self, attachments: Sequence[Attachment]) -> None:
        if tuple(attachments) == self._attachments:
            return
        self.beginResetModel()
        self._attachments = tuple(attachments)
        self.endResetModel()

    def attachment(self, row: int) -> Attachment:
        return self._attachments[row]

    def row_of(self, attachment_id: int) -> int | None:
        for row, attachment in enumerate(self._attachments):
            if attachment.id == attachment_id:
                return row
        return None

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._attachments)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(AttachmentColumn)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        attachment = self._attachments[index.row()]
        column = AttachmentColumn(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column is AttachmentColumn.FILE:
                return attachment.file_name
            return format_size(attachment.size)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(
                f"{attachment.file_name}\n{format_size(attachment.size)}\n"
                f"SHA-256 {attachment.sha256}"
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and column is AttachmentColumn.SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == AttachmentRole.RECORD:
            return attachment
        if role == AttachmentRole.ATTACHMENT_ID:
            return attachment.id
        if role == AttachmentRole.SORT:
            return (
                attachment.file_name.casefold()
                if column is AttachmentColumn.FILE
                else attachment.size
            )
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(AttachmentColumn)
        ):
            return _ATTACHMENT_HEADERS[AttachmentColumn(section)]
        return None


# ---- preview -----------------------------------------------------------------------------


class PreviewKind(enum.Enum):
    NOTHING = "nothing"
    IMAGE = "image"
    PDF = "pdf"
    DETAILS = "details"
    UNAVAILABLE = "unavailable"


def _image_suffixes() -> set[str]:
    return {bytes(name.data()).decode().lower() for name in QImageReader.supportedImageFormats()}


def preview_kind_for(file_name: str) -> PreviewKind:
    suffix = Path(file_name).suffix.lower().lstrip(".")
    if suffix == "pdf":
        return PreviewKind.PDF
    if suffix and suffix in _image_suffixes():
        return PreviewKind.IMAGE
    return PreviewKind.DETAILS


class _ScaledImage(QLabel):
    """An image shrunk to fit the label, kept sharp as the pane is resized."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pixmap = QPixmap()
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # The pixmap must follow the pane's size, never push the layout to grow.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setMinimumSize(1, 1)

    def set_image(self, image: QImage) -> None:
        self._pixmap = QPixmap.fromImage(image)
        self._rescale()

    def clear_image(self) -> None:
        self._pixmap = QPixmap()
        self.clear()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._rescale()

    def _rescale(self) -> None:
        if self._pixmap.isNull():
            return
        target = self._pixmap.size().boundedTo(self.contentsRect().size())
        self.setPixmap(
            self._pixmap.scaled(
                target.expandedTo(QSize(1, 1)),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )


class AttachmentPreview(QWidget):
    """Shows the selected attachment: an image, a PDF, or its name, size and SHA-256."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = PreviewKind.NOTHING
        # The private copy shown (private_copies keeps it for Open until compdesk exits).
        self._copy: Path | None = None
        self._attachment: Attachment | None = None

        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setAccessibleName("Previewed file")
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.message = QLabel()
        # It shows file names: `<b>x</b>.pdf` must not turn into markup.
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAccessibleName("Preview")
        self.image = _ScaledImage()
        self.image.setAccessibleName("Image preview")
        self.pdf_document = QPdfDocument(self)
        self.pdf_view = QPdfView()
        self.pdf_view.setAccessibleName("PDF preview")
        self.pdf_view.setDocument(self.pdf_document)
        self.pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        self.pages = QStackedWidget()
        for page in (self.message, self.image, self.pdf_view):
            self.pages.addWidget(page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.pages, 1)
        self.show_attachment(None, None)

    @property
    def attachment(self) -> Attachment | None:
        return self._attachment

    def show_attachment(self, document: Document | None, attachment: Attachment | None) -> None:
        """Preview `attachment` (None: say that there is nothing to preview)."""
        if (
            attachment is not None
            and attachment == self._attachment
            and self.kind is not PreviewKind.NOTHING
        ):
            return
        self._release()
        self._attachment = attachment
        if document is None or attachment is None:
            self.caption.clear()
            self.caption.hide()
            self._show_message(PreviewKind.NOTHING, "Select an attachment to preview it here.")
            return
        self.caption.setText(
            f"<b>{html.escape(attachment.file_name)}</b> · {format_size(attachment.size)}"
        )
        self.caption.setToolTip(f"SHA-256 {attachment.sha256}")
        self.caption.show()
        kind = preview_kind_for(attachment.file_name)
        if kind is PreviewKind.DETAILS:
            self._show_details(attachment, "")
            return
        if attachment.size > PREVIEW_MAX_BYTES:
            self._show_details(
                attachment,
                f"This file is too large ({format_size(attachment.size)}) to preview here; "
                "Open shows it in its own application.",
            )
            return
        try:
            copy = export_private_copy(document, attachment)
        except (DocumentError, OSError) as error:
            self._show_unavailable(attachment, str(error))
            return
        self._copy = copy
        if kind is PreviewKind.PDF:
            self._show_pdf(attachment, copy)
        else:
            self._show_image(attachment, copy)

    def _show_pdf(self, attachment: Attachment, copy: Path) -> None:
        error = self.pdf_document.load(str(copy))
        if error != QPdfDocument.Error.None_ or self.pdf_document.pageCount() == 0:
            self.pdf_document.close()
            reason = {
                QPdfDocument.Error.IncorrectPassword: "it is protected by a password",
                QPdfDocument.Error.UnsupportedSecurityScheme: "it is encrypted",
            }.get(error, "it is not a readable PDF")
            self._show_unavailable(attachment, reason)
            return
        self.kind = PreviewKind.PDF
        self.pages.setCurrentWidget(self.pdf_view)

    def _show_image(self, attachment: Attachment, copy: Path) -> None:
        reader = QImageReader(str(copy))
        reader.setAutoTransform(True)
        size = reader.size()
        if size.isValid() and max(size.width(), size.height()) > PREVIEW_MAX_PIXELS:
            reader.setScaledSize(
                size.scaled(
                    PREVIEW_MAX_PIXELS, PREVIEW_MAX_PIXELS, Qt.AspectRatioMode.KeepAspectRatio
                )
            )
        image = reader.read()
        if image.isNull():
            self._show_unavailable(attachment, "it is not a readable image")
            return
        self.image.set_image(image)
        self.kind = PreviewKind.IMAGE
        self.pages.setCurrentWidget(self.image)

    def _show_details(self, attachment: Attachment, note: str) -> None:
        self._show_message(
            PreviewKind.DETAILS,
            (f"{note}\n\n" if note else "")
            + f"{attachment.file_name}\n{format_size(attachment.size)}\nSHA-256 {attachment.sha256}",
        )

    def _show_unavailable(self, attachment: Attachment, reason: str) -> None:
        self._show_message(
            PreviewKind.UNAVAILABLE,
            f"⚠ {attachment.file_name} cannot be previewed: {reason}.\n\n"
            f"{format_size(attachment.size)}\nSHA-256 {attachment.sha256}",
        )

    def _show_message(self, kind: PreviewKind, text: str) -> None:
        self.kind = kind
        self.message.setText(text)
        self.pages.setCurrentWidget(self.message)

    def _release(self) -> None:
        """Let go of the previous file (its copy stays for Open, until compdesk exits)."""
        self.pdf_document.close()
        self.image.clear_image()
        self._copy = None

    def clear(self) -> None:
        self.show_attachment(None, None)
