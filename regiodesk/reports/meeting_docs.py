"""Meeting documents: Einladung, Anwesenheitsliste, Protokoll and Beschlussauszug (PDF)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from regiodesk.db.database import Database
from regiodesk.db.models import Body, Contact, Meeting, Project, Vote
from regiodesk.domain.agenda import latest_invitation_date
from regiodesk.domain.enums import (
    AgendaKind,
    AttendanceStatus,
    BodyType,
    MembershipRole,
    RequiredMajority,
    VoteChoice,
    VoteResult,
)
from regiodesk.domain.errors import NotFoundError
from regiodesk.domain.text import sort_key
from regiodesk.domain.voting import format_percent, groups_sentence, quorum_numbers_sentence
from regiodesk.i18n import format_cents, format_date, format_datetime
from regiodesk.reports.pdf import (
    CONTENT_WIDTH,
    Letterhead,
    build_pdf,
    escape,
    section_heading,
    signature_block,
    styles,
    table,
)
from regiodesk.services.agenda import AgendaRow, AgendaService
from regiodesk.services.conduct import AttendanceRow, ConflictRow, MeetingConduct, Presence
from regiodesk.services.selection import sheet_in


@dataclass
class ItemRecord:
    row: AgendaRow
    conflicts: list[ConflictRow] = field(default_factory=list)
    vote: Vote | None = None
    #: seat (member id) -> choice, for a named vote
    named: dict[str, str] = field(default_factory=dict)
    #: for a selection decision: score, minimum score and the grant applied for (rule 7)
    project_facts: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class MeetingDossier:
    """Everything the documents of one meeting show, loaded once."""

    meeting: Meeting
    body: Body
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
    agenda, conduct = AgendaService(db), MeetingConduct(db)
    with db.session() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None or meeting.deleted_at is not None:
            raise NotFoundError("Die Sitzung gibt es nicht (mehr).")
        body = session.get(Body, meeting.body_id)
        chair = session.get(Contact, meeting.chair_id) if meeting.chair_id else None
        taker = session.get(Contact, meeting.minute_taker_id) if meeting.minute_taker_id else None
        names = (chair.display_name() if chair else "", taker.display_name() if taker else "")
    items = [_item_record(db, conduct, row) for row in agenda.items(meeting_id)]
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
def invitation_pdf(db: Database, meeting_id: str) -> bytes:
    d = load_dossier(db, meeting_id)
    st = styles()
    story: list[Flowable] = [
        Paragraph(f"Einladung zur Sitzung: {escape(d.body.name)}", st["title"]),
        Paragraph(escape(d.meeting.title), st["subtitle"]) if d.meeting.title else Spacer(1, 2),
        table(
            [["Termin", d.when], ["Ort", d.meeting.location or "–"], ["Sitzungsleitung", d.chair or "–"]],
            [35 * mm, CONTENT_WIDTH - 35 * mm],
            header=False,
        ),
        Spacer(1, 6 * mm),
        Paragraph("Sehr geehrte Damen und Herren,", st["body"]),
        Spacer(1, 2 * mm),
        Paragraph(
            f"hiermit laden wir Sie herzlich zur Sitzung des Gremiums „{escape(d.body.name)}“ ein. "
            "Es ist folgende Tagesordnung vorgesehen:",
            st["body"],
        ),
        Paragraph("Tagesordnung", st["h2"]),
    ]
    rows = [["TOP", "Gegenstand", "Art"]]
    for item in d.items:
        text = escape(item.row.title)
        if item.row.project_title:
            text += f"<br/><font size=8.5 color='#555555'>Projekt: {escape(item.row.project_title)}"
            text += " – Projektauswahl durch die LAG" if item.row.is_selection_decision else ""
            text += "</font>"
        rows.append([item.row.number, Paragraph(text, st["cell"]), AgendaKind.label_of(item.row.kind)])
    story.append(table(rows, [14 * mm, CONTENT_WIDTH - 44 * mm, 30 * mm]))
    projects = [i for i in d.items if i.row.project_title]
    if projects:
        story.append(Spacer(1, 4 * mm))
        story.append(
            Paragraph(
                "Die Projektskizzen der zur Auswahl stehenden Projekte liegen dieser Einladung bei.",
                st["body"],
            )
        )
    latest = latest_invitation_date(d.meeting.starts_at.date(), d.body.notice_days)
    story += [
        Spacer(1, 5 * mm),
        Paragraph(
            f"Ladungsfrist: {d.body.notice_days} Tage; die Einladung ist spätestens am {format_date(latest)} "
            f"zu versenden{_sent(d.meeting.invitation_sent_on)}.",
            st["small"],
        ),
        Spacer(1, 4 * mm),
        Paragraph(
            "Falls Sie verhindert sind, bitten wir um Nachricht und um Weitergabe an Ihre "
            "persönliche Stellvertretung.",
            st["body"],
        ),
        Spacer(1, 8 * mm),
        Paragraph("Mit freundlichen Grüßen", st["body"]),
        Spacer(1, 10 * mm),
        Paragraph(escape(d.chair or d.letterhead.signatory or "Geschäftsstelle"), st["body"]),
    ]
    return build_pdf(
        story, d.letterhead, f"Einladung {d.body.name} {format_date(d.meeting.starts_at.date())}"
    )


def _sent(day: date | None) -> str:
    return f" (versandt am {format_date(day)})" if day else ""


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
def minutes_pdf(db: Database, meeting_id: str) -> bytes:
    d = load_dossier(db, meeting_id)
    st = styles()
    story: list[Flowable] = [
        Paragraph(f"Niederschrift: {escape(d.body.name)}", st["title"]),
        Paragraph(escape(d.meeting.title), st["subtitle"]) if d.meeting.title else Spacer(1, 2),
        table(
            [
                ["Gremium", f"{d.body.name} ({BodyType.label_of(d.body.body_type)})"],
                ["Datum und Zeit", d.when],
                ["Ort", d.meeting.location or "–"],
                ["Sitzungsleitung", d.chair or "–"],
                ["Protokoll", d.minute_taker or "–"],
            ],
            [35 * mm, CONTENT_WIDTH - 35 * mm],
            header=False,
        ),
        *section_heading("Anwesenheit"),
    ]
    story.append(_attendance_table(d))
    story += _quorum_statement(d)
    story.append(Paragraph("Tagesordnung", st["h2"]))
    story.append(
        table(
            [["TOP", "Gegenstand"]] + [[i.row.number, i.row.title] for i in d.items],
            [14 * mm, CONTENT_WIDTH - 14 * mm],
        )
    )
    for item in d.items:
        story.extend(_item_section(d, item))
    story.append(
        signature_block(
            [
                f"Sitzungsleitung: {d.chair}" if d.chair else "Sitzungsleitung",
                f"Protokoll: {d.minute_taker}" if d.minute_taker else "Protokoll",
            ],
            place_date=f"{_place(d.meeting.location)}, den ________________",
        )
    )
    return build_pdf(
        story, d.letterhead, f"Niederschrift {d.body.name} {format_date(d.meeting.starts_at.date())}"
    )


def _attendance_table(d: MeetingDossier) -> Flowable:
    rows = [["Name", "Interessengruppe / Funktion", "Sektor", "Anwesenheit"]]
    for r in d.attendance:
        if r.status is None and not r.voting_right:
            continue
        status = _attendance_text(d, r)
        if r.voting_right:
            rows.append(
                [r.name, r.interest_group or "–", "öffentlich" if r.public_sector else "WiSo", status]
            )
        elif r.deputy_for:
            rows.append([r.name, f"Stellvertretung für {r.deputy_for}", "–", status])
        else:
            rows.append([r.name, _role(r.role), "–", status])
    return table(rows, [48 * mm, 44 * mm, 24 * mm, CONTENT_WIDTH - 116 * mm])


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


def _quorum_statement(d: MeetingDossier) -> list[Flowable]:
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
        + ("beschlussfähig." if quorum.holds else "<b>nicht beschlussfähig</b>.")
    )
    if any(r.arrived_at_item_id or r.left_before_item_id for r in d.attendance):
        text += (
            " Spätere Ankünfte und Abgänge sind in der Anwesenheit vermerkt; die Stimmberechtigten jeder "
            "Abstimmung sind bei der Abstimmung angegeben."
        )
    return [Spacer(1, 2 * mm), Paragraph(text, styles()["body"])]


def _item_section(d: MeetingDossier, item: ItemRecord) -> list[Flowable]:
    st = styles()
    parts: list[Flowable] = [Paragraph(f"TOP {item.row.number}: {escape(item.row.title)}", st["h2"])]
    if item.row.project_title:
        parts.append(Paragraph(f"Projekt: {escape(item.row.project_title)}", st["small"]))
    for label, value in item.project_facts:
        parts.append(Paragraph(f"{escape(label)}: {escape(value)}", st["small"]))
    if item.row.discussion:
        parts.append(Paragraph(escape(item.row.discussion), st["body"]))
    parts.extend(_conflict_note(conflict, item.row.number) for conflict in item.conflicts)
    vote = item.vote
    if vote is not None:
        parts.extend(_vote_block(item, vote))
    elif item.row.decision_text:
        parts.append(Paragraph(f"<b>Beschluss:</b> {escape(item.row.decision_text)}", st["body"]))
    return [KeepTogether(parts)]  # a heading never stands alone at the foot of a page


def conflict_sentence(name: str, number: str, reason: str) -> str:
    """Rule 3 in the minutes; reads right whatever reason the office typed (a noun phrase, a clause).

    ``Frau X hat an Beratung und Beschlussfassung zu TOP 5 nicht teilgenommen (Interessenkonflikt:
    Vorsitzende des Trägervereins).``"""
    reason = reason.strip().rstrip(".")
    detail = f"Interessenkonflikt: {reason}" if reason else "Interessenkonflikt"
    return f"{name} hat an Beratung und Beschlussfassung zu TOP {number} nicht teilgenommen ({detail})."


def _conflict_note(conflict: ConflictRow, number: str) -> Flowable:
    return Paragraph(escape(conflict_sentence(conflict.name, number, conflict.reason)), styles()["note"])


def _vote_block(item: ItemRecord, vote: Vote) -> list[Flowable]:
    st = styles()
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
    parts: list[Flowable] = [Paragraph(escape(line), st["body"]) for line in lines if line]
    if snapshot.get("note"):
        parts.append(Paragraph(escape(snapshot["note"]), st["note"]))
    result = VoteResult(vote.result)
    if result is VoteResult.NOT_QUORATE:
        parts.append(
            Paragraph(
                "Ergebnis: nicht beschlussfähig – ein Beschluss ist nicht zustande gekommen.", st["warning"]
            )
        )
        for problem in vote.problems.splitlines():
            parts.append(Paragraph(escape(problem), st["small"]))
    else:
        parts.append(Paragraph(f"<b>Ergebnis: {result.label}.</b>", st["body"]))
        if item.row.decision_text:
            parts.append(Paragraph(f"<b>Beschluss:</b> {escape(item.row.decision_text)}", st["body"]))
    return [KeepTogether(parts)]


def _item_record(db: Database, conduct: MeetingConduct, row: AgendaRow) -> ItemRecord:
    vote = conduct.current_vote(row.id)
    named = conduct.named_choices(vote.id) if vote is not None and vote.named else {}
    facts = project_facts(db, row.project_id) if row.is_selection_decision and row.project_id else []
    return ItemRecord(row, conduct.conflicts(row.id), vote, named, facts)


def project_facts(db: Database, project_id: str) -> list[tuple[str, str]]:
    """Score against the minimum and the grant applied for (rule 7, per selected project)."""
    with db.session() as session:
        project = session.get(Project, project_id)
        if project is None or project.deleted_at is not None:
            return []
        sheet = sheet_in(session, project)
        score = sheet.result.summary if sheet.lines else "keine Auswahlkriterien hinterlegt"
        grant = "nicht angegeben" if project.grant_cents is None else format_cents(project.grant_cents)
    return [("Bewertung", score), ("Beantragte Förderung (Zuschuss)", grant)]


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
def decision_pdf(db: Database, item_id: str) -> bytes:
    from regiodesk.db.models import AgendaItem

    with db.session() as session:
        item = session.get(AgendaItem, item_id)
        if item is None or item.deleted_at is not None:
            raise NotFoundError("Den Tagesordnungspunkt gibt es nicht (mehr).")
        meeting_id = item.meeting_id
    d = load_dossier(db, meeting_id)
    record = next(i for i in d.items if i.row.id == item_id)
    st = styles()
    story: list[Flowable] = [
        Paragraph("Beschlussauszug", st["title"]),
        Paragraph(f"aus der Niederschrift der Sitzung „{escape(d.body.name)}“", st["subtitle"]),
        table(
            [
                ["Sitzung", d.when],
                ["Ort", d.meeting.location or "–"],
                ["Tagesordnungspunkt", f"TOP {record.row.number}: {record.row.title}"],
            ]
            + ([["Projekt", record.row.project_title]] if record.row.project_title else []),
            [40 * mm, CONTENT_WIDTH - 40 * mm],
            header=False,
        ),
        Spacer(1, 4 * mm),
    ]
    for label, value in record.project_facts:
        story.append(Paragraph(f"{escape(label)}: {escape(value)}", st["small"]))
    story.extend(_conflict_note(conflict, record.row.number) for conflict in record.conflicts)
    if record.vote is not None:
        story.extend(_vote_block(record, record.vote))
    elif record.row.decision_text:
        story.append(Paragraph(f"<b>Beschluss:</b> {escape(record.row.decision_text)}", st["body"]))
    else:
        story.append(Paragraph("Zu diesem Tagesordnungspunkt ist kein Beschluss erfasst.", st["warning"]))
    story.append(Spacer(1, 6 * mm))
    story.append(
        Paragraph("Die Übereinstimmung dieses Auszugs mit der Niederschrift wird bestätigt.", st["body"])
    )
    story.append(
        signature_block(
            [f"Sitzungsleitung: {d.chair}" if d.chair else "Sitzungsleitung", "Geschäftsstelle"],
            place_date="Ort, Datum ________________",
        )
    )
    return build_pdf(story, d.letterhead, f"Beschlussauszug TOP {record.row.number} {d.body.name}")


def _place(location: str) -> str:
    """The town of a meeting place ("Rathaus, Marktplatz 1, 96450 Coburg" -> "Coburg")."""
    last = location.split(",")[-1].strip() if location else ""
    return " ".join(word for word in last.split() if not word.isdigit()) or "Ort"
