"""What a binder is built with: the as-of date, the people it covers, the page size, what it shows.

Choosing the people is an auditor's sample: named ones (`--people`), or a reproducible draw
(`--sample N --seed S`). Whoever is left out is left out of the whole binder.
"""

from __future__ import annotations

import enum
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib.pagesizes import A4, letter

from compdesk.models.errors import InputError
from compdesk.models.records import Person
from compdesk.models.rules import is_active


class PageSize(enum.Enum):
    A4 = "a4"
    LETTER = "letter"

    @property
    def points(self) -> tuple[float, float]:
        """(width, height) of a portrait page, in PostScript points."""
        return _POINTS[self]

    @property
    def label(self) -> str:
        return "A4" if self is PageSize.A4 else "Letter"


_POINTS: dict[PageSize, tuple[float, float]] = {
    PageSize.A4: (float(A4[0]), float(A4[1])),
    PageSize.LETTER: (float(letter[0]), float(letter[1])),
}


@dataclass(frozen=True, slots=True)
class BinderOptions:
    as_of: date
    # Chosen emails; () = everyone (unless sampled).
    people: tuple[str, ...] = ()
    sample_size: int | None = None
    seed: int = 0
    attachments: bool = True
    page_size: PageSize = PageSize.A4
    contact_details: bool = True

    def check(self) -> None:
        """Refuse options that contradict each other, before any work starts."""
        if self.people and self.sample_size is not None:
            raise InputError("choose people by email or draw a sample, not both")
        if self.sample_size is not None and self.sample_size < 1:
            raise InputError(f"a sample needs at least one person, not {self.sample_size}")

    def described(self) -> list[str]:
        """The options as the cover states them, one phrase each."""
        phrases: list[str] = []
        if self.people:
            count = len(self.people)
            phrases.append(f"{count} {'person' if count == 1 else 'people'} chosen by email")
        elif self.sample_size is not None:
            count = self.sample_size
            phrases.append(
                f"sample of {count} {'person' if count == 1 else 'people'}, seed {self.seed}"
            )
        else:
            phrases.append("everyone active on the date")
        phrases.append(
            "evidence files reproduced in the appendix"
            if self.attachments
            else "evidence files listed, not reproduced"
        )
        phrases.append(f"page size {self.page_size.label}")
        if not self.contact_details:
            phrases.append("contact details hidden")
        return phrases


def choose_people(people: Sequence[Person], options: BinderOptions) -> tuple[Person, ...]:
    """The binder's people: those active on the as-of date that the options choose, in the
    order given (the store's alphabetical order).

    Emails match ignoring case; an unknown one, or one of someone not active on the date, is
    an InputError naming it. A sample draws `sample_size` of the active people, sorted by
    email, with `random.Random(seed)`: the same document, date and seed draw the same people.
    """
    options.check()
    active = [person for person in people if is_active(person, options.as_of)]
    if options.people:
        by_email = {person.email.casefold(): person for person in people}
        active_ids = {person.id for person in active}
        chosen: set[int] = set()
        for email in options.people:
            person = by_email.get(email.strip().casefold())
            if person is None:
                raise InputError(f"nobody has the email {email}")
            if person.id not in active_ids:
                raise InputError(
                    f"{email} is not active on {options.as_of.isoformat()} "
                    "(not yet started, or left)"
                )
            chosen.add(person.id)
        return tuple(person for person in active if person.id in chosen)
    if options.sample_size is not None and options.sample_size < len(active):
        by_email_order = sorted(active, key=lambda person: (person.email.casefold(), person.id))
        drawn = random.Random(options.seed).sample(by_email_order, options.sample_size)
        drawn_ids = {person.id for person in drawn}
        return tuple(person for person in active if person.id in drawn_ids)
    return tuple(active)
