"""SHA-256, loaded on first use."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hashlib import _Hash


def sha256(data: bytes = b"") -> _Hash:
    # PERF: hashlib loads OpenSSL (about 2 ms): imported on the first edit or attachment, not
    # while the window starts and opens a document.
    import hashlib

    return hashlib.sha256(data)
