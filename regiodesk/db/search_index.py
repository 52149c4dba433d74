"""The full-text index behind the one search over everything (SQLite FTS5), derived data.

One document per findable record: contacts (persons and institutions, with their e-mails,
phones, addresses and functions), projects, meetings, agenda items with their decisions,
written procedures, bodies, events, consultations, press and network work, and attachments
(name and description); the texts of notes are part of their record's document. The text is
folded by :func:`regiodesk.domain.text.search_key` (ä = a and ae, ß = ss), the folding every list
filter uses, so "mueller", "muller" and "Müller" find the same rows.

Kept current in the transaction that changes the data: when a session of
:class:`regiodesk.db.database.Database` commits, :func:`catch_up` re-reads the records named
by the change-log entries written since the index's mark (``search_state.indexed_seq``) and
moves the mark. The change log is written by three writers (the session's recorder, the bulk
inserts of imports, sync's batch apply) and every one of them commits through such a session,
so the index cannot miss a change and a rolled-back transaction leaves nothing behind. SQL
triggers could not fold (that needs a Python function registered on each connection, and any
other tool opening the file would then fail on every write).

The tables are not models: sync (which carries the tables of ``Base.metadata``) and Alembic's
comparison never see them (:func:`include_name`); backups and the handover copy them with the
file. A mark of -1 asks for a :func:`rebuild`: migration 0007 sets it, and the migration's own
transaction fills the index (``db.database._upgrade``). A later change to the folding or to
what is indexed comes with a migration that sets it again; ``regiodesk check`` compares the
index with the records (:func:`stale_documents`).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from regiodesk.db.dialect import WRITER_LOCK, PlainConnection, plain_connection
from regiodesk.domain.text import search_key

#: The index's own tables (the FTS5 table makes shadow tables named ``search_index_*``).
PREFIX = "search_"
STATE_TABLE = "search_state"
DOC_TABLE = "search_doc"
FTS_TABLE = "search_index"

#: Asks for a rebuild when stored as the mark.
STALE = -1


def driver_connection(connection: Any) -> PlainConnection:
    """The driver connection under an SQLAlchemy ``Connection`` (the index speaks plain SQL).

    On a PostgreSQL server the same SQL runs through ``db.dialect``'s translation.
    """
    return plain_connection(connection)


def full_text(connection: PlainConnection) -> bool:
    """Whether the index is SQLite's FTS5 table (a file) or a plain table (a PostgreSQL server).

    On the server the documents are the same folded text and a query is matched word by word
    with a regular expression (:func:`find`); ``purge`` has nothing to merge there.
    """
    return isinstance(connection, sqlite3.Connection)


def is_index_table(name: str) -> bool:
    """A table of the search index (not a model: Alembic, sync and the handover leave it alone)."""
    return name.startswith(PREFIX)


def include_name(name: str | None, type_: str, _parent_names: object) -> bool:
    """Alembic's ``include_name``: autogenerate and comparisons leave the index's tables alone."""
    return not (type_ == "table" and name is not None and is_index_table(name))


@dataclass(frozen=True)
class Source:
    """How the documents of one table are read: ``select`` yields (row id, kind, title, texts…)
    of the live records; ``{where}`` limits it to some ids of the table (named ``alias`` there).
    The title (a name) weighs more in the ranking than the other texts."""

    table: str
    alias: str
    select: str


_EMAILS = (
    "SELECT group_concat(address, ' ') FROM contact_email WHERE contact_id = c.id AND deleted_at IS NULL"
)
_PHONES = "SELECT group_concat(number, ' ') FROM contact_phone WHERE contact_id = c.id AND deleted_at IS NULL"
_PLACES = (
    "SELECT group_concat(street || ' ' || postal_code || ' ' || city, ' ') FROM address "
    "WHERE contact_id = c.id AND deleted_at IS NULL"
)
_FUNCTIONS = (
    "SELECT group_concat(function, ' ') FROM affiliation "
    "WHERE (person_id = c.id OR institution_id = c.id) AND deleted_at IS NULL"
)
#: The title of the project a consultation or a piece of press work is about (a contact's name is
#: not copied into other documents: a restricted one must not be found through them).
_PROJECT = "SELECT title FROM project WHERE id = {alias}.project_id AND deleted_at IS NULL"

#: The tables whose attachments are found: those of the records the window opens (a logo is not).
ATTACHMENT_OWNERS = ("body", "meeting", "agenda_item", "project", "contact", "event", "activity")

SOURCES: tuple[Source, ...] = (
    # A restricted contact (DSGVO Art. 18) is not processed and not listed: not found either.
    Source(
        "contact",
        "c",
        "SELECT c.id, CASE c.kind WHEN 'institution' THEN 'institution' ELSE 'person' END, "
        "CASE c.kind WHEN 'institution' THEN c.organisation "
        "ELSE c.title || ' ' || c.first_name || ' ' || c.last_name END, c.organisation, c.notes, "
        f"({_EMAILS}), ({_PHONES}), ({_PLACES}), ({_FUNCTIONS}) "
        "FROM contact c WHERE c.deleted_at IS NULL AND NOT c.restricted AND {where}",
    ),
    Source(
        "project",
        "p",
        "SELECT p.id, 'project', p.title, p.short_description, p.project_area, p.project_type, "
        "p.approval_file_number, p.cofinancing_source, p.notes "
        "FROM project p WHERE p.deleted_at IS NULL AND {where}",
    ),
    Source(
        "meeting",
        "m",
        "SELECT m.id, 'meeting', m.title || ' ' || b.name, strftime('%d.%m.%Y', m.starts_at), "
        "m.location, m.notes FROM meeting m "
        "JOIN body b ON b.id = m.body_id WHERE m.deleted_at IS NULL AND {where}",
    ),
    Source(
        "agenda_item",
        "a",
        "SELECT a.id, 'agenda', 'TOP ' || a.number || ' ' || a.title, a.discussion, a.decision_text "
        "FROM agenda_item a "
        "JOIN meeting m ON m.id = a.meeting_id "
        "WHERE a.deleted_at IS NULL AND m.deleted_at IS NULL AND {where}",
    ),
    Source(
        "written_procedure",
        "w",
        "SELECT w.id, 'procedure', w.subject, w.decision_text FROM written_procedure w "
        "WHERE w.deleted_at IS NULL AND {where}",
    ),
    Source(
        "body",
        "b",
        "SELECT b.id, 'body', b.name, b.description FROM body b WHERE b.deleted_at IS NULL AND {where}",
    ),
    Source(
        "event",
        "e",
        "SELECT e.id, 'event', e.title, strftime('%d.%m.%Y', e.starts_at), e.location, e.organiser, "
        "e.co_organisers, e.programme, e.notes FROM event e WHERE e.deleted_at IS NULL AND {where}",
    ),
    Source(
        "consultation",
        "k",
        "SELECT k.id, 'consultation', k.topic, strftime('%d.%m.%Y', k.held_on), k.project_idea, "
        f"k.outcome, ({_PROJECT.format(alias='k')}) "
        "FROM consultation k WHERE k.deleted_at IS NULL AND {where}",
    ),
    Source(
        "activity",
        "v",
        "SELECT v.id, 'activity', v.title, strftime('%d.%m.%Y', v.held_on), v.medium, v.participants, "
        f"v.link, v.notes, ({_PROJECT.format(alias='v')}) "
        "FROM activity v WHERE v.deleted_at IS NULL AND {where}",
    ),
    Source(
        "attachment",
        "t",
        "SELECT t.id, 'attachment', t.filename, t.description FROM attachment t "
        "WHERE t.deleted_at IS NULL AND t.owner_table IN ({owners}) AND {{where}}".format(
            owners=", ".join(f"'{table}'" for table in ATTACHMENT_OWNERS)
        ),
    ),
)
_BY_TABLE = {source.table: source for source in SOURCES}

#: Rows whose change changes another record's document: (table, column naming that record's id,
#: the record's table). A contact's e-mail belongs to the contact's document.
PARTS: tuple[tuple[str, str, str], ...] = (
    ("contact_email", "contact_id", "contact"),
    ("contact_phone", "contact_id", "contact"),
    ("address", "contact_id", "contact"),
    ("affiliation", "person_id", "contact"),
    ("affiliation", "institution_id", "contact"),
)
#: Documents that depend on another record: (that record's table, the column pointing to it,
#: the dependent table). A meeting's documents name its body, a consultation's its project; an
#: agenda item goes with its meeting (sync deletes it along without a log entry of its own:
#: ``sync.apply.follow_parents``).
DEPENDENTS: tuple[tuple[str, str, str], ...] = (
    ("body", "body_id", "meeting"),
    ("meeting", "meeting_id", "agenda_item"),
    ("project", "project_id", "consultation"),
    ("project", "project_id", "activity"),
)

#: (row id, kind, folded title, folded text) of one record
Document = tuple[str, str, str, str]

#: SQLite's oldest limit of parameters per statement.
_CHUNK = 900


def _chunks(ids: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def document_text(texts: Iterable[str | None]) -> str:
    """The folded text of a record's document (what the index holds and a query matches)."""
    return search_key("\n".join(t for t in texts if t))


def _document(row: Sequence) -> Document:
    return (row[0], row[1], document_text(row[2:3]), document_text(row[3:]))


def _read(connection: PlainConnection, source: Source, ids: list[str] | None) -> list[Document]:
    """The documents of the live records of ``source`` (those of ``ids``, or all)."""
    rows: list[Document] = []
    if ids is None:
        batches: Iterable[list[str] | None] = [None]
    else:
        batches = _chunks(ids)
    for batch in batches:
        params: tuple[str, ...] = ()
        if batch is None:
            sql = source.select.format(where="1 = 1")
        else:
            marks = ", ".join("?" * len(batch))
            sql, params = source.select.format(where=f"{source.alias}.id IN ({marks})"), tuple(batch)
        for row in connection.execute(sql, params):
            rows.append(_document(row))
    return rows


def _drop(connection: PlainConnection, ids: list[str]) -> None:
    # two statements, not three (on a server each is a round trip of every save)
    for batch in _chunks(ids):
        marks = ", ".join("?" * len(batch))
        connection.execute(
            f"DELETE FROM {FTS_TABLE} WHERE rowid IN (SELECT id FROM {DOC_TABLE} WHERE row_id IN ({marks}))",
            tuple(batch),
        )
        connection.execute(f"DELETE FROM {DOC_TABLE} WHERE row_id IN ({marks})", tuple(batch))


def _add(connection: PlainConnection, documents: list[Document]) -> None:
    if not documents:
        return
    start = connection.execute(f"SELECT coalesce(max(id), 0) FROM {DOC_TABLE}").fetchone()[0] or 0
    connection.executemany(
        f"INSERT INTO {DOC_TABLE} (id, kind, row_id) VALUES (?, ?, ?)",
        [(start + n, kind, row_id) for n, (row_id, kind, _title, _text) in enumerate(documents, 1)],
    )
    connection.executemany(
        f"INSERT INTO {FTS_TABLE} (rowid, kind, title, text) VALUES (?, ?, ?, ?)",
        [(start + n, kind, title, text) for n, (_row_id, kind, title, text) in enumerate(documents, 1)],
    )


def reindex(connection: PlainConnection, changed: dict[str, set[str]]) -> int:
    """Read the documents of the records ``changed`` (table -> ids) again; returns how many.

    A record no longer live (deleted, restricted) drops out; one brought back comes back.
    Changes of a record's parts (an e-mail) and of records a document depends on (a meeting's
    body) reach the documents concerned.
    """
    wanted: dict[str, set[str]] = defaultdict(set)
    for table, changed_ids in changed.items():
        if table in _BY_TABLE:
            wanted[table] |= changed_ids
    for part, column, owner in PARTS:
        for batch in _chunks(sorted(changed.get(part, ()))):
            marks = ", ".join("?" * len(batch))
            wanted[owner].update(
                owner_id
                for (owner_id,) in connection.execute(
                    f"SELECT {column} FROM {part} WHERE id IN ({marks}) AND {column} IS NOT NULL",
                    tuple(batch),
                )
            )
    for parent, column, child in DEPENDENTS:  # in order: a body's meetings, then their agenda items
        for batch in _chunks(sorted(wanted.get(parent, ()))):
            marks = ", ".join("?" * len(batch))
            wanted[child].update(
                child_id
                for (child_id,) in connection.execute(
                    f"SELECT id FROM {child} WHERE {column} IN ({marks})", tuple(batch)
                )
            )
    owners: list[str] = sorted(set().union(*changed.values())) if changed else []
    for batch in _chunks(owners):  # attachments of a changed record
        marks = ", ".join("?" * len(batch))
        wanted["attachment"].update(
            attachment_id
            for (attachment_id,) in connection.execute(
                f"SELECT id FROM attachment WHERE owner_id IN ({marks})", tuple(batch)
            )
        )
    count = 0
    for source in SOURCES:
        ids = sorted(wanted.get(source.table, ()))
        if not ids:
            continue
        _drop(connection, ids)
        documents = _read(connection, source, ids)
        _add(connection, documents)
        count += len(ids)
    return count


def rebuild(connection: PlainConnection) -> int:
    """Fill the index afresh from every live record and set its mark; returns the documents."""
    connection.execute(f"DELETE FROM {FTS_TABLE}")
    connection.execute(f"DELETE FROM {DOC_TABLE}")
    documents = [document for source in SOURCES for document in _read(connection, source, None)]
    _add(connection, documents)
    _set_mark(connection, _last_seq(connection))
    return len(documents)


def _last_seq(connection: PlainConnection) -> int:
    return connection.execute("SELECT coalesce(max(seq), 0) FROM change_log").fetchone()[0] or 0


def _set_mark(connection: PlainConnection, seq: int) -> None:
    connection.execute(f"UPDATE {STATE_TABLE} SET value = ? WHERE key = 'indexed_seq'", (seq,))


def mark_stale(connection: PlainConnection) -> None:
    """Ask for a :func:`rebuild` at the commit (the records were written past the change log)."""
    _set_mark(connection, STALE)


def mark(connection: PlainConnection) -> int | None:
    """The change-log seq the index has taken in (``STALE``: needs a rebuild; None: no index)."""
    row = connection.execute(f"SELECT value FROM {STATE_TABLE} WHERE key = 'indexed_seq'").fetchone()
    return None if row is None else row[0]


def catch_up(connection: PlainConnection, locked: bool = False) -> int:
    """Bring the index up to the change log, in the caller's transaction; returns the documents read.

    Cheap when nothing changed: one look at the mark and the log's newest seq. On a server the
    writer lock is held first (``dialect.WRITER_LOCK``; ``locked``: the transaction holds it
    already): one catch-up at a time, each seeing the one before it committed.
    """
    if not locked and not full_text(connection):
        connection.execute(WRITER_LOCK)
    row = connection.execute(
        f"SELECT value, (SELECT max(seq) FROM change_log) FROM {STATE_TABLE} WHERE key = 'indexed_seq'"
    ).fetchone()
    if row is None:
        return 0
    indexed, last = row[0], row[1] or 0
    if indexed == STALE or last < indexed:  # (a log shorter than the mark: nothing to trust)
        return rebuild(connection)
    if last == indexed:
        return 0
    changed: dict[str, set[str]] = defaultdict(set)
    for table, row_id in connection.execute(
        "SELECT DISTINCT table_name, row_id FROM change_log WHERE seq > ? AND seq <= ?", (indexed, last)
    ):
        changed[table].add(row_id)
    count = reindex(connection, changed)
    _set_mark(connection, last)
    return count


#: Set in a session's ``info`` by a change that must leave no trace (a DSGVO erasure): its commit
#: also purges what the index keeps of deleted documents (:func:`purge`).
PURGE = "search_index_purge"


def purge(connection: PlainConnection) -> None:
    """Rewrite the index without the words of deleted documents.

    FTS5 marks a deleted document's words as deleted and drops them only when it merges its
    segments: until then the words of an erased person could be read out of the file. A full
    merge ("optimize") rewrites the index (about a second on the large region); erasures are rare.
    """
    if full_text(connection):
        connection.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('optimize')")


def stale_documents(connection: PlainConnection) -> tuple[int, int]:
    """(documents missing or out of date, documents that should not be there), for ``check``.

    Reads every live record's document and compares it with the index: read-only.
    """
    expected = {document[0]: document for source in SOURCES for document in _read(connection, source, None)}
    indexed = {
        document[0]: tuple(document)
        for document in connection.execute(
            f"SELECT d.row_id, i.kind, i.title, i.text "
            f"FROM {DOC_TABLE} d JOIN {FTS_TABLE} i ON i.rowid = d.id"
        )
    }
    wrong = sum(1 for row_id, document in expected.items() if indexed.get(row_id) != document)
    extra = sum(1 for row_id in indexed if row_id not in expected)
    return wrong, extra


def find(
    connection: PlainConnection,
    kind: str,
    expression: str,
    terms: Sequence[Sequence[Sequence[str]]],
    limit: int,
    rank_at_most: int,
) -> tuple[int, list[str]]:
    """(how many documents of ``kind`` match, the row ids of the first ``limit``).

    Up to ``rank_at_most`` matches are ranked, best first; more are taken in the index's order.

    ``expression`` is the FTS5 query of a file (``services.search.match_expression``); ``terms``
    the same search for a server: per typed term its spellings, each a list of word beginnings
    that follow one another (every term must match in the title or the text).
    """
    if full_text(connection):
        query = f"kind : {kind} AND {{title text}} : ({expression})"
        total = connection.execute(
            f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?", (query,)
        ).fetchone()[0]
        if not total:
            return 0, []
        order = "ORDER BY rank" if total <= rank_at_most else ""
        ids = [
            row_id
            for (row_id,) in connection.execute(
                f"SELECT d.row_id FROM {FTS_TABLE} i JOIN {DOC_TABLE} d ON d.id = i.rowid "
                f"WHERE {FTS_TABLE} MATCH ? {order} LIMIT ?",
                (query, limit),
            )
        ]
        return total, ids
    conditions, params = [], []
    for spellings in terms:
        patterns = ["(^|[^[:alnum:]])" + "[^[:alnum:]]+".join(words) for words in spellings if words]
        if not patterns:
            continue
        pattern = "|".join(f"({p})" for p in patterns)
        conditions.append("(i.title ~ ? OR i.text ~ ?)")
        params += [pattern, pattern]
    if not conditions:
        return 0, []
    where = " AND ".join(["i.kind = ?", *conditions])
    total = connection.execute(f"SELECT count(*) FROM {FTS_TABLE} i WHERE {where}", (kind, *params))
    total = total.fetchone()[0]
    if not total:
        return 0, []
    ranked = total <= rank_at_most
    # the title weighs more (as bm25's weights on a file): documents matching there come first
    order = "ORDER BY (i.title ~ ?) DESC, i.title" if ranked else ""
    first = (params[0],) if ranked else ()
    ids = [
        row_id
        for (row_id,) in connection.execute(
            f"SELECT d.row_id FROM {FTS_TABLE} i JOIN {DOC_TABLE} d ON d.id = i.rowid "
            f"WHERE {where} {order} LIMIT ?",
            (kind, *params, *first, limit),
        )
    ]
    return total, ids
