"""Workarounds for PySide6 bugs that would otherwise crash compdesk.

WORKAROUND: PySide6 6.12.0's `SignalInstance.emit()` returns `True` without taking a reference
to it, so every emit from Python drops one reference to `True`. Python 3.11's `True` is not
immortal: after enough emits (a long session, or the GUI test suite) its count reaches zero and
the interpreter aborts with "Fatal Python error: bool_dealloc". The fix below gives back the
missing reference. It is installed only where the bug shows, so a fixed PySide6 is untouched.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

log = logging.getLogger(__name__)

_PROBE_EMITS = 16
_installed = False


class _Probe(QObject):
    fired = Signal()


def emit_drops_a_reference() -> bool:
    """Whether emitting a signal from Python loses a reference to the bool it returns."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(_PROBE_EMITS):
        probe.fired.emit()
    lost = before - sys.getrefcount(True)
    return lost >= _PROBE_EMITS // 2


def install() -> bool:
    """Patch `SignalInstance.emit` if this PySide6 needs it; True when patched."""
    global _installed
    if _installed:
        return True
    if not emit_drops_a_reference():
        return False
    original_emit = SignalInstance.emit
    original_connect = SignalInstance.connect
    original_disconnect = SignalInstance.disconnect
    increment = ctypes.pythonapi.Py_IncRef
    increment.argtypes = [ctypes.py_object]
    increment.restype = None

    def emit(self: SignalInstance, *args: Any) -> Any:
        result = original_emit(self, *args)
        increment(result)
        return result

    def as_signal(slot: Any) -> Any:
        # `a.connect(b.emit)` chains two signals; PySide only knows its own `emit` for that.
        if getattr(slot, "__func__", None) is emit and isinstance(slot.__self__, SignalInstance):
            return slot.__self__
        return slot

    def connect(self: SignalInstance, slot: Any, *args: Any, **kwargs: Any) -> Any:
        return original_connect(self, as_signal(slot), *args, **kwargs)

    def disconnect(self: SignalInstance, *args: Any) -> Any:
        return original_disconnect(self, *(as_signal(a) for a in args))

    SignalInstance.emit = emit  # type: ignore[method-assign]
    SignalInstance.connect = connect  # type: ignore[method-assign]
    SignalInstance.disconnect = disconnect  # type: ignore[method-assign, assignment]
    _installed = True
    log.info("worked around the reference that SignalInstance.emit drops")
    return True
