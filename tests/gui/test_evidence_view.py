"""The Evidence view, the evidence dialog and attachments, driven through real widgets."""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDropEvent, QImage
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot
from reportlab.pdfgen import canvas

from compdesk.models.records import Competency, Evidence, EvidenceKind, Person, Route
from compdesk.models.rules import Validity, accepted_kind_problem
from compdesk.storage import Store
from compdesk.views.commands.evidence import AddEvidenceCommand
from compdesk.views.commands.roles import SetRequirementCommand
from compdesk.views.document import Document
from compdesk.views.evidence.dialog import EvidenceDialog
from compdesk.views.evidence.table import EvidenceColumn
from compdesk.views.evidence.view import EvidenceView
from compdesk.views.main_window import MainWindow
from compdesk.views.widgets import attachments
from compdesk.views.widgets.attachments import PreviewKind
from compdesk.views.widgets.workers import LongWork
from tests.conftest import make_evidence, make_person
from tests.gui.conftest import shown_view
from tests.gui.reloads import count_reloads, push_and_undo

EVIDENCE_TAB = 3


@pytest.fixture
def view(window: MainWindow) -> EvidenceView:
    return shown_view(window, EVIDENCE_TAB, "evidence", EvidenceView)


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Files handed to the system viewer (nothing really opens)."""
    paths: list[Path] = []

    def fake_open_url(url: QUrl) -> bool:
        paths.append(Path(url.toLocalFile()))
        return True

    monkeypatch.setattr(attachments, "open_url", fake_open_url)
    return paths


def choose_files(monkeypatch: pytest.MonkeyPatch, *paths: Path) -> None:
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileNames",
        staticmethod(lambda *_args, **_kwargs: ([str(p) for p in paths], "")),
    )


def pdf_bytes(text: str = "Certificate of completion") -> bytes:
    pdf = canvas.Canvas(None)  # with no file name, ReportLab keeps the PDF in memory
    pdf.drawString(72, 720, text)
    pdf.showPage()
    return bytes(pdf.getpdfdata())


def png_file(path: Path, width: int = 120, height: int = 80) -> Path:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#3a7d3a"))
    assert image.save(str(path), "PNG")
    return path


def texts(view: EvidenceView, column: EvidenceColumn) -> list[str]:
    return [view.proxy.index(row, column).data() for row in range(view.proxy.rowCount())]


def add_evidence_with(
    document: Document, view: EvidenceView, person: Person, competency: Competency, **values: Any
) -> Evidence:
    evidence = make_evidence(document.store, person, competency, **values)
    document.refresh()
    assert view.select_evidence(evidence.id)
    return evidence


def drop(widget: Any, *paths: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    widget.dropEvent(event)
    assert event.isAccepted()


def open_new_dialog(qtbot: QtBot, view: EvidenceView) -> EvidenceDialog:
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def select_combo_data(combo: Any, value: object) -> None:
    combo.setCurrentIndex(combo.findData(value))
    assert combo.currentData() == value


# ---- the dialog --------------------------------------------------------------------------------


def test_typed_evidence_with_a_file_is_added_and_undo_and_redo_keep_the_attachment(
    qtbot: QtBot,
    window: MainWindow,
    document: Document,
    view: EvidenceView,
    ana: Person,
    secure_coding: Competency,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    certificate = tmp_path / "owasp-certificate.pdf"
    certificate.write_bytes(pdf_bytes())
    choose_files(monkeypatch, certificate)
    document.refresh()

    dialog = open_new_dialog(qtbot, view)
    select_combo_data(dialog.person_combo, ana.id)
    select_combo_data(dialog.competency_combo, secure_coding.id)
    select_combo_data(dialog.kind_combo, EvidenceKind.CERTIFICATE)
    qtbot.keyClicks(dialog.title_edit, "OWASP Top 10 for developers")
    qtbot.keyClicks(dialog.issuer_edit, "SecureCode Campus")
    qtbot.keyClicks(dialog.achieved_edit.line_edit, "2026-01-10")
    assert "valid until 2027-01-10" in dialog.expiry_hint.text()
    qtbot.keyClicks(dialog.score_edit, "92")
    qtbot.mouseClick(dialog.add_files_button, Qt.MouseButton.LeftButton)
    assert dialog.files == (certificate,)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    assert texts(view, EvidenceColumn.TITLE) == ["OWASP Top 10 for developers"]
    row = view.selected_row()
    assert row is not None and row.person.name == "Ana Ruiz"
    assert row.file_names == ("owasp-certificate.pdf",)
    evidence = view.selected_evidence()
    assert evidence is not None
    assert evidence.kind is EvidenceKind.CERTIFICATE and evidence.score == 92
    assert evidence.achieved_on == date(2026, 1, 10)
    assert [a.file_name for a in evidence.attachments] == ["owasp-certificate.pdf"]
    assert view.model.index(0, EvidenceColumn.FILES).data() == "1"
    assert view.model.index(0, EvidenceColumn.EXPIRES).data().endswith("2027-01-10 (renewal)")
    attachment = evidence.attachments[0]
    assert document.store.attachments.bytes(attachment.id) == certificate.read_bytes()

    window.undo_action.trigger()
    assert view.model.rowCount() == 0
    assert document.store.evidence.list() == []

    window.redo_action.trigger()
    assert view.model.rowCount() == 1
    restored = document.store.evidence.get(evidence.id)
    assert restored.attachments == evidence.attachments
    assert document.store.attachments.bytes(attachment.id) == certificate.read_bytes()


def test_a_date_in_the_wrong_form_keeps_the_dialog_open_and_changes_nothing(
    qtbot: QtBot,
    document: Document,
    view: EvidenceView,
    ana: Person,
    secure_coding: Competency,
) -> None:
    document.refresh()
    dialog = open_new_dialog(qtbot, view)
    select_combo_data(dialog.person_combo, ana.id)
    select_combo_data(dialog.competency_combo, secure_coding.id)
    qtbot.keyClicks(dialog.title_edit, "OWASP course")
    qtbot.keyClicks(dialog.achieved_edit.line_edit, "10/01/2026")
    stack_before = document.undo_stack.count()

    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert dialog.message.is_error
    assert "10/01/2026" in dialog.message.text() and "YYYY-MM-DD" in dialog.message.text()
    assert dialog.focusWidget() is dialog.achieved_edit.line_edit
    assert document.store.evidence.list() == []
    assert document.undo_stack.count() == stack_before
    dialog.reject()


def test_a_bad_score_and_an_expiry_before_the_achievement_are_refused(
    qtbot: QtBot, document: Document, ana: Person, secure_coding: Competency
) -> None:
    dialog = EvidenceDialog(document, person=ana, competency=secure_coding)
    qtbot.addWidget(dialog)
    dialog.open()
    assert not dialog.person_combo.isEnabled() and not dialog.competency_combo.isEnabled()
    qtbot.keyClicks(dialog.score_edit, "ninety")
    dialog.accept()
    assert dialog.isVisible() and "ninety" in dialog.message.text()

    dialog.score_edit.clear()
    qtbot.keyClicks(dialog.achieved_edit.line_edit, "2026-03-01")
    qtbot.keyClicks(dialog.expires_edit.line_edit, "2026-02-01")
    dialog.accept()
    assert dialog.isVisible() and "before" in dialog.message.text()
    assert document.store.evidence.list() == []
    dialog.reject()


def test_a_kind_the_competency_does_not_accept_is_refused_in_the_form(
    qtbot: QtBot, document: Document, ana: Person, secure_coding: Competency
) -> None:
    accepted = (EvidenceKind.CERTIFICATE, EvidenceKind.TRAINING_RECORD)
    competency = document.store.competencies.update(replace(secure_coding, accepted_kinds=accepted))
    dialog = EvidenceDialog(document, person=ana, competency=competency)
    qtbot.addWidget(dialog)
    dialog.open()
    select_combo_data(dialog.kind_combo, EvidenceKind.CV)
    stack_before = document.undo_stack.count()

    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    refusal = accepted_kind_problem(competency, EvidenceKind.CV)
    assert refusal is not None
    assert dialog.isVisible()
    assert dialog.message.is_error and refusal in dialog.message.text()
    assert dialog.focusWidget() is dialog.kind_combo
    assert document.store.evidence.list() == []
    assert document.undo_stack.count() == stack_before

    select_combo_data(dialog.kind_combo, EvidenceKind.CERTIFICATE)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert [e.kind for e in document.store.evidence.list()] == [EvidenceKind.CERTIFICATE]


def test_files_dropped_on_the_dialog_are_listed_and_can_be_removed(
    qtbot: QtBot, document: Document, ana: Person, secure_coding: Competency, tmp_path: Path
) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("attendance")
    second.write_text("quiz")
    dialog = EvidenceDialog(document, person=ana, competency=secure_coding)
    qtbot.addWidget(dialog)
    dialog.open()
    drop(dialog, first, second)
    assert dialog.files == (first, second)
    dialog.files_view.setCurrentIndex(dialog.files_model.index(0))
    qtbot.mouseClick(dialog.remove_files_button, Qt.MouseButton.LeftButton)
    assert list(dialog.files) == [second]
    dialog.accept()
    assert not dialog.isVisible()
    (added,) = document.store.evidence.list()
    assert [a.file_name for a in added.attachments] == ["b.txt"]


def test_editing_evidence_is_one_undoable_step(
    qtbot: QtBot,
    window: MainWindow,
    document: Document,
    view: EvidenceView,
    ana: Person,
    secure_coding: Competency,
) -> None:
    evidence = add_evidence_with(document, view, ana, secure_coding, title="Old title")
    qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert dialog is not None and dialog.title_edit.text() == "Old title"
    dialog.title_edit.clear()
    qtbot.keyClicks(dialog.title_edit, "New title")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert document.store.evidence.get(evidence.id).title == "New title"
    assert view.details.fields["Kind"].text() == evidence.kind.label
    assert view.details.heading.text() == "New title"
    window.undo_action.trigger()
    assert document.store.evidence.get(evidence.id).title == "Old title"
    assert view.details.heading.text() == "Old title"


# ---- attachments on existing evidence --------------------------------------------------------


def test_attaching_and_removing_a_file_are_each_one_undoable_step(
    qtbot: QtBot,
    window: MainWindow,
    document: Document,
    view: EvidenceView,
    ana: Person,
    secure_coding: Competency,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    evidence = add_evidence_with(document, view, ana, secure_coding)
    scan = png_file(tmp_path / "attendance.png")
    choose_files(monkeypatch, scan)

    qtbot.mouseClick(view.details.attach_button, Qt.MouseButton.LeftButton)
    (attachment,) = document.store.evidence.get(evidence.id).attachments
    assert attachment.file_name == "attendance.png"
    assert view.details.attachment_model.rowCount() == 1
    assert view.details.selected_attachment() == attachment
    assert window.undo_action.text() == "&Undo Attach attendance.png"

    window.undo_action.trigger()
    assert document.store.evidence.get(evidence.id).attachments == ()
    assert view.details.attachment_model.rowCount() == 0
    window.redo_action.trigger()
    assert document.store.evidence.get(evidence.id).attachments == (attachment,)

    assert view.details.select_attachment(attachment.id)
    qtbot.mouseClick(view.details.remove_button, Qt.MouseButton.LeftButton)
    assert document.store.evidence.get(evidence.id).attachments == ()
    assert view.details.attachment_model.rowCount() == 0
    window.undo_action.trigger()
    assert document.store.evidence.get(evidence.id).attachments == (attachment,)
    assert document.store.attachments.bytes(attachment.id) == scan.read_bytes()


def test_files_dropped_on_the_detail_pane_are_attached(
    document: Document, view: EvidenceView, ana: Person, secure_coding: Competency, tmp_path: Path
) -> None:
    evidence = add_evidence_with(document, view, ana, secure_coding)
    cv = tmp_path / "cv.txt"
    cv.write_text("ten years of infrastructure security")
    drop(view.details, cv)
    assert [a.file_name for a in document.store.evidence.get(evidence.id).attachments] == ["cv.txt"]


def test_a_large_file_is_attached_off_the_gui_thread(
    qtbot: QtBot,
    window: MainWindow,
    document: Document,
    view: EvidenceView,
    ana: Person,
    secure_coding: Competency,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(attachments, "BACKGROUND_ATTACH_BYTES", 1024)
    evidence = add_evidence_with(document, view, ana, secure_coding)
    recording = tmp_path / "training-recording.bin"
    recording.write_bytes(os.urandom(3 * 1024 * 1024))

    view.details.attach_files([recording])
    work = view.details.pending
    assert isinstance(work, LongWork)
    with qtbot.waitSignal(work.finished, timeout=20000):
        pass
    (attachment,) = document.store.evidence.get(evidence.id).attachments
    assert document.store.attachments.bytes(attachment.id) == recording.read_bytes()
    window.undo_action.trigger()
    assert document.store.evidence.get(evidence.id).attachments == ()


def test_a_background_attach_is_invisible_to_the_window_until_it_is_committed(
    qtbot: QtBot,
    window: MainWindow,
    document: Document,
    view: EvidenceView,
    ana: Person,
    secure_coding: Competency,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(attachments, "BACKGROUND_ATTACH_BYTES", 1024)
    writing, go_on = threading.Event(), threading.Event()

    class PausedMidWrite(LongWork):
        """The attaching stops once inside its transaction, until the test lets it go on."""

        def __init__(self, parent: Any, label: str, work: Any) -> None:
            def paused_work(report_progress: Callable[[int, int], None], cancel: Any) -> Any:
                def report(done: int, total: int) -> None:
                    # The file is read twice: hashed, then written inside the transaction.
                    if done * 2 > total and not writing.is_set():
                        writing.set()
                        assert go_on.wait(20)
                    report_progress(done, total)

                return work(report, cancel)

            super().__init__(parent, label, paused_work)

    monkeypatch.setattr(attachments, "LongWork", PausedMidWrite)
    evidence = add_evidence_with(document, view, ana, secure_coding)
    earlier = make_evidence(document.store, ana, secure_coding, title="Earlier course")
    document.refresh()
    assert view.select_evidence(earlier.id)
    view.delete_selected()
    assert view.select_evidence(evidence.id)
    # Small enough to stay in SQLite's page cache: the writer holds no exclusive lock yet.
    recording = tmp_path / "training-recording.bin"
    recording.write_bytes(os.urandom(600 * 1024))

    view.details.attach_files([recording])
    work = view.details.pending
    assert isinstance(work, LongWork)
    qtbot.waitUntil(writing.is_set, timeout=20000)
    try:
        assert document.store.blobs.all() == []
        assert document.store.evidence.get(evidence.id).attachments == ()
    finally:
        go_on.set()
    with qtbot.waitSignal(work.finished, timeout=20000):
        pass

    (attachment,) = document.store.evidence.get(evidence.id).attachments
    assert document.store.attachments.bytes(attachment.id) == recording.read_bytes()
    window.undo_action.trigger()
    assert document.store.evidence.get(evidence.id).attachments == ()
    window.redo_action.trigger()
    assert document.store.evidence.get(evidence.id).attachments == (attachment,)
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert document.store.evidence.get(earlier.id).title == "Earlier course"


def test_cancelling_a_background_attach_changes_nothing(
    qtbot: QtBot,
    document: Document,
    view: EvidenceView,
    ana: Person,
    secure_coding: Competency,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(attachments, "BACKGROUND_ATTACH_BYTES", 1024)
    start = LongWork.start

    def cancel_at_once(work: LongWork) -> None:
        work.cancel()
        start(work)

    monkeypatch.setattr(LongWork, "start", cancel_at_once)
    messages: list[str] = []
    document.failed.connect(messages.append)
    evidence = add_evidence_with(document, view, ana, secure_coding)
    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom(2 * 1024 * 1024))
    stack_before = document.undo_stack.count()

    view.details.attach_files([big])
    work = view.details.pending
    assert work is not None
    with qtbot.waitSignal(work.finished, timeout=20000):
        pass
    assert document.store.evidence.get(evidence.id).attachments == ()
    assert document.store.blobs.all() == []
    assert document.undo_stack.count() == stack_before
    assert messages and "cancelled" in messages[0]
    window_box = view.window().last_message_box  # type: ignore[attr-defined]
    window_box.accept()


# ---- opening, saving, previewing -------------------------------------------------------------


def test_opening_an_attachment_hands_the_viewer_a_private_copy(
    qtbot: QtBot,
    document: Document,
    view: EvidenceView,
    ana: Person,
    secure_coding: Competency,
    opened: list[Path],
) -> None:
    evidence = add_evidence_with(document, view, ana, secure_coding)
    original = pdf_bytes("Lead Auditor")
    document.store.attachments.attach_bytes(evidence.id, "lead auditor.pdf", original)
    document.refresh()

    qtbot.mouseClick(view.details.open_button, Qt.MouseButton.LeftButton)

    (copy,) = opened
    assert copy.name == "lead auditor.pdf"
    assert copy.read_bytes() == original
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert stat.S_IMODE(copy.parent.parent.stat().st_mode) == 0o700


def test_in_audit_mode_one_click_opens_an_evidence_file(
    qtbot: QtBot,
    window: MainWindow,
    document: Document,
    view: EvidenceView,
    ana: Person,
    secure_coding: Competency,
    opened: list[Path],
) -> None:
    evidence = add_evidence_with(document, view, ana, secure_coding)
    document.store.attachments.attach_bytes(evidence.id, "attendance.txt", b"Ana Ruiz, signed")
    document.refresh()
    window.audit_action.trigger()
    for button in (
        view.new_button,
        view.edit_button,
        view.delete_button,
        view.details.attach_button,
    ):
        assert not button.isEnabled()
    assert view.details.remove_button.isEnabled() is False and view.details.open_button.isEnabled()

    cell = view.details.attachments.visualRect(view.details.attachment_model.index(0, 0)).center()
    qtbot.mouseClick(view.details.attachments.viewport(), Qt.MouseButton.LeftButton, pos=cell)

    assert len(opened) == 1
    assert opened[0].read_bytes() == b"Ana Ruiz, signed"


def test_save_as_writes_the_attachment_where_the_user_chose(
    qtbot: QtBot,
    document: Document,
    view: EvidenceView,
    ana: Person,
    secure_coding: Competency,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    evidence = add_evidence_with(document, view, ana, secure_coding)
    document.store.attachments.attach_bytes(evidence.id, "cv.txt", b"experience")
    document.refresh()
    target = tmp_path / "kept" / "cv copy.txt"
    target.parent.mkdir()
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        staticmethod(lambda *_args, **_kwargs: (str(target), "")),
    )
    qtbot.mouseClick(view.details.save_button, Qt.MouseButton.LeftButton)
    assert target.read_bytes() == b"experience"


@pytest.mark.parametrize(
    ("file_name", "make_bytes", "kind"),
    [
        ("scan.png", lambda tmp: png_file(tmp / "scan.png").read_bytes(), PreviewKind.IMAGE),
        ("certificate.pdf", lambda _tmp: pdf_bytes(), PreviewKind.PDF),
        ("broken.pdf", lambda _tmp: b"%PDF-1.4\nnot really a pdf", PreviewKind.UNAVAILABLE),
        ("notes.docx", lambda _tmp: b"PK\x03\x04 word", PreviewKind.DETAILS),
    ],
)
def test_the_selected_attachment_is_previewed(
    document: Document,
    view: EvidenceView,
    ana: Person,
    secure_coding: Competency,
    tmp_path: Path,
    file_name: str,
    make_bytes: Callable[[Path], bytes],
    kind: PreviewKind,
) -> None:
    evidence = add_evidence_with(document, view, ana, secure_coding)
    data = make_bytes(tmp_path)
    attachment = document.store.attachments.attach_bytes(evidence.id, file_name, data)
    document.refresh()

    assert view.details.selected_attachment() == attachment
    preview = view.details.preview
    assert preview.kind is kind
    if kind is PreviewKind.IMAGE:
        assert preview.pages.currentWidget() is preview.image
        assert not preview.image.pixmap().isNull()
    elif kind is PreviewKind.PDF:
        assert preview.pages.currentWidget() is preview.pdf_view
        assert preview.pdf_document.pageCount() == 1
    elif kind is PreviewKind.UNAVAILABLE:
        assert "cannot be previewed" in preview.message.text()
        assert attachment.sha256 in preview.message.text()
    else:
        assert attachment.sha256 in preview.message.text()
        assert "notes.docx" in preview.message.text()


def test_a_file_name_in_the_preview_message_is_shown_as_typed(
    document: Document, view: EvidenceView, ana: Person, secure_coding: Competency
) -> None:
    evidence = add_evidence_with(document, view, ana, secure_coding)
    document.store.attachments.attach_bytes(
        evidence.id, "<b>minutes</b>.docx", b"not a real document"
    )
    document.refresh()

    message = view.details.preview.message
    assert "<b>minutes</b>.docx" in message.text()
    assert message.textFormat() is Qt.TextFormat.PlainText


# ---- the list ----------------------------------------------------------------------------------


def test_filters_narrow_the_list_and_ctrl_f_focuses_the_search(
    qtbot: QtBot,
    window: MainWindow,
    document: Document,
    view: EvidenceView,
    ana: Person,
    secure_coding: Competency,
) -> None:
    store = document.store
    ben = make_person(store, "Ben Okafor")
    phishing = store.competencies.by_name("Phishing recognition")
    make_evidence(store, ana, secure_coding, title="OWASP course")
    make_evidence(
        store,
        ben,
        secure_coding,
        title="Secure code review",
        kind=EvidenceKind.CV,
        route=Route.EXPERIENCE,
    )
    make_evidence(store, ben, phishing, title="March drill", kind=EvidenceKind.DRILL_RESULT)
    document.refresh()
    assert view.proxy.rowCount() == 3

    view.person_filter.setCurrentIndex(view.person_filter.findData(ben.id))
    assert sorted(texts(view, EvidenceColumn.TITLE)) == ["March drill", "Secure code review"]
    view.kind_filter.setCurrentIndex(view.kind_filter.findData(EvidenceKind.CV))
    assert texts(view, EvidenceColumn.TITLE) == ["Secure code review"]
    view.clear_filters()
    view.competency_filter.setCurrentIndex(view.competency_filter.findData(phishing.id))
    assert texts(view, EvidenceColumn.TITLE) == ["March drill"]
    view.clear_filters()

    window.find_action.trigger()
    assert view.search_edit.hasFocus()
    qtbot.keyClicks(view.search_edit, "COURSE")
    assert texts(view, EvidenceColumn.TITLE) == ["OWASP course"]
    assert view.count_label.text() == "1 of 3"


def test_expired_and_expiring_evidence_is_marked_in_words(
    document: Document, view: EvidenceView, ana: Person, secure_coding: Competency
) -> None:
    store = document.store
    document.set_as_of(date(2026, 6, 1))
    make_evidence(store, ana, secure_coding, achieved_on=date(2025, 1, 10), title="old")
    make_evidence(store, ana, secure_coding, achieved_on=date(2025, 6, 10), title="soon")
    make_evidence(
        store,
        ana,
        secure_coding,
        achieved_on=date(2026, 1, 10),
        expires_on=date(2028, 1, 1),
        title="explicit",
    )
    never = store.competencies.by_name("ISO 27001 requirements")
    make_evidence(store, ana, never, achieved_on=date(2020, 1, 1), title="forever")
    document.refresh()

    by_title = {
        view.model.index(row, EvidenceColumn.TITLE).data(): view.model.index(
            row, EvidenceColumn.EXPIRES
        ).data()
        for row in range(view.model.rowCount())
    }
    assert by_title == {
        "old": "✘ expired 2026-01-10 (renewal)",
        "soon": "⚠ expiring 2026-06-10 (renewal)",
        "explicit": "2028-01-01",
        "forever": "never",
    }
    view.validity_filter.setCurrentIndex(3)
    assert texts(view, EvidenceColumn.TITLE) == ["old"]
    assert view.validity_filter.currentData() == frozenset({Validity.EXPIRED})


def test_deleting_evidence_is_undoable(
    qtbot: QtBot,
    window: MainWindow,
    document: Document,
    view: EvidenceView,
    ana: Person,
    secure_coding: Competency,
) -> None:
    evidence = add_evidence_with(document, view, ana, secure_coding, title="to delete")
    document.store.attachments.attach_bytes(evidence.id, "proof.txt", b"proof")
    document.refresh()
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert document.store.evidence.list() == []
    assert view.model.rowCount() == 0
    assert view.details.empty_label.isVisible()
    window.undo_action.trigger()
    restored = document.store.evidence.get(evidence.id)
    assert [a.file_name for a in restored.attachments] == ["proof.txt"]
    assert view.model.rowCount() == 1


def test_the_evidence_models_pass_the_model_tester(
    qtmodeltester: Any,
    document: Document,
    view: EvidenceView,
    ana: Person,
    secure_coding: Competency,
) -> None:
    evidence = add_evidence_with(document, view, ana, secure_coding, title="OWASP course")
    document.store.attachments.attach_bytes(evidence.id, "a.txt", b"a")
    document.store.attachments.attach_bytes(evidence.id, "b.txt", b"bb")
    make_evidence(document.store, ana, secure_coding, title="second")
    document.refresh()
    assert view.select_evidence(evidence.id)
    qtmodeltester.check(view.model)
    qtmodeltester.check(view.proxy)
    qtmodeltester.check(view.details.attachment_model)


def test_a_refused_edit_keeps_the_dialog_open_with_the_reason_and_changes_nothing(
    qtbot: QtBot,
    window: MainWindow,
    document: Document,
    view: EvidenceView,
    ana: Person,
    secure_coding: Competency,
    tmp_path: Path,
) -> None:
    vanishing = tmp_path / "moved-away.pdf"
    vanishing.write_bytes(pdf_bytes())
    document.refresh()
    view.new_evidence(files=[vanishing])
    dialog = view.dialog
    assert dialog is not None
    select_combo_data(dialog.person_combo, ana.id)
    select_combo_data(dialog.competency_combo, secure_coding.id)
    vanishing.unlink()
    stack_before = document.undo_stack.count()

    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible() and dialog.message.is_error
    assert "moved-away.pdf" in dialog.message.text()
    # The evidence and its file are one step: without the file, no evidence either.
    assert document.store.evidence.list() == []
    assert document.undo_stack.count() == stack_before
    dialog.reject()


def test_a_read_only_document_can_be_browsed_but_not_edited(
    window: MainWindow, starter_path: Path, opened: list[Path]
) -> None:
    window.close_document()
    with Store.open(starter_path) as store:
        person = make_person(store, "Ana Ruiz")
        competency = store.competencies.by_name("Security policy")
        evidence = make_evidence(store, person, competency)
        store.attachments.attach_bytes(evidence.id, "policy signed.txt", b"signed")
    assert window.open_path(starter_path, read_only=True)
    window.show_view(EVIDENCE_TAB)
    view = window.view("evidence")
    assert isinstance(view, EvidenceView)
    assert view.select_evidence(evidence.id)
    for button in (
        view.new_button,
        view.edit_button,
        view.delete_button,
        view.details.attach_button,
        view.details.remove_button,
    ):
        assert not button.isEnabled()
    assert not view.details.drops_enabled
    assert view.details.open_button.isEnabled() and view.details.save_button.isEnabled()
    view.details.open_selected_attachment()
    assert opened[0].read_bytes() == b"signed"


def test_the_preview_is_kept_across_unrelated_edits(
    document: Document, view: EvidenceView, ana: Person, secure_coding: Competency
) -> None:
    evidence = add_evidence_with(document, view, ana, secure_coding)
    document.store.attachments.attach_bytes(evidence.id, "certificate.pdf", pdf_bytes())
    document.refresh()
    assert view.details.preview.kind is PreviewKind.PDF
    copy = view.details.preview._copy
    assert copy is not None and copy.is_file()

    make_person(document.store, "Ben Okafor")
    document.refresh()

    assert view.details.preview.kind is PreviewKind.PDF
    assert view.details.preview._copy == copy


def test_the_keyboard_edits_deletes_and_opens(
    qtbot: QtBot,
    window: MainWindow,
    document: Document,
    view: EvidenceView,
    ana: Person,
    secure_coding: Competency,
    opened: list[Path],
) -> None:
    evidence = add_evidence_with(document, view, ana, secure_coding, title="keyboard")
    document.store.attachments.attach_bytes(evidence.id, "proof.txt", b"proof")
    document.refresh()
    window.activateWindow()
    view.table.setFocus()
    qtbot.waitUntil(view.table.hasFocus)

    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert view.dialog is not None and view.dialog.isVisible()
    view.dialog.reject()

    view.details.attachments.setFocus()
    qtbot.keyClick(view.details.attachments, Qt.Key.Key_Return)
    assert [p.read_bytes() for p in opened] == [b"proof"]

    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert document.store.evidence.list() == []


@pytest.mark.parametrize(
    ("size", "message"),
    [(0, "is empty"), (500 * 1024 * 1024, "at most 256 MB")],
    ids=["empty", "500-mb"],
)
def test_an_unusable_file_is_refused_with_a_message_and_changes_nothing(
    qtbot: QtBot,
    window: MainWindow,
    document: Document,
    view: EvidenceView,
    ana: Person,
    secure_coding: Competency,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    size: int,
    message: str,
) -> None:
    evidence = add_evidence_with(document, view, ana, secure_coding)
    unusable = tmp_path / "recording.bin"
    with unusable.open("wb") as stream:
        stream.truncate(size)  # sparse: no 500 MB written to disk
    choose_files(monkeypatch, unusable)
    stack_before = document.undo_stack.count()

    qtbot.mouseClick(view.details.attach_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: window.last_message_box is not None)
    box = window.last_message_box
    assert box is not None and box.isVisible()
    assert message in box.text()
    box.accept()
    assert document.store.evidence.get(evidence.id).attachments == ()
    assert document.undo_stack.count() == stack_before


def test_a_requirement_edit_leaves_the_evidence_view_as_it_is(
    view: EvidenceView,
    document: Document,
    ana: Person,
    secure_coding: Competency,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reloads = count_reloads(view, monkeypatch)
    role = document.store.roles.add("Auditor")

    push_and_undo(document, SetRequirementCommand(document.store, role, secure_coding, True))
    assert reloads == []

    push_and_undo(
        document,
        AddEvidenceCommand(
            document.store, ana, secure_coding, EvidenceKind.CERTIFICATE, Route.TRAINING
        ),
    )
    assert len(reloads) == 2
