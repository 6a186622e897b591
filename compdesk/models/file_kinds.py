"""Files compdesk never hands to the system to open: programs and scripts.

Opening an attachment asks the system to open it as if double-clicked; for a program or a
script that would run it. Evidence is documents and pictures, so anything runnable, by its
name or by its first bytes (a renamed `.exe` still starts with `MZ`), is offered for Save As
only.
"""

from __future__ import annotations

from typing import Final

# How many first bytes `is_executable` needs to recognise a program by its content.
SNIFF_BYTES: Final = 8

_RUNNABLE_EXTENSIONS: Final = frozenset(
    {
        # Windows programs, installers, shortcuts and scripts
        "exe", "com", "scr", "pif", "msi", "msp", "msc", "dll", "cpl", "sys", "lnk", "url",
        "bat", "cmd", "ps1", "psm1", "psd1", "vbs", "vbe", "js", "jse", "wsf", "wsh", "hta",
        "reg", "inf", "gadget", "application", "appref-ms", "scf", "chm",
        # macOS and Linux programs, packages and launchers
        "app", "command", "pkg", "dmg", "desktop", "run", "bin", "appimage", "deb", "rpm",
        "sh", "bash", "zsh", "csh", "ksh", "fish", "out", "elf", "so", "dylib",
        # scripts of interpreters a system may have
        "py", "pyw", "pyc", "pl", "rb", "php", "lua", "tcl", "jar", "class", "jnlp", "applescript",
        "scpt", "workflow", "action",
        # documents that carry macros
        "docm", "dotm", "xlsm", "xltm", "xlam", "pptm", "potm", "ppam", "ppsm", "sldm",
    }
)
_PROGRAM_STARTS: Final = (
    b"#!",  # a script naming its interpreter
    b"MZ",  # Windows (PE) programs and libraries
    b"\x7fELF",  # Linux programs and libraries
    b"\xfe\xed\xfa\xce",  # Mach-O, 32 and 64 bit, both byte orders
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O universal binaries (and Java classes)
)


def is_executable(name: str, first_bytes: bytes) -> bool:
    """Whether a file named `name` beginning with `first_bytes` (at least SNIFF_BYTES of them
    when the file is that long) would run if opened."""
    extension = name.strip().rstrip(". ").rpartition(".")[2].lower()
    if "." in name and extension in _RUNNABLE_EXTENSIONS:
        return True
    return first_bytes.startswith(_PROGRAM_STARTS)
