"""`compdesk backup FILE DEST`: a consistent, checked, compressed copy, optionally encrypted,
without attachments or in parts that fit in an email."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from compdesk.cli.command import Command
from compdesk.cli.output import EXIT_OK, say
from compdesk.models.errors import InputError
from compdesk.models.sizes import file_size_text
from compdesk.storage.backup import MAIL_LIMIT, take_backup
from compdesk.storage.change_log import head_text

_UNITS = {
    "": 1,
    "B": 1,
    "K": 1000,
    "KB": 1000,
    "M": 1000**2,
    "MB": 1000**2,
    "G": 1000**3,
    "GB": 1000**3,
    "KIB": 1 << 10,
    "MIB": 1 << 20,
    "GIB": 1 << 30,
}


def size_argument(text: str) -> int:
    """A size such as 20MB, 500K or 1048576 (bytes)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*", text)
    unit = _UNITS.get(match[2].upper()) if match else None
    if match is None or unit is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size such as 20MB or 500KB")
    return int(float(match[1]) * unit)


def read_passphrase(path: Path) -> str:
    """The passphrase: the first line of `path`, its line ending removed."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read the passphrase file {path.name}: {error}") from None
    lines = text.splitlines()
    passphrase = lines[0] if lines else ""
    if not passphrase.strip():
        raise InputError(
            f"the passphrase file {path.name} is empty: its first line is the passphrase"
        )
    return passphrase


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("destination", metavar="DEST", type=Path, help="the backup file to write")
    parser.add_argument("--encrypt", action="store_true", help="encrypt with a passphrase")
    parser.add_argument(
        "--passphrase-file", type=Path, metavar="P", help="the passphrase: this file's first line"
    )
    parser.add_argument(
        "--without-attachments",
        action="store_true",
        help="leave the attached files' bytes out (their names, sizes and SHA-256 are kept)",
    )
    parser.add_argument(
        "--split",
        type=size_argument,
        metavar="SIZE",
        help="write parts of at most SIZE (e.g. 20MB): DEST.part1of3, ...",
    )
    parser.add_argument("--force", action="store_true", help="replace an existing DEST")


def _run(arguments: argparse.Namespace) -> int:
    passphrase = None
    if arguments.encrypt:
        if arguments.passphrase_file is None:
            raise InputError(
                "--encrypt needs --passphrase-file P (the passphrase is its first line)"
            )
        passphrase = read_passphrase(arguments.passphrase_file)
    elif arguments.passphrase_file is not None:
        raise InputError("--passphrase-file is for an encrypted backup: add --encrypt")
    result = take_backup(
        arguments.file,
        arguments.destination,
        passphrase=passphrase,
        without_attachments=arguments.without_attachments,
        split_size=arguments.split,
        force=arguments.force,
    )
    how = ["compressed"] + (["encrypted"] if passphrase else [])
    if arguments.without_attachments:
        how.append(f"without the bytes of {result.attachments_left_out} attachments")
    names = ", ".join(path.name for path in result.paths)
    say(
        f"backed up {arguments.file.name} to {names}: {file_size_text(result.size)} "
        f"({', '.join(how)}; the document is {file_size_text(result.document_size)})"
    )
    say(f"change-log head: {head_text((result.head_hash, result.head_length))}")
    largest = max(path.stat().st_size for path in result.paths)
    if largest > MAIL_LIMIT:
        choices = "with --split 20MB"
        if not arguments.without_attachments:
            choices = f"--without-attachments or {choices}"
        say(
            f"{file_size_text(largest)} is above the {file_size_text(MAIL_LIMIT)} many mail "
            f"services accept; to send it by email, back up {choices}"
        )
    return EXIT_OK


COMMAND = Command(
    name="backup",
    summary="write a compressed, checked backup (optionally encrypted or in parts)",
    description="Write a backup of a document: a consistent copy even while another program "
    "edits it, checked, then compressed (xz) and, with --encrypt, encrypted (AES-256-GCM, a key "
    "from the passphrase by scrypt). Prints the change-log head (hash and number of entries) "
    "of what was copied. 'compdesk restore' reads it back.",
    examples=(
        "compdesk backup acme.compdesk acme-2026-05-01.cdbackup",
        "compdesk backup acme.compdesk acme.cdbackup --encrypt --passphrase-file pass.txt",
        "compdesk backup acme.compdesk acme.cdbackup --split 20MB",
    ),
    notes="An existing DEST is never replaced without --force.",
    add_arguments=_add_arguments,
    run=_run,
)
