"""`compdesk binder` and `compdesk matrix --format pdf`: what they write, refuse and leave behind."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pikepdf
import pypdf
import pytest

from compdesk.cli import main
from tests.cli.helpers import AS_OF, acme_document, one_error


def _text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(path).pages)


def test_binder_writes_the_pdf_and_prints_its_hash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = acme_document(tmp_path)
    output = tmp_path / "binder.pdf"

    code = main(["binder", str(document), "-o", str(output), "--as-of", AS_OF])

    out = capsys.readouterr().out
    assert code == 0
    assert f"SHA-256 {hashlib.sha256(output.read_bytes()).hexdigest()}" in out
    with pikepdf.open(output) as pdf:
        assert f"wrote {output}: {len(pdf.pages)} pages, 2 people" in out
    text = _text(output)
    assert "Ana Ruiz" in text and "Ben Ode" in text


def test_binder_with_chosen_people_and_letter_pages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = acme_document(tmp_path)
    output = tmp_path / "ana.pdf"

    code = main(
        [
            "binder",
            str(document),
            "-o",
            str(output),
            "--as-of",
            AS_OF,
            "--people",
            "ANA@acme.example",
            "--page-size",
            "letter",
            "--no-attachments",
            "--no-contact-details",
        ]
    )

    assert code == 0, capsys.readouterr().err
    text = _text(output)
    assert "Ana Ruiz" in text
    assert "Ben Ode" not in text
    assert "ana@acme.example" not in text
    with pikepdf.open(output) as pdf:
        assert [round(float(v)) for v in pdf.pages[0].mediabox] == [0, 0, 612, 792]


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["--people", "zed@acme.example"], "nobody has the email zed@acme.example"),
        (["--people", "ana@acme.example", "--sample", "1"], "not allowed with argument"),
        (["--seed", "3"], "--seed goes with --sample"),
        (["--page-size", "a3"], "invalid choice: 'a3'"),
    ],
    ids=["unknown email", "both", "seed alone", "page size"],
)
def test_binder_refuses_bad_options_with_one_line_and_no_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], expected: str
) -> None:
    document = acme_document(tmp_path)
    output = tmp_path / "out" / "binder.pdf"
    output.parent.mkdir()

    code = main(["binder", str(document), "-o", str(output), "--as-of", AS_OF, *arguments])

    assert code == 2
    assert expected in one_error(capsys.readouterr().err)
    assert list(output.parent.iterdir()) == []


def test_binder_needs_an_output_folder_that_exists(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = acme_document(tmp_path)

    code = main(["binder", str(document), "-o", str(tmp_path / "nowhere" / "b.pdf")])

    assert code == 2
    assert "does not exist" in one_error(capsys.readouterr().err)


def test_interrupting_the_binder_leaves_no_file_and_the_old_one_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    document = acme_document(tmp_path)
    output = tmp_path / "out" / "binder.pdf"
    output.parent.mkdir()
    output.write_bytes(b"last year's binder")

    def interrupt(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    # Ctrl+C arrives while the body's pages are drawn.
    monkeypatch.setattr("compdesk.reports.binder.layout.BinderDocument.afterFlowable", interrupt)
    code = main(["binder", str(document), "-o", str(output), "--as-of", AS_OF])

    assert code == 130
    assert "interrupted" in one_error(capsys.readouterr().err)
    assert list(output.parent.iterdir()) == [output]
    assert output.read_bytes() == b"last year's binder"


def test_matrix_pdf_is_the_matrix_section_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = acme_document(tmp_path)
    output = tmp_path / "matrix.pdf"

    code = main(["matrix", str(document), "--format", "pdf", "-o", str(output), "--as-of", AS_OF])

    assert code == 0, capsys.readouterr().err
    text = _text(output)
    assert "Competence matrix" in text and "Phishing recognition" in text
    assert "Ana Ruiz" in text
    assert "Audit binder" not in text
    with pikepdf.open(output) as pdf:
        width, height = (float(v) for v in pdf.pages[0].mediabox[2:])
        assert width > height


def test_matrix_pdf_needs_an_output_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = acme_document(tmp_path)

    code = main(["matrix", str(document), "--format", "pdf"])

    assert code == 2
    assert "needs -o" in one_error(capsys.readouterr().err)
