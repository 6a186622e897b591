"""The Roles & competencies view: what competence each role requires (clause 7.2 a).

The role × competency grid is the table the whole record starts from: tick a cell and every
person holding the role needs that competency."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from compdesk.models.records import Competency, Role
from compdesk.models.rules import REVIEW_DUE_MARK
from compdesk.views.commands.base import Change
from compdesk.views.commands.competencies import DeleteCompetencyCommand
from compdesk.views.commands.roles import DeleteRoleCommand
from compdesk.views.document import Document
from compdesk.views.roles.forms import CompetencyForm, RoleForm
from compdesk.views.roles.lists import CompetencyTableModel, RoleTableModel
from compdesk.views.roles.requirement_grid import (
    CompetencyHeaderView,
    RequirementModel,
    RequirementRole,
)
from compdesk.views.widgets.document_view import DocumentView
from compdesk.views.widgets.forms import bold_font
from compdesk.views.widgets.record_browser import RecordBrowser
from compdesk.views.widgets.record_table import (
    FontFollowingTableView,
    RecordFilterProxy,
    evidence_and_actions_text,
    make_form_scroll,
)


class RolesView(DocumentView):
    title = "Roles & competencies"
    # Review dates are as of the document's date.
    shows = Change.ROLES | Change.COMPETENCIES | Change.REQUIREMENTS | Change.AS_OF

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        store = document.store

        # The grid.
        self.requirement_model = RequirementModel(document, self)
        self.grid = FontFollowingTableView()
        self.grid.setModel(self.requirement_model)
        self.grid_header = CompetencyHeaderView(self.grid)
        self.grid.setHorizontalHeader(self.grid_header)
        self.grid.setAccessibleName("Requirements: roles by competencies")
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setTabKeyNavigation(False)
        self.grid.setWordWrap(False)
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.grid.verticalHeader().setSectionsClickable(True)
        self.grid.verticalHeader().sectionClicked.connect(self.on_grid_role_header_clicked)
        self.grid_header.sectionClicked.connect(self.on_grid_competency_header_clicked)
        self.grid.setCornerButtonEnabled(False)

        self.search_edit = self.make_search_edit(
            "Filter roles and competencies by name (Ctrl+F)", "Filter roles and competencies"
        )
        self.search_edit.textChanged.connect(self.on_search_edit_text_changed)
        self.search_edit.returnPressed.connect(self.grid.setFocus)
        heading = QLabel("Which competencies each role requires")
        heading.setFont(bold_font())
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setAccessibleName("How to use the grid")

        grid_panel = QWidget()
        grid_layout = QVBoxLayout(grid_panel)
        grid_layout.setContentsMargins(0, 0, 0, 0)
        grid_layout.addWidget(heading)
        search_row = QHBoxLayout()
        search_label = QLabel("&Filter:")
        search_label.setBuddy(self.search_edit)
        search_row.addWidget(search_label)
        search_row.addWidget(self.search_edit, 1)
        grid_layout.addLayout(search_row)
        grid_layout.addWidget(self.grid, 1)
        grid_layout.addWidget(self.hint)

        # The lists and forms.
        self.role_model = RoleTableModel(self)
        self.role_proxy = RecordFilterProxy(self)
        self.role_form = RoleForm(document)
        self.roles = RecordBrowser(
            document,
            self.role_model,
            self.role_proxy,
            self.role_form,
            noun="role",
            plural="roles",
            delete_command=lambda role: DeleteRoleCommand(store, role),
            deletion_warning=self._role_deletion_warning,
        )
        self.roles.widest_column = 190
        self.competency_model = CompetencyTableModel(self)
        self.competency_proxy = RecordFilterProxy(self)
        self.competency_form = CompetencyForm(document)
        self.competencies = RecordBrowser(
            document,
            self.competency_model,
            self.competency_proxy,
            self.competency_form,
            noun="competency",
            plural="competencies",
            delete_command=lambda competency: DeleteCompetencyCommand(store, competency),
            deletion_warning=self._competency_deletion_warning,
        )
        self.side_tabs = QTabWidget()
        self.side_tabs.addTab(self._browser_page(self.roles), "Roles")
        self.side_tabs.addTab(self._browser_page(self.competencies), "Competencies")

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(grid_panel)
        splitter.addWidget(self.side_tabs)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([900, 470])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.roles.order_tab_chain(
            # The tab widget hands focus to its tab bar (its focus proxy): both go here.
            [self.search_edit, self.grid, self.side_tabs, self.side_tabs.tabBar()]
        )
        self.competencies.order_tab_chain([self.role_form.apply_button])
        # The first stop of the tab chain: Qt enters a view through its focus proxy.
        self.setFocusProxy(self.search_edit)
        self.set_editable(document.editable)

    def _browser_page(self, browser: RecordBrowser) -> QWidget:
        page = QSplitter(Qt.Orientation.Vertical)
        page.addWidget(browser)
        page.addWidget(make_form_scroll(browser.form))
        page.setChildrenCollapsible(False)
        page.setSizes([260, 440])
        return page

    # ---- DocumentView -------------------------------------------------------------------

    def refresh(self) -> None:
        store = self.document.store
        as_of = self.document.as_of
        roles, competencies = store.roles.all(), store.competencies.all()
        current = self.grid.currentIndex()
        kept = (
            (
                self.requirement_model.data(current, RequirementRole.ROLE_ID),
                self.requirement_model.data(current, RequirementRole.COMPETENCY_ID),
            )
            if current.isValid()
            else None
        )
        self.requirement_model.load(roles, competencies, store.requirements.all(), as_of)
        if kept is not None and not self.grid.currentIndex().isValid():
            # The grid was reset (a role or competency added or removed): keep the place.
            self.grid.setCurrentIndex(self.requirement_model.index_of(*kept))
        self.role_model.as_of = as_of
        self.roles.reload(roles)
        self.competencies.reload(competencies)
        self._apply_grid_filter()
        self._update_hint()

    def _update_hint(self) -> None:
        model = self.requirement_model
        if not model.roles or not model.competencies:
            self.hint.setText(
                "The grid appears once there is a role and a competency: add them with "
                "New role and New competency on the right."
            )
        else:
            self.hint.setText(
                "Tick a cell to require the competency for everyone holding the role; "
                "Space ticks the selected cell. "
                f"{REVIEW_DUE_MARK} marks a role whose requirements are due for review."
            )

    def commit_pending_edits(self) -> bool:
        for tab, browser in enumerate((self.roles, self.competencies)):
            if not browser.commit_pending():
                # The message is on that tab: show it.
                self.side_tabs.setCurrentIndex(tab)
                return False
        return True

    def set_editable(self, editable: bool) -> None:
        self.requirement_model.set_editable(editable)
        self.roles.set_editable(editable)
        self.competencies.set_editable(editable)

    # ---- slots ------------------------------------------------------------------------

    def on_search_edit_text_changed(self, text: str) -> None:
        self.role_proxy.set_search(text)
        self.competency_proxy.set_search(text)
        self._apply_grid_filter()

    def _apply_grid_filter(self) -> None:
        """Hide the roles and the competencies that do not match; a side that matches
        nothing stays whole, so "phish" shows every role against the phishing column."""
        words = self.search_edit.text().casefold().split()
        model = self.requirement_model

        def matches(name: str) -> bool:
            return all(word in name.casefold() for word in words)

        role_hits = [matches(role.name) for role in model.roles]
        competency_hits = [matches(c.name) for c in model.competencies]
        any_role, any_competency = any(role_hits), any(competency_hits)
        for row, hit in enumerate(role_hits):
            self.grid.setRowHidden(row, any_role and not hit)
        for column, hit in enumerate(competency_hits):
            self.grid.setColumnHidden(column, any_competency and not hit)
        self.grid_header.viewport().update()

    def on_grid_role_header_clicked(self, row: int) -> None:
        if 0 <= row < len(self.requirement_model.roles):
            self.side_tabs.setCurrentIndex(0)
            self.roles.select_record(self.requirement_model.roles[row].id)

    def on_grid_competency_header_clicked(self, column: int) -> None:
        if 0 <= column < len(self.requirement_model.competencies):
            self.side_tabs.setCurrentIndex(1)
            self.competencies.select_record(self.requirement_model.competencies[column].id)

    def show_role(self, role_id: int) -> bool:
        """Select a role in the list of roles, clearing the filter if it hides it (for other
        views to link here); False if it is not in the document."""
        return self._show_record(0, self.roles, role_id)

    def show_competency(self, competency_id: int) -> bool:
        """Select a competency, as `show_role` a role."""
        return self._show_record(1, self.competencies, competency_id)

    def _show_record(self, tab: int, browser: RecordBrowser, record_id: int) -> bool:
        self.side_tabs.setCurrentIndex(tab)
        if browser.select_record(record_id):
            return True
        self.search_edit.clear()
        return browser.select_record(record_id)

    # ---- deletion warnings ------------------------------------------------------------------

    def _role_deletion_warning(self, role: Role) -> str:
        holders = [p for p in self.document.store.people.all() if role.id in p.role_ids]
        required = sum(
            1 for role_id, _c in self.document.store.requirements.all() if role_id == role.id
        )
        parts = []
        if holders:
            parts.append(
                f"{len(holders)} {'person holds' if len(holders) == 1 else 'people hold'} "
                "this role and will no longer hold it."
            )
        if required:
            parts.append(f"Its {required} requirement{'s' if required != 1 else ''} go with it.")
        return " ".join(parts)

    def _competency_deletion_warning(self, competency: Competency) -> str:
        dependents = evidence_and_actions_text(self.document.store, competency_id=competency.id)
        if not dependents:
            return "No evidence or action refers to it."
        return f"Its {dependents} will be deleted with it."
