"""The document and files the import-quiz and import-drill tests run on."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from compdesk.models.templates import Template
from compdesk.storage import Store
from compdesk.storage.templates import create_document

MODELS = Path(__file__).parents[1] / "models"
QUIZ_FILES = MODELS / "quiz_files"
DRILL_FILES = MODELS / "drill_files"


def team_document(tmp_path: Path) -> Path:
    """A starter document whose people are those of the sample quiz and drill files."""
    path = tmp_path / "team.compdesk"
    with create_document(path, Template.STARTUP, user="tester") as store:
        everyone = store.roles.by_name("All staff")
        for name in ("Ana Ruiz", "Tom Berg", "Ben Okafor", "Chen Wei"):
            email = f"{name.lower().replace(' ', '.')}@example.com"
            store.people.add(name, email, start_date=date(2024, 1, 8), role_ids=(everyone.id,))
    return path


def results_file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def change_log_length(path: Path) -> int:
    with Store.open(path, read_only=True) as store:
        return len(store.change_log.entries())
