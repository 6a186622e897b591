"""The competence matrix as CSV: one row per person, one column per competency.

Two layouts from one renderer. The command line (`compdesk matrix --format csv`) writes name,
email and type before the competencies, one line per row ending in "\\n". The window's export
writes the matrix as shown: roles and completion too, lines ending in "\\r\\n" as spreadsheets
expect. Either way, cells a spreadsheet would run as a formula get a leading '.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from compdesk.models.gaps import GapMatrix, GapStatus
from compdesk.models.records import Person
from compdesk.reports.formatting import spreadsheet_safe, whole_percent


class MatrixCsvRow(NamedTuple):
    """One person's line. A status of None leaves its cell empty."""

    person: Person
    statuses: Sequence[GapStatus | None]
    roles: str = ""
    completion: float | None = None


def matrix_csv(
    competency_names: Sequence[str],
    rows: Iterable[MatrixCsvRow],
    *,
    with_roles_and_completion: bool = False,
    line_terminator: str = "\n",
) -> str:
    """The CSV text of `rows` under a header naming `competency_names`, in that order.

    `with_roles_and_completion` adds the "roles" and "completion %" columns after "type"
    (the window's export); the command line leaves them out.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=line_terminator)
    header = ["name", "email", "type"]
    if with_roles_and_completion:
        header += ["roles", "completion %"]
    writer.writerow([*header, *(spreadsheet_safe(name) for name in competency_names)])
    for row in rows:
        values = [
            spreadsheet_safe(row.person.name),
            spreadsheet_safe(row.person.email),
            row.person.type.value,
        ]
        if with_roles_and_completion:
            values += [spreadsheet_safe(row.roles), whole_percent(row.completion)]
        values += ["" if status is None else status.value for status in row.statuses]
        writer.writerow(values)
    return buffer.getvalue()


def matrix_as_csv(matrix: GapMatrix) -> str:
    """`compdesk matrix --format csv`: every person and competency, each cell its status."""
    competencies = matrix.competencies
    return matrix_csv(
        [competency.name for competency in competencies],
        (
            MatrixCsvRow(
                person, [matrix.status(person.id, competency.id) for competency in competencies]
            )
            for person in matrix.people
        ),
    )
