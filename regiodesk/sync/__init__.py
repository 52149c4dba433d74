"""Sync through a shared folder (shared/DESIGN.md): journals, conflicts, snapshots for joining.

The names below are imported when first used (PEP 562), not with the package: the command line's
idle check (:mod:`regiodesk.sync.idle`) and the folder's files (:mod:`regiodesk.sync.folder`)
need only the standard library, and a scheduled ``sync`` with nothing new must not pay for
SQLAlchemy, which the engine needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from regiodesk.sync.conflicts import ConflictView
    from regiodesk.sync.engine import SyncService
    from regiodesk.sync.folder import SyncError, cloud_path_warning
    from regiodesk.sync.join import join
    from regiodesk.sync.report import SyncReport

    #: The Konflikte view's row type, under the name the window uses.
    SyncConflict = ConflictView

__all__ = [
    "ConflictView",
    "SyncConflict",
    "SyncError",
    "SyncReport",
    "SyncService",
    "cloud_path_warning",
    "join",
]


def __getattr__(name: str) -> Any:
    value = _load(name)
    # Bound here once loaded; this also puts the function ``join`` back in the place that
    # importing the submodule ``regiodesk.sync.join`` has just given to the module.
    globals()[name] = value
    return value


def _load(name: str) -> Any:
    if name in ("ConflictView", "SyncConflict"):
        from regiodesk.sync.conflicts import ConflictView

        return ConflictView
    if name == "SyncService":
        from regiodesk.sync.engine import SyncService

        return SyncService
    if name == "SyncError":
        from regiodesk.sync.folder import SyncError

        return SyncError
    if name == "cloud_path_warning":
        from regiodesk.sync.folder import cloud_path_warning

        return cloud_path_warning
    if name == "join":
        from regiodesk.sync.join import join

        return join
    if name == "SyncReport":
        from regiodesk.sync.report import SyncReport

        return SyncReport
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
