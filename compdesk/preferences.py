"""The user's preferences and recent files, kept in the platform's config folder."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

log = logging.getLogger(__name__)

MAX_RECENT_FILES = 10


def preferences_path() -> Path:
    return Path(platformdirs.user_config_dir("compdesk", appauthor=False)) / "preferences.json"


@dataclass(slots=True)
class Preferences:
    # The name written into the change log instead of the operating-system user.
    user_name: str = ""
    recent_files: list[str] = field(default_factory=list)
    reopen_last_file: bool = True
    # How many days' automatic copies of each document this machine keeps
    # (storage/automatic_backups.py); 0 takes none.
    automatic_backups_kept: int = 7
    # Window state, not settings: restored on the next start.
    window_geometry: str = ""  # QMainWindow.saveGeometry(), base64
    last_view: str = ""  # the name of the view last shown (views/names.py)

    @classmethod
    def load(cls) -> Preferences:
        path = preferences_path()
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            known = {k: v for k, v in stored.items() if k in cls.__dataclass_fields__}
            return cls(**known)
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError, TypeError) as error:
            log.warning("ignoring unreadable preferences %s: %s", path, error)
            return cls()

    def save(self) -> None:
        path = preferences_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(".part")
            partial.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")
            partial.replace(path)
        except OSError as error:
            log.warning("could not save preferences to %s: %s", path, error)

    def remember(self, document: Path) -> None:
        text = str(document.resolve())
        self.recent_files = [text] + [f for f in self.recent_files if f != text]
        del self.recent_files[MAX_RECENT_FILES:]
        self.save()

    def forget(self, document: Path) -> None:
        text = str(document.resolve())
        self.recent_files = [f for f in self.recent_files if f != text]
        self.save()

    def last_file(self) -> Path | None:
        for text in self.recent_files:
            if Path(text).is_file():
                return Path(text)
        return None


class TransientPreferences(Preferences):
    """Defaults that are never written back: for screenshots and benchmarks, which must not
    change the user's recent files, nor keep automatic copies of the documents they open."""

    def __init__(self, **values: Any) -> None:
        super().__init__(**{"automatic_backups_kept": 0, **values})

    def save(self) -> None:
        pass
