"""Per-machine preferences (recent files, window geometry) as small JSON files in config_dir.

Never the Qt registry/QSettings: everything per machine lives in one folder a
user or admin can find, back up or delete (shared/DESIGN.md, "Data custody").
A broken or missing file just means defaults; preferences never stop the start.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from regiodesk.paths import config_dir

RECENT_FILES = "zuletzt-geoeffnet.json"
WINDOW = "fenster.json"
MAX_RECENT = 8

log = logging.getLogger(__name__)


def read_json(name: str) -> Any:
    try:
        return json.loads((config_dir() / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(name: str, data: Any) -> None:
    path = config_dir() / name
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, path)  # a crash mid-write leaves the old file, never half a file
    except OSError:
        log.warning("Einstellungen konnten nicht gespeichert werden: %s", path, exc_info=True)


def recent_files() -> list[Path]:
    data = read_json(RECENT_FILES)
    if not isinstance(data, list):
        return []
    return [Path(p) for p in data if isinstance(p, str)][:MAX_RECENT]


def remember_file(path: Path) -> None:
    path = Path(path).absolute()
    files = [path] + [p for p in recent_files() if p != path]
    write_json(RECENT_FILES, [str(p) for p in files[:MAX_RECENT]])


def forget_file(path: Path) -> None:
    write_json(RECENT_FILES, [str(p) for p in recent_files() if p != Path(path)])


def window_state() -> dict[str, Any]:
    data = read_json(WINDOW)
    return data if isinstance(data, dict) else {}


def save_window_state(state: dict[str, Any]) -> None:
    write_json(WINDOW, state)
