"""An acknowledgement's document version in the evidence form: it starts at the document's
current version, is saved with the record, and shows only for documents to acknowledge."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from compdesk.models.records import EvidenceKind, Person
from compdesk.views.document import Document
from compdesk.views.evidence.view import EvidenceView
from compdesk.views.main_window import MainWindow
from tests.conftest import make_competency
from tests.gui.conftest import shown_view
from tests.gui.test_evidence_dialog import choose
from tests.gui.test_evidence_view import EVIDENCE_TAB, open_new_dialog


@pytest.fixture
def view(window: MainWindow) -> EvidenceView:
    return shown_view(window, EVIDENCE_TAB, "evidence", EvidenceView)


def test_an_acknowledgement_is_of_the_documents_current_version_unless_typed(
    qtbot: QtBot, document: Document, view: EvidenceView, ana: Person
) -> None:
    store = document.store
    policy = make_competency(
        store,
        "Acceptable use",
        document_version="3",
        version_since=date(2026, 1, 5),
        accepted_kinds=(EvidenceKind.OTHER,),
    )
    document.refresh()
    dialog = open_new_dialog(qtbot, view)
    choose(qtbot, dialog.person_combo, "Ana")
    choose(qtbot, dialog.competency_combo, "Passwords")
    # Not a document: no version to give.
    assert not dialog.version_edit.isVisibleTo(dialog)
    choose(qtbot, dialog.competency_combo, "Acceptable")
    assert dialog.version_edit.isVisibleTo(dialog)
    assert dialog.version_edit.text() == "3"
    dialog.version_edit.setFocus()
    dialog.version_edit.selectAll()
    qtbot.keyClicks(dialog.version_edit, "2")
    dialog.achieved_edit.line_edit.setFocus()
    qtbot.keyClicks(dialog.achieved_edit.line_edit, "2025-11-20")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    (saved,) = [e for e in store.evidence.list() if e.competency_id == policy.id]
    assert saved.document_version == "2"
    document.undo_stack.undo()
    assert not [e for e in store.evidence.list() if e.competency_id == policy.id]
