"""Choices for reference fields (a project's sponsor, a meeting's body, …)."""

from __future__ import annotations

from sqlalchemy import String, case, func, select
from sqlalchemy.orm import Session

from regiodesk.db.base import Record
from regiodesk.db.database import Database
from regiodesk.db.dialect import german_date
from regiodesk.db.models import (
    ActionField,
    AgendaItem,
    Body,
    Call,
    Consent,
    ConsentPurpose,
    Contact,
    DevelopmentGoal,
    FundingPeriod,
    Indicator,
    InterestGroup,
    Meeting,
    Project,
    RegionalBudget,
    SelectionCriterion,
    Tag,
)

#: lookup name -> the model whose live rows it lists
MODELS: dict[str, type[Record]] = {
    "bodies": Body,
    "contacts": Contact,
    "persons": Contact,
    "institutions": Contact,
    "interest_groups": InterestGroup,
    "projects": Project,
    "action_fields": ActionField,
    "calls": Call,
    "development_goals": DevelopmentGoal,
    "funding_periods": FundingPeriod,
    "indicators": Indicator,
    #: decisions taken in a meeting (agenda items of kind Beschluss), e.g. for a budget reallocation
    "decisions": AgendaItem,
    "tags": Tag,
    "criteria": SelectionCriterion,
    "regional_budgets": RegionalBudget,
}


def _contact_label():
    person = func.trim(
        func.coalesce(Contact.last_name, "") + ", " + func.coalesce(Contact.first_name, ""), ", "
    )
    return case((Contact.kind == "institution", Contact.organisation), else_=person)


def options(db: Database, name: str) -> list[tuple[str, str]]:
    """(id, label) pairs of every live record the lookup offers, sorted by label."""
    with db.session() as session:
        return options_in(session, name)


def options_in(session: Session, name: str) -> list[tuple[str, str]]:
    if name in ("contacts", "persons", "institutions"):
        label = _contact_label()
        stmt = select(Contact.id, label).where(Contact.deleted_at.is_(None), Contact.restricted.is_(False))
        if name == "persons":
            stmt = stmt.where(Contact.kind == "person")
        elif name == "institutions":
            stmt = stmt.where(Contact.kind == "institution")
    elif name == "action_fields":
        stmt = select(ActionField.id, func.trim(ActionField.code + " " + ActionField.name)).where(
            ActionField.deleted_at.is_(None), ActionField.active.is_(True)
        )
    elif name == "development_goals":
        stmt = select(DevelopmentGoal.id, func.trim(DevelopmentGoal.code + " " + DevelopmentGoal.name)).where(
            DevelopmentGoal.deleted_at.is_(None), DevelopmentGoal.active.is_(True)
        )
    elif name == CONSENT_PURPOSES:
        return [(p, p) for p in consent_purposes_in(session)]
    elif name == "decisions":
        when = german_date(Meeting.starts_at)
        label = (
            "TOP "
            + AgendaItem.number
            + " "
            + AgendaItem.title
            + " ("
            + func.trim(Meeting.title + " " + when)
            + ")"
        )
        stmt = (
            select(AgendaItem.id, label)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .where(
                AgendaItem.deleted_at.is_(None), AgendaItem.kind == "beschluss", Meeting.deleted_at.is_(None)
            )
        )
    elif name == "projects":
        stmt = select(Project.id, Project.title).where(Project.deleted_at.is_(None))
    elif name == "criteria":
        stmt = select(SelectionCriterion.id, SelectionCriterion.title).where(
            SelectionCriterion.deleted_at.is_(None), SelectionCriterion.active.is_(True)
        )
    elif name == "regional_budgets":
        stmt = select(RegionalBudget.id, "Regionalbudget " + func.cast(RegionalBudget.year, String)).where(
            RegionalBudget.deleted_at.is_(None)
        )
    elif name in MODELS:
        model = MODELS[name]
        stmt = select(model.id, model.__table__.c.name).where(model.deleted_at.is_(None))  # each has a name
        active = getattr(model, "active", None)
        if active is not None:  # a deactivated catalogue entry is not offered for new data
            stmt = stmt.where(active.is_(True))
    else:
        raise KeyError(name)
    rows = [(row[0], row[1] or "") for row in session.execute(stmt)]
    rows.sort(key=lambda r: r[1].casefold())
    return rows


#: Consent purposes: the value is the purpose's name (Consent.purpose is text), not an id.
CONSENT_PURPOSES = "consent_purposes"


def consent_purposes_in(session: Session) -> list[str]:
    """Purposes offered for a consent: the catalogue's active ones in its order, then purposes still
    in use on consents that the catalogue does not know (files from before the catalogue)."""
    catalogue = list(
        session.execute(
            select(ConsentPurpose.name, ConsentPurpose.active)
            .where(ConsentPurpose.deleted_at.is_(None))
            .order_by(ConsentPurpose.position, ConsentPurpose.name)
        )
    )
    known = {name for name, _active in catalogue}
    used = session.scalars(select(Consent.purpose).where(Consent.deleted_at.is_(None)).distinct())
    unknown = sorted({p for p in used if p and p not in known}, key=str.casefold)
    return [name for name, active in catalogue if active] + unknown


def label_of(db: Database, name: str, record_id: str) -> str | None:
    """The label of a record no longer offered (deactivated) but still live, marked so; None if gone.

    A form shows it where it is already used instead of "(nicht mehr vorhanden)"."""
    with db.session() as session:
        if name == CONSENT_PURPOSES:
            used = session.scalar(
                select(func.count()).where(Consent.purpose == record_id, Consent.deleted_at.is_(None))
            )
            known = session.scalar(
                select(func.count()).where(
                    ConsentPurpose.name == record_id, ConsentPurpose.deleted_at.is_(None)
                )
            )
            return f"{record_id} (inaktiv)" if used or known else None
        model = MODELS.get(name)
        obj = session.get(model, record_id) if model is not None else None
        if obj is None or obj.deleted_at is not None:
            return None
        code = getattr(obj, "code", "")
        label = f"{code} {obj.display_name()}".strip() if code else obj.display_name()
        return f"{label} (inaktiv)" if getattr(obj, "active", True) is False else label


def exists(session: Session, name: str, record_id: str) -> bool:
    if name == CONSENT_PURPOSES:
        # A file whose office has no purpose catalogue yet takes any purpose, as before it existed.
        catalogue = session.scalar(select(func.count()).where(ConsentPurpose.deleted_at.is_(None)))
        return bool(
            not catalogue
            or session.scalar(
                select(func.count()).where(
                    ConsentPurpose.name == record_id, ConsentPurpose.deleted_at.is_(None)
                )
            )
            or session.scalar(
                select(func.count()).where(Consent.purpose == record_id, Consent.deleted_at.is_(None))
            )
        )
    model = MODELS[name]
    obj = session.get(model, record_id)
    return obj is not None and obj.deleted_at is None
