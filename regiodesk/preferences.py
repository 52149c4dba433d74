"""Per-machine preferences, declared once: name, type, default, file and German label.

Everything that belongs to this computer rather than to the office (window geometry, recent
files, the folder documents are saved to, the shared sync folder per database, this device's id
and name) lives as small JSON files in the platformdirs config folder, never the Qt registry
(QSettings): one folder a user or admin can find, back up or delete (shared/DESIGN.md, "Data
custody"). A broken or missing file just means defaults; preferences never stop the start.
Qt-free and stdlib-only: the start window reads the geometry before anything heavy is imported.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from regiodesk.files import write_atomically
from regiodesk.paths import config_dir

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Preference:
    """One per-machine preference: stored as ``file`` (JSON) in the config folder."""

    name: str
    kind: type
    default: Any
    file: str
    #: The German label where the preference is shown to the user ("" where it is not shown).
    label: str = ""

    def read(self) -> Any:
        """The stored value, or the default when the file is missing, broken or of another type."""
        value = read_json(self.file)
        return value if isinstance(value, self.kind) else _copy(self.default)

    def write(self, value: Any) -> None:
        write_json(self.file, value)


def _copy(value: Any) -> Any:
    return type(value)(value) if isinstance(value, (list, dict)) else value


#: The files opened last, newest first (Datei → Zuletzt geöffnet); a database on a server stands
#: there as its address (``postgresql://benutzer@rechner:5432/datenbank``), never with a password.
RECENT_FILES = Preference("recent_files", list, [], "zuletzt-geoeffnet.json", "Zuletzt geöffnet")
#: The main window's size and place ({"geometry": base64 of Qt's saveGeometry}).
WINDOW = Preference("window", dict, {}, "fenster.json")
#: Where the user left each splitter: {"<tab>.<splitter>": [sizes in pixels]} (ui.geometry).
SPLITTERS = Preference("splitters", dict, {}, "teiler.json")
#: The folder the last document was saved to (the save dialogs start there).
EXPORT_FOLDER = Preference("export_folder", str, "", "exportordner.json", "Ordner für Dokumente")
#: Per database path: {"folder": shared folder, "at_start": bool, "at_close": bool}.
SYNC = Preference("sync", dict, {}, "synchronisierung.json", "Synchronisierung")
#: This device for the change log and sync: {"id": uuid, "name": shown to the other devices}.
DEVICE = Preference("device", dict, {}, "device.json", "Name dieses Laptops")

ALL = (RECENT_FILES, WINDOW, SPLITTERS, EXPORT_FOLDER, SYNC, DEVICE)
MAX_RECENT = 8


def read_json(name: str) -> Any:
    try:
        return json.loads((config_dir() / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(name: str, data: Any) -> None:
    """Write a preferences file whole (a crash mid-write leaves the old file); never fatal."""
    path = config_dir() / name
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
    except OSError:
        log.warning("Einstellungen konnten nicht gespeichert werden: %s", path, exc_info=True)


# ---------------------------------------------------------------- recent files
def recent_files() -> list[Path]:
    """The files opened last (the server databases left out)."""
    return [p for p in recent_locations() if isinstance(p, Path)]


def recent_locations() -> list[Path | str]:
    """The files and server databases opened last, newest first."""
    stored = [p for p in RECENT_FILES.read() if isinstance(p, str)][:MAX_RECENT]
    return [p if _is_server(p) else Path(p) for p in stored]


def _is_server(location: str) -> bool:
    from regiodesk.location import is_server_url  # stdlib only

    return is_server_url(location)


def remember_file(path: Path | str) -> None:
    """Put a file (or a server database's address, given without password) first in the list."""
    if isinstance(path, str) and _is_server(path):
        location: Path | str = path
    else:
        location = Path(path).absolute()
    kept = [location] + [p for p in recent_locations() if p != location]
    RECENT_FILES.write([str(p) for p in kept[:MAX_RECENT]])


def forget_file(path: Path | str) -> None:
    location = path if isinstance(path, str) and _is_server(path) else Path(path)
    RECENT_FILES.write([str(p) for p in recent_locations() if p != location])


def clear_recent_files() -> None:
    RECENT_FILES.write([])


# ---------------------------------------------------------------- window
def window_state() -> dict[str, Any]:
    return WINDOW.read()


def save_window_state(state: dict[str, Any]) -> None:
    WINDOW.write(state)


# ---------------------------------------------------------------- splitters
def splitter_sizes(key: str) -> list[int] | None:
    """The sizes the user gave a splitter last time, or None."""
    sizes = SPLITTERS.read().get(key)
    if isinstance(sizes, list) and sizes and all(isinstance(n, int) and n >= 0 for n in sizes):
        return sizes
    return None


def save_splitter_sizes(key: str, sizes: list[int]) -> None:
    stored = SPLITTERS.read()
    stored[key] = [int(n) for n in sizes]
    SPLITTERS.write(stored)


# ---------------------------------------------------------------- sync per database
@dataclass
class SyncSettings:
    folder: str = ""
    at_start: bool = False
    at_close: bool = False


def _file_key(db_path: Path) -> str:
    """A database file named the same however it was reached (``--db ./x``, a relative path)."""
    try:
        return str(Path(db_path).expanduser().resolve())
    except OSError:
        return str(Path(db_path).absolute())


def sync_settings(db_path: Path) -> SyncSettings:
    stored = SYNC.read()
    entry = stored.get(_file_key(db_path), stored.get(str(db_path)))
    if not isinstance(entry, dict):
        return SyncSettings()
    return SyncSettings(
        str(entry.get("folder") or ""), bool(entry.get("at_start")), bool(entry.get("at_close"))
    )


def save_sync_settings(db_path: Path, settings: SyncSettings) -> None:
    stored = SYNC.read()
    stored.pop(str(db_path), None)  # an entry of an older version under the name as given
    stored[_file_key(db_path)] = {
        "folder": settings.folder,
        "at_start": settings.at_start,
        "at_close": settings.at_close,
    }
    SYNC.write(stored)
