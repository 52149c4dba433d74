"""Sync through a shared folder (shared/DESIGN.md): journals, conflicts, snapshots for joining."""

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
