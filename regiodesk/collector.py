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


#: New objects between two collections while :func:`seldom` holds (Python's own: 700).
SELDOM = 50_000


@contextmanager
def seldom() -> Iterator[None]:
    """The collector run after every :data:`SELDOM` new objects instead of every 700, for a block
    that makes many objects living until it ends and a little garbage (a PDF: its paragraphs and
    frames, some 50 cyclic objects per page). The objects are not walked again and again, and
    unlike :func:`paused` the garbage of a long block (a serial letter of 20,000 pages) stays
    bounded."""
    previous = gc.get_threshold()
    gc.set_threshold(max(SELDOM, previous[0]), *previous[1:])
    try:
        yield
    finally:
        gc.set_threshold(*previous)


@contextmanager
def paused() -> Iterator[None]:
    """The collector held off for the block."""
    hold()
    try:
        yield
    finally:
        release()


__all__ = ["hold", "paused", "release", "seldom"]
