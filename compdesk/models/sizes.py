"""A size in bytes as people read it: 48.2 MB, 512.0 kB, 900 bytes (decimal units, as mail
services state their limits)."""

from __future__ import annotations


def file_size_text(size: int) -> str:
    for unit, factor in (("GB", 1000**3), ("MB", 1000**2), ("kB", 1000)):
        if size >= factor:
            return f"{size / factor:.1f} {unit}"
    return f"{size} bytes"
