"""Adding, editing and deleting activities of the annual calendar.

Deleting an activity keeps the sessions and drills that fulfilled it, unlinked (the store does
it); undo brings the activity back from the trash with its id, and with it their links.
"""

from __future__ import annotations

from dataclasses import asdict

from compdesk.models.calendar import activity_label
from compdesk.models.records import CalendarActivity
from compdesk.storage import Store
from compdesk.views.commands.base import (
    AddRecordCommand,
    Change,
    DeleteRecordCommand,
    UpdateRecordCommand,
)

# The calendar is shown with the sessions and drills that fulfil it, and deleting an activity
# unlinks them: the views of the training figures reload with it.
CALENDAR_CHANGES = Change.TRAINING


class AddActivityCommand(AddRecordCommand):
    changes = CALENDAR_CHANGES

    def __init__(self, store: Store, activity: CalendarActivity) -> None:
        super().__init__(store, f"Add calendar activity {activity_label(activity)}")
        self._activity = activity

    def _add(self) -> int:
        values = asdict(self._activity)
        del values["id"]
        return self.store.calendar.add(**values).id

    def _delete(self, record_id: int) -> int | None:
        return self.store.calendar.delete(record_id, keep_for_undo=True)


class UpdateActivityCommand(UpdateRecordCommand):
    changes = CALENDAR_CHANGES

    def __init__(self, store: Store, before: CalendarActivity, after: CalendarActivity) -> None:
        super().__init__(store, f"Edit calendar activity {activity_label(before)}", before, after)

    def _update(self, record: CalendarActivity) -> None:
        self.store.calendar.update(record)


class DeleteActivityCommand(DeleteRecordCommand):
    changes = CALENDAR_CHANGES

    def __init__(self, store: Store, activity: CalendarActivity) -> None:
        super().__init__(store, f"Delete calendar activity {activity_label(activity)}", activity.id)

    def _delete(self, record_id: int) -> int | None:
        return self.store.calendar.delete(record_id, keep_for_undo=True)
