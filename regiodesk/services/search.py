"""One search over everything: the hits of a few typed letters, grouped by kind.

Reads the full-text index of :mod:`regiodesk.db.search_index` (kept current by every commit).
A term is folded as every list filter folds it (:func:`regiodesk.domain.text.search_terms`):
"Müller", "Mueller" and "muller" find the same; each term is the beginning of a word
("Müll" finds Müller), and every term must be found.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from regiodesk.db import search_index
from regiodesk.db.database import Database
from regiodesk.db.models import AgendaItem, Attachment, Body, Contact, Meeting, Project, WrittenProcedure
from regiodesk.db.search_index import DOC_TABLE, FTS_TABLE
from regiodesk.domain.enums import BodyType, ProjectStatus
from regiodesk.domain.text import search_terms
from regiodesk.i18n import format_datetime, tr


@dataclass(frozen=True)
class Hit:
    """One record found, and where the window shows it."""

    kind: str
    record_id: str
    title: str
    detail: str
    #: the main window's tab (``ui.tabs.TABS`` key) and the record selected there
    tab: str
    tab_record_id: str
    #: a part of that record to select as well (the agenda item of a meeting), or ''
    part_id: str = ""


@dataclass(frozen=True)
class HitGroup:
    kind: str
    label: str
    #: how many records of the kind match (``hits`` holds the best of them)
    total: int
    hits: tuple[Hit, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "label": self.label,
            "total": self.total,
            "hits": [asdict(h) for h in self.hits],
        }


#: The kinds in the order the groups are shown (the order of the tabs), with their German names.
KINDS: tuple[tuple[str, str], ...] = (
    ("body", "Gremien"),
    ("meeting", "Sitzungen"),
    ("agenda", "Tagesordnungspunkte und Beschlüsse"),
    ("procedure", "Umlaufverfahren"),
    ("project", "Projekte"),
    ("person", "Personen"),
    ("institution", "Institutionen"),
    ("attachment", "Anhänge"),
)
#: The tab showing the records of an attachment's owner table.
OWNER_TABS = {
    "body": "bodies",
    "meeting": "meetings",
    "agenda_item": "meetings",
    "project": "projects",
    "contact": "contacts",
}
#: Up to this many matches of a kind are ranked (bm25); more are taken in the index's order.
RANKED_AT_MOST = 1000
_TOKEN = re.compile(r"[^\W_]+")


def match_expression(typed: str) -> str:
    """The FTS5 query of what was typed: each term as the beginning of a phrase, in both spellings.

    '' when nothing searchable was typed. Only letters and digits reach the query, so no typed
    character is FTS5 syntax.
    """
    parts = []
    for plain, translit in search_terms(typed):
        phrases = []
        for spelling in dict.fromkeys((plain, translit)):
            tokens = _TOKEN.findall(spelling)
            if tokens:
                phrases.append('"' + " ".join(tokens) + '"*')
        if phrases:
            parts.append(phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")")
    return " AND ".join(parts)


class SearchService:
    def __init__(self, db: Database):
        self.db = db

    def search(self, typed: str, per_kind: int = 5) -> list[HitGroup]:
        """The groups of records matching ``typed``, best first within each kind (at most
        ``per_kind`` hits each, the total counted); kinds without a hit are left out."""
        expression = match_expression(typed)
        if not expression:
            return []
        groups = []
        with self.db.session() as session:
            for kind, label in KINDS:
                query = f"kind : {kind} AND {{title text}} : ({expression})"
                total = session.execute(
                    text(f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q"), {"q": query}
                ).scalar_one()
                if not total:
                    continue
                # Ranking costs time in proportion to the matches: thousands (the first letter
                # typed) are shown as they come, and nobody reads them before typing on.
                order = "ORDER BY rank" if total <= RANKED_AT_MOST else ""
                # A few more than shown: a hit whose owner is gone (see _attachments) is left out.
                ids = session.scalars(
                    text(
                        f"SELECT d.row_id FROM {FTS_TABLE} i JOIN {DOC_TABLE} d ON d.id = i.rowid "
                        f"WHERE {FTS_TABLE} MATCH :q {order} LIMIT :n"
                    ),
                    {"q": query, "n": per_kind + 3},
                ).all()
                hits = _DESCRIBE[kind](session, ids)
                ordered = [hits[i] for i in ids if i in hits][:per_kind]
                if ordered:
                    groups.append(HitGroup(kind, tr(label), total, tuple(ordered)))
        return groups

    def rebuild_index(self) -> int:
        """Build the search index afresh from the records (``check`` says when); returns its entries."""
        self.db.recorder.refuse_if_damaged()
        with self.db.transaction() as session:
            return search_index.rebuild(session.connection().connection.driver_connection)


# ------------------------------------------------------------------ what a hit shows
Describe = Callable[[Session, Sequence[str]], dict[str, Hit]]


def _contact_name(contact: Contact) -> str:
    if contact.kind == "institution":
        return contact.organisation or tr("(ohne Namen)")
    name = ", ".join(part for part in (contact.last_name, contact.first_name) if part)
    return " ".join(part for part in (contact.title, name) if part) or tr("(ohne Namen)")


def _contacts(session: Session, ids: Sequence[str]) -> dict[str, Hit]:
    rows = session.scalars(
        select(Contact).where(
            Contact.id.in_(ids), Contact.deleted_at.is_(None), Contact.restricted.is_(False)
        )
    )
    hits = {}
    for c in rows:
        kind = "institution" if c.kind == "institution" else "person"
        detail = c.organisation if kind == "person" else ""
        hits[c.id] = Hit(kind, c.id, _contact_name(c), detail, "contacts", c.id)
    return hits


def _meeting_title(meeting: Meeting, body_name: str) -> str:
    return meeting.title or body_name


def _meeting_detail(meeting: Meeting, body_name: str) -> str:
    when = format_datetime(meeting.starts_at)
    return " · ".join(part for part in (when, body_name if meeting.title else "", meeting.location) if part)


def _meetings(session: Session, ids: Sequence[str]) -> dict[str, Hit]:
    rows = session.execute(
        select(Meeting, Body.name).join(Body, Body.id == Meeting.body_id).where(Meeting.id.in_(ids))
    )
    return {
        m.id: Hit("meeting", m.id, _meeting_title(m, body), _meeting_detail(m, body), "meetings", m.id)
        for m, body in rows
        if m.deleted_at is None
    }


def _agenda(session: Session, ids: Sequence[str]) -> dict[str, Hit]:
    rows = session.execute(
        select(AgendaItem, Meeting, Body.name)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .join(Body, Body.id == Meeting.body_id)
        .where(AgendaItem.id.in_(ids), AgendaItem.deleted_at.is_(None), Meeting.deleted_at.is_(None))
    )
    hits = {}
    for item, meeting, body in rows:
        title = (
            tr("TOP {number}: {title}", number=item.number, title=item.title) if item.number else item.title
        )
        when = format_datetime(meeting.starts_at)
        detail = " · ".join(part for part in (_meeting_title(meeting, body), when) if part)
        hits[item.id] = Hit("agenda", item.id, title, detail, "meetings", meeting.id, item.id)
    return hits


def _procedures(session: Session, ids: Sequence[str]) -> dict[str, Hit]:
    rows = session.execute(
        select(WrittenProcedure, Body.name)
        .join(Body, Body.id == WrittenProcedure.body_id)
        .where(WrittenProcedure.id.in_(ids), WrittenProcedure.deleted_at.is_(None))
    )
    # The written procedures have a window of their own, opened from the Sitzungen tab.
    return {
        w.id: Hit(
            "procedure", w.id, w.subject, tr("Umlaufverfahren · {body}", body=body), "meetings", "", w.id
        )
        for w, body in rows
    }


def _projects(session: Session, ids: Sequence[str]) -> dict[str, Hit]:
    rows = session.scalars(select(Project).where(Project.id.in_(ids), Project.deleted_at.is_(None)))
    return {
        p.id: Hit("project", p.id, p.title, ProjectStatus.label_of(p.status), "projects", p.id) for p in rows
    }


def _bodies(session: Session, ids: Sequence[str]) -> dict[str, Hit]:
    rows = session.scalars(select(Body).where(Body.id.in_(ids), Body.deleted_at.is_(None)))
    return {b.id: Hit("body", b.id, b.name, BodyType.label_of(b.body_type), "bodies", b.id) for b in rows}


def _attachments(session: Session, ids: Sequence[str]) -> dict[str, Hit]:
    """An attachment opens its owner's record; one whose owner is gone (or is shown nowhere) is left out."""
    rows = session.execute(
        select(Attachment.id, Attachment.filename, Attachment.owner_table, Attachment.owner_id).where(
            Attachment.id.in_(ids), Attachment.deleted_at.is_(None)
        )
    ).all()
    owners: dict[str, set[str]] = {}
    for _id, _name, table, owner in rows:
        owners.setdefault(table, set()).add(owner)
    found: dict[str, Hit] = {}
    describe_owner: dict[str, Describe] = {
        "body": _bodies,
        "meeting": _meetings,
        "agenda_item": _agenda,
        "project": _projects,
        "contact": _contacts,
    }
    for table, owner_ids in owners.items():
        if table in describe_owner:
            found.update(describe_owner[table](session, sorted(owner_ids)))
    hits = {}
    for attachment_id, filename, table, owner_id in rows:
        owner = found.get(owner_id)
        if owner is None or table not in OWNER_TABS:
            continue
        detail = tr("Anhang bei „{owner}“", owner=owner.title)
        hits[attachment_id] = Hit(
            "attachment", attachment_id, filename, detail, owner.tab, owner.tab_record_id, owner.part_id
        )
    return hits


_DESCRIBE: dict[str, Describe] = {
    "body": _bodies,
    "meeting": _meetings,
    "agenda": _agenda,
    "procedure": _procedures,
    "project": _projects,
    "person": _contacts,
    "institution": _contacts,
    "attachment": _attachments,
}

__all__ = ["KINDS", "Hit", "HitGroup", "SearchService", "match_expression"]
