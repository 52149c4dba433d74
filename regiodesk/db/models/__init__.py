"""All mapped classes. A model module is declared when one of its classes is first named.

``from regiodesk.db.models import Body`` declares ``bodies.py`` and the model modules its tables
refer to (foreign keys and relationships: :data:`REFERS`), nothing else. Declaring all fifty tables
is most of what a command pays before its work (SQLAlchemy builds every column, mapper and
relationship, some 0.2 ms per column), and a command that lists bodies needs nine of them. So a
module holds the tables that are used together: a contact (``contacts``) apart from what its card
holds (``contact_details``) and the lists contacts are gathered into (``contact_lists``), a project
apart from its payments and status history (``project_parts``), the strategy apart from its
monitoring, meetings apart from written procedures. A meeting's minutes declare 21 tables of 50.

Whatever walks *every* table (sync, undo, restore, merging contacts, the database documentation,
the transfer to a server, Alembic) takes them from :func:`all_tables`, :func:`table`,
:func:`record_models` or :func:`metadata`, which declare every module first; ``tests/test_layers.py``
refuses ``Base.metadata`` and ``Base.registry`` anywhere else, and ``tests/db/test_models.py`` checks
:data:`HOME` and :data:`REFERS` against the declared tables: a table added without its entries fails.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import MetaData, Table

    from regiodesk.db.base import Record
    from regiodesk.db.models.activities import (
        Activity,
        Consultation,
        ConsultationContact,
        Event,
        EventParticipant,
    )
    from regiodesk.db.models.attachments import Attachment
    from regiodesk.db.models.bodies import Body, InterestGroup, Membership
    from regiodesk.db.models.changelog import ChangeLogEntry
    from regiodesk.db.models.contact_details import (
        Address,
        Affiliation,
        Consent,
        ContactEmail,
        ContactPhone,
    )
    from regiodesk.db.models.contact_lists import ConsentPurpose, ContactTag, SavedFilter, Tag
    from regiodesk.db.models.contacts import Contact
    from regiodesk.db.models.meetings import (
        AgendaItem,
        Attendance,
        ConflictOfInterest,
        Meeting,
        NamedVote,
        Vote,
    )
    from regiodesk.db.models.monitoring import BudgetReallocation, Indicator, IndicatorTarget, IndicatorValue
    from regiodesk.db.models.procedures import WrittenProcedure, WrittenProcedureAnswer
    from regiodesk.db.models.project_parts import (
        CooperationPartner,
        Payment,
        ProjectContact,
        ProjectStatusChange,
    )
    from regiodesk.db.models.projects import Call, Project, RegionalBudget, Score
    from regiodesk.db.models.region import FundingPeriod, FundingRate, RegionSettings, SelectionCriterion
    from regiodesk.db.models.settings import Setting
    from regiodesk.db.models.strategy import ActionField, DevelopmentGoal
    from regiodesk.db.models.sync import SyncConflict, SyncDevice, SyncMeta


def _activities() -> ModuleType:
    from regiodesk.db.models import activities

    return activities


def _attachments() -> ModuleType:
    from regiodesk.db.models import attachments

    return attachments


def _bodies() -> ModuleType:
    from regiodesk.db.models import bodies

    return bodies


def _changelog() -> ModuleType:
    from regiodesk.db.models import changelog

    return changelog


def _contact_details() -> ModuleType:
    from regiodesk.db.models import contact_details

    return contact_details


def _contact_lists() -> ModuleType:
    from regiodesk.db.models import contact_lists

    return contact_lists


def _contacts() -> ModuleType:
    from regiodesk.db.models import contacts

    return contacts


def _meetings() -> ModuleType:
    from regiodesk.db.models import meetings

    return meetings


def _monitoring() -> ModuleType:
    from regiodesk.db.models import monitoring

    return monitoring


def _procedures() -> ModuleType:
    from regiodesk.db.models import procedures

    return procedures


def _project_parts() -> ModuleType:
    from regiodesk.db.models import project_parts

    return project_parts


def _projects() -> ModuleType:
    from regiodesk.db.models import projects

    return projects


def _region() -> ModuleType:
    from regiodesk.db.models import region

    return region


def _settings() -> ModuleType:
    from regiodesk.db.models import settings

    return settings


def _strategy() -> ModuleType:
    from regiodesk.db.models import strategy

    return strategy


def _sync() -> ModuleType:
    from regiodesk.db.models import sync

    return sync


#: Each model module by the function that imports it (explicit imports: the structure stays visible).
MODULES: dict[str, Callable[[], ModuleType]] = {
    "activities": _activities,
    "attachments": _attachments,
    "bodies": _bodies,
    "changelog": _changelog,
    "contact_details": _contact_details,
    "contact_lists": _contact_lists,
    "contacts": _contacts,
    "meetings": _meetings,
    "monitoring": _monitoring,
    "procedures": _procedures,
    "project_parts": _project_parts,
    "projects": _projects,
    "region": _region,
    "settings": _settings,
    "strategy": _strategy,
    "sync": _sync,
}

#: The module that declares each class.
HOME: dict[str, str] = {
    "ActionField": "strategy",
    "Activity": "activities",
    "Address": "contact_details",
    "Affiliation": "contact_details",
    "AgendaItem": "meetings",
    "Attachment": "attachments",
    "Attendance": "meetings",
    "Body": "bodies",
    "BudgetReallocation": "monitoring",
    "Call": "projects",
    "ChangeLogEntry": "changelog",
    "ConflictOfInterest": "meetings",
    "Consent": "contact_details",
    "ConsentPurpose": "contact_lists",
    "Consultation": "activities",
    "ConsultationContact": "activities",
    "Contact": "contacts",
    "ContactEmail": "contact_details",
    "ContactPhone": "contact_details",
    "ContactTag": "contact_lists",
    "CooperationPartner": "project_parts",
    "DevelopmentGoal": "strategy",
    "Event": "activities",
    "EventParticipant": "activities",
    "FundingPeriod": "region",
    "FundingRate": "region",
    "Indicator": "monitoring",
    "IndicatorTarget": "monitoring",
    "IndicatorValue": "monitoring",
    "InterestGroup": "bodies",
    "Meeting": "meetings",
    "Membership": "bodies",
    "NamedVote": "meetings",
    "Payment": "project_parts",
    "Project": "projects",
    "ProjectContact": "project_parts",
    "ProjectStatusChange": "project_parts",
    "RegionSettings": "region",
    "RegionalBudget": "projects",
    "SavedFilter": "contact_lists",
    "Score": "projects",
    "SelectionCriterion": "region",
    "Setting": "settings",
    "SyncConflict": "sync",
    "SyncDevice": "sync",
    "SyncMeta": "sync",
    "Tag": "contact_lists",
    "Vote": "meetings",
    "WrittenProcedure": "procedures",
    "WrittenProcedureAnswer": "procedures",
}

#: The other model modules whose tables a module's tables refer to (foreign keys, relationships).
#: SQLAlchemy resolves both by name when it first uses the mappers, so they must be declared with it.
REFERS: dict[str, tuple[str, ...]] = {
    "activities": ("contacts", "projects"),
    "attachments": (),
    "bodies": ("contacts",),
    "changelog": (),
    "contact_details": ("contacts",),
    "contact_lists": ("contacts",),
    "contacts": (),
    "meetings": ("bodies", "contacts", "projects"),
    "monitoring": ("meetings", "projects", "strategy"),
    "procedures": ("bodies", "contacts", "projects"),
    "project_parts": ("contacts", "meetings", "projects"),
    "projects": ("contacts", "meetings", "region", "strategy"),
    "region": ("contacts",),
    "settings": (),
    "strategy": ("region",),
    "sync": (),
}

_declared: set[str] = set()
#: The window's loader threads name models too: one declaration at a time, whole or not at all seen.
_declaring = threading.RLock()


def declare(module: str) -> None:
    """Declare one model module, the modules it refers to, and name their classes here."""
    with _declaring:
        if module in _declared:
            return
        _declared.add(module)  # first: meetings and projects refer to each other
        try:
            for other in REFERS[module]:
                declare(other)
            loaded = MODULES[module]()
        except BaseException:
            _declared.discard(module)
            raise
        globals().update({name: getattr(loaded, name) for name, home in HOME.items() if home == module})


def declare_all() -> None:
    for module in MODULES:
        declare(module)


def __getattr__(name: str) -> Any:
    """``from regiodesk.db.models import Body``: the class, declared on first use (PEP 562)."""
    home = HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    declare(home)
    with _declaring:  # another thread may be between declaring the module and naming its classes
        return globals()[name]


def metadata() -> MetaData:
    """The schema with every table declared (Alembic compares the file against it)."""
    from regiodesk.db.base import Base

    declare_all()
    return Base.metadata


@functools.cache
def all_tables() -> tuple[Table, ...]:
    """Every table, each after the ones it refers to."""
    return tuple(metadata().sorted_tables)


def table(name: str) -> Table | None:
    """One table by its name (None: no such table)."""
    return metadata().tables.get(name)


@functools.cache
def record_models() -> dict[str, type[Record]]:
    """Every model of a synced, logged table (a :class:`Record`) by its table name."""
    from regiodesk.db.base import Base, Record

    declare_all()
    return {
        m.class_.__tablename__: m.class_
        for m in Base.registry.mappers
        if isinstance(m.class_, type) and issubclass(m.class_, Record)
    }


__all__ = [
    "ActionField",
    "Activity",
    "Address",
    "Affiliation",
    "AgendaItem",
    "Attachment",
    "Attendance",
    "Body",
    "BudgetReallocation",
    "Call",
    "ChangeLogEntry",
    "ConflictOfInterest",
    "Consent",
    "ConsentPurpose",
    "Consultation",
    "ConsultationContact",
    "Contact",
    "ContactEmail",
    "ContactPhone",
    "ContactTag",
    "CooperationPartner",
    "DevelopmentGoal",
    "Event",
    "EventParticipant",
    "FundingPeriod",
    "FundingRate",
    "Indicator",
    "IndicatorTarget",
    "IndicatorValue",
    "InterestGroup",
    "Meeting",
    "Membership",
    "NamedVote",
    "Payment",
    "Project",
    "ProjectContact",
    "ProjectStatusChange",
    "RegionSettings",
    "RegionalBudget",
    "SavedFilter",
    "Score",
    "SelectionCriterion",
    "Setting",
    "SyncConflict",
    "SyncDevice",
    "SyncMeta",
    "Tag",
    "Vote",
    "WrittenProcedure",
    "WrittenProcedureAnswer",
]
