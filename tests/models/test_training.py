"""A session's retake: the first later session of its topic."""

from __future__ import annotations

from datetime import date

from compdesk.models.records import TrainingSession
from compdesk.models.training import retake_of

FIRST = TrainingSession(1, competency_id=7, held_on=date(2026, 8, 14))
SAME_DAY = TrainingSession(2, competency_id=7, held_on=date(2026, 8, 14))
OTHER_TOPIC = TrainingSession(3, competency_id=8, held_on=date(2026, 8, 20))
RETAKE = TrainingSession(4, competency_id=7, held_on=date(2026, 8, 28))
LATER = TrainingSession(5, competency_id=7, held_on=date(2026, 10, 1))


def test_the_retake_is_the_first_later_session_of_the_same_topic() -> None:
    assert retake_of(FIRST, [LATER, OTHER_TOPIC, RETAKE, FIRST]) == RETAKE


def test_a_session_the_same_day_or_of_another_topic_is_no_retake() -> None:
    assert retake_of(FIRST, [FIRST, SAME_DAY, OTHER_TOPIC]) is None
