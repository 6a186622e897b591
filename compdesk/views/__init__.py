"""The Qt layer of compdesk."""

# WORKAROUND for a PySide6 6.12.0 reference-count bug: see pyside_fixes.py.
from compdesk.views import pyside_fixes

pyside_fixes.install()
