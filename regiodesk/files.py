"""Writing a file so that a reader never sees half of it (Qt-free; window and command line alike).

A file is written under a temporary name beside its target and renamed into place only when
complete: a crash, a kill or a full disk leaves the old file (or none), never a half-written one.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: The files SQLite may keep beside a database: removed with a temporary database.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def partial_path(path: Path) -> Path:
    """The temporary name beside ``path`` (hidden on Unix, same folder so the rename is atomic)."""
    return path.with_name(f".{path.name}.part")


def remove_partial(partial: Path) -> None:
    """Remove a temporary file and what SQLite kept beside it; missing files are fine."""
    for suffix in ("", *SQLITE_COMPANIONS):
        with contextlib.suppress(OSError):
            Path(str(partial) + suffix).unlink()


@contextmanager
def moved_into_place(path: Path, *, overwrite: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; when the block completes it becomes ``path``.

    On any error (or a kill: the temporary name is hidden and removed by the next attempt) the
    target stays as it was. ``overwrite=False``: a file that appeared at ``path`` meanwhile is
    never replaced (:class:`FileExistsError`).
    """
    path = Path(path)
    partial = partial_path(path)
    remove_partial(partial)  # what an earlier, killed attempt left behind
    try:
        yield partial
        if overwrite:
            os.replace(partial, path)
        else:
            _move_without_overwriting(partial, path)
    except BaseException:
        remove_partial(partial)
        raise


def _move_without_overwriting(partial: Path, path: Path) -> None:
    try:
        os.link(partial, path)  # fails if ``path`` exists: no race with another writer
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links (FAT on a USB stick)
        if path.exists():
            raise FileExistsError(str(path)) from None
        os.replace(partial, path)
        return
    partial.unlink()


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file: never half a document."""
    with moved_into_place(path) as partial, open(partial, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
