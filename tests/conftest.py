"""Shared factories: small, explicit test data with sensible defaults."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from compdesk.models.records import (
    Competency,
    Evidence,
    EvidenceKind,
    Level,
    Person,
    Role,
    Route,
)
from compdesk.storage import Store

_SESSION_HOME = pytest.StashKey[Path]()

# Hypothesis profiles, chosen with HYPOTHESIS_PROFILE: "ci" (the default) runs each property
# test with the example count written on it; "thorough" (benchmarks/reliability.py) runs
# THOROUGH_FACTOR times as many. A test's own @settings(max_examples=...) outranks any profile,
# so "thorough" scales those counts at collection instead.
THOROUGH_FACTOR = 10
settings.register_profile("ci", settings.get_profile("default"))
settings.register_profile("thorough", max_examples=settings.default.max_examples * THOROUGH_FACTOR)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_configure(config: pytest.Config) -> None:
    """No test, not even a module- or session-scoped fixture that runs before the per-test
    folders below, writes recent files, preferences or automatic backup copies into the home
    folder of whoever runs the suite."""
    home = Path(tempfile.mkdtemp(prefix="compdesk-tests-home-"))
    config.stash[_SESSION_HOME] = home
    for variable, folder in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        os.environ[variable] = str(home / folder)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if os.environ.get("HYPOTHESIS_PROFILE") != "thorough":
        return
    scaled: set[int] = set()  # the cases of a parametrized test share one function
    for item in items:
        test = getattr(item, "obj", None)
        own = getattr(test, "_hypothesis_internal_use_settings", None)
        if own is None or id(test) in scaled:
            continue
        scaled.add(id(test))
        if own.max_examples != settings.default.max_examples:
            test._hypothesis_internal_use_settings = settings(  # type: ignore[union-attr]
                own, max_examples=own.max_examples * THOROUGH_FACTOR
            )


def pytest_unconfigure(config: pytest.Config) -> None:
    home = config.stash.get(_SESSION_HOME, None)
    if home is not None:
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(autouse=True)
def _private_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep recent files and preferences of the tests away from the user's own."""
    home = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))


@pytest.fixture
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Waiting for a lock that is never released keeps the suite fast."""
    monkeypatch.setattr("compdesk.storage.connection.BUSY_TIMEOUT_MS", 200)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    document = Store.create(tmp_path / "test.compdesk", user="tester")
    yield document
    document.close()


def make_document(tmp_path: Path, name: str = "doc.compdesk") -> Path:
    """An empty, migrated document on disk, closed."""
    path = tmp_path / name
    Store.create(path, user="tester").close()
    return path


def make_role(store: Store, name: str = "Developer", **values: Any) -> Role:
    return store.roles.add(name, **values)


def make_competency(
    store: Store,
    name: str = "Secure coding",
    level: Level = Level.ROLE_SPECIFIC,
    renewal_months: int | None = 12,
    **values: Any,
) -> Competency:
    return store.competencies.add(name, level=level, renewal_months=renewal_months, **values)


def make_person(
    store: Store,
    name: str = "Ana Ruiz",
    email: str | None = None,
    roles: tuple[Role, ...] = (),
    **values: Any,
) -> Person:
    email = email or f"{name.lower().replace(' ', '.')}@example.com"
    return store.people.add(name, email, role_ids=tuple(r.id for r in roles), **values)


def make_evidence(
    store: Store,
    person: Person,
    competency: Competency,
    achieved_on: date = date(2026, 1, 10),
    kind: EvidenceKind = EvidenceKind.TRAINING_RECORD,
    route: Route = Route.TRAINING,
    **values: Any,
) -> Evidence:
    return store.evidence.add(
        person.id, competency.id, kind, route, achieved_on=achieved_on, **values
    )
