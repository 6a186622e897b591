"""The People view: everyone whose work affects information security, and the roles they hold."""

from __future__ import annotations

import enum
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, ClassVar, Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from compdesk.models.records import Person, PersonType, Role
from compdesk.models.rules import has_not_started, is_leaver
from compdesk.models.text import is_email, normal_email
from compdesk.views.commands.base import Change, StoreCommand
from compdesk.views.commands.people import (
    AddPersonCommand,
    DeletePersonCommand,
    UpdatePersonCommand,
)
from compdesk.views.document import Document
from compdesk.views.people.import_dialog import CSV_FILTER, ImportPeopleDialog
from compdesk.views.people.purge import PurgeLeaverButton
from compdesk.views.people.role_assignment import ChangeRoleOfPeopleCommand, people_count
from compdesk.views.widgets.check_list import CheckListModel, make_check_list_view
from compdesk.views.widgets.date_edit import OptionalDateEdit
from compdesk.views.widgets.document_view import DocumentView
from compdesk.views.widgets.forms import (
    FieldError,
    FormMessage,
    fill_combo,
    format_date,
    plain_tooltip,
    required_text,
    set_combo_data,
)
from compdesk.views.widgets.record_browser import RecordBrowser
from compdesk.views.widgets.record_form import RecordForm
from compdesk.views.widgets.record_table import (
    RecordFilterProxy,
    RecordTableModel,
    connect_row_count_changes,
    evidence_and_actions_text,
    make_form_scroll,
)

# One @, something on both sides, a dot inside the domain, no spaces: strict enough to catch
# typing slips, loose enough for every real address.
LEAVER_COLOUR: Final = QColor("#6b6b6b")


class PeopleRole(enum.IntEnum):
    """Data the people table gives beyond its cells (see also RecordRole)."""

    IS_LEAVER = Qt.ItemDataRole.UserRole + 20
    NOT_STARTED = Qt.ItemDataRole.UserRole + 21


class PeopleTableModel(RecordTableModel):
    headers = ("Name", "Email", "Job title", "Type", "Start", "End", "Roles")
    NAME, EMAIL, JOB_TITLE, TYPE, START, END, ROLES = range(7)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._role_names: dict[int, str] = {}
        self.as_of = date.today()

    def set_context(self, roles: list[Role], as_of: date) -> None:
        self._role_names = {role.id: role.name for role in roles}
        self.as_of = as_of

    def role_names(self, person: Person) -> list[str]:
        return sorted(
            (self._role_names[i] for i in person.role_ids if i in self._role_names),
            key=str.casefold,
        )

    def display(self, record: Any, column: int) -> str:
        person: Person = record
        if column == self.NAME:
            return person.name
        if column == self.EMAIL:
            return person.email
        if column == self.JOB_TITLE:
            return person.job_title
        if column == self.TYPE:
            return person.type.label
        if column == self.START:
            text = format_date(person.start_date)
            return f"{text} (not started)" if has_not_started(person, self.as_of) else text
        if column == self.END:
            text = format_date(person.end_date)
            return f"{text} (left)" if is_leaver(person, self.as_of) else text
        if column == self.ROLES:
            return ", ".join(self.role_names(person))
        return ""

    def narrowest_characters(self, column: int) -> int:
        """How far a column gives way when the list is short of room: the name keeps enough
        to tell people apart, dates stay whole."""
        return {self.NAME: 8, self.START: 10, self.END: 10}.get(column, 4)

    def sort_key(self, record: Any, column: int) -> Any:
        person: Person = record
        if column == self.START:
            return format_date(person.start_date)
        if column == self.END:
            return format_date(person.end_date)
        return super().sort_key(record, column)

    def extra_data(self, record: Any, column: int, role: int) -> Any:
        person: Person = record
        leaver = is_leaver(person, self.as_of)
        if role == PeopleRole.IS_LEAVER:
            return leaver
        if role == PeopleRole.NOT_STARTED:
            return has_not_started(person, self.as_of)
        if role == Qt.ItemDataRole.FontRole and leaver:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and leaver:
            return QBrush(LEAVER_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"{person.name} <{person.email}>"]
            if person.job_title:
                lines.append(person.job_title)
            if leaver:
                lines.append(f"Left on {format_date(person.end_date)}: no longer in the matrix")
            elif has_not_started(person, self.as_of):
                lines.append(f"Starts on {format_date(person.start_date)}")
            roles = self.role_names(person)
            lines.append("Roles: " + (", ".join(roles) if roles else "none yet"))
            # A cut cell is read here whole.
            text = self.display(person, column)
            if text and not any(text in line for line in lines):
                lines.append(f"{self.headers[column]}: {text}")
            return plain_tooltip("\n".join(lines))
        if role == Qt.ItemDataRole.AccessibleTextRole and column == self.NAME and leaver:
            return f"{person.name}, left"
        return None


class PeopleFilterProxy(RecordFilterProxy):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.show_leavers = True
        self.as_of = date.today()

    def accepts_record(self, record: Any) -> bool:
        return self.show_leavers or not is_leaver(record, self.as_of)


class PersonForm(RecordForm):
    noun = "person"
    field_labels: ClassVar[dict[str, str]] = {
        "email": "email address",
        "role_ids": "roles",
        "access_granted_on": "access date",
    }

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("Full name")
        self.add_row("&Name:", self.name_edit)
        self.email_edit = QLineEdit()
        self.email_edit.setPlaceholderText("name@example.com")
        self.add_row("&Email:", self.email_edit)
        self.job_title_edit = QLineEdit()
        self.add_row("&Job title:", self.job_title_edit)
        self.type_combo = QComboBox()
        fill_combo(self.type_combo, [(kind.label, kind) for kind in PersonType])
        self.add_row("&Type:", self.type_combo)
        self.start_edit = OptionalDateEdit("start date")
        self.add_row("&Start date:", self.start_edit)
        self.access_edit = OptionalDateEdit("access date")
        self.access_edit.line_edit.setPlaceholderText("YYYY-MM-DD, when system access was given")
        self.access_edit.set_help(
            "Onboarding should be finished by then: finished more than the grace after it is "
            "shown and counted (Annex A 6.3)"
        )
        self.add_row("&Access granted:", self.access_edit)
        self.end_edit = OptionalDateEdit("end date")
        self.end_edit.line_edit.setPlaceholderText("YYYY-MM-DD, empty while they stay")
        self.add_row("En&d date:", self.end_edit)
        self.roles_model = CheckListModel(self)
        self.roles_list = make_check_list_view(self.roles_model, "Roles held")
        self.roles_list.setMinimumHeight(110)
        self.watch_checks(self.roles_model)
        self.add_row("&Roles:", self.roles_list)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setPlaceholderText("Anything the auditor should know")
        self.notes_edit.setFixedHeight(70)
        self.add_row("N&otes:", self.notes_edit)

    def set_roles(self, roles: list[Role]) -> None:
        self.roles_model.set_items(
            (role.id, role.name, role.description or role.name) for role in roles
        )

    def set_editable(self, editable: bool) -> None:
        self.roles_model.set_editable(editable)
        super().set_editable(editable)

    def fill(self, record: Any | None) -> None:
        person: Person | None = record
        self.name_edit.setText(person.name if person else "")
        self.email_edit.setText(person.email if person else "")
        self.job_title_edit.setText(person.job_title if person else "")
        set_combo_data(self.type_combo, person.type if person else PersonType.EMPLOYEE)
        self.start_edit.set_date(person.start_date if person else None)
        self.end_edit.set_date(person.end_date if person else None)
        self.access_edit.set_date(person.access_granted_on if person else None)
        self.roles_model.set_checked(person.role_ids if person else ())
        self.notes_edit.setPlainText(person.notes if person else "")

    def command(self) -> StoreCommand | None:
        store = self.document.store
        name = required_text(self.name_edit, "name")
        typed_email = required_text(self.email_edit, "email address")
        email = normal_email(typed_email)
        if not is_email(email):
            raise FieldError(
                self.email_edit,
                f"“{typed_email}” is not an email address; it should look like name@example.com.",
            )
        start, end = self.start_edit.date(), self.end_edit.date()
        if start is not None and end is not None and end < start:
            raise FieldError(
                self.end_edit.line_edit,
                f"The end date {end.isoformat()} is before the start date {start.isoformat()}.",
            )
        current: Person | None = self.record
        for other in store.people.all():
            if normal_email(other.email) == email and (
                current is None or other.id != current.id
            ):
                raise FieldError(
                    self.email_edit, f"{other.name} already has the email address {other.email}."
                )
        values: dict[str, Any] = {
            "type": self.type_combo.currentData(),
            "job_title": self.job_title_edit.text().strip(),
            "start_date": start,
            "end_date": end,
            "access_granted_on": self.access_edit.date(),
            "notes": self.notes_edit.toPlainText(),
            "role_ids": tuple(sorted(self.roles_model.checked())),
        }
        if current is None:
            return AddPersonCommand(store, name, email, **values)
        after = replace(current, name=name, email=email, **values)
        if after == replace(current, role_ids=tuple(sorted(current.role_ids))):
            return None
        return UpdatePersonCommand(store, current, after)


class PeopleView(DocumentView):
    title = "People"
    # The roles' names show in the list and the form; the as-of date marks who has left.
    shows = Change.PEOPLE | Change.ROLES | Change.AS_OF

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self.import_dialog: ImportPeopleDialog | None = None

        self.model = PeopleTableModel(self)
        self.proxy = PeopleFilterProxy(self)
        self.form = PersonForm(document)
        self.browser = RecordBrowser(
            document,
            self.model,
            self.proxy,
            self.form,
            noun="person",
            plural="people",
            delete_command=lambda person: DeletePersonCommand(document.store, person),
            deletion_warning=self._deletion_warning,
            several=True,
        )
        self.table = self.browser.table
        self.browser.widest_column = 220
        self.import_button = QPushButton("&Import from CSV…")
        self.import_button.setToolTip(
            "Add people from a CSV file, such as an export of your HR system"
        )
        self.import_button.clicked.connect(self.choose_and_import)
        self.browser.toolbar.addWidget(self.import_button)
        self.give_role_button, self.give_role_menu = self._role_menu_button(
            "&Give role", "Give a role to every person selected", give=True
        )
        self.take_role_button, self.take_role_menu = self._role_menu_button(
            "Ta&ke role", "Take a role from every person selected", give=False
        )
        self.table.selectionModel().selectionChanged.connect(self._update_role_buttons)

        self.search_edit = self.make_search_edit(
            "Search name, email, job title, type or role (Ctrl+F)", "Search people"
        )
        self.search_edit.textChanged.connect(self.on_search_edit_text_changed)
        self.search_edit.returnPressed.connect(self.table.setFocus)
        self.leavers_check = QCheckBox("Show &leavers")
        self.leavers_check.setChecked(True)
        self.leavers_check.setToolTip("Leavers are marked “(left)” after their end date")
        self.leavers_check.toggled.connect(self.on_leavers_check_toggled)
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Number of people shown")
        self.notice = FormMessage()
        self.notice.setAccessibleName("People notice")
        self.purge_button = PurgeLeaverButton(document, self.browser.selected_records, self.notice)

        search_row = QHBoxLayout()
        search_label = QLabel("&Search:")
        search_label.setBuddy(self.search_edit)
        search_row.addWidget(search_label)
        search_row.addWidget(self.search_edit, 1)
        search_row.addWidget(self.leavers_check)
        search_row.addWidget(self.count_label)
        search_row.addWidget(self.purge_button)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(search_row)
        left_layout.addWidget(self.notice)
        left_layout.addWidget(self.browser)

        form_scroll = make_form_scroll(self.form)
        form_scroll.setMinimumWidth(340)
        form_scroll.setMaximumWidth(520)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(form_scroll)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setSizes([1000, 400])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        connect_row_count_changes(self.proxy, self._update_count)

        self.browser.order_tab_chain([self.search_edit, self.leavers_check])
        # The first stop of the tab chain: Qt enters a view through its focus proxy.
        self.setFocusProxy(self.search_edit)
        self.set_editable(document.editable)

    # ---- DocumentView -------------------------------------------------------------------

    def refresh(self) -> None:
        # A notice is about the last step (an import); the next change makes it stale.
        self.notice.clear_message()
        store = self.document.store
        roles = store.roles.all()
        as_of = self.document.as_of
        self.model.set_context(roles, as_of)
        self.form.set_roles(roles)
        self.browser.reload(store.people.all())
        if self.model.rowCount():
            # At 1024 pixels the widest columns elide rather than scroll sideways.
            self.table.keep_columns_within_width(self.model.narrowest_characters)
        if as_of != self.proxy.as_of:
            self.proxy.refilter(lambda: setattr(self.proxy, "as_of", as_of))
        self._update_count()

    def set_editable(self, editable: bool) -> None:
        self.browser.set_editable(editable)
        self.import_button.setEnabled(editable)
        self._update_role_buttons()

    def commit_pending_edits(self) -> bool:
        return self.browser.commit_pending()

    # ---- roles of several people ----------------------------------------------------------

    def _role_menu_button(self, text: str, tip: str, *, give: bool) -> tuple[QPushButton, QMenu]:
        button = QPushButton(text)
        button.setToolTip(tip)
        menu = QMenu(button)
        menu.aboutToShow.connect(lambda: self._fill_role_menu(menu, give=give))
        button.setMenu(menu)
        self.browser.toolbar.insertWidget(self.browser.toolbar.count() - 1, button)
        return button, menu

    def _fill_role_menu(self, menu: QMenu, *, give: bool) -> None:
        menu.clear()
        people = self.browser.selected_records()
        for role in self.document.store.roles.all():
            holders = sum(1 for person in people if role.id in person.role_ids)
            action = menu.addAction(role.name.replace("&", "&&"))
            # Nothing to give when all hold it, nothing to take when none does.
            action.setEnabled(holders < len(people) if give else holders > 0)
            action.triggered.connect(
                lambda _=False, r=role: self.change_role_of_selected(r, give=give)
            )
        if menu.isEmpty():
            menu.addAction("No roles yet: add them in Roles & competencies").setEnabled(False)

    def change_role_of_selected(self, role: Role, *, give: bool) -> bool:
        """Give the role to every person selected (or take it from them): one undo step."""
        people = self.browser.selected_records()
        if not people or not self.browser.commit_pending():
            return False
        command = ChangeRoleOfPeopleCommand(self.document.store, people, role, give=give)
        if command.changes_nothing:
            return True
        refusal = self.document.push(command)
        if refusal is not None:
            self.notice.show_error(f"Not saved: {refusal}")
            return False
        self.notice.show_info(f"{command.text()}. Edit ▸ Undo takes it back.")
        return True

    def _update_role_buttons(self, *_args: object) -> None:
        enabled = self.document.editable and bool(self.browser.selected_records())
        self.give_role_button.setEnabled(enabled)
        self.take_role_button.setEnabled(enabled)
        self.purge_button.update_enabled()

    def show_person(self, person_id: int) -> bool:
        """Select a person, clearing the search and showing leavers if they hide them (for
        other views to link here); False if they are not in the document."""
        if self.browser.select_record(person_id):
            return True
        self.search_edit.clear()
        self.leavers_check.setChecked(True)
        return self.browser.select_record(person_id)

    # ---- slots ------------------------------------------------------------------------

    def on_search_edit_text_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()

    def on_leavers_check_toggled(self, checked: bool) -> None:
        self.proxy.refilter(lambda: setattr(self.proxy, "show_leavers", checked))
        self._update_count()

    def _update_count(self, *_args: object) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        leavers = sum(1 for person in self.model.rows() if is_leaver(person, self.model.as_of))
        if total == 0:
            self.count_label.setText("No people yet: use the form, or import a CSV")
            return
        text = f"{shown} of {people_count(total)}" if shown != total else people_count(total)
        if leavers:
            text += f" · {leavers} left"
        self.count_label.setText(text)

    def _deletion_warning(self, person: Person) -> str:
        dependents = evidence_and_actions_text(self.document.store, person_id=person.id)
        return f"Their {dependents} will be deleted with them." if dependents else ""

    # ---- importing ------------------------------------------------------------------------

    def choose_and_import(self) -> None:
        if not self.document.editable:
            return
        path_text, _ = QFileDialog.getOpenFileName(
            self, "Import people from a CSV file", str(self.document.folder), CSV_FILTER
        )
        if path_text:
            self.open_import(Path(path_text))

    def open_import(self, path: Path) -> ImportPeopleDialog:
        """Show the import dialog on a CSV file (read off the GUI thread)."""
        dialog = ImportPeopleDialog(self.document, self)
        dialog.imported.connect(self.on_import_dialog_imported)
        dialog.finished.connect(dialog.deleteLater)
        self.import_dialog = dialog
        dialog.open()
        dialog.load_file(path)
        return dialog

    def on_import_dialog_imported(self, count: int, source: str) -> None:
        self.notice.show_info(
            f"Imported {people_count(count)} from {source}. "
            "Edit ▸ Undo takes the whole import back."
        )
