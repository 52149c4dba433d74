"""Where regiodesk keeps its files, resolved in one place.

``REGIODESK_DATA_DIR`` overrides the platform folders (tests, portable use): the
database, backups and the per-machine configuration then all live below it.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "regiodesk"
DEFAULT_DB_NAME = "geschaeftsstelle.regiodesk"
DEMO_DB_NAME = "demo-region.regiodesk"


def _override() -> Path | None:
    value = os.environ.get("REGIODESK_DATA_DIR")
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    override = _override()
    if override is not None:
        return override
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """Per-machine preferences only: window geometry, recent files, this device's id."""
    override = _override()
    if override is not None:
        return override / "config"
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """What the program can make again from what it ships (e.g. read hyphenation patterns): deleting
    it loses nothing."""
    override = _override()
    if override is not None:
        return override / "cache"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, appauthor=False))


def backup_dir() -> Path:
    return data_dir() / "Sicherungen"


def default_db_path() -> Path:
    return data_dir() / DEFAULT_DB_NAME


def demo_db_path() -> Path:
    """The Demo-Region's own file (Datei → Demo-Region öffnen, ``regiodesk --demo``)."""
    return data_dir() / DEMO_DB_NAME
