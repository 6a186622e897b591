"""File names from a document made safe to create on any system.

An attachment's name comes from whoever attached it, on whatever system, and may have been
edited with a plain SQLite tool: `../../.bashrc`, `C:\\Windows\\x.dll`, `CON.pdf`, a name that
displays reversed. Wherever such a name becomes a path (Save As, the temporary copy Open
hands to the system, the binder's embedded files) it goes through `safe_file_name`: one plain
name, never a folder, a device or an invisible character.
"""

from __future__ import annotations

import re
from typing import Final

from compdesk.models.text import clean_text

# Most file systems allow names of 255 bytes; UTF-8 is the strictest common encoding.
MAX_NAME_BYTES: Final = 255
# An extension longer than this is part of the name (a sentence with a full stop).
_MAX_EXTENSION_CHARACTERS: Final = 16
# Windows opens a device, not a file, for these names with any extension.
_DEVICE_NAMES: Final = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$"}
    | {f"COM{digit}" for digit in "0123456789¹²³"}
    | {f"LPT{digit}" for digit in "0123456789¹²³"}
)
_FOLDERS: Final = re.compile(r"[/\\]")
_DRIVE: Final = re.compile(r"^[A-Za-z]:")
# Characters Windows refuses in a name (and ':' names an NTFS stream).
_NOT_IN_NAMES: Final = re.compile(r'[<>:"|?*]')
# Leading dots hide a file (or make `..`); trailing dots and spaces Windows drops silently.
_LOOSE_ENDS: Final = re.compile(r"^[\s.]+|[\s.]+$")


def safe_file_name(name: str, fallback: str = "attachment") -> str:
    """`name` as one harmless file name: its last path component, without a drive, control
    or bidi characters, characters Windows refuses, loose dots and spaces, at most 255 bytes
    with its extension kept, and a device name prefixed by `_`; `fallback` if nothing is left."""
    text = _FOLDERS.split(clean_text(name))[-1]
    text = _NOT_IN_NAMES.sub("_", _DRIVE.sub("", text))
    text = _cut(_LOOSE_ENDS.sub("", text), MAX_NAME_BYTES - 1)
    if not text:
        return fallback
    if text.split(".")[0].rstrip().upper() in _DEVICE_NAMES:
        text = "_" + text
    return text


def _cut(text: str, limit: int) -> str:
    """`text` within `limit` UTF-8 bytes, shortening the part before the extension."""
    if len(text.encode()) <= limit:
        return text
    stem, dot, extension = text.rpartition(".")
    if not dot or not stem or len(extension) > _MAX_EXTENSION_CHARACTERS:
        stem, extension = text, ""
    suffix = f".{extension}" if extension else ""
    room = limit - len(suffix.encode())
    return _LOOSE_ENDS.sub("", stem.encode()[:room].decode(errors="ignore")) + suffix
