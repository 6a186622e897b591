"""Undo commands: one per kind of edit, each calling store methods only.

The base patterns are in `base`; one module per area holds that area's commands. They are all
named here, so a view imports the ones it pushes from `compdesk.views.commands`.
"""

from compdesk.views.commands.actions import (
    AddActionCommand,
    DeleteActionCommand,
    UpdateActionCommand,
)
from compdesk.views.commands.base import Change, StoreCommand
from compdesk.views.commands.competencies import (
    AddCompetencyCommand,
    DeleteCompetencyCommand,
    UpdateCompetencyCommand,
)
from compdesk.views.commands.evidence import (
    AddEvidenceCommand,
    AttachFilesCommand,
    DeleteEvidenceCommand,
    RemoveAttachmentCommand,
    UpdateEvidenceCommand,
)
from compdesk.views.commands.people import (
    AddPersonCommand,
    DeletePersonCommand,
    ImportPeopleCommand,
    UpdatePersonCommand,
)
from compdesk.views.commands.roles import (
    AddRoleCommand,
    DeleteRoleCommand,
    SetRequirementCommand,
    UpdateRoleCommand,
)

__all__ = [
    "AddActionCommand",
    "AddCompetencyCommand",
    "AddEvidenceCommand",
    "AddPersonCommand",
    "AddRoleCommand",
    "AttachFilesCommand",
    "Change",
    "DeleteActionCommand",
    "DeleteCompetencyCommand",
    "DeleteEvidenceCommand",
    "DeletePersonCommand",
    "DeleteRoleCommand",
    "ImportPeopleCommand",
    "RemoveAttachmentCommand",
    "SetRequirementCommand",
    "StoreCommand",
    "UpdateActionCommand",
    "UpdateCompetencyCommand",
    "UpdateEvidenceCommand",
    "UpdatePersonCommand",
    "UpdateRoleCommand",
]
