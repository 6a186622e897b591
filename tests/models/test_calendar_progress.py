from datetime import date

from compdesk.models.calendar_progress import is_late, year_progress
from compdesk.models.records import CalendarActivity


def activity(month: int, status: str = "planned", year: int | None = 2026) -> CalendarActivity:
    return CalendarActivity(id=month, month=month, activity="drill", status=status, year=year)


def test_a_planned_activity_is_late_once_its_month_has_ended() -> None:
    assert not is_late(activity(3), date(2026, 3, 31))
    assert is_late(activity(3), date(2026, 4, 1))
    assert is_late(activity(12, year=2025), date(2026, 1, 2))


def test_an_activity_under_way_done_or_cancelled_is_never_late() -> None:
    for status in ("in progress", "done", "cancelled"):
        assert not is_late(activity(1, status), date(2026, 12, 31))


def test_a_future_year_is_not_late() -> None:
    assert not is_late(activity(1, year=2027), date(2026, 12, 31))


def test_a_template_activity_is_judged_in_the_year_looked_at() -> None:
    template = activity(6, year=None)
    assert is_late(template, date(2026, 7, 1))
    assert not is_late(template, date(2026, 7, 1), year=2027)
    assert is_late(template, date(2026, 7, 1), year=2025)


def test_progress_counts_the_year_and_the_template_but_not_cancelled_ones() -> None:
    activities = [
        activity(1, "done"),
        activity(2),
        activity(3, "cancelled"),
        activity(9),
        activity(4, year=None),
        activity(5, "done", year=2025),
    ]
    progress = year_progress(activities, 2026, date(2026, 6, 15))
    assert (progress.done, progress.planned, progress.late) == (1, 4, 2)
    assert progress.text == "1 of 4 done this year · 2 late"
