"""The garbage collector is held off while a document's records are built, and only then."""

from __future__ import annotations

import gc

import pytest

from compdesk.views.collector import collector_paused, promote_survivors


def test_the_collector_is_paused_inside_and_runs_again_after() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():  # nested: the outer block decides
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_an_error_inside_still_lets_the_collector_run_again() -> None:
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_a_collector_disabled_beforehand_stays_disabled() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_promoted_survivors_leave_the_youngest_generation_empty() -> None:
    gc.disable()
    try:
        survivors = [[index] for index in range(5000)]
        assert gc.get_count()[0] >= 5000
        promote_survivors()
    finally:
        gc.enable()
    assert gc.get_count()[0] < 100
    assert gc.get_freeze_count() == 0  # promoted, not frozen: full collections still see them
    assert len(survivors) == 5000
