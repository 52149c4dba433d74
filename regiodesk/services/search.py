"""One search over everything: the hits of a few typed letters, grouped by kind.

Reads the full-text index of :mod:`regiodesk.db.search_index` (kept current by every commit).
A term is folded as every list filter folds it (:func:`regiodesk.domain.text.search_terms`):
"Müller", "Mueller" and "muller" find the same; each term is the beginning of a word
("Müll" finds Müller), and every term must be found.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from typing import Any

from regiodesk.db import search_index
from regiodesk.db.database import Database
from regiodesk.db.dialect import PlainConnection
from regiodesk.domain.enums import ActivityKind, BodyType, EventKind, LabelledEnum, ProjectStatus
from regiodesk.domain.text import search_terms
from regiodesk.i18n import format_date, format_datetime, tr


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
    #: the table of a record shown in a window of its own opened from ``tab`` (an event, a
    #: consultation, press and network work; ``part_id`` names it), or '' for a record of a tab
    opens: str = ""


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
    ("event", "Veranstaltungen"),
    ("project", "Projekte"),
    ("consultation", "Beratungsgespräche"),
    ("activity", "Presse- und Netzwerkarbeit"),
    ("person", "Personen"),
    ("institution", "Institutionen"),
    ("attachment", "Anhänge"),
)
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


def server_terms(typed: str) -> list[list[list[str]]]:
    """What was typed as a server's index matches it: per term its spellings, each as its words."""
    terms = []
    for plain, translit in search_terms(typed):
        spellings = [_TOKEN.findall(spelling) for spelling in dict.fromkeys((plain, translit))]
        if any(spellings):
            terms.append([words for words in spellings if words])
    return terms


class SearchService:
    def __init__(self, db: Database):
        self.db = db

    def search(self, typed: str, per_kind: int = 5) -> list[HitGroup]:
        """The groups of records matching ``typed``, best first within each kind (at most
        ``per_kind`` hits each, the total counted); kinds without a hit are left out."""
        expression = match_expression(typed)
        if not expression:
            return []
        terms = server_terms(typed)
        groups = []
        # Plain SQL on the session's connection: a keystroke has 50 ms, and building and
        # loading ORM statements for eight kinds took half of them on a busy laptop.
        with self.db.session() as session:
            con = search_index.driver_connection(session.connection())
            for kind, label in KINDS:
                # Ranking costs time in proportion to the matches: thousands (the first letter
                # typed) are shown as they come, and nobody reads them before typing on.
                # A few more than shown: a hit whose owner is gone (see _attachments) is left out.
                total, ids = search_index.find(
                    con, kind, expression, terms, per_kind + 3, rank_at_most=RANKED_AT_MOST
                )
                if not total:
                    continue
                hits = _DESCRIBE[kind](con, ids)
                ordered = [hits[i] for i in ids if i in hits][:per_kind]
                if ordered:
                    groups.append(HitGroup(kind, tr(label), total, tuple(ordered)))
        return groups

    def rebuild_index(self) -> int:
        """Build the search index afresh from the records (``check`` says when); returns its entries."""
        self.db.recorder.refuse_if_damaged()
        with self.db.transaction() as session:
            return search_index.rebuild(search_index.driver_connection(session.connection()))


# ------------------------------------------------------------------ what a hit shows
Describe = Callable[[PlainConnection, Sequence[str]], dict[str, Hit]]


def _rows(con: PlainConnection, sql: str, ids: Sequence[str]) -> list[tuple]:
    """``sql`` with ``{ids}`` standing for the ids' placeholders (a few: the hits of one kind)."""
    return con.execute(sql.format(ids=", ".join("?" * len(ids))), tuple(ids)).fetchall()


def _when(stored: str | datetime | None) -> str:
    """A meeting's start as the database gives it (a file: local wall-clock text), as shown."""
    if isinstance(stored, str):
        stored = datetime.fromisoformat(stored)
    return format_datetime(stored) if stored else ""


def _contact_name(kind: str, title: str, first: str, last: str, organisation: str) -> str:
    if kind == "institution":
        return organisation or tr("(ohne Namen)")
    name = ", ".join(part for part in (last, first) if part)
    return " ".join(part for part in (title, name) if part) or tr("(ohne Namen)")


def _contacts(con: PlainConnection, ids: Sequence[str]) -> dict[str, Hit]:
    hits = {}
    for row_id, kind, title, first, last, organisation in _rows(
        con,
        "SELECT id, kind, title, first_name, last_name, organisation FROM contact "
        "WHERE id IN ({ids}) AND deleted_at IS NULL AND NOT restricted",
        ids,
    ):
        kind = "institution" if kind == "institution" else "person"
        name = _contact_name(kind, title, first, last, organisation)
        detail = organisation if kind == "person" else ""
        hits[row_id] = Hit(kind, row_id, name, detail, "contacts", row_id)
    return hits


def _meeting_title(title: str, body_name: str) -> str:
    return title or body_name


def _meetings(con: PlainConnection, ids: Sequence[str]) -> dict[str, Hit]:
    hits = {}
    for row_id, title, starts_at, location, body in _rows(
        con,
        "SELECT m.id, m.title, m.starts_at, m.location, b.name FROM meeting m "
        "JOIN body b ON b.id = m.body_id WHERE m.id IN ({ids}) AND m.deleted_at IS NULL",
        ids,
    ):
        detail = " · ".join(part for part in (_when(starts_at), body if title else "", location) if part)
        hits[row_id] = Hit("meeting", row_id, _meeting_title(title, body), detail, "meetings", row_id)
    return hits


def _agenda(con: PlainConnection, ids: Sequence[str]) -> dict[str, Hit]:
    hits = {}
    for row_id, number, item_title, meeting_id, title, starts_at, body in _rows(
        con,
        "SELECT a.id, a.number, a.title, m.id, m.title, m.starts_at, b.name FROM agenda_item a "
        "JOIN meeting m ON m.id = a.meeting_id JOIN body b ON b.id = m.body_id "
        "WHERE a.id IN ({ids}) AND a.deleted_at IS NULL AND m.deleted_at IS NULL",
        ids,
    ):
        name = tr("TOP {number}: {title}", number=number, title=item_title) if number else item_title
        detail = " · ".join(part for part in (_meeting_title(title, body), _when(starts_at)) if part)
        hits[row_id] = Hit("agenda", row_id, name, detail, "meetings", meeting_id, row_id)
    return hits


def _procedures(con: PlainConnection, ids: Sequence[str]) -> dict[str, Hit]:
    # The written procedures have a window of their own, opened from the Sitzungen tab.
    return {
        row_id: Hit(
            "procedure", row_id, subject, tr("Umlaufverfahren · {body}", body=body), "meetings", "", row_id
        )
        for row_id, subject, body in _rows(
            con,
            "SELECT w.id, w.subject, b.name FROM written_procedure w JOIN body b ON b.id = w.body_id "
            "WHERE w.id IN ({ids}) AND w.deleted_at IS NULL",
            ids,
        )
    }


def _projects(con: PlainConnection, ids: Sequence[str]) -> dict[str, Hit]:
    return {
        row_id: Hit("project", row_id, title, ProjectStatus.label_of(status), "projects", row_id)
        for row_id, title, status in _rows(
            con, "SELECT id, title, status FROM project WHERE id IN ({ids}) AND deleted_at IS NULL", ids
        )
    }


def _bodies(con: PlainConnection, ids: Sequence[str]) -> dict[str, Hit]:
    return {
        row_id: Hit("body", row_id, name, BodyType.label_of(body_type), "bodies", row_id)
        for row_id, name, body_type in _rows(
            con, "SELECT id, name, body_type FROM body WHERE id IN ({ids}) AND deleted_at IS NULL", ids
        )
    }


def _day(stored: str | date | None) -> str:
    """A date as the database gives it (a file: ISO text), as shown."""
    if isinstance(stored, str):
        stored = date.fromisoformat(stored[:10])
    return format_date(stored) if stored else ""


def _in_a_window(table: str, tab: str, found: Iterable[tuple[str, str, Iterable[str]]]) -> dict[str, Hit]:
    """Hits of records shown in a window of their own opened from ``tab``, where the record is
    chosen (``ui.record_links``): (row id, title, the parts of the detail line) each."""
    return {
        row_id: Hit(table, row_id, title, " · ".join(part for part in parts if part), tab, "", row_id, table)
        for row_id, title, parts in found
    }


def _of_a_kind(
    table: str, tab: str, kinds: type[LabelledEnum], when: str, shown: Callable[[Any], str], place: str
) -> Describe:
    """The describer of events and press and network work: title; kind, day and place as the detail."""

    def describe(con: PlainConnection, ids: Sequence[str]) -> dict[str, Hit]:
        rows = _rows(
            con,
            f"SELECT id, title, kind, {when}, {place} FROM {table} "
            "WHERE id IN ({ids}) AND deleted_at IS NULL",
            ids,
        )
        return _in_a_window(
            table,
            tab,
            (
                (row_id, title, (kinds.label_of(kind), shown(on), where))
                for row_id, title, kind, on, where in rows
            ),
        )

    return describe


_events = _of_a_kind("event", "meetings", EventKind, "starts_at", _when, "location")
_activities = _of_a_kind("activity", "projects", ActivityKind, "held_on", _day, "medium")


def _consultations(con: PlainConnection, ids: Sequence[str]) -> dict[str, Hit]:
    rows = _rows(
        con,
        "SELECT k.id, k.topic, k.held_on, k.project_idea, p.title FROM consultation k "
        "LEFT JOIN project p ON p.id = k.project_id AND p.deleted_at IS NULL "
        "WHERE k.id IN ({ids}) AND k.deleted_at IS NULL",
        ids,
    )
    return _in_a_window(
        "consultation",
        "projects",
        (
            (row_id, topic, (tr("Beratung am {day}", day=_day(held_on)), project or idea))
            for row_id, topic, held_on, idea, project in rows
        ),
    )


#: How the owner of an attachment is shown, by its table: the tables of
#: ``search_index.ATTACHMENT_OWNERS`` (the hit opens where its owner opens).
_OWNERS: dict[str, Describe] = {
    "body": _bodies,
    "meeting": _meetings,
    "agenda_item": _agenda,
    "project": _projects,
    "contact": _contacts,
    "event": _events,
    "activity": _activities,
}


def _attachments(con: PlainConnection, ids: Sequence[str]) -> dict[str, Hit]:
    """An attachment opens its owner's record; one whose owner is gone (or is shown nowhere) is left out."""
    rows = _rows(
        con,
        "SELECT id, filename, owner_table, owner_id FROM attachment "
        "WHERE id IN ({ids}) AND deleted_at IS NULL",
        ids,
    )
    owners: dict[str, set[str]] = {}
    for _id, _name, table, owner in rows:
        owners.setdefault(table, set()).add(owner)
    found: dict[str, Hit] = {}
    for table, owner_ids in owners.items():
        if table in _OWNERS:
            found.update(_OWNERS[table](con, sorted(owner_ids)))
    hits = {}
    for attachment_id, filename, _table, owner_id in rows:
        owner = found.get(owner_id)
        if owner is None:
            continue
        detail = tr("Anhang bei „{owner}“", owner=owner.title)
        # shown where its owner is
        hits[attachment_id] = replace(
            owner, kind="attachment", record_id=attachment_id, title=filename, detail=detail
        )
    return hits


_DESCRIBE: dict[str, Describe] = {
    "body": _bodies,
    "meeting": _meetings,
    "agenda": _agenda,
    "procedure": _procedures,
    "event": _events,
    "project": _projects,
    "consultation": _consultations,
    "activity": _activities,
    "person": _contacts,
    "institution": _contacts,
    "attachment": _attachments,
}

__all__ = ["KINDS", "Hit", "HitGroup", "SearchService", "match_expression"]
