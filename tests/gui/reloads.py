"""Watching what a view reloads: it reloads only when an edit touches an area it shows."""

from __future__ import annotations

import pytest

from compdesk.views.commands.base import StoreCommand
from compdesk.views.document import Document
from compdesk.views.widgets.document_view import DocumentView


def count_reloads(view: DocumentView, monkeypatch: pytest.MonkeyPatch) -> list[None]:
    """A list that grows by one each time `view` reloads."""
    reloads: list[None] = []
    monkeypatch.setattr(view, "refresh", lambda: reloads.append(None))
    return reloads


def push_and_undo(document: Document, command: StoreCommand) -> None:
    """An edit and its undo: two changes of the areas `command` touches."""
    assert document.push(command) is None
    document.undo_stack.undo()
