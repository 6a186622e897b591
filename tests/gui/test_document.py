"""The open document: what a push returns, and which areas each change names."""

from __future__ import annotations

import pytest

from compdesk.models.errors import DocumentError
from compdesk.models.records import Competency, EvidenceKind, Person, Route
from compdesk.views.commands.base import Change
from compdesk.views.commands.evidence import AddEvidenceCommand
from compdesk.views.commands.people import AddPersonCommand, DeletePersonCommand
from compdesk.views.commands.roles import SetRequirementCommand
from compdesk.views.document import READ_ONLY_REFUSAL, UNDO_LIMIT, Document
from compdesk.views.main_window import MainWindow


def recorded_changes(document: Document) -> list[Change]:
    changes: list[Change] = []
    document.changed.connect(changes.append)
    return changes


def test_push_returns_none_once_applied_and_the_refusal_otherwise(
    document: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert document.push(AddPersonCommand(document.store, "Ana Ruiz", "ana@example.com")) is None

    def refuse(*_args: object, **_values: object) -> Person:
        raise DocumentError("the disk is full")

    monkeypatch.setattr(document.store.people, "add", refuse)
    reported: list[str] = []
    document.failed.connect(reported.append)
    refusal = document.push(AddPersonCommand(document.store, "Bo Li", "bo@example.com"))

    assert refusal == "the disk is full"
    assert reported == []  # the caller shows it
    document.set_audit_mode(True)
    assert document.push(AddPersonCommand(document.store, "Bo Li", "bo@x.org")) == READ_ONLY_REFUSAL


def test_push_or_report_hands_a_refusal_to_the_window(document: Document) -> None:
    document.set_audit_mode(True)
    reported: list[str] = []
    document.failed.connect(reported.append)
    assert not document.push_or_report(AddPersonCommand(document.store, "Bo", "bo@x.org"))
    assert reported == [READ_ONLY_REFUSAL]


def test_a_push_an_undo_and_a_redo_each_name_what_the_command_touches(
    document: Document, ana: Person, secure_coding: Competency
) -> None:
    changes = recorded_changes(document)
    command = AddEvidenceCommand(
        document.store, ana, secure_coding, EvidenceKind.CERTIFICATE, Route.TRAINING
    )
    document.push(command)
    document.undo_stack.undo()
    document.undo_stack.redo()
    assert changes == [command.changes] * 3
    assert command.changes == Change.EVIDENCE

    changes.clear()
    role = document.store.roles.by_name("Developer")
    document.push(SetRequirementCommand(document.store, role, secure_coding, False))
    document.undo_stack.setIndex(0)  # both steps at once
    assert changes == [Change.REQUIREMENTS, Change.REQUIREMENTS | Change.EVIDENCE]


def test_a_deletion_names_what_it_cascades_to(document: Document, ana: Person) -> None:
    changes = recorded_changes(document)
    document.push(DeletePersonCommand(document.store, ana))
    assert changes == [Change.PEOPLE | Change.EVIDENCE | Change.ACTIONS]


def test_a_push_at_the_undo_limit_still_names_its_areas(document: Document) -> None:
    document.undo_stack.setUndoLimit(2)
    changes = recorded_changes(document)
    for number in range(3):
        document.push(AddPersonCommand(document.store, f"P{number}", f"p{number}@example.com"))
    assert len(changes) == 3 and all(c == AddPersonCommand.changes for c in changes)
    assert document.undo_stack.count() == 2 < UNDO_LIMIT


def test_refresh_names_every_area(document: Document) -> None:
    changes = recorded_changes(document)
    document.refresh()
    assert changes == [Change.ALL]


def test_forget_undo_takes_every_step_off_and_says_why_in_the_status_bar(
    window: MainWindow, document: Document
) -> None:
    assert document.push(AddPersonCommand(document.store, "Ana Ruiz", "ana@example.com")) is None
    assert window.undo_action.isEnabled()

    document.forget_undo("nothing done before the purge can be undone.")

    assert document.undo_stack.count() == 0
    assert not window.undo_action.isEnabled() and not window.redo_action.isEnabled()
    assert window.statusBar().currentMessage() == (
        "Undo history cleared: nothing done before the purge can be undone."
    )
