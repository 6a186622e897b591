"""How the matrix shows a status and a level: the status colours and symbols (with stand-ins
for fonts that lack one), what each status means, the legend's order, the level band colours.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from compdesk.models.gaps import GapStatus
from compdesk.models.records import Level

# Light backgrounds, so black text and symbols keep a contrast above 7:1 on every one.
STATUS_COLOURS: Mapping[GapStatus, str] = {
    GapStatus.MET: "#a5d6a7",
    GapStatus.EXPIRING: "#ffd54f",
    GapStatus.DUE: "#b3e0f7",
    GapStatus.PLANNED: "#cfc2f2",
    GapStatus.EXPIRED: "#f28b82",
    GapStatus.MISSING: "#dcc7c7",
}
STATUS_TEXT_COLOUR = "#000000"

LEVEL_COLOURS: Mapping[Level, str] = {
    Level.BASIC: "#d6e2f0",
    Level.ROLE_SPECIFIC: "#f0e2c4",
    Level.ADVANCED: "#ecd5e3",
}

# Stand-ins for a status symbol the font cannot draw (older or minimal fonts).
_SYMBOL_FALLBACKS: Mapping[GapStatus, tuple[str, ...]] = {
    GapStatus.MET: ("✓", "+"),
    GapStatus.EXPIRING: ("!",),
    GapStatus.DUE: ("◑", "~"),
    GapStatus.PLANNED: ("→", ">"),
    GapStatus.EXPIRED: ("✗", "x"),
    GapStatus.MISSING: ("o",),
    GapStatus.NOT_REQUIRED: ("-",),
}


def display_symbols(can_show: Callable[[str], bool]) -> dict[GapStatus, str]:
    """The gap engine's symbols, with a fallback for each one `can_show` says cannot be drawn."""
    symbols = {}
    for status in GapStatus:
        candidates = (status.symbol, *_SYMBOL_FALLBACKS[status])
        symbols[status] = next((s for s in candidates if can_show(s)), candidates[-1])
    return symbols


# The order statuses appear in the legend, best first.
LEGEND_ORDER = (
    GapStatus.MET,
    GapStatus.EXPIRING,
    GapStatus.DUE,
    GapStatus.PLANNED,
    GapStatus.EXPIRED,
    GapStatus.MISSING,
    GapStatus.NOT_REQUIRED,
)

STATUS_MEANINGS: Mapping[GapStatus, str] = {
    GapStatus.MET: "valid evidence on the as-of date",
    GapStatus.EXPIRING: "valid, but expires within the warning window",
    GapStatus.DUE: "not met yet, but inside a grace period (onboarding or renewal)",
    GapStatus.PLANNED: "not met; an open action addresses it",
    GapStatus.EXPIRED: "all evidence has expired and the renewal grace is over",
    GapStatus.MISSING: "never evidenced",
    GapStatus.NOT_REQUIRED: "not required by any of the person's roles",
}
