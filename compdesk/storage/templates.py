"""Writing a starter template (`compdesk.models.templates`) into a new document."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from compdesk.models.templates import ADVANCED, BASIC, CALENDAR, ROLE_SPECIFIC, ROLES, Template
from compdesk.storage.opening import create_new_file
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
    path: Path | str,
    template: Template = Template.STARTUP,
    *,
    user: str | None = None,
    fill: Callable[[Store], None] | None = None,
) -> Store:
    """Create a document from a template, then have `fill` write into it; return it open.

    It is written beside `path` and renamed into place once whole: a failure or a crash
    leaves no file at `path`. An existing file is never replaced (InputError).
    """
    target = Path(path)

    def write(partial: Path) -> None:
        with Store.create(partial, user=user) as store:
            if template is Template.STARTUP:
                apply_startup_template(store)
            if fill is not None:
                fill(store)

    create_new_file(target, write)
    # Just written whole and renamed: SQLite's check of every page would only repeat it.
    return Store.open(target, user=user, check_pages=False)
