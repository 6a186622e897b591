"""Document-wide settings: one row per `Settings` field, kept as text."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from compdesk.models.records import Settings
from compdesk.storage.area import Area


class SettingsArea(Area):
    def get(self) -> Settings:
        stored = dict(self._db.execute("SELECT key, value FROM settings").fetchall())
        defaults = Settings()
        values: dict[str, Any] = {}
        for setting in fields(Settings):
            if setting.name in stored:
                kind = type(getattr(defaults, setting.name))
                values[setting.name] = kind(stored[setting.name])
        return Settings(**values)

    def update(self, settings: Settings) -> None:
        with self._db.transaction():
            self._db.executemany(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [(s.name, str(getattr(settings, s.name))) for s in fields(Settings)],
            )
            self._log("changed the document settings")
