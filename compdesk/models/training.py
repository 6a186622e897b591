"""A training session's group result: its pass rate and whether it calls for a retake.

One place for the rule, so that the Training view, `compdesk import-quiz` and the binder's
findings agree on which sessions are flagged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from compdesk.models.records import Attendance, TrainingSession


@dataclass(frozen=True, slots=True)
class GroupResult:
    """How many of a session's attendees attended and passed."""

    attended: int
    passed: int

    @property
    def pass_rate(self) -> float | None:
        """Passed among those who attended, 0-1; None when nobody attended."""
        return self.passed / self.attended if self.attended else None

    def needs_retake(self, retake_below: float) -> bool:
        """The group's pass rate is under the threshold (a fraction, as Settings holds it)."""
        rate = self.pass_rate
        return rate is not None and rate < retake_below


def group_result(attendees: Iterable[Attendance], pass_mark: float | None) -> GroupResult:
    """The result of a session of this pass mark (None: not scored) over its attendees."""
    attended = passed = 0
    for attendance in attendees:
        if attendance.attended:
            attended += 1
            passed += attendance.passes(pass_mark)
    return GroupResult(attended, passed)


def retake_of(
    session: TrainingSession, sessions: Iterable[TrainingSession]
) -> TrainingSession | None:
    """The first session of the same topic held after `session`: its retake, if there is one
    (a session the same day does not count). The Training view and the findings both ask it."""
    later = [
        other
        for other in sessions
        if other.competency_id == session.competency_id and other.held_on > session.held_on
    ]
    return min(later, key=lambda other: (other.held_on, other.id)) if later else None
