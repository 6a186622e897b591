"""Writing a sample organisation's plan into a new document, through the store.

`create_demo` plans the people (`staff`), creates a document from the start-up template and
writes the plan in one transaction, recorded as one change-log entry. Each required competency
gets evidence dated so that it has its planned standing on the as-of date, from a shared event
where the person took part in one, else from their own recipe, with its attachment.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Final

from compdesk.demo.attachments import AttachmentMaker
from compdesk.demo.northwind import (
    CTO,
    EVENT_BY_COMPETENCY,
    ISMS_MANAGER,
    ISMS_SCOPE,
    ORGANISATION,
    ROLE_REVIEWS,
    recipe_for,
)
from compdesk.demo.plan import (
    ActionPlan,
    CellPlan,
    Event,
    PersonPlan,
    SampleFileKind,
    Standing,
    attends,
    validity_months,
)
from compdesk.demo.programme import (
    FIXED_DATE_COMPETENCY,
    FIXED_DATE_SWITCHED_DAYS_AGO,
    POLICY,
    POLICY_VERSION,
    covered_by_session,
    fixed_renewal_on,
    policy_published_on,
    policy_version_on,
)
from compdesk.demo.staff import plan_people
from compdesk.demo.year import YearWriter
from compdesk.models.dates import add_months
from compdesk.models.errors import CancelledError, InputError
from compdesk.models.records import EvidenceKind, Person, RenewalMode, Route
from compdesk.models.templates import BASIC, Template
from compdesk.storage import Store
from compdesk.storage.templates import create_document

log = logging.getLogger(__name__)

# Where the expiry of a person's latest evidence falls, in days from their reference date. The
# margins absorb month-end clamping (31 March - 1 month = 28 February) and keep each standing
# clear of the 30-day warning and grace windows.
_EXPIRY_WINDOWS: Final = {
    Standing.EXPIRING: (4, 26),
    Standing.LAPSED_RECENTLY: (-25, -4),
    Standing.LAPSED: (-400, -45),
}
_CURRENT_MARGIN_DAYS: Final = 45


def _achieved_on(
    standing: Standing,
    valid_for_months: int | None,
    reference: date,
    start: date,
    rng: random.Random,
) -> date:
    """When evidence was achieved so that, on the reference date, it has the given standing."""
    if valid_for_months is None:
        if standing is not Standing.CURRENT:
            raise ValueError(f"evidence that never expires cannot be {standing.value}")
        # Anywhere in the person's time here, at least a week back.
        return reference - timedelta(days=rng.randint(7, max(8, (reference - start).days)))
    if standing is Standing.CURRENT:
        low, high = _CURRENT_MARGIN_DAYS, valid_for_months * 30 - 10
    else:
        low, high = _EXPIRY_WINDOWS[standing]
    expires = reference + timedelta(days=rng.randint(low, high))
    achieved = add_months(expires, -valid_for_months)
    if standing is Standing.CURRENT:
        # Later evidence only lasts longer, so moving it past the start date keeps it current.
        achieved = min(max(achieved, start + timedelta(days=rng.randint(1, 5))), reference)
    return achieved


class _DemoWriter:
    """Writes a plan through the store, with the attachment files it needs."""

    def __init__(self, store: Store, plans: Sequence[PersonPlan], as_of: date, seed: int) -> None:
        self._store = store
        self._as_of = as_of
        self._seed = seed
        self.person_ids: dict[str, int] = {}  # by email, for the year's sessions and drills
        # Its own random stream, so the look of the files never shifts the plan.
        self._rng = random.Random(f"compdesk demo files {seed}")
        self._role_ids = {role.name: role.id for role in store.roles.all()}
        self._competencies = {c.name: c for c in store.competencies.all()}
        self._files = AttachmentMaker(plans, as_of, store.settings.get().pass_mark, self._rng, seed)

    # ---- the organisation -------------------------------------------------------------

    def write_organisation(self) -> None:
        store, as_of = self._store, self._as_of
        store.settings.update(
            replace(store.settings.get(), organisation=ORGANISATION, isms_scope=ISMS_SCOPE)
        )
        for role in store.roles.all():
            if role.name in ROLE_REVIEWS:
                days_ago, owner = ROLE_REVIEWS[role.name]
                store.roles.update(
                    replace(role, last_reviewed=as_of - timedelta(days=days_ago), owner=owner)
                )
        for spec in BASIC:
            competency = self._competencies[spec.name]
            store.competencies.update(replace(competency, last_reviewed=as_of - timedelta(days=60)))
        fixed = self._competencies[FIXED_DATE_COMPETENCY]
        store.competencies.update(
            replace(
                store.competencies.get(fixed.id),
                renewal_mode=RenewalMode.FIXED_DATE,
                renewal_on=fixed_renewal_on(as_of),
            ),
            effective_on=as_of - timedelta(days=FIXED_DATE_SWITCHED_DAYS_AGO),
        )
        policy = self._competencies[POLICY]
        store.competencies.update(
            replace(
                store.competencies.get(policy.id),
                document_version=POLICY_VERSION,
                version_since=policy_published_on(as_of),
            )
        )
        self._competencies = {c.name: c for c in store.competencies.all()}

    # ---- people -----------------------------------------------------------------------

    def write_person(self, plan: PersonPlan) -> Person:
        person = self._store.people.add(
            plan.name,
            plan.email,
            type=plan.type,
            job_title=plan.job_title,
            start_date=plan.start_date,
            end_date=plan.end_date,
            notes=plan.notes,
            access_granted_on=plan.access_granted_on,
            role_ids=tuple(self._role_ids[role] for role in plan.roles),
        )
        self.person_ids[plan.email] = person.id
        for competency in plan.required:
            self._write_cell(person, plan, competency)
        return person

    def _write_cell(self, person: Person, plan: PersonPlan, competency: str) -> None:
        cell = plan.cell(competency)
        evidenced = cell.standing is Standing.NONE
        event = EVENT_BY_COMPETENCY.get(competency)
        if event is not None and cell.standing is not Standing.NONE:
            # Oldest first, as the record grew; the latest occurrence is the current evidence.
            for index in reversed(range(len(event.occurrences))):
                if index == 0 and not cell.is_plain_current:
                    continue
                if attends(plan, event, index, self._as_of):
                    self._add_event_evidence(person, plan, competency, event, index)
                    evidenced = evidenced or index == 0
        if not evidenced and not covered_by_session(plan, competency, self._as_of, self._seed):
            self._add_own_evidence(person, plan, competency, cell)
        for action in cell.actions:
            self._add_action(person, competency, action)

    def _verification(self, plan: PersonPlan, achieved_on: date) -> dict[str, object]:
        # Nobody verifies their own evidence: the CTO checks the ISMS manager's.
        verifier = CTO if plan.name == ISMS_MANAGER else ISMS_MANAGER
        verified_on = min(
            achieved_on + timedelta(days=self._rng.randint(0, 6)), plan.reference_date(self._as_of)
        )
        return {"verified_by": verifier, "verified_on": verified_on}

    def _add_event_evidence(
        self, person: Person, plan: PersonPlan, competency: str, event: Event, index: int
    ) -> None:
        held_on = event.held_on(index, self._as_of)
        evidence = self._store.evidence.add(
            person.id,
            self._competencies[competency].id,
            event.kind,
            Route.TRAINING,
            title=event.title_for(index, self._as_of),
            issuer=event.issuer,
            achieved_on=held_on,
            document_version=self._version(competency, held_on),
            **self._verification(plan, held_on),
        )
        attachment = self._files.event_file(event, index)
        if attachment is not None:
            self._store.attachments.attach_bytes(evidence.id, attachment.file_name, attachment.data)

    def _add_own_evidence(
        self, person: Person, plan: PersonPlan, competency_name: str, cell: CellPlan
    ) -> None:
        competency = self._competencies[competency_name]
        recipe = recipe_for(plan, competency_name)
        validity = validity_months(recipe, competency.renewal_months)
        reference = plan.reference_date(self._as_of)
        if cell.achieved_days_ago is not None:
            achieved_on = self._as_of - timedelta(days=cell.achieved_days_ago)
        else:
            achieved_on = _achieved_on(
                cell.standing, validity, reference, plan.start_date, self._rng
            )
        expires_on = (
            add_months(achieved_on, recipe.validity_months) if recipe.validity_months else None
        )
        score = cell.score
        if score is None and recipe.sample_file is SampleFileKind.QUIZ:
            score = float(self._rng.randint(16, 20) * 5)
        issuer = recipe.issuer or (
            plan.company if recipe.sample_file is SampleFileKind.CONTRACT else ""
        )
        evidence = self._store.evidence.add(
            person.id,
            competency.id,
            recipe.kind,
            recipe.route,
            title=recipe.title,
            issuer=issuer,
            achieved_on=achieved_on,
            expires_on=expires_on,
            score=score,
            notes=cell.notes,
            document_version=self._version(
                competency_name, achieved_on, binding=recipe.kind is EvidenceKind.CONTRACT_CLAUSE
            ),
            **self._verification(plan, achieved_on),
        )
        attachment = self._files.own_file(plan, recipe, achieved_on, expires_on, score)
        self._store.attachments.attach_bytes(evidence.id, attachment.file_name, attachment.data)

    def _version(self, competency: str, achieved_on: date, *, binding: bool = False) -> str:
        """The document version an acknowledgement made on a day is of ("": no document). A
        contract clause binds the contractor to the policy as amended: the current version."""
        current = self._competencies[competency].document_version
        if not current or binding:
            return current
        return policy_version_on(achieved_on, self._as_of)

    def write_year(self, plans: Sequence[PersonPlan]) -> None:
        """The year's sessions, drills and calendar, once everyone is in the document."""
        YearWriter(
            self._store, plans, self.person_ids, self._files, self._as_of, self._seed
        ).write()

    def _add_action(self, person: Person, competency: str, action: ActionPlan) -> None:
        def days_ago(days: int | None) -> date | None:
            return self._as_of - timedelta(days=days) if days is not None else None

        self._store.actions.add(
            person.id,
            self._competencies[competency].id,
            action.type,
            description=action.description,
            owner=action.owner,
            due_date=self._as_of + timedelta(days=action.due_in_days),
            status=action.status,
            completed_on=days_ago(action.completed_days_ago),
            effectiveness=action.effectiveness,
            evaluation=action.evaluation,
            evaluated_on=days_ago(action.evaluated_days_ago),
        )


def create_demo(
    path: Path | str,
    people: int = 15,
    seed: int = 1,
    *,
    as_of: date | None = None,
    report_progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
    user: str | None = None,
) -> Store:
    """Create a sample organisation's document at `path` and return it open.

    The default fifteen people show every gap status as of `as_of` (default today); fewer
    takes the first of them, more adds generated people for benchmarks. Deterministic per seed
    and as-of date. Reports progress once per person written; when `cancel` is set, raises
    CancelledError. It is written beside `path` and renamed into place whole: cancellation, a
    failure or a crash leaves no file at `path`; an existing file is never touched (InputError).
    """
    if people < 1:
        raise InputError("a sample organisation needs at least one person")
    as_of = as_of or date.today()
    plans = plan_people(people, as_of, random.Random(seed))

    def write_sample(store: Store) -> None:
        writer = _DemoWriter(store, plans, as_of, seed)
        # One transaction (fast), recorded as one change-log entry rather than tens of
        # thousands; the file is renamed into place only once all of it is written.
        with store.logged_as(f"created the sample organisation ({len(plans)} people)"):
            writer.write_organisation()
            for done, plan in enumerate(plans, start=1):
                if cancel is not None and cancel.is_set():
                    raise CancelledError("creating the sample organisation was cancelled")
                writer.write_person(plan)
                if report_progress is not None:
                    report_progress(done, len(plans))
            writer.write_year(plans)

    store = create_document(path, Template.STARTUP, user=user, fill=write_sample)
    log.info("created a sample organisation of %d people in %s", len(plans), store.path.name)
    return store
