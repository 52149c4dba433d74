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
    if db.device_name:  # a server database's own name („Server obermain“)
        names[db.device_id] = db.device_name
    return names


def own_name(db: Database) -> str:
    """The name ``db`` sends with its journals: this laptop's setting, a server database's own name;
    '' when neither applies (then the name it has in its device registry stays)."""
    own = this_device()
    return own.name if own.id == db.device_id else db.device_name
