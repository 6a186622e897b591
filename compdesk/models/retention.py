"""How long a leaver's personal data is kept, and what a purge leaves in its place."""

from __future__ import annotations

from datetime import date
from typing import Final

from compdesk.models.dates import add_months
from compdesk.models.records import Person

PURGED_NAME_PREFIX: Final = "Purged leaver "


def purged_name(person_id: int) -> str:
    """The name a purged leaver keeps: stable, as it is their id."""
    return f"{PURGED_NAME_PREFIX}{person_id}"


def purged_email(person_id: int) -> str:
    """The placeholder address of a purged leaver (`.invalid` never delivers: RFC 2606)."""
    return f"purged-{person_id}@purged.invalid"


def is_purged(person: Person) -> bool:
    return person.name == purged_name(person.id) and person.email == purged_email(person.id)


def has_left(person: Person, today: date) -> bool:
    """Whether a person's end date has come (the day itself included)."""
    return person.end_date is not None and person.end_date <= today


def due_for_purge(person: Person, as_of: date, months: int) -> bool:
    """Whether a leaver's personal data is past the months it may be kept after they left."""
    if person.end_date is None or is_purged(person):
        return False
    return add_months(person.end_date, months) <= as_of


def what_a_purge_removes(person: Person) -> str:
    """What a purge removes and what it keeps, in the words a confirmation shows."""
    return (
        f"{person.name} <{person.email}>: their name, email, job title and notes, the titles, "
        "notes and attached files of their evidence, the text of their actions, and their "
        "name and email wherever else they were typed (another person's evidence verifier, "
        "an action or calendar owner, a session's trainer, any note) and in the change log "
        "are replaced or removed. Their evidence dates, drill results "
        "and training attendance stay, anonymous, so past figures do not change. "
        "A file that is other people's evidence too (a signed attendance list, a quiz's "
        "results sheet) stays, and may still name them inside. "
        "This cannot be undone."
    )
