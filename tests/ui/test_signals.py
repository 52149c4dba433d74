"""The PySide6 6.12.0 emit bug must not take the program down after a few hundred signals."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

from regiodesk.ui.signals import emit


class Sender(QObject):
    ping = Signal()
    value = Signal(object)


def test_emitting_a_thousand_times_leaves_true_alone(qtbot):
    sender = Sender()
    received = []
    sender.value.connect(received.append)
    before = sys.getrefcount(True)
    for n in range(1000):
        emit(sender.ping)
        emit(sender.value, n)
    assert len(received) == 1000
    assert abs(sys.getrefcount(True) - before) < 10
