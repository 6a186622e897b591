"""Which attachments must never be handed to the system to open."""

from __future__ import annotations

import pytest

from compdesk.models.file_kinds import is_executable


@pytest.mark.parametrize(
    "name",
    [
        "setup.exe", "Install.MSI", "run.bat", "run.cmd", "script.ps1", "x.vbs", "x.js",
        "tool.jar", "go.sh", "tool.py", "link.lnk", "app.desktop", "screen.scr", "Thing.app",
        "macro.docm", "x.com", "x.hta", "x.wsf", "x.pif", "x.reg", "x.cpl", "report.pdf.exe",
        "report.exe.", "REPORT.EXE ",
    ],
)
def test_scripts_and_programs_by_name(name: str) -> None:
    assert is_executable(name, b"%PDF-1.4")


@pytest.mark.parametrize(
    "first_bytes",
    [
        b"#!/bin/sh\nrm -rf ~",
        b"MZ\x90\x00\x03",
        b"\x7fELF\x02\x01",
        b"\xcf\xfa\xed\xfe\x07\x00",
        b"\xfe\xed\xfa\xce",
        b"\xca\xfe\xba\xbe\x00\x00",
    ],
)
def test_programs_by_content_whatever_their_name(first_bytes: bytes) -> None:
    assert is_executable("certificate.pdf", first_bytes)


@pytest.mark.parametrize(
    ("name", "first_bytes"),
    [
        ("certificate.pdf", b"%PDF-1.7"),
        ("photo.png", b"\x89PNG\r\n"),
        ("notes.txt", b"Model answers"),
        ("table.csv", b"name,score"),
        ("no extension", b""),
    ],
)
def test_documents_are_not_programs(name: str, first_bytes: bytes) -> None:
    assert not is_executable(name, first_bytes)
