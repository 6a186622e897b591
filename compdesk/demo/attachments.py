"""The files a sample organisation's evidence carries: what each says, drawn on demand.

The story's people get files with their own names on them; generated people share one group
record per course, so a document stays small at any size. `sample_files` turns the facts into
PDF and image bytes.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from compdesk.demo import sample_files
from compdesk.demo.northwind import EVENTS, ISMS_MANAGER, ORGANISATION, RECIPES
from compdesk.demo.plan import Event, PersonPlan, Recipe, SampleFileKind, attends
from compdesk.demo.programme import incident_seat, median_minutes, phishing_seat
from compdesk.models.dates import add_months
from compdesk.models.records import EvidenceKind, PersonType

# How many attendees an attendance list names; the rest are summarised, so the list stays a
# few pages even for a benchmark organisation.
_ATTENDANCE_LIST_NAMES: Final = 300
# A session's list names fewer: one or two pages, drawn for each session of the year.
_SESSION_LIST_NAMES: Final = 60

# Holder named on the shared files of generated people (one file per course, not per person).
_GROUP_HOLDER: Final = "Northwind Cloud staff (group record)"
_QUIZ_QUESTIONS: Final = (
    "Which label does a customer contract carry?",
    "Where do you report a suspicious e-mail?",
    "May you forward internal documents to a private address?",
    "Which cloud storage services are approved?",
    "What do you do with a USB stick found in the car park?",
    "When must a laptop screen be locked?",
    "Who may see a customer's support ticket history?",
    "How long are support call recordings kept?",
    "What is a strong password made of?",
    "What does the password manager do for you?",
)


def _file_name(*parts: str, extension: str) -> str:
    """A file name that every operating system accepts: no path separators or reserved marks."""
    text = " - ".join(part for part in parts if part).replace(": ", " - ")
    return re.sub(r'[\\/:*?"<>|]+', "-", text).strip(" .-") + f".{extension}"


@dataclass(frozen=True, slots=True)
class NamedFile:
    """A file to attach: the name it is stored under and its bytes."""

    file_name: str
    data: bytes


class AttachmentMaker:
    """Draws the files that a plan's evidence carries.

    Shares the writer's random stream and draws each file when the writer asks for it (the
    event files first, then one per evidence record as it is written), so the same seed gives
    the same bytes.
    """

    def __init__(
        self,
        plans: Sequence[PersonPlan],
        as_of: date,
        pass_mark: float,
        rng: random.Random,
        seed: int,
    ) -> None:
        self._plans = plans
        self._as_of = as_of
        self._seed = seed  # the drills' figures (`programme`) follow from it
        self._pass_mark = pass_mark
        self._rng = rng
        self._pool: dict[tuple[SampleFileKind, str], bytes] = {}
        self._event_files = {
            (event.key, index): self._draw_event_file(event, index)
            for event in EVENTS
            for index in range(len(event.occurrences))
        }

    def event_file(self, event: Event, index: int) -> NamedFile | None:
        """The one file shared by everyone who took part in an event, if anyone did."""
        return self._event_files[(event.key, index)]

    def _draw_event_file(self, event: Event, index: int) -> NamedFile | None:
        attendees = [p for p in self._plans if attends(p, event, index, self._as_of)]
        if not attendees:
            return None
        held_on, title = event.held_on(index, self._as_of), event.title_for(index, self._as_of)
        if event.kind is EvidenceKind.ATTENDANCE_LIST:
            names = [p.name for p in attendees]
            data = sample_files.attendance_list_pdf(
                organisation=ORGANISATION,
                event=title,
                held_on=held_on,
                trainer=event.issuer,
                minutes=event.minutes,
                attendees=names[:_ATTENDANCE_LIST_NAMES],
                more=max(0, len(names) - _ATTENDANCE_LIST_NAMES),
            )
            return NamedFile(_file_name("Attendance list", title, extension="pdf"), data)
        name = event.occurrences[index].name
        employed = sum(
            1 for p in self._plans if p.type is PersonType.EMPLOYEE and p.employed_on(held_on)
        )
        if event.key == "phishing":
            # The figures of the drill's record, which the same plan gives.
            seats = [
                found
                for plan in self._plans
                if (found := phishing_seat(plan, index, self._as_of, self._seed)) is not None
            ]
            sent, reported = len(seats), sum(found.reported for found in seats)
            clicked = sum(found.clicked for found in seats)
            acted = max(reported, clicked)
            data = sample_files.phishing_drill_png(
                organisation="Northwind Cloud",
                campaign=name,
                held_on=held_on,
                sent=sent,
                opened=min(sent, acted + (sent - acted) // 2),
                clicked=clicked,
                reported=reported,
            )
            return NamedFile(_file_name("Phishing drill", name, "results", extension="png"), data)
        minutes: float = self._rng.randint(6, 13)
        took_part = len(attendees)
        if index == 0:
            # The latest drill has a record: its participants and median time to report.
            seats = [
                found
                for plan in self._plans
                if (found := incident_seat(plan, self._as_of, self._seed)) is not None
            ]
            if seats:
                took_part, minutes = len(seats), median_minutes(seats)
        data = sample_files.memo_pdf(
            organisation=ORGANISATION,
            title=f"Incident drill report: {name}",
            author=ISMS_MANAGER,
            dated=held_on,
            paragraphs=(
                f"Scenario: {name.lower()}. The drill was announced to team leads only; "
                f"{took_part} of {employed} employees took part during working hours.",
                f"Median time from the scenario start to the first report to the security "
                f"hotline: {minutes:g} minutes (target: under 15 minutes). Everyone who took part "
                "reported through the documented channel.",
                "Improvements decided: add the hotline number to the laptop lock screen; "
                "repeat the drill for the support team's late shift.",
            ),
        )
        return NamedFile(_file_name("Incident drill report", name, extension="pdf"), data)

    def session_attendance_list(
        self, title: str, held_on: date, trainer: str, minutes: int, names: Sequence[str]
    ) -> NamedFile:
        """A training session's signed attendance list: the file its evidence shares."""
        data = sample_files.attendance_list_pdf(
            organisation=ORGANISATION,
            event=title,
            held_on=held_on,
            trainer=trainer,
            minutes=minutes,
            attendees=names[:_SESSION_LIST_NAMES],
            more=max(0, len(names) - _SESSION_LIST_NAMES),
        )
        return NamedFile(_file_name("Attendance list", title, extension="pdf"), data)

    def own_file(
        self,
        plan: PersonPlan,
        recipe: Recipe,
        achieved_on: date,
        expires_on: date | None,
        score: float | None,
    ) -> NamedFile:
        """The file of one person's own evidence, made after `recipe`."""
        extension = "jpg" if recipe.sample_file is SampleFileKind.SCAN else "pdf"
        file_name = _file_name(recipe.title, plan.name, extension=extension)
        if plan.personal_files:
            return NamedFile(
                file_name, self._draw(recipe, plan, plan.name, achieved_on, expires_on, score)
            )
        # Generated people share one file per course: the document stays small at any size.
        key = (recipe.sample_file, recipe.title)
        if key not in self._pool:
            self._pool[key] = self._draw(recipe, plan, _GROUP_HOLDER, self._as_of, None, 90.0)
        return NamedFile(file_name, self._pool[key])

    def _draw(
        self,
        recipe: Recipe,
        plan: PersonPlan,
        holder: str,
        achieved_on: date,
        expires_on: date | None,
        score: float | None,
    ) -> bytes:
        rng, kind = self._rng, recipe.sample_file
        if kind is SampleFileKind.SCAN and sample_files.can_draw_in_images(holder):
            return sample_files.scanned_certificate_jpeg(
                holder=holder,
                title=recipe.title,
                issuer=recipe.issuer,
                achieved_on=achieved_on,
                seed=f"{holder}|{recipe.title}",
            )
        if kind in (SampleFileKind.CERTIFICATE, SampleFileKind.SCAN):
            return sample_files.certificate_pdf(
                holder=holder,
                title=recipe.title,
                issuer=recipe.issuer,
                achieved_on=achieved_on,
                expires_on=expires_on,
                reference=f"{rng.randint(100000, 999999)}-{achieved_on:%y}",
            )
        if kind is SampleFileKind.TRAINING_RECORD:
            return sample_files.training_record_pdf(
                person=holder,
                course=recipe.title,
                provider=recipe.issuer,
                completed_on=achieved_on,
                minutes=rng.choice((10, 15, 20, 25, 45, 90)),
                score=float(rng.randint(16, 20) * 5) if rng.random() < 0.5 else None,
                organisation=ORGANISATION,
            )
        if kind is SampleFileKind.QUIZ:
            taken = score if score is not None else 90.0
            questions = rng.sample(_QUIZ_QUESTIONS, 8)
            right = round(taken / 100 * len(questions))
            return sample_files.quiz_result_pdf(
                person=holder,
                quiz=recipe.title,
                taken_on=achieved_on,
                score=taken,
                pass_mark=self._pass_mark,
                answers=[(q, number < right) for number, q in enumerate(questions)],
            )
        if kind is SampleFileKind.CV:
            return sample_files.cv_pdf(
                person=holder,
                job_title=plan.job_title,
                summary=_cv_summary(plan, recipe),
                experience=_cv_experience(plan, recipe, rng),
            )
        if kind is SampleFileKind.CONTRACT:
            return sample_files.contract_clause_pdf(
                contractor=holder,
                company=plan.company or "independent",
                client=ORGANISATION,
                signed_on=achieved_on,
                valid_until=expires_on or add_months(achieved_on, 24),
            )
        return sample_files.memo_pdf(
            organisation=ORGANISATION,
            title=recipe.title,
            author=holder,
            dated=achieved_on,
            paragraphs=(
                "Objective: prove that the customer database can be restored to a point in "
                "time from the encrypted backups, within the recovery time objective of 4 hours.",
                f"Result: restored to a new instance in {rng.randint(48, 95)} minutes; "
                f"data loss window {rng.randint(2, 5)} minutes (objective: 15 minutes). "
                "Row counts and checksums of five sample tables matched production.",
                "Follow-up: none required. Next test in three months.",
            ),
        )


# The most relevant earlier job on each experience-based CV, by the evidence title.
_CV_HIGHLIGHTS: Final = {
    RECIPES["Logging and monitoring"].title: (
        "Operations engineer at a payment service provider (PCI DSS scope): ran the logging and "
        "alerting stack, wrote the alert runbooks and took part in the 24/7 on-call rotation."
    ),
    RECIPES["Risk assessment method"].title: (
        "Information security officer at a logistics company: ran the yearly ISO/IEC 27005 risk "
        "assessment with the asset owners and kept the risk treatment plan."
    ),
    RECIPES["Reporting to leadership"].title: (
        "Compliance manager at a fintech start-up: wrote the quarterly ISMS report and prepared "
        "the management review for the board."
    ),
}


def _cv_summary(plan: PersonPlan, recipe: Recipe) -> str:
    topic = recipe.title.removeprefix("CV: ")
    return (
        f"{plan.job_title} at {ORGANISATION} since {plan.start_date.year}. Before that, several "
        f"years of hands-on work in {topic}, summarised below from the full CV kept by HR."
    )


def _cv_experience(plan: PersonPlan, recipe: Recipe, rng: random.Random) -> list[tuple[str, str]]:
    joined = plan.start_date.year
    earlier = joined - rng.randint(3, 6)
    first = earlier - rng.randint(3, 5)
    highlight = _CV_HIGHLIGHTS.get(
        recipe.title, _CV_HIGHLIGHTS[RECIPES["Logging and monitoring"].title]
    )
    return [
        (f"{earlier}-{joined}", highlight),
        (
            f"{first}-{earlier}",
            "Systems engineer at a managed hosting company: backups and "
            "restores, patch management, and monthly security reports to management.",
        ),
    ]
