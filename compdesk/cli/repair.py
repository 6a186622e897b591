"""`compdesk repair FILE`: remove the triggers and views another program added, after a copy."""

from __future__ import annotations

import argparse

from compdesk.cli.command import Command
from compdesk.cli.documents import change_log_user
from compdesk.cli.output import EXIT_OK, say
from compdesk.storage.opening import display_name
from compdesk.storage.repair import describe, remove_planted_sql


def _run(arguments: argparse.Namespace) -> int:
    path = arguments.file
    repair = remove_planted_sql(path, user=change_log_user())
    if repair.backup is None:
        say(
            f"{display_name(path)}: nothing to repair: it holds no SQL that compdesk did not create"
        )
        return EXIT_OK
    say(f"kept a copy of {display_name(path)} as it was: {repair.backup}")
    say(f"removed planted SQL: {describe(repair.removed)}")
    return EXIT_OK


COMMAND = Command(
    name="repair",
    summary="remove triggers and views that another program added, after keeping a copy",
    description="compdesk creates tables and indexes only; a trigger or a view in a document "
    "was added by another program and could change what compdesk writes or shows, so such a "
    "document opens read-only. repair first keeps a copy of the document beside it "
    "(FILE.before-repair-DATE.bak), then removes them in one step and records that in the "
    "change log.",
    examples=("compdesk repair acme.compdesk",),
    notes="A copy is never overwritten; the document must not be open for editing in a window.",
    run=_run,
)
