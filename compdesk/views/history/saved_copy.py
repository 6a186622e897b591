"""What the window says after File ▸ Save a Copy As…: the copy checked, and its anchor."""

from __future__ import annotations

from pathlib import Path

from compdesk.storage import Store
from compdesk.storage.change_log import head_text
from compdesk.storage.check import run_check


def saved_copy_report(copy: Path) -> tuple[bool, str]:
    """Check the copy just written; whether it is sound, and a message naming its change-log
    head (the anchor `compdesk check COPY --since HASH` proves later)."""
    report = run_check(copy)
    if not report.opened:
        return False, f"Saved a copy as {copy}, but it cannot be opened: {report.problems[0]}"
    with Store.open(copy, read_only=True) as store:
        head = store.change_log.head()
    anchor = f"Its change-log head is {head_text(head)}."
    if report.problems:
        listed = "\n".join(f"• {problem}" for problem in report.problems[:5])
        more = len(report.problems) - 5
        listed += f"\n• … and {more} more (compdesk check shows them all)" if more > 0 else ""
        return False, (
            f"Saved a copy as {copy}. The check of the copy found problems, which the "
            f"document itself has too:\n{listed}\n{anchor}"
        )
    return True, f"Saved a copy as {copy}, checked: sound.\n{anchor}"
