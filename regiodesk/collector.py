"""Python's cycle collector held off while a burst of objects that are no garbage is made.

Loading a command's modules, writing a large list or deciding a sync batch makes some 100,000
objects that live on (none of them in a garbage cycle), and each burst of allocations makes the
collector walk all of them again for nothing to free. Holds nest: the collector runs again when
the last one ends, and only if it ran when the first began (tests run commands in one process).
Stdlib only: the command line holds it before anything else is imported.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_holds = 0
_was_enabled = True


def hold() -> None:
    """Begin a hold (end it with :func:`release`)."""
    global _holds, _was_enabled
    if _holds == 0:
        _was_enabled = gc.isenabled()
        gc.disable()
    _holds += 1


def release() -> None:
    global _holds
    if _holds == 0:
        return
    _holds -= 1
    if _holds == 0 and _was_enabled:
        gc.enable()


@contextmanager
def paused() -> Iterator[None]:
    """The collector held off for the block."""
    hold()
    try:
        yield
    finally:
        release()


__all__ = ["hold", "paused", "release"]
