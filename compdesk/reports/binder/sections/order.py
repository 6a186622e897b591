"""The sections of the audit binder in binder order.

`SECTIONS` lists them, after the cover and contents: 1 requirements by role,
2 the competence matrix (on landscape pages), 3 people and their evidence, 4 gaps and actions,
5 training and onboarding, the Findings (unnumbered), and 6 the appendix's index, which must be
last: the appended evidence's bookmarks hang under its title.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from reportlab.platypus import Flowable

from compdesk.reports.binder.sections import (
    actions,
    appendix_index,
    findings,
    matrix,
    people,
    requirements,
    training,
)

if TYPE_CHECKING:
    from compdesk.reports.binder.content import BinderContent
    from compdesk.reports.binder.layout import Layout

Section = Callable[["BinderContent", "Layout"], list[Flowable]]

SECTIONS: Final[tuple[Section, ...]] = (
    requirements.flowables,
    matrix.flowables,
    people.flowables,
    actions.flowables,
    training.flowables,
    findings.flowables,
    appendix_index.flowables,
)

__all__ = ["SECTIONS", "Section"]
