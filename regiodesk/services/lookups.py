"""Choices for reference fields (a project's sponsor, a meeting's body, …)."""

from __future__ import annotations

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from regiodesk.db.base import Record
from regiodesk.db.database import Database
from regiodesk.db.models import (
    ActionField,
    AgendaItem,
    Body,
    Call,
    Contact,
    DevelopmentGoal,
    FundingPeriod,
    Indicator,
    InterestGroup,
    Meeting,
    Project,
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
            ActionField.deleted_at.is_(None)
        )
    elif name == "development_goals":
        stmt = select(DevelopmentGoal.id, func.trim(DevelopmentGoal.code + " " + DevelopmentGoal.name)).where(
            DevelopmentGoal.deleted_at.is_(None)
        )
    elif name == "decisions":
        when = func.strftime("%d.%m.%Y", Meeting.starts_at)
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
    elif name in MODELS:
        model = MODELS[name]
        stmt = select(model.id, model.name).where(model.deleted_at.is_(None))
    else:
        raise KeyError(name)
    rows = [(row[0], row[1] or "") for row in session.execute(stmt)]
    rows.sort(key=lambda r: r[1].casefold())
    return rows


def exists(session: Session, name: str, record_id: str) -> bool:
    model = MODELS[name]
    obj = session.get(model, record_id)
    return obj is not None and obj.deleted_at is None
