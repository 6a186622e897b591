"""Roles: what each job is responsible for, and when its requirements were last reviewed."""

from __future__ import annotations

from typing import Final

from compdesk.models.records import Role
from compdesk.storage.named import NamedArea
from compdesk.storage.table import Column, Table, date_column, stripped

TABLE: Final = Table(
    "roles",
    Role,
    [
        Column("name", stripped),
        Column("description"),
        Column("responsibilities"),
        Column("owner"),
        date_column("last_reviewed"),
        Column("review_interval_months"),
    ],
    order_by="name",
)


class Roles(NamedArea[Role]):
    """Deleting a role deletes its requirements and assignments; the people who held it stay."""

    table = TABLE
    noun = "role"
