"""`compdesk restore SRC DEST`: a document back from a backup (or a plain copy of one)."""

from __future__ import annotations

import argparse
from pathlib import Path

from compdesk.cli.backup import read_passphrase
from compdesk.cli.command import Command
from compdesk.cli.output import EXIT_OK, EXIT_PROBLEMS, one_line, say
from compdesk.storage.backup import restore_backup


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("destination", metavar="DEST", type=Path, help="the document to write")
    parser.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="P",
        help="the passphrase of an encrypted backup: this file's first line",
    )
    parser.add_argument("--force", action="store_true", help="replace an existing DEST")


def _run(arguments: argparse.Namespace) -> int:
    passphrase = None
    if arguments.passphrase_file is not None:
        passphrase = read_passphrase(arguments.passphrase_file)
    result = restore_backup(
        arguments.file, arguments.destination, passphrase=passphrase, force=arguments.force
    )
    say(f"restored {arguments.file.name} to {result.path}")
    damage = result.damage
    for problem in result.problems:
        say(f"  {'problem: ' if problem in damage else ''}{one_line(problem)}")
    # Attachments left out on purpose are said, but a document without other problems is sound.
    return EXIT_PROBLEMS if damage else EXIT_OK


COMMAND = Command(
    name="restore",
    summary="restore a document from a backup",
    description="Restore a document from a backup made by 'compdesk backup' (or from a plain "
    "copy of a document): decrypt, decompress, join the parts, verify the SHA-256 recorded "
    "when the backup was made, check the document, and only then put it at DEST.",
    examples=(
        "compdesk restore acme.cdbackup acme.compdesk",
        "compdesk restore acme.cdbackup.part1of3 acme.compdesk --passphrase-file pass.txt",
    ),
    notes="exit status: 0 restored and sound (attachments left out of the backup are said); "
    "1 restored,\nwith the problems its check found listed; 2 nothing was written (the reason "
    "is the error).\nAn existing DEST is never replaced without --force.",
    add_arguments=_add_arguments,
    run=_run,
)
