"""The domain stays pure: importing every module of compdesk.models loads no SQL, Qt or PDF."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import compdesk.models


def test_the_domain_imports_neither_sqlite3_nor_qt_nor_reportlab() -> None:
    modules = [f"compdesk.models.{m.name}" for m in pkgutil.iter_modules(compdesk.models.__path__)]
    code = (
        f"import sys, {', '.join(modules)};"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('sqlite3', 'PySide6', 'reportlab')];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "compdesk.models.records" in modules and "compdesk.models.gaps" in modules
