"""Writing a document the user asked for: ask where, produce it off the GUI thread, say where it is.

A document is never written over a regiodesk database: the file dialog of the program
suggests the ``.regiodesk`` ending, so a name typed without ending gets the document's own.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QWidget

from regiodesk import preferences
from regiodesk.domain.errors import DomainError
from regiodesk.files import write_atomically  # the one home (Qt-free); tabs import it from here
from regiodesk.i18n import tr
from regiodesk.ui import dialogs
from regiodesk.ui.operations import Operation
from regiodesk.ui.saved_document import announce_saved

log = logging.getLogger(__name__)
DATABASE_SUFFIX = ".regiodesk"


@dataclass(frozen=True)
class DocumentAction:
    """One document a tab offers in its panel and in the Dokumente menu."""

    label: str
    run: Callable[[], object]
    enabled: bool = True


def file_name(*parts: str, suffix: str) -> str:
    """A file name from parts, safe on Windows too: ``Protokoll_LAG-Obermain_2026-03-09.pdf``."""
    words = []
    for part in parts:
        cleaned = re.sub(r'[\\/:*?"<>|„“”\']+', "", part).strip()
        cleaned = re.sub(r"\s+", "-", cleaned)
        if cleaned:
            words.append(cleaned)
    stem = "_".join(words)[:120] or tr("Dokument")
    return stem + suffix


def export_folder() -> Path:
    stored = preferences.EXPORT_FOLDER.read()
    if stored and Path(stored).is_dir():
        return Path(stored)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def with_suffix(path: Path, suffix: str) -> Path:
    """The chosen path with the document's ending (never the database's)."""
    if path.suffix.lower() == suffix.lower():
        return path
    if path.suffix.lower() == DATABASE_SUFFIX:
        return path.with_suffix(suffix)
    return path.with_name(path.name + suffix)


def save_document(
    owner: QWidget,
    title: str,
    suggestion: str,
    produce: Callable[[], bytes],
    done: Callable[[Path], None] | None = None,
    alternatives: dict[str, Callable[[], bytes]] | None = None,
) -> Path | None:
    """Ask for a file name, then produce and write the document in the background.

    ``alternatives`` are other kinds the document can be written as (ending -> producer, e.g. a
    Word document): the dialog offers them, and the kind the user chose or typed is written.
    Returns the chosen path (None when the user cancelled); ``done`` runs once it is written.
    """
    others = alternatives or {}
    # the dialog of a document of one kind is asked as before, without a fourth argument
    offer = [tuple(others)] if others else []
    chosen = dialogs.ask_save_file(owner, title, export_folder() / suggestion, *offer)
    if chosen is None:
        return None
    producer = others.get(chosen.suffix.lower())
    if producer is not None:
        path = chosen
    else:
        path, producer = with_suffix(chosen, Path(suggestion).suffix), produce
    preferences.EXPORT_FOLDER.write(str(path.parent))

    def work() -> Path:
        write_atomically(path, producer())
        return path

    def written(result: Path) -> None:
        announce_saved(owner, result)
        if done is not None:
            done(result)

    def failed(error: Exception) -> None:
        if isinstance(error, DomainError):
            dialogs.show_error(owner, title, str(error))
        elif isinstance(error, OSError):
            dialogs.show_error(
                owner,
                title,
                tr(
                    "„{name}“ kann nicht gespeichert werden: {reason}.\n\nIst die Datei noch in einem "
                    "anderen Programm geöffnet, oder fehlt das Schreibrecht für den Ordner?",
                    name=path.name,
                    reason=error.strerror or error,
                ),
            )
        else:
            log.error("Dokument fehlgeschlagen: %s", path, exc_info=error)
            dialogs.show_error(
                owner, title, tr("Das Dokument konnte wegen eines Programmfehlers nicht erstellt werden.")
            )

    busy = tr("„{name}“ wird erstellt …", name=path.name)
    Operation(owner, work, busy).success(written).failure(failed).run()
    return path
