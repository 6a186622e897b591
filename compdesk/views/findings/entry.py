"""The matrix's way to its findings: the "Findings (N)" button with its shortcut, and the panel
it opens beside the matrix, kept up to date with the document and the matrix's date."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QPushButton, QSplitter, QWidget

from compdesk.models.findings import Finding, RecordRef
from compdesk.views.document import Document
from compdesk.views.findings import WARNING
from compdesk.views.findings.loader import FindingsLoader
from compdesk.views.widgets.forms import plain_tooltip

if TYPE_CHECKING:
    from compdesk.views.findings.panel import FindingsPanel

SHORTCUT: Final = "Ctrl+Shift+F"
PANEL_WIDTH: Final = 440


class FindingsEntry(QObject):
    # The panel was opened (the matrix closes its cell panel: one panel at a time).
    opened = Signal()

    def __init__(
        self,
        document: Document,
        splitter: QSplitter,
        matrix_table: QAbstractItemView,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self._splitter, self._matrix_table = splitter, matrix_table
        self._panel: FindingsPanel | None = None
        # PERF: the first findings are found once the matrix has been drawn: the worker would
        # share the interpreter with the first paint (1000 people take about 0.11 s to find).
        self._matrix_drawn = False
        self._reload_wanted = False
        matrix_table.viewport().installEventFilter(self)
        self.loader = FindingsLoader(document.store, self)
        self.loader.started.connect(self.on_loader_started)
        self.loader.loaded.connect(self.on_loader_loaded)
        self.loader.failed.connect(self.on_loader_failed)

        self.button = QPushButton("Fi&ndings")
        self.button.setCheckable(True)
        self.button.clicked.connect(self.on_button_clicked)
        self._show_count()
        # Only while the matrix is shown: another view may give the keys a meaning of its own.
        self.shortcut = QShortcut(QKeySequence(SHORTCUT), parent)
        self.shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.shortcut.activated.connect(self.toggle)

    @property
    def panel(self) -> FindingsPanel:
        """The panel, built when first opened (most sessions never open it)."""
        if self._panel is None:
            # PERF: the panel and its model load when first opened, not with the matrix.
            from compdesk.views.findings.panel import FindingsPanel

            panel = FindingsPanel()
            panel.hide()
            panel.close_requested.connect(self.close)
            panel.record_activated.connect(self.on_panel_record_activated)
            self._splitter.addWidget(panel)
            self._panel = panel
            if self.loader.findings is not None and self.loader.as_of is not None:
                panel.show_findings(self.loader.as_of, self.loader.findings)
            if self.loader.busy or self.loader.findings is None:
                panel.show_status("Finding what an auditor would raise…")
        return self._panel

    def is_open(self) -> bool:
        return self._panel is not None and self._panel.isVisible()

    # ---- opening and closing -------------------------------------------------------------------

    def open(self) -> None:
        """Show the panel beside the matrix, with the keyboard focus in its list."""
        panel = self.panel
        if not panel.isVisible():
            self.opened.emit()
            panel.show()
            sizes = [0] * self._splitter.count()
            total = max(self._splitter.width(), PANEL_WIDTH * 2)
            sizes[self._splitter.indexOf(self._matrix_table)] = total - PANEL_WIDTH
            sizes[self._splitter.indexOf(panel)] = PANEL_WIDTH
            self._splitter.setSizes(sizes)
        self.button.setChecked(True)
        panel.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def close(self) -> None:
        if self.is_open():
            assert self._panel is not None
            had_focus = self._panel.isAncestorOf(self._panel.focusWidget())
            self._panel.hide()
            if had_focus:
                self._matrix_table.setFocus()
        self.button.setChecked(False)

    def toggle(self) -> None:
        if self.is_open():
            self.close()
        else:
            self.open()

    def on_button_clicked(self, checked: bool) -> None:
        if checked:
            self.open()
        else:
            self.close()

    # ---- loading ----------------------------------------------------------------------------

    def reload(self) -> None:
        """The document or the matrix's date changed: find the findings again."""
        if self._matrix_drawn:
            self.loader.request(self.document.as_of)
        else:
            self._reload_wanted = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # Once this paint is done, not before it: the filter sees the event first.
            QTimer.singleShot(0, self, self.on_matrix_drawn)
        return False

    def on_matrix_drawn(self) -> None:
        self._matrix_drawn = True
        if self._reload_wanted:
            self.loader.request(self.document.as_of)

    def on_loader_started(self) -> None:
        if self._panel is not None:
            self._panel.show_status("Bringing the findings up to date…")

    def on_loader_loaded(self, findings: tuple[Finding, ...]) -> None:
        self._show_count()
        if self._panel is not None and self.loader.as_of is not None:
            self._panel.show_findings(self.loader.as_of, findings)

    def on_loader_failed(self, message: str) -> None:
        self._label_button("Fi&ndings (?)", f"The findings could not be found: {message}")
        if self._panel is not None:
            self._panel.show_status(f"The findings could not be found: {message}")

    def _show_count(self) -> None:
        findings, as_of = self.loader.findings, self.loader.as_of
        if findings is None or as_of is None:
            self._label_button("Fi&ndings", f"What an auditor would raise ({SHORTCUT})")
            return
        count = len(findings)
        # The count and the sign say it, not a colour alone.
        self._label_button(
            f"{WARNING} Fi&ndings ({count})" if count else "Fi&ndings (0)",
            f"What an auditor would raise as of {as_of.isoformat()}: "
            f"{count} finding{'' if count == 1 else 's'} ({SHORTCUT})",
        )

    def _label_button(self, text: str, description: str) -> None:
        self.button.setText(text)
        self.button.setToolTip(plain_tooltip(description))
        # A screen reader reads the count without the sign, and the rest as its description.
        self.button.setAccessibleName(text.replace("&", "").removeprefix(f"{WARNING} "))
        self.button.setAccessibleDescription(description)

    # ---- links ------------------------------------------------------------------------------

    def on_panel_record_activated(self, record: RecordRef) -> None:
        # Imported here: the window imports the views, not the other way round.
        from compdesk.views.main_window import MainWindow

        window = self.button.window()
        if not isinstance(window, MainWindow) or window.show_record(record):
            return
        # Deleted since the findings were found (they are found again after each edit):
        # said where the user now looks, in the view the link led to.
        window.statusBar().showMessage(f"{record.label} is not in the document any more.", 5000)
        self.reload()
