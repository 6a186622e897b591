"""`compdesk new`: a document from a template, never over an existing file."""

from __future__ import annotations

from pathlib import Path

import pytest

from compdesk.cli import main
from compdesk.storage import Store
from tests.cli.helpers import acme_document, one_error


@pytest.mark.parametrize(("template", "roles"), [("startup", 7), ("blank", 0)])
def test_new_creates_a_document_from_a_template(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], template: str, roles: int
) -> None:
    path = tmp_path / "new.compdesk"

    assert main(["new", str(path), "--template", template]) == 0

    assert f"created {path} from the {template} template: {roles} roles" in capsys.readouterr().out
    with Store.open(path, read_only=True) as store:
        assert len(store.roles.all()) == roles


def test_new_never_overwrites_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = acme_document(tmp_path)
    before = path.read_bytes()

    assert main(["new", str(path)]) == 2

    assert "acme.compdesk already exists" in one_error(capsys.readouterr().err)
    assert path.read_bytes() == before
