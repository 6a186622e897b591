"""Where a binder is written before it is renamed into place."""

from __future__ import annotations

import secrets
from pathlib import Path


def partial_beside(destination: Path) -> Path:
    """A name for the file being written, beside `destination` (so the final rename stays on
    one file system and is atomic), hidden, and not yet taken. Not created here: whoever
    writes it creates it, with the user's usual permissions."""
    while True:
        candidate = destination.with_name(f".{destination.name}.{secrets.token_hex(4)}.part")
        if not candidate.exists():
            return candidate
