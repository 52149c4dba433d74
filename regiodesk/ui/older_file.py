"""An office file of an earlier regiodesk is brought to this version before the window opens it.

``Database.open`` migrates an older file: a backup first, then the schema, then the search index
read afresh in the same transaction. That takes a moment for a small office and several seconds
for a large one (80,000 contacts: 8 s). On the window's thread nothing would move meanwhile, at
the start not even a window: the user would think the program had not started and start it
again. Here the file is opened (and so migrated) and closed again in a worker while a small
window says what is happening; the open that follows finds it current. Whatever goes wrong is
left to that open, which says it the way every refused file is told (another regiodesk has it,
a read-only folder, a failed update with its backup put back).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QWidget

from regiodesk.db.schema import is_older, update_notice
from regiodesk.i18n import tr
from regiodesk.ui.operations import wait_with_notice

log = logging.getLogger(__name__)


def bring_up_to_date(path: Path | str, parent: QWidget | None = None) -> None:
    """Migrate ``path`` if it is an older office file, off the GUI thread, with a notice."""
    if not is_older(path):
        return
    from regiodesk.office import Office

    assert isinstance(path, Path)

    def migrate() -> None:
        Office.open(path.expanduser(), deep_check=False).close()

    try:
        wait_with_notice(migrate, tr("Datei wird aktualisiert"), update_notice(path), parent)
    except Exception:  # the open that follows says why, as it says it for any refused file
        log.info("Aktualisieren vor dem Öffnen nicht möglich", exc_info=True)


__all__ = ["bring_up_to_date"]
