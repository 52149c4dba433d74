"""Meeting documents: Einladung, Anwesenheitsliste, Protokoll and Beschlussauszug (PDF)."""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer
from sqlalchemy import Row, select

from regiodesk.db.database import Database
from regiodesk.db.models import Project
from regiodesk.domain.enums import (
    AgendaKind,
    AttendanceStatus,
    BodyType,
    MeetingState,
    MembershipRole,
    RequiredMajority,
    VoteChoice,
    VoteResult,
)
from regiodesk.domain.errors import NotFoundError
from regiodesk.domain.text import sort_key
from regiodesk.domain.voting import format_percent, groups_sentence, quorum_numbers_sentence
from regiodesk.i18n import format_cents, format_date, format_datetime
from regiodesk.reports.document import (
    Block,
    Document,
    Facts,
    Grid,
    Heading,
    Para,
    Run,
    Signatures,
    Space,
    Text,
    Together,
    render_pdf,
)
from regiodesk.reports.pdf import (
    CONTENT_WIDTH,
    Letterhead,
    Paragraph,
    build_pdf,
    escape,
    styles,
    table,
)
from regiodesk.services.agenda_rows import AgendaRow, agenda_items
from regiodesk.services.conduct import (
    AttendanceRow,
    ConflictRow,
    MeetingConduct,
    Presence,
    StoredVote,
    body_row,
    meeting_row,
)
from regiodesk.services.contact_names import contact_names
from regiodesk.services.scoring import sheets_in


@dataclass
class ItemRecord:
    row: AgendaRow
    conflicts: list[ConflictRow] = field(default_factory=list)
    vote: StoredVote | None = None
    #: seat (member id) -> choice, for a named vote
    named: dict[str, str] = field(default_factory=dict)
    #: for a selection decision: score, minimum score and the grant applied for (rule 7)
    project_facts: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class MeetingDossier:
    """Everything the documents of one meeting show, loaded once.

    Read without SQLAlchemy's ORM (rows of the tables' columns, see :func:`load_dossier`)."""

    #: the meeting's columns (``Meeting``)
    meeting: Row[Any]
    #: the body's columns (``Body``)
    body: Row[Any]
    chair: str
    minute_taker: str
    items: list[ItemRecord]
    attendance: list[AttendanceRow]
    letterhead: Letterhead
    #: who filled the voting seats at the start (the same count the votes use)
    start: Presence | None = None

    @property
    def when(self) -> str:
        text = f"{_weekday(self.meeting.starts_at)}, {format_datetime(self.meeting.starts_at)} Uhr"
        if self.meeting.ends_at:
            text += f" bis {self.meeting.ends_at:%H:%M} Uhr"
        return text

    @property
    def title(self) -> str:
        return self.meeting.title or f"Sitzung {self.body.name}"


WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")


def _weekday(moment: datetime) -> str:
    return WEEKDAYS[moment.weekday()]


def load_dossier(db: Database, meeting_id: str) -> MeetingDossier:
    """Everything one meeting's documents show, read as rows of the tables' columns, through the
    same reads as the window's meeting pages (agenda, attendance, votes): printing never builds
    SQLAlchemy's ORM (configuring the mappers and compiling ORM statements was a tenth of
    ``regiodesk print minutes``)."""
    conduct = MeetingConduct(db)
    with db.session() as session:
        meeting = meeting_row(session, meeting_id)
        body = body_row(session, meeting.body_id)
        people = contact_names(session, [meeting.chair_id, meeting.minute_taker_id])
        names = (people.get(meeting.chair_id or "", ""), people.get(meeting.minute_taker_id or "", ""))
    rows = agenda_items(db, meeting_id)
    # each kind of thing the items show read once for all of them, not once per item
    ids = [row.id for row in rows]
    votes, conflicts = conduct.current_votes(ids), conduct.conflicts_of(ids)
    facts = projects_facts(db, [r.project_id for r in rows if r.is_selection_decision and r.project_id])
    items = []
    for row in rows:
        vote = votes.get(row.id)
        named = conduct.named_choices(vote.id) if vote is not None and vote.named else {}
        item_facts = facts.get(row.project_id, []) if row.is_selection_decision and row.project_id else []
        items.append(ItemRecord(row, conflicts.get(row.id, []), vote, named, item_facts))
    return MeetingDossier(
        meeting,
        body,
        names[0],
        names[1],
        items,
        conduct.attendance(meeting_id),
        Letterhead.of(db),
        conduct.presence(meeting_id),
    )


# ----------------------------------------------------------------- Einladung
def invitation_document(d: MeetingDossier) -> Document:
    """The members' letter; the office's own notice check (Ladungsfrist) is shown in the window."""
    doc = Document(
        f"Einladung zur Sitzung: {d.body.name}",
        f"Einladung {d.body.name} {format_date(d.meeting.starts_at.date())}",
        f"Einladung zur Sitzung am {format_date(d.meeting.starts_at.date())}: {d.title}",
    )
    doc.add(Heading(doc.title, 1))
    doc.add(Para(d.meeting.title, "subtitle") if d.meeting.title else Space(1))
    doc.add(
        Facts((("Termin", d.when), ("Ort", d.meeting.location or "–"), ("Sitzungsleitung", d.chair or "–"))),
        Space(6),
        Para("Sehr geehrte Damen und Herren,"),
        Space(2),
        Para(
            f"hiermit laden wir Sie herzlich zur Sitzung des Gremiums „{d.body.name}“ ein. "
            "Es ist folgende Tagesordnung vorgesehen:"
        ),
        Heading("Tagesordnung"),
    )
    rows: list[tuple[Text, ...]] = []
    for item in d.items:
        text: Text = item.row.title
        if item.row.project_title:
            project = f"Projekt: {item.row.project_title}"
            project += " – Projektauswahl durch die LAG" if item.row.is_selection_decision else ""
            text = (Run(item.row.title + "\n"), Run(project, small=True))
        rows.append((item.row.number, text, AgendaKind.label_of(item.row.kind)))
    doc.add(Grid(("TOP", "Gegenstand", "Art"), tuple(rows)))
    if any(i.row.project_title for i in d.items):
        doc.add(
            Space(4),
            Para("Die Projektskizzen der zur Auswahl stehenden Projekte liegen dieser Einladung bei."),
        )
    doc.add(
        Space(4),
        Together(  # the closing never stands alone on a second page
            (
                Para(
                    "Falls Sie verhindert sind, bitten wir um Nachricht und um Weitergabe an Ihre "
                    "persönliche Stellvertretung."
                ),
                Space(8),
                Para("Mit freundlichen Grüßen"),
                Space(10),
                Para(d.chair or d.letterhead.signatory or "Geschäftsstelle"),
            )
        ),
    )
    return doc


def invitation_pdf(db: Database, meeting_id: str) -> bytes:
    d = load_dossier(db, meeting_id)
    return render_pdf(invitation_document(d), d.letterhead)


def invitation_docx(db: Database, meeting_id: str) -> bytes:
    """The invitation as an editable Word document (same content as the PDF)."""
    from regiodesk.reports.docx_writer import render_docx

    d = load_dossier(db, meeting_id)
    return render_docx(invitation_document(d), d.letterhead)


# --------------------------------------------------------- Anwesenheitsliste
def attendance_pdf(db: Database, meeting_id: str) -> bytes:
    d = load_dossier(db, meeting_id)
    st = styles()
    story: list[Flowable] = [
        Paragraph(f"Anwesenheitsliste: {escape(d.body.name)}", st["title"]),
        Paragraph(f"{escape(d.when)} · {escape(d.meeting.location)}", st["subtitle"]),
    ]
    voting = [r for r in d.attendance if r.voting_right]
    groups: dict[str, list[AttendanceRow]] = {}
    for row in voting:
        groups.setdefault(row.interest_group or "ohne Interessengruppe", []).append(row)
    widths = [52 * mm, 17 * mm, 50 * mm, CONTENT_WIDTH - 119 * mm]
    for group, rows in sorted(groups.items(), key=lambda kv: sort_key(kv[0])):
        story.append(Paragraph(f"Stimmberechtigte Mitglieder – {escape(group)}", st["h3"]))
        body = [["Mitglied", "Sektor", "Stellvertretung (falls anwesend)", "Unterschrift"]]
        for r in rows:
            body.append([r.name, "öff." if r.public_sector else "WiSo", r.deputy_name, ""])
        story.append(table(body, widths, row_heights=9 * mm))
        story.append(Spacer(1, 2 * mm))
    others = [r for r in d.attendance if not r.voting_right]
    if others:
        story.append(Paragraph("Beratende Mitglieder, Geschäftsstelle und Gäste", st["h3"]))
        body = [["Name", "Funktion", "Unterschrift"]]
        for r in others:
            body.append([r.name, _role(r.role), ""])
        for _ in range(4):
            body.append(["", "", ""])
        story.append(table(body, [70 * mm, 46 * mm, CONTENT_WIDTH - 116 * mm], row_heights=9 * mm))
    return build_pdf(
        story, d.letterhead, f"Anwesenheitsliste {d.body.name} {format_date(d.meeting.starts_at.date())}"
    )


def _role(role: str) -> str:
    return "Gast" if role == "gast" else MembershipRole.label_of(role)


# ------------------------------------------------------------------ Protokoll
def minutes_document(d: MeetingDossier) -> Document:
    """The Niederschrift (rule 7); a draft ("ENTWURF") until the minutes are approved."""
    day = format_date(d.meeting.starts_at.date())
    doc = Document(
        f"Niederschrift: {d.body.name}",
        f"Niederschrift {d.body.name} {day}",
        f"Niederschrift der Sitzung am {day}: {d.title}",
        draft=d.meeting.state != MeetingState.MINUTES_APPROVED.value,
    )
    doc.add(Heading(doc.title, 1))
    if doc.draft:
        doc.add(Para(_draft_note(d.meeting.state), "warning"))
    doc.add(
        Para(d.meeting.title, "subtitle") if d.meeting.title else Space(1),
        Facts(
            (
                ("Gremium", f"{d.body.name} ({BodyType.label_of(d.body.body_type)})"),
                ("Datum und Zeit", d.when),
                ("Ort", d.meeting.location or "–"),
                ("Sitzungsleitung", d.chair or "–"),
                ("Protokoll", d.minute_taker or "–"),
            )
        ),
        Heading("Anwesenheit", section=True),
        _attendance_grid(d),
        *_quorum_statement(d),
        Heading("Tagesordnung"),
        Grid(("TOP", "Gegenstand"), tuple((i.row.number, i.row.title) for i in d.items)),
    )
    for item in d.items:
        doc.add(_item_section(item))
    doc.add(
        Signatures(
            (
                f"Sitzungsleitung: {d.chair}" if d.chair else "Sitzungsleitung",
                f"Protokoll: {d.minute_taker}" if d.minute_taker else "Protokoll",
            ),
            f"{meeting_town(d.meeting.location, d.letterhead.office_address)}, den ________________",
        )
    )
    return doc


def minutes_docx(db: Database, meeting_id: str) -> bytes:
    from regiodesk.reports.docx_writer import render_docx

    d = load_dossier(db, meeting_id)
    return render_docx(minutes_document(d), d.letterhead)


def _draft_note(state: str) -> str:
    if state in (MeetingState.PLANNED.value, MeetingState.INVITED.value):
        return "Entwurf: Die Sitzung hat noch nicht stattgefunden."
    return "Entwurf: Die Niederschrift ist noch nicht genehmigt."


def minutes_pdf(db: Database, meeting_id: str) -> bytes:
    d = load_dossier(db, meeting_id)
    return render_pdf(minutes_document(d), d.letterhead)


def decision_docx(db: Database, item_id: str) -> bytes:
    from regiodesk.reports.docx_writer import render_docx

    d = decision_dossier(db, item_id)
    return render_docx(decision_document(d, item_id), d.letterhead)


def _attendance_grid(d: MeetingDossier) -> Grid:
    rows: list[tuple[Text, ...]] = []
    for r in d.attendance:
        if r.status is None and not r.voting_right:
            continue
        status = _attendance_text(d, r)
        if r.voting_right:
            rows.append(
                (r.name, r.interest_group or "–", "öffentlich" if r.public_sector else "WiSo", status)
            )
        elif r.deputy_for:
            rows.append((r.name, f"Stellvertretung für {r.deputy_for}", "–", status))
        else:
            rows.append((r.name, _role(r.role), "–", status))
    return Grid(("Name", "Interessengruppe / Funktion", "Sektor", "Anwesenheit"), tuple(rows))


def _attendance_text(d: MeetingDossier, r: AttendanceRow) -> str:
    """The attendance of one row over the agenda, e.g. "anwesend bis TOP 3, ab TOP 4 vertreten
    durch …" (rule 1: arrivals and departures change the quorum of every later vote)."""
    if r.status is None:
        return "nicht erfasst"
    deputy = (r.deputy_name if r.represented_by_id == r.deputy_id else "") or r.deputy_name or "Vertretung"
    arrived = _number(d, r.arrived_at_item_id) if r.arrived_at_item_id else None
    left = _number(d, r.left_before_item_id) if r.left_before_item_id else None
    if r.status == AttendanceStatus.REPRESENTED.value:
        text = f"vertreten durch {deputy}"
        if arrived:
            text += f" ab TOP {arrived}"
        if left:
            text += f", bis vor TOP {left}"
        return text
    text = AttendanceStatus.label_of(r.status)
    if r.status != AttendanceStatus.PRESENT.value:
        return text
    by_deputy = r.represented_by_id is not None
    if arrived:
        text = (f"bis vor TOP {arrived} vertreten durch {deputy}, " if by_deputy else "") + (
            f"ab TOP {arrived} anwesend"
        )
    if left:
        text += f", verlässt die Sitzung vor TOP {left}" + (
            f", danach vertreten durch {deputy}" if by_deputy else ""
        )
    return text


def _number(d: MeetingDossier, item_id: str) -> str:
    return next((i.row.number for i in d.items if i.row.id == item_id), "?")


def _quorum_statement(d: MeetingDossier) -> list[Block]:
    start = d.start
    if start is None or start.total == 0:
        return []
    quorum = start.quorum
    represented = start.by_deputy
    text = (
        f"Zu Beginn der Sitzung waren {len(start.present)} von {start.total} stimmberechtigten Mitgliedern "
        f"anwesend oder vertreten ({format_percent(quorum.share)})"
        + (f", davon {represented} durch ihre Stellvertretung" if represented else "")
        + ". Die Sitzung war damit "
    )
    later = ""
    if any(r.arrived_at_item_id or r.left_before_item_id for r in d.attendance):
        later = (
            " Spätere Ankünfte und Abgänge sind in der Anwesenheit vermerkt; die Stimmberechtigten jeder "
            "Abstimmung sind bei der Abstimmung angegeben."
        )
    verdict = (
        (Run("beschlussfähig." + later),)
        if quorum.holds
        else (Run("nicht beschlussfähig", bold=True), Run("." + later))
    )
    return [Space(2), Para((Run(text), *verdict))]


def _item_section(item: ItemRecord) -> Together:
    parts: list[Block] = [Heading(f"TOP {item.row.number}: {item.row.title}")]
    if item.row.project_title:
        parts.append(Para(f"Projekt: {item.row.project_title}", "small"))
    parts += [Para(f"{label}: {value}", "small") for label, value in item.project_facts]
    if item.row.discussion:
        parts.append(Para(item.row.discussion))
    parts += [_conflict_note(conflict, item.row.number) for conflict in item.conflicts]
    if item.vote is not None:
        parts.append(_vote_block(item, item.vote))
    elif item.row.decision_text:
        parts.append(_decision_para(item.row.decision_text))
    return Together(tuple(parts))  # a heading never stands alone at the foot of a page


def _decision_para(text: str) -> Para:
    return Para((Run("Beschluss:", bold=True), Run(f" {text}")))


def conflict_sentence(name: str, number: str, reason: str) -> str:
    """Rule 3 in the minutes; reads right whatever reason the office typed (a noun phrase, a clause).

    ``Frau X hat an Beratung und Beschlussfassung zu TOP 5 nicht teilgenommen (Interessenkonflikt:
    Vorsitzende des Trägervereins).``"""
    reason = reason.strip().rstrip(".")
    detail = f"Interessenkonflikt: {reason}" if reason else "Interessenkonflikt"
    return f"{name} hat an Beratung und Beschlussfassung zu TOP {number} nicht teilgenommen ({detail})."


def _conflict_note(conflict: ConflictRow, number: str) -> Para:
    return Para(conflict_sentence(conflict.name, number, conflict.reason), "note")


def _vote_block(item: ItemRecord, vote: StoredVote) -> Together:
    snapshot = json.loads(vote.entitled_snapshot or "{}")
    if isinstance(snapshot, list):  # files from before 0.1.0 stored only the list of voters
        snapshot = {"voters": snapshot}
    excluded = snapshot.get("excluded", [])
    lines = [
        f"Stimmberechtigte Mitglieder des Gremiums: {vote.members_total}; "
        + (
            f"bei diesem Punkt anwesend oder vertreten: {snapshot['present']}; "
            if isinstance(snapshot.get("present"), int)
            else ""
        )
        + f"an der Abstimmung stimmberechtigt: {vote.entitled}"
        + (
            f" (nach Ausschluss von {len(excluded)} Mitglied{'ern' if len(excluded) != 1 else ''} "
            "wegen Interessenkonflikt)"
            if excluded
            else ""
        )
        + ".",
        (
            "Doppelte Beschlussfähigkeit: "
            + quorum_numbers_sentence(
                vote.entitled, vote.non_public, vote.largest_group, vote.largest_group_count
            )
            + "."
        )
        if item.row.is_selection_decision
        else "",
        (
            "Stimmberechtigte nach Sektor und Interessengruppe: "
            + groups_sentence(vote.entitled, vote.non_public, _group_counts(snapshot))
            + "."
        )
        if item.row.is_selection_decision and vote.entitled
        else "",
        _deputies_line(snapshot),
        f"Abstimmung ({RequiredMajority.label_of(vote.required_majority)}"
        + (", namentlich" if vote.named else "")
        + f"): Ja {vote.yes}, Nein {vote.no}, Enthaltung {vote.abstain}.",
        *_named_lines(item.named, snapshot),
    ]
    parts: list[Block] = [Para(line) for line in lines if line]
    if snapshot.get("note"):
        parts.append(Para(snapshot["note"], "note"))
    result = VoteResult(vote.result)
    if result is VoteResult.NOT_QUORATE:
        parts.append(
            Para("Ergebnis: nicht beschlussfähig – ein Beschluss ist nicht zustande gekommen.", "warning")
        )
        parts += [Para(problem, "small") for problem in vote.problems.splitlines()]
    else:
        parts.append(Para((Run(f"Ergebnis: {result.label}.", bold=True),)))
        if item.row.decision_text:
            parts.append(_decision_para(item.row.decision_text))
    return Together(tuple(parts))


def project_facts(db: Database, project_id: str) -> list[tuple[str, str]]:
    """Score against the minimum and the grant applied for (rule 7, per selected project)."""
    return projects_facts(db, [project_id]).get(project_id, [])


def projects_facts(db: Database, project_ids: Collection[str]) -> dict[str, list[tuple[str, str]]]:
    """:func:`project_facts` of several projects by id (a deleted project has none)."""
    if not project_ids:
        return {}
    columns = Project.__table__.c
    with db.session() as session:
        projects = session.execute(
            select(columns.id, columns.title, columns.call_id, columns.grant_cents).where(
                columns.id.in_(list(project_ids)), columns.deleted_at.is_(None)
            )
        ).all()
        sheets = sheets_in(session, projects)
        facts = {}
        for project in projects:
            sheet = sheets[project.id]
            score = sheet.result.summary if sheet.lines else "keine Auswahlkriterien hinterlegt"
            grant = "nicht angegeben" if project.grant_cents is None else format_cents(project.grant_cents)
            facts[project.id] = [("Bewertung", score), ("Beantragte Förderung (Zuschuss)", grant)]
    return facts


def _group_counts(snapshot: dict) -> dict[str, int]:
    """Voters per interest group of a stored vote (older votes: counted from the voters)."""
    groups = snapshot.get("groups")
    if isinstance(groups, dict):
        return {str(k): int(v) for k, v in groups.items()}
    counts: dict[str, int] = {}
    for voter in snapshot.get("voters", []):
        name = voter.get("interest_group") or "ohne Interessengruppe"
        counts[name] = counts.get(name, 0) + 1
    return counts


def _deputies_line(snapshot: dict) -> str:
    """Who voted for an absent member (rule 1: the record says who actually voted for which seat)."""
    pairs = [
        f"{v['voted_by']} für {v.get('name', '')}"
        for v in snapshot.get("voters", [])
        if v.get("by_deputy") and v.get("voted_by")
    ]
    return ("Es stimmten als persönliche Stellvertretung ab: " + "; ".join(pairs) + ".") if pairs else ""


def _named_lines(named: dict[str, str], snapshot: dict) -> list[str]:
    """ "Ja: Anna Alt, Bernd Berg (für Carla Czech)" per choice, as recorded at the vote."""
    if not named:
        return []
    names: dict[str, str] = {}
    for voter in snapshot.get("voters", []):
        member = voter.get("member_id") or voter.get("contact_id")
        name = voter.get("name", "")
        if voter.get("by_deputy") and voter.get("voted_by"):
            name = f"{voter['voted_by']} (für {name})"
        names[member] = name
        if voter.get("deputy_id"):
            names.setdefault(voter["deputy_id"], name)
    lines = []
    for choice in (VoteChoice.YES, VoteChoice.NO, VoteChoice.ABSTAIN):
        who = sorted((names.get(cid, "?") for cid, c in named.items() if c == choice.value), key=sort_key)
        if who:
            lines.append(f"{choice.label}: {', '.join(who)}")
    return lines


# ------------------------------------------------------------ Beschlussauszug
def decision_document(d: MeetingDossier, item_id: str) -> Document:
    record = next(i for i in d.items if i.row.id == item_id)
    number = record.row.number
    doc = Document(
        "Beschlussauszug",
        f"Beschlussauszug TOP {number} {d.body.name}",
        f"Beschlussauszug TOP {number}: {record.row.title} ({d.body.name}, "
        f"{format_date(d.meeting.starts_at.date())})",
    )
    facts: list[tuple[str, Text]] = [
        ("Sitzung", d.when),
        ("Ort", d.meeting.location or "–"),
        ("Tagesordnungspunkt", f"TOP {number}: {record.row.title}"),
    ]
    if record.row.project_title:
        facts.append(("Projekt", record.row.project_title))
    doc.add(
        Heading("Beschlussauszug", 1),
        Para(f"aus der Niederschrift der Sitzung „{d.body.name}“", "subtitle"),
        Facts(tuple(facts), 40),
        Space(4),
    )
    doc.add(*(Para(f"{label}: {value}", "small") for label, value in record.project_facts))
    doc.add(*(_conflict_note(conflict, number) for conflict in record.conflicts))
    if record.vote is not None:
        doc.add(_vote_block(record, record.vote))
    elif record.row.decision_text:
        doc.add(_decision_para(record.row.decision_text))
    else:
        doc.add(Para("Zu diesem Tagesordnungspunkt ist kein Beschluss erfasst.", "warning"))
    doc.add(
        Space(6),
        Para("Die Übereinstimmung dieses Auszugs mit der Niederschrift wird bestätigt."),
        Signatures(
            (f"Sitzungsleitung: {d.chair}" if d.chair else "Sitzungsleitung", "Geschäftsstelle"),
            "Ort, Datum ________________",
        ),
    )
    return doc


def decision_dossier(db: Database, item_id: str) -> MeetingDossier:
    from regiodesk.db.models import AgendaItem

    with db.session() as session:
        item = session.get(AgendaItem, item_id)
        if item is None or item.deleted_at is not None:
            raise NotFoundError("Den Tagesordnungspunkt gibt es nicht (mehr).")
        meeting_id = item.meeting_id
    return load_dossier(db, meeting_id)


def decision_pdf(db: Database, item_id: str) -> bytes:
    d = decision_dossier(db, item_id)
    return render_pdf(decision_document(d, item_id), d.letterhead)


_POSTCODE_TOWN = re.compile(r"\b\d{5}\s+([^\d,\n]+)")


def meeting_town(location: str, office_address: str = "") -> str:
    """The town for the minutes' place line: from the venue's address when it has a postcode
    ("Rathaus, Marktplatz 1, 96450 Coburg" -> "Coburg"), else the office's town, else "Ort".

    A venue without a postcode ("Dorfgemeinschaftshaus Steinbühl") is a building, not a town."""
    for text in (location, office_address):
        found = _POSTCODE_TOWN.search(text or "")
        if found and found.group(1).strip():
            return found.group(1).strip()
    return "Ort"
