"""Child process of bench_window: open the main window on FILE and time what a user does in it.

Each figure is the wall time from the user's action to the window having handled every event
it posted and painted itself again: what a user waits for. Prints one JSON object.
"""

from __future__ import annotations

import gc
import json
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import memory_kib


def settle(window: QWidget) -> None:
    """Handle what the action posted (zero timers, deferred layouts), then paint."""
    application = QApplication.instance()
    for _ in range(3):
        application.processEvents()
    window.repaint()
    application.processEvents()


def timed_ms(window: QWidget, action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    settle(window)
    return (time.perf_counter() - started) * 1000


def main() -> None:
    from compdesk.app import start_main_window
    from compdesk.models.records import EvidenceKind, Route
    from compdesk.preferences import TransientPreferences
    from compdesk.views.commands.evidence import AddEvidenceCommand
    from compdesk.views.names import VIEW_NAMES

    path = Path(sys.argv[1])
    figures: dict[str, float] = {}
    started = time.perf_counter()
    window = start_main_window(path, TransientPreferences())
    window.resize(1280, 800)
    settle(window)
    figures["open_ms"] = (time.perf_counter() - started) * 1000
    document = window.document
    matrix = window.view("matrix")
    table = matrix.table
    interactions: dict[str, float] = {}

    # Matrix: search, gaps only, as-of date, sort, a cell's side panel, a cell's tooltip.
    search = matrix.filters.search_edit
    search.setFocus()
    interactions["search_keystroke"] = timed_ms(window, lambda: QTest.keyClick(search, "a"))
    interactions["search_second_keystroke"] = timed_ms(window, lambda: QTest.keyClick(search, "n"))
    interactions["search_cleared"] = timed_ms(window, search.clear)
    gaps = matrix.filters.gaps_check
    interactions["gaps_only_on"] = timed_ms(window, gaps.click)
    interactions["gaps_only_off"] = timed_ms(window, gaps.click)
    as_of = document.as_of
    interactions["as_of_change"] = timed_ms(
        window, lambda: matrix.on_as_of_edit_date_entered(as_of - timedelta(days=90))
    )
    interactions["as_of_back"] = timed_ms(window, lambda: matrix.on_as_of_edit_date_entered(as_of))
    interactions["sort_by_column"] = timed_ms(
        window, lambda: table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    )
    interactions["sort_again"] = timed_ms(
        window, lambda: table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    )
    interactions["sort_off"] = timed_ms(
        window, lambda: table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    )
    person_id = matrix.shown_person_ids()[3]
    competency_id = matrix.shown_competency_ids()[1]
    cell = matrix.index_of(person_id, competency_id)
    rectangle = table.visualRect(cell)

    def first_tooltip() -> None:
        viewport = table.viewport()
        event = QHelpEvent(
            QEvent.Type.ToolTip, rectangle.center(), viewport.mapToGlobal(rectangle.center())
        )
        QApplication.sendEvent(viewport, event)

    interactions["first_tooltip"] = timed_ms(window, first_tooltip)
    interactions["side_panel"] = timed_ms(window, lambda: matrix.open_cell(person_id, competency_id))
    interactions["side_panel_other_cell"] = timed_ms(
        window, lambda: matrix.open_cell(matrix.shown_person_ids()[4], competency_id)
    )
    interactions["side_panel_closed"] = timed_ms(window, matrix.close_panel)
    QTest.mouseMove(table.viewport(), QPoint(1, 1))

    # An edit through the undo stack until the matrix shows it; its undo and redo.
    store = document.store
    person = store.people.get(person_id)
    competency = store.competencies.get(competency_id)

    def add_evidence() -> None:
        command = AddEvidenceCommand(
            store, person, competency, EvidenceKind.CERTIFICATE, Route.TRAINING,
            title="Benchmark certificate", achieved_on=as_of - timedelta(days=3),
        )
        refusal = document.push(command)
        assert refusal is None, refusal

    edits = {
        "edit_refresh_matrix": timed_ms(window, add_evidence),
        "undo_matrix": timed_ms(window, document.undo_stack.undo),
        "redo_matrix": timed_ms(window, document.undo_stack.redo),
    }

    # The first switch to every view (the matrix is already shown), then back to the matrix.
    first_views: dict[str, float] = {}
    for index, name in enumerate(VIEW_NAMES):
        if name != "matrix":
            first_views[name] = timed_ms(window, lambda index=index: window.show_view(index))
    interactions["back_to_matrix"] = timed_ms(window, lambda: window.show_view(0))

    # The same edit while the Evidence view is shown, which must show the new record.
    evidence_view = VIEW_NAMES.index("evidence")
    window.show_view(evidence_view)
    settle(window)
    edits["edit_refresh_evidence"] = timed_ms(window, add_evidence)
    edits["undo_evidence"] = timed_ms(window, document.undo_stack.undo)
    interactions["matrix_after_edit_elsewhere"] = timed_ms(window, lambda: window.show_view(0))
    interactions["evidence_after_edit_elsewhere"] = timed_ms(
        window, lambda: window.show_view(evidence_view)
    )

    gc.collect()
    figures["peak_rss_mb"] = memory_kib("VmHWM") / 1024
    figures.update({f"edit:{k}": v for k, v in edits.items()})
    figures.update({f"interaction:{k}": v for k, v in interactions.items()})
    figures.update({f"first_view:{k}": v for k, v in first_views.items()})
    print(json.dumps(figures), flush=True)
    window.close()


if __name__ == "__main__":
    main()
