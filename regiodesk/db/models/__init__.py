"""All mapped classes; importing this module registers every table on ``Base.metadata``."""

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
from regiodesk.db.models.contacts import (
    Address,
    Affiliation,
    Consent,
    ConsentPurpose,
    Contact,
    ContactEmail,
    ContactPhone,
    ContactTag,
    SavedFilter,
    Tag,
)
from regiodesk.db.models.meetings import (
    AgendaItem,
    Attendance,
    ConflictOfInterest,
    Meeting,
    NamedVote,
    Vote,
    WrittenProcedure,
    WrittenProcedureAnswer,
)
from regiodesk.db.models.monitoring import (
    ActionField,
    BudgetReallocation,
    DevelopmentGoal,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
)
from regiodesk.db.models.projects import (
    Call,
    CooperationPartner,
    Payment,
    Project,
    ProjectContact,
    ProjectStatusChange,
    RegionalBudget,
    Score,
)
from regiodesk.db.models.region import FundingPeriod, FundingRate, RegionSettings, SelectionCriterion
from regiodesk.db.models.settings import Setting
from regiodesk.db.models.sync import SyncConflict, SyncDevice, SyncMeta

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
