"""The names of the devices a database has heard of, for the Verlauf and the Konflikte view."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from regiodesk.db.models import SyncDevice
from regiodesk.device import this_device

if TYPE_CHECKING:
    from regiodesk.db.database import Database


def device_names(db: Database) -> dict[str, str]:
    """Device id -> its name: the other laptops' from their journals, this laptop's from its setting.

    A device never met through sync (a file copied from another laptop) has no name here;
    :func:`regiodesk.device.device_label` then shows „Gerät“ and the start of its id.
    """
    with db.session() as session:
        names = {
            device_id: name
            for device_id, name in session.execute(select(SyncDevice.device_id, SyncDevice.name))
            if name
        }
    own = this_device()
    if own.name and db.device_id == own.id:
        names[own.id] = own.name
    return names
