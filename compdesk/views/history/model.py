"""The change log as a table model that reads its rows from the store a page at a time.

A document's log may hold 100,000 entries: the view asks for more rows only as it scrolls
(`canFetchMore` / `fetchMore`), so opening the History reads one page.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from compdesk.models.records import ChangeLogEntry
from compdesk.storage import Store
from compdesk.storage.change_log import LogFilter

PAGE_SIZE: Final = 500
HEADERS: Final = ("When", "Who", "What")

Index = QModelIndex | QPersistentModelIndex


def local_time_text(at: str) -> str:
    """A stored UTC moment as local time, readable; a value that is no moment, as it is."""
    try:
        moment = datetime.fromisoformat(at)
    except (TypeError, ValueError):
        return str(at)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def local_day_start(day: date) -> str:
    """The UTC moment, as entries store it, at which `day` begins in local time."""
    local_midnight = datetime.combine(day, time()).astimezone()
    return local_midnight.astimezone(UTC).isoformat(timespec="seconds")


def day_range(since: date | None, until: date | None) -> tuple[str | None, str | None]:
    """The `since` / `before` bounds of a LogFilter for the local days `since` to `until`
    (both included; either may be open)."""
    return (
        local_day_start(since) if since is not None else None,
        local_day_start(until + timedelta(days=1)) if until is not None else None,
    )


class ChangeLogModel(QAbstractTableModel):
    """The entries that match a filter, newest first, read `PAGE_SIZE` at a time."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self._store = store
        self._filters = LogFilter()
        self._rows: list[ChangeLogEntry] = []
        self._total = 0
        self.set_filters(LogFilter())

    @property
    def total(self) -> int:
        """How many entries match the filter (loaded or not)."""
        return self._total

    @property
    def filters(self) -> LogFilter:
        return self._filters

    def set_filters(self, filters: LogFilter) -> None:
        self.beginResetModel()
        self._filters = filters
        self._total = self._store.change_log.count(filters)
        self._rows = self._store.change_log.page(0, PAGE_SIZE, filters)
        self.endResetModel()

    def entry(self, row: int) -> ChangeLogEntry:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid():
            return
        more = self._store.change_log.page(len(self._rows), PAGE_SIZE, self._filters)
        if not more:
            self._total = len(self._rows)  # the log changed meanwhile
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        entry = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == 0:
                return (
                    local_time_text(entry.at) if role == Qt.ItemDataRole.DisplayRole else entry.at
                )
            return str(entry.who) if index.column() == 1 else str(entry.what)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None
