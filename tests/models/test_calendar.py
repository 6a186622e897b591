from datetime import date

from compdesk.models.calendar import activity_for, activity_label
from compdesk.models.records import CalendarActivity


def test_label_names_year_month_and_activity() -> None:
    assert activity_label(CalendarActivity(1, 3, "phishing drill", year=2026)) == (
        "2026 March: phishing drill"
    )
    assert activity_label(CalendarActivity(1, 11, "management review")) == (
        "November: management review"
    )


def test_activity_for_prefers_the_year_then_the_template() -> None:
    template = CalendarActivity(1, 3, "phishing drill")
    this_year = CalendarActivity(2, 3, "phishing drill", year=2026)
    other = CalendarActivity(3, 9, "incident drill", year=2026)
    assert activity_for([template, this_year, other], date(2026, 3, 31)) == this_year
    assert activity_for([template, other], date(2026, 3, 1)) == template
    assert activity_for([template, this_year, other], date(2026, 4, 1)) is None


def test_two_activities_in_one_month_are_left_to_the_user() -> None:
    first = CalendarActivity(1, 5, "supervisor training", year=2026)
    second = CalendarActivity(2, 5, "policy refresh", year=2026)
    assert activity_for([first, second], date(2026, 5, 10)) is None
