"""A picker for the calendar activity a session or drill fulfils, used by their forms.

It offers "not in the calendar" and the document's activities, and follows the form's date
(choosing the activity planned for that month) until the user picks one themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Final

from PySide6.QtWidgets import QComboBox, QWidget

from compdesk.models.calendar import activity_for, activity_label
from compdesk.models.records import CalendarActivity

NOT_IN_CALENDAR: Final = "— not in the calendar —"


class CalendarChoice(QComboBox):
    def __init__(
        self,
        activities: Sequence[CalendarActivity],
        selected_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._activities = tuple(activities)
        self.setAccessibleName("Calendar activity")
        self.setToolTip("The planned activity of the annual calendar that this fulfils")
        self.addItem(NOT_IN_CALENDAR, None)
        for activity in self._activities:
            self.addItem(activity_label(activity), activity.id)
        self.set_activity_id(selected_id)
        # An existing record keeps its link; a new one follows its date until the user picks.
        self._chosen = selected_id is not None
        self.activated.connect(self._user_chose)

    def activity_id(self) -> int | None:
        value = self.currentData()
        return int(value) if value is not None else None

    def set_activity_id(self, activity_id: int | None) -> None:
        index = self.findData(activity_id) if activity_id is not None else 0
        self.setCurrentIndex(max(index, 0))

    def follow_date(self, held_on: date | None) -> None:
        """Offer the activity planned for the month of `held_on`, unless the user chose."""
        if self._chosen or held_on is None:
            return
        planned = activity_for(self._activities, held_on)
        self.set_activity_id(planned.id if planned is not None else None)

    def _user_chose(self, _index: int) -> None:
        self._chosen = True


__all__ = ["NOT_IN_CALENDAR", "CalendarChoice"]
