"""The public holidays of the region's Land, for the end of periods (rule 9, § 193 BGB).

The holidays differ by Land (Heilige Drei Könige in BY, BW, ST; Reformationstag in the north and
east; Fronleichnam in the south and west; …) and some move with Easter. The ``holidays`` package
keeps them per Land and year; the domain only sees a container of days (``date in holidays``).

§ 31(3) VwVfG and § 193 BGB speak of the "gesetzliche Feiertag" at the place where the act is due,
here the Bewilligungsstelle in the region's Land. Only the holidays of the whole Land count: local
ones (Mariä Himmelfahrt in Bavaria's mainly Catholic municipalities, the Augsburger Friedensfest)
are left out, so a period is never shown as running longer than it does.
"""

from __future__ import annotations

from collections.abc import Container
from datetime import date

from regiodesk.domain.enums import Land

__all__ = ["public_holidays"]

#: The codes ``RegionSettings.land`` holds (domain.enums.Land: ISO 3166-2 without "DE-").
_CODES = frozenset(land.value for land in Land)


def public_holidays(land: str | None) -> Container[date]:
    """The public holidays of ``land`` (e.g. ``"BY"``); empty or unknown: the nationwide ones only.

    The result answers ``day in result`` for any year (the package fills in a year when first
    asked, well under a millisecond). A new one per call, not a shared cache: lists load in a
    background thread, and that filling-in writes to the object.
    """
    # imported when first asked: every command that names the region imports this module (through
    # services.region), and the package's calendars take longer to import (15-40 ms) than most
    # commands run
    import holidays as holiday_calendar

    code = (land or "").strip().upper()
    return holiday_calendar.country_holidays("DE", subdiv=code if code in _CODES else None)
