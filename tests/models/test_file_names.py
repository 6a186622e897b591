"""A document's file names become paths only through safe_file_name."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compdesk.models.file_names import MAX_NAME_BYTES, safe_file_name


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ("certificate.pdf", "certificate.pdf"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\Windows\\evil.dll", "evil.dll"),
        ("C:\\Users\\x\\report.pdf", "report.pdf"),
        ("C:report.pdf", "report.pdf"),
        ("..", "attachment"),
        ("", "attachment"),
        ("   . ", "attachment"),
        ("CON", "_CON"),
        ("con.txt", "_con.txt"),
        ("Lpt9.tar.gz", "_Lpt9.tar.gz"),
        ("COM1 .pdf", "_COM1 .pdf"),
        ("CONSOLE.pdf", "CONSOLE.pdf"),
        ("report.pdf. . ", "report.pdf"),
        ("in\u202evoice\u202cfdp.exe", "invoicefdp.exe"),
        ("a\x00b\x1fc\x7f.txt", "abc.txt"),
        ('what?<a>|"b":*.txt', "what__a___b___.txt"),
    ],
)
def test_a_stored_name_becomes_a_harmless_file_name(stored: str, expected: str) -> None:
    assert safe_file_name(stored) == expected


def test_a_long_name_is_cut_to_255_bytes_keeping_its_extension() -> None:
    name = safe_file_name("é" * 300 + ".pdf")
    assert len(name.encode()) <= MAX_NAME_BYTES
    assert name.endswith(".pdf")
    assert name.startswith("é")


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_name_is_one_plain_component(stored: str) -> None:
    name = safe_file_name(stored)
    assert name and name not in (".", "..")
    assert not any(separator in name for separator in "/\\:\x00")
    assert len(name.encode()) <= MAX_NAME_BYTES
    assert not name.endswith((" ", "."))
    assert name.split(".")[0].upper().rstrip() not in {"CON", "PRN", "AUX", "NUL"}
    assert safe_file_name(name) == name
