"""This machine's identity for the change log and sync: a stable id and a name."""

from __future__ import annotations

import json
import socket
import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from regiodesk.files import write_atomically
from regiodesk.i18n import tr
from regiodesk.paths import config_dir
from regiodesk.preferences import DEVICE


@dataclass(frozen=True)
class Device:
    id: str
    name: str


#: Two threads asking first (a file's first change is logged where it happens, in the window's
#: workers too: ``Database.device_id``) make one id, not two.
_first = threading.Lock()


@lru_cache(maxsize=1)
def this_device() -> Device:
    with _first:
        data = DEVICE.read()
        if "id" in data:
            return Device(str(data["id"]), str(data.get("name", "")))
        device = Device(str(uuid.uuid4()), socket.gethostname())
        _store(device)
        return device


def device_label(device_id: str, names: Mapping[str, str]) -> str:
    """How people see a device in the Verlauf and in conflicts: the name its owner gave it
    („Laptop Anna“, from ``names`` or, for this laptop, its own setting), else „Gerät b4ef09c5“."""
    own = this_device()
    name = names.get(device_id) or (own.name if device_id == own.id else "")
    return name or tr("Gerät {id}", id=device_id[:8])


def rename_device(name: str) -> None:
    """This laptop's name as the other devices see it in the history and in conflicts."""
    _store(Device(this_device().id, name))
    this_device.cache_clear()


def replace_id(old_id: str, new_id: str) -> None:
    """This installation goes on as ``new_id`` if it was ``old_id``: another installation writes
    under ``old_id`` (a copied installation or a cloned disk image). The name stays."""
    device = this_device()
    if device.id != old_id:
        return
    _store(Device(new_id, device.name))
    this_device.cache_clear()


def _store(device: Device) -> None:
    """Written whole or not at all; unlike other preferences a failure is raised (the id must last)."""
    path = config_dir() / DEVICE.file
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, json.dumps({"id": device.id, "name": device.name}).encode("utf-8"))
