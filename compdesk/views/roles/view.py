"""The Roles & competencies view: what competence each role requires (clause 7.2 a).

The role × competency grid is the table the whole record starts from: tick a cell and every
person holding the role needs that competency.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Final

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyle,
    QStyleOptionHeader,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from compdesk.models.dates import add_months
from compdesk.models.records import Competency, EvidenceKind, Level, Role
from compdesk.views.commands import (
    AddCompetencyCommand,
    AddRoleCommand,
    Change,
    DeleteCompetencyCommand,
    DeleteRoleCommand,
    SetRequirementCommand,
    StoreCommand,
    UpdateCompetencyCommand,
    UpdateRoleCommand,
)
from compdesk.views.document import Document
from compdesk.views.widgets.document_view import DocumentView
from compdesk.views.widgets.forms import (
    OptionalDateEdit,
    OptionalMonthsSpinBox,
    RecordForm,
    bold_font,
    checkable_flags,
    date_not_in_future,
    fill_combo,
    format_date,
    plain_tooltip,
    requested_check,
    require_unique_name,
    required_text,
    set_combo_data,
)
from compdesk.views.widgets.record_table import (
    FontFollowingTableView,
    RecordBrowser,
    RecordFilterProxy,
    RecordTableModel,
    evidence_and_actions_text,
    make_form_scroll,
)

AnyIndex = QModelIndex | QPersistentModelIndex
_ROOT: Final = QModelIndex()
LEVEL_ORDER: Final = {level: order for order, level in enumerate(Level)}
REVIEW_DUE_MARK: Final = "⚠"
DEFAULT_REVIEW_MONTHS: Final = 12


# ---- review dates ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReviewState:
    """Where a role stands with its periodic review, as of a date."""

    next_review: date | None
    due: bool
    never_reviewed: bool

    def text(self) -> str:
        if self.never_reviewed:
            return f"{REVIEW_DUE_MARK} never reviewed"
        if self.next_review is None:
            return "no fixed interval"
        if self.due:
            return f"{REVIEW_DUE_MARK} due since {self.next_review.isoformat()}"
        return self.next_review.isoformat()


def review_state(role: Role, as_of: date) -> ReviewState:
    """Requirements are reviewed at least every `review_interval_months` (DOMAIN: yearly)."""
    if role.last_reviewed is None:
        return ReviewState(None, due=True, never_reviewed=True)
    if not role.review_interval_months:
        return ReviewState(None, due=False, never_reviewed=False)
    next_review = add_months(role.last_reviewed, role.review_interval_months)
    return ReviewState(next_review, due=next_review < as_of, never_reviewed=False)


def renewal_text(competency: Competency) -> str:
    months = competency.renewal_months
    if not months:
        return "never expires"
    return f"every {months} month{'s' if months != 1 else ''}"


# ---- the lists --------------------------------------------------------------------------------


class RoleTableModel(RecordTableModel):
    headers = ("Role", "Owner", "Next review")
    NAME, OWNER, NEXT_REVIEW = range(3)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.as_of = date.today()

    def display(self, record: Any, column: int) -> str:
        role: Role = record
        if column == self.NAME:
            return role.name
        if column == self.OWNER:
            return role.owner
        if column == self.NEXT_REVIEW:
            return review_state(role, self.as_of).text()
        return ""

    def sort_key(self, record: Any, column: int) -> Any:
        role: Role = record
        if column == self.NEXT_REVIEW:
            state = review_state(role, self.as_of)
            # Most urgent first: never reviewed, then the oldest due date.
            return "" if state.never_reviewed else format_date(state.next_review) or "~"
        return super().sort_key(record, column)

    def extra_data(self, record: Any, column: int, role: int) -> Any:
        role_record: Role = record
        if role == Qt.ItemDataRole.ToolTipRole:
            state = review_state(role_record, self.as_of)
            lines = [role_record.name]
            if role_record.description:
                lines.append(role_record.description)
            lines.append(f"Last reviewed: {format_date(role_record.last_reviewed) or 'never'}")
            lines.append(f"Next review: {state.text()}")
            return plain_tooltip("\n".join(lines))
        if (
            role == Qt.ItemDataRole.FontRole
            and column == self.NEXT_REVIEW
            and review_state(role_record, self.as_of).due
        ):
            font = QFont()
            font.setBold(True)
            return font
        return None


class CompetencyTableModel(RecordTableModel):
    headers = ("Competency", "Level", "Renewal")
    NAME, LEVEL, RENEWAL = range(3)

    def display(self, record: Any, column: int) -> str:
        competency: Competency = record
        if column == self.NAME:
            return competency.name
        if column == self.LEVEL:
            return competency.level.label
        if column == self.RENEWAL:
            return renewal_text(competency)
        return ""

    def sort_key(self, record: Any, column: int) -> Any:
        competency: Competency = record
        if column == self.LEVEL:
            return f"{LEVEL_ORDER[competency.level]} {competency.name.casefold()}"
        if column == self.RENEWAL:
            return f"{competency.renewal_months or 9999:05d}"
        return super().sort_key(record, column)

    def extra_data(self, record: Any, column: int, role: int) -> Any:
        competency: Competency = record
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [competency.name, f"{competency.level.label}, renews {renewal_text(competency)}"]
            if competency.description:
                lines.append(competency.description)
            if competency.accepted_kinds:
                kinds = ", ".join(kind.label for kind in competency.accepted_kinds)
                lines.append(f"Accepted evidence: {kinds}")
            return plain_tooltip("\n".join(lines))
        return None


# ---- the forms ------------------------------------------------------------------------------


class RoleForm(RecordForm):
    noun = "role"

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self.name_edit = QLineEdit()
        self.add_row("&Name:", self.name_edit, accessible_name="Role name")
        self.owner_edit = QLineEdit()
        self.owner_edit.setPlaceholderText("Who keeps this role's requirements up to date")
        self.add_row("O&wner:", self.owner_edit, accessible_name="Role owner")
        self.last_reviewed_edit = OptionalDateEdit("last review date")
        self.reviewed_today_button = QPushButton("Today")
        self.reviewed_today_button.setToolTip("Record that the requirements were reviewed today")
        self.reviewed_today_button.setAccessibleName("Reviewed today")
        self.reviewed_today_button.clicked.connect(self.on_reviewed_today_button_clicked)
        reviewed_row = QWidget()
        reviewed_layout = QHBoxLayout(reviewed_row)
        reviewed_layout.setContentsMargins(0, 0, 0, 0)
        reviewed_layout.addWidget(self.last_reviewed_edit, 1)
        reviewed_layout.addWidget(self.reviewed_today_button)
        reviewed_label = QLabel("&Last reviewed:")
        reviewed_label.setBuddy(self.last_reviewed_edit.line_edit)
        self.fields.addRow(reviewed_label, reviewed_row)
        self.watch(self.last_reviewed_edit)
        self.review_months_spin = OptionalMonthsSpinBox("No fixed interval")
        self.review_months_spin.setToolTip("Review the requirements at least this often")
        self.add_row("Review &every:", self.review_months_spin, accessible_name="Review interval")
        self.review_label = QLabel()
        self.review_label.setTextFormat(Qt.TextFormat.PlainText)
        self.review_label.setAccessibleName("Review status")
        self.fields.addRow("Next review:", self.review_label)
        self.description_edit = QPlainTextEdit()
        self.description_edit.setFixedHeight(60)
        self.add_row("&Description:", self.description_edit, accessible_name="Role description")
        self.responsibilities_edit = QPlainTextEdit()
        self.responsibilities_edit.setFixedHeight(60)
        self.responsibilities_edit.setPlaceholderText("The security duties of this role (clause 5.3)")
        self.add_row(
            "Res&ponsibilities:",
            self.responsibilities_edit,
            accessible_name="Role responsibilities",
        )

    def set_editable(self, editable: bool) -> None:
        super().set_editable(editable)
        self.reviewed_today_button.setEnabled(editable)

    def on_reviewed_today_button_clicked(self) -> None:
        self.last_reviewed_edit.set_date(date.today())
        self.mark_dirty()

    def fill(self, record: Any | None) -> None:
        role: Role | None = record
        self.name_edit.setText(role.name if role else "")
        self.owner_edit.setText(role.owner if role else "")
        self.last_reviewed_edit.set_date(role.last_reviewed if role else None)
        self.review_months_spin.set_months(
            role.review_interval_months if role else DEFAULT_REVIEW_MONTHS
        )
        self.description_edit.setPlainText(role.description if role else "")
        self.responsibilities_edit.setPlainText(role.responsibilities if role else "")
        if role is None:
            self.review_label.setText("—")
        else:
            self.review_label.setText(review_state(role, self.document.as_of).text())

    def command(self) -> StoreCommand | None:
        store = self.document.store
        name = required_text(self.name_edit, "role name")
        current: Role | None = self.record
        require_unique_name(self.name_edit, name, store.roles.all(), current, "role")
        last_reviewed = date_not_in_future(self.last_reviewed_edit)
        values: dict[str, Any] = {
            "owner": self.owner_edit.text().strip(),
            "last_reviewed": last_reviewed,
            "review_interval_months": self.review_months_spin.months(),
            "description": self.description_edit.toPlainText().strip(),
            "responsibilities": self.responsibilities_edit.toPlainText().strip(),
        }
        if current is None:
            return AddRoleCommand(store, name, **values)
        after = replace(current, name=name, **values)
        return None if after == current else UpdateRoleCommand(store, current, after)


class CompetencyForm(RecordForm):
    noun = "competency"

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self.name_edit = QLineEdit()
        self.add_row("&Name:", self.name_edit, accessible_name="Competency name")
        self.level_combo = QComboBox()
        fill_combo(self.level_combo, [(level.label, level) for level in Level])
        self.level_combo.setToolTip(
            "Basic: everyone. Role-specific: supervisors, IT, people handling customer data. "
            "Advanced: the people running the ISMS."
        )
        self.add_row("Le&vel:", self.level_combo, accessible_name="Competency level")
        self.renewal_spin = OptionalMonthsSpinBox("Never expires")
        self.renewal_spin.setToolTip("Evidence stops counting this long after it was achieved")
        self.add_row("Rene&w every:", self.renewal_spin, accessible_name="Renewal interval")
        self.last_reviewed_edit = OptionalDateEdit("last review date")
        self.add_row("&Last reviewed:", self.last_reviewed_edit)
        self.description_edit = QPlainTextEdit()
        self.description_edit.setFixedHeight(60)
        self.add_row(
            "&Description:", self.description_edit, accessible_name="Competency description"
        )
        kinds_box = QWidget()
        kinds_box.setAccessibleName("Accepted evidence kinds")
        kinds_layout = QGridLayout(kinds_box)
        kinds_layout.setContentsMargins(0, 0, 0, 0)
        kinds_layout.setVerticalSpacing(2)
        self.kind_checks: dict[EvidenceKind, QCheckBox] = {}
        for index, kind in enumerate(EvidenceKind):
            check = QCheckBox(kind.label)
            check.setAccessibleName(f"Accept {kind.label.lower()}")
            self.kind_checks[kind] = check
            kinds_layout.addWidget(check, index // 2, index % 2)
            self.watch(check)
        kinds_label = QLabel("Accepted\nevidence:")
        self.fields.addRow(kinds_label, kinds_box)

    def fill(self, record: Any | None) -> None:
        competency: Competency | None = record
        self.name_edit.setText(competency.name if competency else "")
        set_combo_data(self.level_combo, competency.level if competency else Level.BASIC)
        self.renewal_spin.set_months(competency.renewal_months if competency else None)
        self.last_reviewed_edit.set_date(competency.last_reviewed if competency else None)
        self.description_edit.setPlainText(competency.description if competency else "")
        accepted = set(competency.accepted_kinds) if competency else set()
        for kind, check in self.kind_checks.items():
            check.setChecked(kind in accepted)

    def command(self) -> StoreCommand | None:
        store = self.document.store
        name = required_text(self.name_edit, "competency name")
        current: Competency | None = self.record
        require_unique_name(self.name_edit, name, store.competencies.all(), current, "competency")
        last_reviewed = date_not_in_future(self.last_reviewed_edit)
        values: dict[str, Any] = {
            "level": self.level_combo.currentData(),
            "renewal_months": self.renewal_spin.months(),
            "last_reviewed": last_reviewed,
            "description": self.description_edit.toPlainText().strip(),
            "accepted_kinds": tuple(
                kind for kind, check in self.kind_checks.items() if check.isChecked()
            ),
        }
        if current is None:
            return AddCompetencyCommand(store, name, **values)
        after = replace(current, name=name, **values)
        return None if after == current else UpdateCompetencyCommand(store, current, after)


# ---- the requirement grid -------------------------------------------------------------------------


class RequirementRole(enum.IntEnum):
    """Data of the grid beyond its check boxes."""

    ROLE_ID = Qt.ItemDataRole.UserRole + 30
    COMPETENCY_ID = Qt.ItemDataRole.UserRole + 31
    # Header data: a competency's Level (columns), whether a role's review is due (rows).
    LEVEL = Qt.ItemDataRole.UserRole + 32
    REVIEW_DUE = Qt.ItemDataRole.UserRole + 33


class RequirementModel(QAbstractTableModel):
    """Roles as rows, competencies as columns (grouped by level); a checked cell is required.

    Ticking a cell pushes one SetRequirementCommand through the document, so it can be undone.
    """

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.roles: list[Role] = []
        self.competencies: list[Competency] = []
        self._required: set[tuple[int, int]] = set()
        self._as_of = document.as_of
        self._editable = True

    def load(
        self,
        roles: list[Role],
        competencies: list[Competency],
        required: set[tuple[int, int]],
        as_of: date,
    ) -> None:
        """Show the record; rows and columns are reset only when they change."""
        same_shape = [r.id for r in roles] == [r.id for r in self.roles] and [
            c.id for c in competencies
        ] == [c.id for c in self.competencies]
        if not same_shape:
            self.beginResetModel()
        self.roles, self.competencies = list(roles), list(competencies)
        self._required, self._as_of = set(required), as_of
        if not same_shape:
            self.endResetModel()
            return
        self._emit_all_changed()
        if self.roles:
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(self.roles) - 1)
        if self.competencies:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.competencies) - 1)

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self._emit_all_changed()

    def _emit_all_changed(self) -> None:
        if self.roles and self.competencies:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.roles) - 1, len(self.competencies) - 1)
            )

    def is_required(self, row: int, column: int) -> bool:
        return (self.roles[row].id, self.competencies[column].id) in self._required

    def index_of(self, role_id: int, competency_id: int) -> QModelIndex:
        rows = [i for i, role in enumerate(self.roles) if role.id == role_id]
        columns = [i for i, c in enumerate(self.competencies) if c.id == competency_id]
        if not rows or not columns:
            return QModelIndex()
        return self.index(rows[0], columns[0])

    # ---- QAbstractTableModel --------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.roles)

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.competencies)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (
            0 <= index.row() < len(self.roles) and 0 <= index.column() < len(self.competencies)
        ):
            return None
        role_record, competency = self.roles[index.row()], self.competencies[index.column()]
        required = self.is_required(index.row(), index.column())
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if required else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            verb = "requires" if required else "does not require"
            text = f"{role_record.name} {verb} {competency.name}"
            return plain_tooltip(text) if role == Qt.ItemDataRole.ToolTipRole else text
        if role == RequirementRole.ROLE_ID:
            return role_record.id
        if role == RequirementRole.COMPETENCY_ID:
            return competency.id
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return checkable_flags(index, self._editable)

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        required = requested_check(index, value, role, self._editable)
        if required is None:
            return False
        if required == self.is_required(index.row(), index.column()):
            return True
        role_record, competency = self.roles[index.row()], self.competencies[index.column()]
        command = SetRequirementCommand(self.document.store, role_record, competency, required)
        # The document's change signal reloads this model, which emits dataChanged.
        return self.document.push_or_report(command)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self.competencies):
                return None
            competency = self.competencies[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return competency.name
            if role == RequirementRole.LEVEL:
                return competency.level
            if role == Qt.ItemDataRole.ToolTipRole:
                lines = [
                    competency.name,
                    f"{competency.level.label}, renews {renewal_text(competency)}",
                ]
                if competency.description:
                    lines.append(competency.description)
                return plain_tooltip("\n".join(lines))
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return f"{competency.name}, {competency.level.label}"
            return None
        if not 0 <= section < len(self.roles):
            return None
        role_record = self.roles[section]
        state = review_state(role_record, self._as_of)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{REVIEW_DUE_MARK} {role_record.name}" if state.due else role_record.name
        if role == RequirementRole.REVIEW_DUE:
            return state.due
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [role_record.name, f"Review: {state.text()}"]
            if role_record.description:
                lines.append(role_record.description)
            return plain_tooltip("\n".join(lines))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            suffix = f", review {state.text().removeprefix(REVIEW_DUE_MARK).strip()}"
            return role_record.name + (suffix if state.due else "")
        return None


class CompetencyHeaderView(QHeaderView):
    """Competency names written upwards, under a band that names each level's group."""

    # Longer names are elided (the tooltip has them whole).
    MAX_TEXT_CHARACTERS: Final = 34

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)
        self.setHighlightSections(True)
        self.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.fit_to_font()

    def fit_to_font(self) -> None:
        self.setMinimumSectionSize(self.fontMetrics().height() + 8)
        self.setDefaultSectionSize(self.fontMetrics().height() + 16)
        self.updateGeometry()
        # The table takes the header's height from its size hint when told that it changed.
        self.geometriesChanged.emit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.fit_to_font()

    def band_height(self) -> int:
        return self.fontMetrics().height() + 8

    def _text_room(self) -> int:
        model = self.model()
        widest = 40
        if model is not None:
            metrics = self.fontMetrics()
            for section in range(model.columnCount()):
                text = str(model.headerData(section, self.orientation()) or "")
                widest = max(widest, metrics.horizontalAdvance(text))
        return min(widest, self.fontMetrics().averageCharWidth() * self.MAX_TEXT_CHARACTERS) + 16

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        hint.setHeight(self.band_height() + self._text_room())
        return hint

    def sectionSizeFromContents(self, logicalIndex: int) -> QSize:
        return QSize(self.defaultSectionSize(), self.band_height() + self._text_room())

    def paintSection(self, painter: QPainter, rect: QRect, logicalIndex: int) -> None:
        if not rect.isValid():
            return
        band = self.band_height()
        option = QStyleOptionHeader()
        self.initStyleOptionForIndex(option, logicalIndex)
        option.rect = QRect(rect.left(), rect.top() + band, rect.width(), rect.height() - band)
        option.text = ""
        painter.save()
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        text = str(self.model().headerData(logicalIndex, self.orientation()) or "")
        font = QFont(self.font())
        if option.state & QStyle.StateFlag.State_Sunken or option.state & QStyle.StateFlag.State_On:
            font.setBold(True)
        painter.setFont(font)
        metrics = painter.fontMetrics()
        room = option.rect.height() - 12
        elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
        painter.setPen(self.palette().color(QPalette.ColorRole.ButtonText))
        x = option.rect.left() + (option.rect.width() + metrics.ascent() - metrics.descent()) / 2
        painter.translate(x, option.rect.bottom() - 6)
        painter.rotate(-90)
        painter.drawText(0, 0, elided)
        painter.restore()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if model is None or self.count() == 0:
            return
        painter = QPainter(self.viewport())
        band = self.band_height()
        groups: list[tuple[Any, int, int]] = []
        for visual in range(self.count()):
            logical = self.logicalIndex(visual)
            if self.isSectionHidden(logical):
                continue
            level = model.headerData(logical, self.orientation(), RequirementRole.LEVEL)
            left = self.sectionViewportPosition(logical)
            right = left + self.sectionSize(logical)
            if groups and groups[-1][0] == level:
                groups[-1] = (level, groups[-1][1], right)
            else:
                groups.append((level, left, right))
        for level, left, right in groups:
            option = QStyleOptionHeader()
            option.initFrom(self)
            option.rect = QRect(left, 0, right - left, band)
            label = level.label if isinstance(level, Level) else ""
            option.text = painter.fontMetrics().elidedText(
                label, Qt.TextElideMode.ElideRight, max(0, right - left - 6)
            )
            option.textAlignment = Qt.AlignmentFlag.AlignCenter
            option.position = QStyleOptionHeader.SectionPosition.OnlyOneSection
            self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        painter.end()


# ---- the view ---------------------------------------------------------------------------------


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

    # ---- deletion warnings ------------------------------------------------------------------

    def _role_deletion_warning(self, role: Role) -> str:
        holders = [p for p in self.document.store.people.all() if role.id in p.role_ids]
        required = sum(1 for role_id, _c in self.document.store.requirements.all() if role_id == role.id)
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
