"""After an edit, undo or redo, the matrix shows exactly what a whole recompute gives, though
only the people the edit touched are computed again."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date

import pytest

from compdesk.models.gaps import GapStatus
from compdesk.models.records import ActionType, EvidenceKind, Route
from compdesk.views.commands.actions import AddActionCommand, DeleteActionCommand
from compdesk.views.commands.base import StoreCommand
from compdesk.views.commands.evidence import (
    AddEvidenceCommand,
    DeleteEvidenceCommand,
    UpdateEvidenceCommand,
)
from compdesk.views.commands.people import UpdatePersonCommand
from compdesk.views.commands.roles import SetRequirementCommand
from compdesk.views.document import Document
from compdesk.views.main_window import MainWindow
from compdesk.views.matrix.view import MatrixView


def shown_statuses(view: MatrixView) -> dict[tuple[int, int], GapStatus]:
    model = view.model
    return {
        (row.person.id, competency.id): status
        for row in model.rows
        for competency, status in zip(model.competencies, row.statuses, strict=True)
    }


def recomputed_statuses(document: Document) -> dict[tuple[int, int], GapStatus]:
    matrix = document.store.gap_matrix(document.as_of)
    return {
        (person.id, competency.id): matrix.status(person.id, competency.id)
        for person in matrix.people
        for competency in matrix.competencies
    }


def assert_as_recomputed(view: MatrixView, document: Document) -> None:
    full = document.store.gap_matrix(document.as_of)
    assert document.matrix().cells == full.cells
    assert shown_statuses(view) == recomputed_statuses(document)
    assert view.model.tally == view.proxy.summary() or view.proxy.filters_anything()


Edit = Callable[[Document], StoreCommand]


def add_evidence(document: Document) -> StoreCommand:
    store = document.store
    matrix = document.matrix()
    person_id, competency_id = next(
        key for key, cell in matrix.cells.items() if cell.status is GapStatus.MISSING
    )
    return AddEvidenceCommand(
        store,
        store.people.get(person_id),
        store.competencies.get(competency_id),
        EvidenceKind.TRAINING_RECORD,
        Route.TRAINING,
        achieved_on=document.as_of,
    )


def update_evidence(document: Document) -> StoreCommand:
    evidence = document.store.evidence.list()[0]
    after = dataclasses.replace(evidence, achieved_on=date(2001, 1, 1), expires_on=date(2002, 1, 1))
    return UpdateEvidenceCommand(document.store, evidence, after)


def delete_evidence(document: Document) -> StoreCommand:
    cell = next(c for c in document.matrix().cells.values() if c.evidence_id is not None)
    assert cell.evidence_id is not None
    return DeleteEvidenceCommand(document.store, document.store.evidence.get(cell.evidence_id))


def add_action(document: Document) -> StoreCommand:
    store = document.store
    person_id, competency_id = next(
        key for key, cell in document.matrix().cells.items() if cell.status is GapStatus.MISSING
    )
    return AddActionCommand(
        store,
        store.people.get(person_id),
        store.competencies.get(competency_id),
        ActionType.TRAINING,
        description="Course",
    )


def delete_action(document: Document) -> StoreCommand:
    action = document.store.actions.list()[0]
    return DeleteActionCommand(document.store, action)


def change_roles(document: Document) -> StoreCommand:
    store = document.store
    person = document.matrix().people[0]
    other = next(r for r in store.roles.all() if r.id not in person.role_ids)
    after = dataclasses.replace(person, role_ids=(other.id,))
    return UpdatePersonCommand(store, person, after)


def drop_requirement(document: Document) -> StoreCommand:
    store = document.store
    role_id, competency_id = sorted(store.requirements.all())[0]
    return SetRequirementCommand(
        store, store.roles.get(role_id), store.competencies.get(competency_id), False
    )


EDITS = [
    add_evidence,
    update_evidence,
    delete_evidence,
    add_action,
    delete_action,
    change_roles,
    drop_requirement,
]


@pytest.mark.parametrize("edit", EDITS, ids=lambda edit: edit.__name__)
@pytest.mark.parametrize("shown", [True, False], ids=["shown", "hidden"])
def test_edit_undo_and_redo_show_what_a_recompute_gives(
    demo_window: MainWindow, demo_document: Document, edit: Edit, shown: bool
) -> None:
    view = demo_window.view("matrix")
    assert isinstance(view, MatrixView)
    demo_window.show_view(0)
    assert_as_recomputed(view, demo_document)
    other = 1 if shown is False else 0
    steps: list[Callable[[], object]] = [
        lambda: demo_document.push(edit(demo_document)),
        demo_document.undo_stack.undo,
        demo_document.undo_stack.redo,
        demo_document.undo_stack.undo,
    ]
    partial = edit(demo_document).touched_people() is not None
    resets: list[None] = []
    view.model.modelReset.connect(lambda: resets.append(None))
    for step in steps:
        demo_window.show_view(other)
        step()
        demo_window.show_view(0)
        assert view.isVisible()
        assert_as_recomputed(view, demo_document)
    # The edits of a few people's records change their rows in place, never reset the model.
    assert not resets or not partial


def test_evidence_edits_say_whose_records_they_touch(demo_document: Document) -> None:
    command = add_evidence(demo_document)
    assert command.touched_people() is not None
    assert change_roles(demo_document).touched_people() is None
    demo_document.push(command)
    assert demo_document.last_touched_people == command.touched_people()
    demo_document.undo_stack.undo()
    assert demo_document.last_touched_people == command.touched_people()
