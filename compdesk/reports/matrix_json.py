"""The competence matrix as JSON: the fixed shape of `compdesk matrix --format json`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from compdesk.models.gaps import GapMatrix, GapStatus
from compdesk.models.records import Person


def matrix_as_json(matrix: GapMatrix, role_names: Mapping[int, str]) -> dict[str, Any]:
    """The fixed JSON shape of `matrix --format json` (more keys may be added, none removed)."""
    return {
        "as_of": matrix.as_of.isoformat(),
        "completion": matrix.overall_completion(),
        "people": [
            {
                "name": person.name,
                "email": person.email,
                "type": person.type.value,
                "job_title": person.job_title,
                "roles": _roles_of(person, role_names),
            }
            for person in matrix.people
        ],
        "competencies": [
            {
                "name": competency.name,
                "level": competency.level.value,
                "renewal_months": competency.renewal_months,
            }
            for competency in matrix.competencies
        ],
        "cells": [
            {
                "person": person.email,
                "competency": competency.name,
                "status": cell.status.value,
                "expires_on": cell.expires_on.isoformat() if cell.expires_on else None,
            }
            for person in matrix.people
            for competency in matrix.competencies
            if (cell := matrix.cell(person.id, competency.id)).status is not GapStatus.NOT_REQUIRED
        ],
    }


def matrix_json(matrix: GapMatrix, role_names: Mapping[int, str]) -> str:
    """`matrix_as_json` as indented UTF-8 text (names are not escaped), ending in a newline."""
    return json.dumps(matrix_as_json(matrix, role_names), indent=2, ensure_ascii=False) + "\n"


def _roles_of(person: Person, role_names: Mapping[int, str]) -> list[str]:
    return sorted((role_names[i] for i in person.role_ids if i in role_names), key=str.casefold)
