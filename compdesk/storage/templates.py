"""Writing a starter template (`compdesk.models.templates`) into a new document."""

from __future__ import annotations

from pathlib import Path

from compdesk.models.templates import ADVANCED, BASIC, CALENDAR, ROLE_SPECIFIC, ROLES, Template
from compdesk.storage.store import Store


def apply_startup_template(store: Store) -> None:
    """Fill a new document with the roles, competencies and calendar of a small SaaS company."""
    with store.logged_as("filled the document from the starter template"):
        competency_ids: dict[str, int] = {}
        for spec in (*BASIC, *ROLE_SPECIFIC, *ADVANCED):
            competency = store.competencies.add(
                spec.name,
                level=spec.level,
                renewal_months=spec.renewal_months,
                description=spec.description,
                accepted_kinds=spec.accepted_kinds,
            )
            competency_ids[spec.name] = competency.id
        for name, description, required in ROLES:
            role = store.roles.add(name, description=description)
            for competency_name in required:
                store.requirements.set(role.id, competency_ids[competency_name], True)
        for month, activity, owner, target in CALENDAR:
            store.calendar.add(month, activity, owner, target)


def create_document(
    path: Path | str, template: Template = Template.STARTUP, *, user: str | None = None
) -> Store:
    """Create a document from a template; on any failure no file is left behind."""
    store = Store.create(path, user=user)
    try:
        if template is Template.STARTUP:
            apply_startup_template(store)
    except BaseException:
        store.close()
        Path(path).unlink(missing_ok=True)
        raise
    return store
