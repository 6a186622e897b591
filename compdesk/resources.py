"""Where the bundled resources (fonts, icons) are: beside the package, or in the frozen app."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_folder() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen is not None:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def font_files() -> list[Path]:
    """The bundled TrueType fonts: a wide Latin/Greek/Cyrillic/Arabic face, then a CJK fallback."""
    folder = resources_folder() / "fonts"
    return sorted(folder.glob("*.ttf"))
