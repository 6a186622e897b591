"""Check boxes in item views: a checkable list (the roles a person holds), and the rules a
model with check boxes shares."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from compdesk.views.widgets.forms import plain_tooltip

AnyIndex = QModelIndex | QPersistentModelIndex

_ROOT: Final = QModelIndex()


class CheckListModel(QAbstractListModel):
    """Named items, each with a check box: the roles a person holds, for instance."""

    checks_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[tuple[int, str, str]] = []
        self._checked: set[int] = set()
        self._editable = True

    def set_items(self, items: Iterable[tuple[int, str, str]]) -> None:
        """(id, label, tooltip) per item; checks of ids that remain are kept."""
        self.beginResetModel()
        self._items = list(items)
        self._checked &= {item_id for item_id, _label, _tip in self._items}
        self.endResetModel()

    def set_checked(self, ids: Iterable[int]) -> None:
        self._checked = set(ids) & {item_id for item_id, _label, _tip in self._items}
        self._emit_all_changed()

    def checked(self) -> tuple[int, ...]:
        """Checked ids, in the order of the list."""
        return tuple(item_id for item_id, _label, _tip in self._items if item_id in self._checked)

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self._emit_all_changed()

    def _emit_all_changed(self) -> None:
        if self._items:
            self.dataChanged.emit(self.index(0), self.index(len(self._items) - 1))

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item_id, label, tip = self._items[index.row()]
        checked = item_id in self._checked
        if role == Qt.ItemDataRole.DisplayRole:
            return label
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(tip) if tip else None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{label}, {'checked' if checked else 'not checked'}"
        if role == Qt.ItemDataRole.UserRole:
            return item_id
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return checkable_flags(index, self._editable)

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        checked = requested_check(index, value, role, self._editable)
        if checked is None:
            return False
        item_id = self._items[index.row()][0]
        if checked:
            self._checked.add(item_id)
        else:
            self._checked.discard(item_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.checks_changed.emit()
        return True


def check_state(value: Any) -> Qt.CheckState:
    """A check state as views hand it to setData: an enum member or its int value."""
    if isinstance(value, Qt.CheckState):
        return value
    try:
        return Qt.CheckState(int(value))
    except (TypeError, ValueError):
        return Qt.CheckState.Unchecked


def checkable_flags(index: AnyIndex, editable: bool) -> Qt.ItemFlag:
    """The flags of an item with a check box, which the user can tick while `editable`."""
    if not index.isValid():
        return Qt.ItemFlag.NoItemFlags
    flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    if editable:
        flags |= Qt.ItemFlag.ItemIsUserCheckable
    return flags


def requested_check(index: AnyIndex, value: Any, role: int, editable: bool) -> bool | None:
    """Whether setData asks to tick (True) or untick (False) a check box; None when it asks
    for something else, or the box cannot be ticked now."""
    if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or not editable:
        return None
    return check_state(value) == Qt.CheckState.Checked


def make_check_list_view(model: CheckListModel, name: str) -> QListView:
    view = QListView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    # PERF: every item is one line, so Qt lays out one instead of all 5000 people's.
    view.setUniformItemSizes(True)
    view.setToolTip(f"{name}: Space ticks or unticks the selected one")
    return view
