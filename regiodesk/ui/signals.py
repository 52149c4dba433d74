"""Emitting Qt signals from Python, safely on every PySide6 we run on.

PySide6 6.12.0's ``SignalInstance.emit`` returns ``True`` without owning a
reference to it. Each emit thus takes one reference from ``True``; on Python
3.11 (where ``True`` is not immortal, ~600 references at start) the program
dies with "bool_dealloc" after a few hundred emits, e.g. filter keystrokes.
Every emit in regiodesk goes through :func:`emit`, which gives the reference
back when (and only when) a probe at import shows the binding has the bug.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance


class _Probe(QObject):
    ping = Signal()


def _emit_drops_a_reference() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(4):
        probe.ping.emit()
    lost = before - sys.getrefcount(True)
    for _ in range(max(lost, 0)):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))  # undo what the probe itself took
    return lost == 4


_GIVE_BACK = _emit_drops_a_reference()


def emit(signal: SignalInstance, *args: Any) -> None:
    """``signal.emit(*args)``, without the PySide6 6.12.0 reference loss."""
    result: object = signal.emit(*args)  # type: ignore[func-returns-value]  # the stub says None
    if _GIVE_BACK and isinstance(result, bool):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))
