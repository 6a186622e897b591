"""Where a finding's record leads: the view that shows it, with it selected."""

from __future__ import annotations

from typing import Final

from compdesk.models.findings import RecordKind, RecordRef
from compdesk.views.widgets.document_view import DocumentView

# The name (views/names.py) of the view each kind of record is shown in.
VIEW_OF_RECORD: Final = {
    RecordKind.PERSON: "people",
    RecordKind.ROLE: "roles",
    RecordKind.COMPETENCY: "roles",
    RecordKind.EVIDENCE: "evidence",
    RecordKind.ACTION: "actions",
}


def select_record_in(view: DocumentView, record: RecordRef) -> bool:
    """Select the record in its view (clearing the view's filters if they hide it) and put
    the keyboard focus on its list; False if the view does not have it (deleted since)."""
    # Each view is imported already: the window built it to show it.
    if record.kind is RecordKind.PERSON:
        from compdesk.views.people.view import PeopleView

        if isinstance(view, PeopleView) and view.show_person(record.id):
            view.table.setFocus()
            return True
    elif record.kind in (RecordKind.ROLE, RecordKind.COMPETENCY):
        from compdesk.views.roles.view import RolesView

        if isinstance(view, RolesView):
            if record.kind is RecordKind.ROLE and view.show_role(record.id):
                view.roles.table.setFocus()
                return True
            if record.kind is RecordKind.COMPETENCY and view.show_competency(record.id):
                view.competencies.table.setFocus()
                return True
    elif record.kind is RecordKind.EVIDENCE:
        from compdesk.views.evidence.view import EvidenceView

        if isinstance(view, EvidenceView):
            view.show_evidence(record.id)
            selected = view.selected_evidence()
            if selected is not None and selected.id == record.id:
                view.table.setFocus()
                return True
    elif record.kind is RecordKind.ACTION:
        from compdesk.views.actions.view import ActionsView

        if isinstance(view, ActionsView) and view.show_action(record.id):
            view.table.setFocus()
            return True
    return False
