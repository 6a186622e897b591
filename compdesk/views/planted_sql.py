"""The window's offer to remove the triggers and views another program added to a document.

Such a document opens read-only (storage/opening.py `planted_reason`); the banner's button
asks here, and the repair keeps a copy of the document before it removes anything.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from compdesk.models.errors import DocumentError
from compdesk.storage.repair import Repair, describe, remove_planted_sql
from compdesk.storage.schema_audit import SchemaObject
from compdesk.views.widgets.forms import ask_to_confirm


def ask_to_remove_planted_sql(
    parent: QWidget,
    path: Path,
    planted: list[SchemaObject],
    user: str | None,
    on_removed: Callable[[Repair], None],
    on_failed: Callable[[str], None],
) -> QMessageBox:
    """Ask first; then keep a copy and remove them, and report either way."""
    text = (
        f"{path.name} contains SQL that compdesk did not create ({describe(planted)}). "
        "Another program added it, and it could change what compdesk saves or shows.\n\n"
        f"compdesk first keeps a copy of the document as it is now beside it "
        f"({path.name}.before-repair-DATE.bak), then removes them and records that in the "
        "change log. Your records stay as they are."
    )

    def remove() -> None:
        try:
            repair = remove_planted_sql(path, user=user)
        except (DocumentError, OSError) as error:
            on_failed(f"Nothing was removed: {error}")
            return
        on_removed(repair)

    return ask_to_confirm(parent, "Remove SQL compdesk did not create", text, "Remove", remove)


def removed_notice(repair: Repair) -> str:
    return (
        f"Removed {describe(repair.removed)}. A copy of the document as it was is kept as "
        f"{repair.backup}. The document is open for editing."
    )


__all__ = ["ask_to_remove_planted_sql", "removed_notice"]
