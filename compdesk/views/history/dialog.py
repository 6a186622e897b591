"""Edit ▸ History…: the change log (who, when, what), newest first, with filters by person,
date and word; under it the chain's verdict and the head a binder or backup prints."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from compdesk.storage import Store
from compdesk.storage.change_log import LogFilter, head_text
from compdesk.views.history.model import ChangeLogModel, day_range
from compdesk.views.widgets.date_edit import OptionalDateEdit
from compdesk.views.widgets.forms import FieldError
from compdesk.views.widgets.workers import ReadOnOwnConnection, ReadSignals

ABOUT: Final = "about"
MADE_BY: Final = "made by"
EVERYONE: Final = "Everyone"


def entries_text(count: int) -> str:
    return f"{count} entr{'ies' if count != 1 else 'y'}"


class HistoryDialog(QDialog):
    """The change log of `store`; the chain is verified on a worker's own connection."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("History")
        self.resize(900, 600)
        self._store = store
        self.model = ChangeLogModel(store)
        self.chain_verdict: str | None = None

        self.person = QComboBox()
        self.person.setAccessibleName("Person")
        self.person.addItem(EVERYONE, ())
        people = store.people.all()
        for person in people:
            self.person.addItem(person.name, (person.name, person.email))
        named = {person.name.lower() for person in people} | {p.email.lower() for p in people}
        for author in store.change_log.authors():
            if author.lower() not in named:
                self.person.addItem(author, (author,))
        self.person_role = QComboBox()
        self.person_role.setAccessibleName("Entries about or made by the person")
        self.person_role.addItems([ABOUT, MADE_BY])
        self.person_role.setToolTip(
            "About: the entries whose text names the person (name or email); "
            "made by: the edits the person made"
        )
        self.since = OptionalDateEdit("first day")
        self.until = OptionalDateEdit("last day")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search the text")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search the text")

        filters = QHBoxLayout()
        for label, widget in (
            ("Person", self.person),
            ("", self.person_role),
            ("From", self.since),
            ("to", self.until),
            ("", self.search),
        ):
            if label:
                filters.addWidget(QLabel(label))
            filters.addWidget(widget)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.head_text = ""
        self.head = QLabel()
        self.head.setToolTip(
            "The anchor a binder or backup prints: compdesk check FILE --since HASH proves "
            "that the history still holds this entry and has only grown since"
        )
        self.head.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        copy = QPushButton("Copy")
        copy.setToolTip("Copy the head's hash and length")
        copy.clicked.connect(self.copy_head)
        head_row = QHBoxLayout()
        head_row.addWidget(self.head, 1)
        head_row.addWidget(copy)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addLayout(head_row)
        layout.addWidget(buttons)

        self.person.currentIndexChanged.connect(self.apply_filters)
        self.person_role.currentIndexChanged.connect(self.apply_filters)
        self.since.edited.connect(self.apply_filters)
        self.until.edited.connect(self.apply_filters)
        self.search.textChanged.connect(self.apply_filters)

        self._signals = ReadSignals()
        self._signals.computed.connect(self._on_chain_verified)
        self._signals.failed.connect(self._on_chain_failed)
        # Each verification is numbered: the answer to one since replaced is dropped.
        self._verification = 0
        self.refresh()

    def refresh(self) -> None:
        """Read the log again after an edit: its entries, its head, and the chain's verdict."""
        self.model.set_filters(self.current_filters())
        self.head_text = head_text(self._store.change_log.head())
        self.head.setText(f"Change-log head: {self.head_text}")
        self._verification += 1
        self.chain_verdict = None
        self._update_summary()
        QThreadPool.globalInstance().start(
            ReadOnOwnConnection(
                self._store,
                lambda own: own.change_log.verify(),
                self._verification,
                self._signals,
                "change-log chain",
            )
        )

    def current_filters(self) -> LogFilter:
        """The filters as set; a date being typed counts as not given yet."""
        terms: tuple[str, ...] = self.person.currentData() or ()
        about = terms if self.person_role.currentText() == ABOUT else ()
        made_by = terms if self.person_role.currentText() == MADE_BY else ()
        try:
            since, before = day_range(self.since.date(), self.until.date())
        except FieldError:
            since, before = self.model.filters.since, self.model.filters.before
        return LogFilter(
            about=about, made_by=made_by, since=since, before=before, text=self.search.text()
        )

    def apply_filters(self) -> None:
        filters = self.current_filters()
        if filters != self.model.filters:
            self.model.set_filters(filters)
        self._update_summary()

    def copy_head(self) -> None:
        QGuiApplication.clipboard().setText(self.head_text)

    def _on_chain_verified(self, number: int, problems: object) -> None:
        if number != self._verification:
            return
        assert isinstance(problems, list)
        if not problems:
            self.chain_verdict = "chain verified ✔"
        else:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            self.chain_verdict = f"chain broken ✘: {problems[0]}{more}"
        self._update_summary()

    def _on_chain_failed(self, number: int, message: str) -> None:
        if number != self._verification:
            return
        self.chain_verdict = f"chain not verified: {message}"
        self._update_summary()

    def _update_summary(self) -> None:
        verdict = self.chain_verdict or "verifying the chain…"
        self.summary.setText(f"{entries_text(self.model.total)} · {verdict}")
