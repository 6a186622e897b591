"""The names of the window's views, in the order of its tabs (Ctrl+1 … Ctrl+9, then Ctrl+0).

Without Qt, so that `compdesk screenshot --view` can offer them as choices without loading the
window.
"""

from __future__ import annotations

from typing import Final

VIEW_NAMES: Final = (
    "matrix",
    "people",
    "roles",
    "evidence",
    "actions",
    "training",
    "drills",
    "metrics",
    "binder",
    "calendar",
)
# The first tab, which `compdesk screenshot` shows unless told otherwise.
FIRST_VIEW: Final = VIEW_NAMES[0]
