"""This machine's identity for the change log and sync: a stable id and a name."""

from __future__ import annotations

import json
import socket
import uuid
from dataclasses import dataclass
from functools import lru_cache

from regiodesk.paths import config_dir


@dataclass(frozen=True)
class Device:
    id: str
    name: str


@lru_cache(maxsize=1)
def this_device() -> Device:
    path = config_dir() / "device.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Device(str(data["id"]), str(data.get("name", "")))
    except (OSError, ValueError, KeyError):
        device = Device(str(uuid.uuid4()), socket.gethostname())
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"id": device.id, "name": device.name}), encoding="utf-8")
        tmp.replace(path)
        return device


def replace_id(old_id: str, new_id: str) -> None:
    """This installation goes on as ``new_id`` if it was ``old_id``: another installation writes
    under ``old_id`` (a copied installation or a cloned disk image). The name stays."""
    device = this_device()
    if device.id != old_id:
        return
    path = config_dir() / "device.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"id": new_id, "name": device.name}), encoding="utf-8")
    tmp.replace(path)
    this_device.cache_clear()
