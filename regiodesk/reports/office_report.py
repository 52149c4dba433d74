"""The Jahresbericht's Tätigkeitsbericht: the office's work by the four service areas of the
Musterleistungsbild (``services.office_work``), in the PDF (section 1) and the workbook (the
sheet „Tätigkeit“ and one sheet each for the events, the press list and the network work)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from regiodesk.domain.activities import AGE_GROUPS, GENDERS
from regiodesk.fields import Kind, format_quantity
from regiodesk.i18n import format_date, format_decimal, tr
from regiodesk.reports.excel import Sheet, SheetColumn
from regiodesk.reports.pdf import CONTENT_WIDTH, Paragraph, escape, styles, table
from regiodesk.services.monitoring_figures import ActivityFigures
from regiodesk.services.office_work import SERVICE_AREAS, ActivityLine, EventLine, OfficeWork

__all__ = ["activity_sheets", "activity_story", "hours_of_minutes"]

_PROCESS, _PROJECTS, _NETWORK, _PRESS = SERVICE_AREAS
_LABELS = dict((*GENDERS, *AGE_GROUPS))


def hours_of_minutes(minutes: int) -> str:
    """'12,5' for 750 minutes: hours with at most one decimal (as the workbook holds them)."""
    value = _tenths_of_hours(minutes)
    return format_decimal(value, 0 if value == value.to_integral_value() else 1)


def _tenths_of_hours(minutes: int) -> Decimal:
    """Hours to a tenth, half up (2 h 15 min: 2,3 h), the same in the PDF and the workbook."""
    return (Decimal(minutes) / 60).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _hours_milli(milli: int) -> str:
    return format_quantity(milli) if milli else "–"


def _right():
    return ParagraphStyle("cell_right", parent=styles()["cell"], alignment=TA_RIGHT)


def _facts(rows: list[tuple[str, str, str]]) -> Flowable:
    """Label, number, remark: the counts of one service area."""
    widths = [88 * mm, 22 * mm, CONTENT_WIDTH - 110 * mm]
    return table([["im Berichtszeitraum", "Anzahl", ""], *(list(r) for r in rows)], widths, align_right=(1,))


def _area(number: str, title: str) -> list[Flowable]:
    return [Spacer(1, 3 * mm), Paragraph(escape(f"{number} {tr(title)}"), styles()["h3"])]


# --------------------------------------------------------------------------- PDF
def activity_story(a: ActivityFigures, work: OfficeWork | None) -> list[Flowable]:
    """Section 1 of the Jahresbericht; without ``work`` only the bodies and the projects."""
    st = styles()
    flow: list[Flowable] = [
        Paragraph(tr("1. Tätigkeitsbericht der Geschäftsstelle"), st["h2"]),
        Paragraph(
            tr(
                "Gegliedert nach den Leistungsbereichen des Musterleistungsbilds Regionalmanagement. "
                "Stunden nur, wo eine Dauer erfasst ist."
            ),
            st["small"],
        ),
        *_area("1.1", _PROCESS),
    ]
    rows: list[list[object]] = [["Gremium", "Sitzungen"]]
    rows += [[name, str(count)] for name, count in a.meetings_by_body]
    rows.append(
        [Paragraph("<b>Sitzungen insgesamt</b>", st["cell"]), Paragraph(f"<b>{a.meetings}</b>", st["cell"])]
    )
    flow.append(table(rows, align_right=(1,)))
    flow.append(Spacer(1, 2 * mm))
    flow.append(
        _facts(
            [
                (
                    "Beschlüsse in Sitzungen (Abstimmungen)",
                    str(a.decisions),
                    f"davon angenommen: {a.decisions_adopted}",
                ),
                ("Umlaufverfahren", str(a.written_procedures), f"davon angenommen: {a.written_adopted}"),
            ]
        )
    )
    flow += _area("1.2", _PROJECTS)
    facts: list[tuple[str, str, str]] = []
    if work is not None:
        facts.append(
            (
                "Beratungsgespräche",
                str(work.consultations),
                _consultation_remark(work),
            )
        )
    facts += [
        ("Projekte von der LAG ausgewählt", str(a.selected), ""),
        ("Projekte bewilligt", str(a.approved), ""),
        ("Projekte abgeschlossen", str(a.completed), ""),
    ]
    flow.append(_facts(facts))
    if work is None:
        return flow
    if work.by_field:
        flow.append(Spacer(1, 2 * mm))
        flow.append(Paragraph(tr("Beratungsgespräche je Handlungsfeld"), st["small"]))
        right = _right()
        head: list[object] = [
            Paragraph("Handlungsfeld", st["cell_bold"]),
            Paragraph("Gespräche", ParagraphStyle("h_r", parent=st["cell_bold"], alignment=TA_RIGHT)),
            Paragraph("Stunden", ParagraphStyle("h_r2", parent=st["cell_bold"], alignment=TA_RIGHT)),
        ]
        body: list[list[object]] = [head]
        for f in work.by_field:
            label = f"{f.code} {f.name}".strip()
            hours = hours_of_minutes(f.minutes) if f.minutes else "–"
            body.append(
                [
                    Paragraph(escape(label), st["cell"]),
                    Paragraph(str(f.count), right),
                    Paragraph(hours, right),
                ]
            )
        flow.append(table(body, [CONTENT_WIDTH - 50 * mm, 25 * mm, 25 * mm]))
    flow += _area("1.3", _NETWORK)
    network_facts = [
        ("Veranstaltungen", str(len(work.events)), _event_remark(work)),
        *((label, str(n), "") for label, n in work.counts(work.network)),
    ]
    if work.network:
        network_facts.append(
            (
                "Netzwerkarbeit insgesamt",
                str(len(work.network)),
                f"Stunden: {_hours_milli(work.network_hours_milli)}",
            )
        )
    flow.append(_facts(network_facts))
    if work.events:
        flow.append(Spacer(1, 2 * mm))
        flow.append(Paragraph(tr("Veranstaltungen mit ihren Teilnehmendenzahlen"), st["small"]))
        flow.append(_events_table(work.events))
    if work.network:
        flow.append(Spacer(1, 2 * mm))
        flow.append(Paragraph(tr("Netzwerkarbeit"), st["small"]))
        flow.append(_activity_table(work.network, network=True))
    flow += _area("1.4", _PRESS)
    press_facts = [(label, str(n), "") for label, n in work.counts(work.press)]
    press_facts.append(
        (
            "Öffentlichkeitsarbeit insgesamt",
            str(len(work.press)),
            "; ".join(
                part
                for part in (
                    f"Auflage der Druckerzeugnisse: {format_decimal(work.print_run, 0)}"
                    if work.print_run
                    else "",
                    f"Stunden: {_hours_milli(work.press_hours_milli)}" if work.press_hours_milli else "",
                )
                if part
            ),
        )
    )
    flow.append(_facts(press_facts))
    if work.press:
        flow.append(Spacer(1, 2 * mm))
        flow.append(Paragraph(tr("Pressespiegel und Veröffentlichungen"), st["small"]))
        flow.append(_activity_table(work.press, network=False))
    return flow


def _consultation_remark(work: OfficeWork) -> str:
    parts = []
    if work.consultations_timed:
        parts.append(
            tr(
                "{hours} Stunden (aus {n} Gesprächen mit Dauer)",
                hours=hours_of_minutes(work.consultation_minutes),
                n=work.consultations_timed,
            )
        )
    if work.consultations_without_project:
        parts.append(tr("davon ohne Projekt: {n}", n=work.consultations_without_project))
    return "; ".join(parts)


def _event_remark(work: OfficeWork) -> str:
    text = tr("Teilnehmende insgesamt: {n}", n=work.participants)
    if work.event_minutes:
        text += tr("; Dauer: {hours} Stunden", hours=hours_of_minutes(work.event_minutes))
    return text


def _without_scheme(link: str) -> str:
    """A link as printed: without „https://“, which only makes the line break early."""
    for scheme in ("https://", "http://"):
        if link.lower().startswith(scheme):
            return link[len(scheme) :]
    return link


def _breakdown(line: EventLine) -> str:
    n = line.numbers
    parts = [f"{_LABELS[k]} {v}" for k, v in (*n.by_gender.items(), *n.by_age.items())]
    return ", ".join(parts)


def _events_table(events: tuple[EventLine, ...]) -> Flowable:
    st = styles()
    right = _right()
    rows: list[list[object]] = [
        [
            Paragraph("Datum", st["cell_bold"]),
            Paragraph("Veranstaltung", st["cell_bold"]),
            Paragraph("Ort", st["cell_bold"]),
            Paragraph("Teilnehmende", ParagraphStyle("h_r3", parent=st["cell_bold"], alignment=TA_RIGHT)),
            Paragraph("davon", st["cell_bold"]),
        ]
    ]
    for e in events:
        title = f"{escape(e.title)}<br/><font size=7.5 color='#555555'>{escape(e.kind_label)}</font>"
        rows.append(
            [
                format_date(e.starts_at.date()),
                Paragraph(title, st["cell"]),
                Paragraph(escape(e.location or "–"), st["cell"]),
                Paragraph(str(e.numbers.total), right),
                Paragraph(escape(_breakdown(e)), st["cell"]),
            ]
        )
    widths = [23 * mm, 60 * mm, 32 * mm, 22 * mm, CONTENT_WIDTH - 137 * mm]
    return table(rows, widths)


def _activity_table(lines: tuple[ActivityLine, ...], network: bool) -> Flowable:
    st = styles()
    right = _right()
    last = "Stunden" if network else "Auflage"
    rows: list[list[object]] = [
        [
            Paragraph("Datum", st["cell_bold"]),
            Paragraph("Titel", st["cell_bold"]),
            Paragraph("Partner und Teilnehmende" if network else "Medium / Kanal", st["cell_bold"]),
            Paragraph(last, ParagraphStyle("h_r4", parent=st["cell_bold"], alignment=TA_RIGHT)),
        ]
    ]
    for a in lines:
        note = a.kind_label + (f" · {_without_scheme(a.link)}" if a.link and not network else "")
        title = f"{escape(a.title)}<br/><font size=7.5 color='#555555'>{escape(note)}</font>"
        third = a.participants if network else a.medium
        if network:
            value = _hours_milli(a.hours_milli or 0)
        else:
            value = format_decimal(a.print_run, 0) if a.print_run else "–"
        rows.append(
            [
                format_date(a.on),
                Paragraph(title, st["cell"]),
                Paragraph(escape(third or "–"), st["cell"]),
                Paragraph(value, right),
            ]
        )
    widths = [23 * mm, 75 * mm, CONTENT_WIDTH - 118 * mm, 20 * mm]
    return table(rows, widths)


# --------------------------------------------------------------------------- Excel
def activity_sheets(a: ActivityFigures, work: OfficeWork | None, note: str) -> list[Sheet]:
    """The sheet „Tätigkeit“ (area, activity, count, hours) and, with ``work``, the lists."""
    rows: list[tuple[object, ...]] = [
        *((_PROCESS, f"Sitzungen: {name}", count, None) for name, count in a.meetings_by_body),
        (_PROCESS, "Sitzungen insgesamt", a.meetings, None),
        (_PROCESS, "Beschlüsse in Sitzungen (Abstimmungen)", a.decisions, None),
        (_PROCESS, "davon angenommen", a.decisions_adopted, None),
        (_PROCESS, "Umlaufverfahren", a.written_procedures, None),
        (_PROCESS, "davon angenommen", a.written_adopted, None),
    ]
    if work is not None:
        rows += [
            (_PROJECTS, "Beratungsgespräche", work.consultations, _hours(work.consultation_minutes)),
            (_PROJECTS, "davon ohne Projekt", work.consultations_without_project, None),
            *(
                (
                    _PROJECTS,
                    f"Beratungsgespräche: {f.code} {f.name}".replace(":  ", ": "),
                    f.count,
                    _hours(f.minutes),
                )
                for f in work.by_field
            ),
        ]
    rows += [
        (_PROJECTS, "Projekte von der LAG ausgewählt", a.selected, None),
        (_PROJECTS, "Projekte bewilligt", a.approved, None),
        (_PROJECTS, "Projekte abgeschlossen", a.completed, None),
    ]
    if work is not None:
        rows += [
            (_NETWORK, "Veranstaltungen", len(work.events), _hours(work.event_minutes)),
            (_NETWORK, "Teilnehmende an Veranstaltungen", work.participants, None),
            *((_NETWORK, label, n, None) for label, n in work.counts(work.network)),
            (_NETWORK, "Netzwerkarbeit insgesamt", len(work.network), _milli(work.network_hours_milli)),
            *((_PRESS, label, n, None) for label, n in work.counts(work.press)),
            (_PRESS, "Öffentlichkeitsarbeit insgesamt", len(work.press), _milli(work.press_hours_milli)),
            (_PRESS, "Auflage der Druckerzeugnisse", work.print_run, None),
        ]
    activity = Sheet(
        "Tätigkeit",
        (
            SheetColumn("Leistungsbereich", width=26, wrap=True),
            SheetColumn("Tätigkeit", width=44, wrap=True),
            SheetColumn("Anzahl", Kind.INT),
            SheetColumn("Stunden"),
        ),
        rows,
        note=note,
    )
    if work is None:
        return [activity]
    events = Sheet(
        "Veranstaltungen",
        (
            SheetColumn("Beginn", Kind.DATETIME, width=16),
            SheetColumn("Art", width=16),
            SheetColumn("Titel", width=32, wrap=True),
            SheetColumn("Ort", width=22, wrap=True),
            SheetColumn("Teilnehmende", Kind.INT, width=13, total=True),
            *(SheetColumn(label, Kind.INT, width=10, wrap=True) for _name, label in (*GENDERS, *AGE_GROUPS)),
        ),
        [
            (
                e.starts_at,
                e.kind_label,
                e.title,
                e.location,
                e.numbers.total,
                *(e.numbers.by_gender.get(name) for name, _ in GENDERS),
                *(e.numbers.by_age.get(name) for name, _ in AGE_GROUPS),
            )
            for e in work.events
        ],
        note=note,
    )
    press = Sheet(
        "Öffentlichkeitsarbeit",
        (
            SheetColumn("Datum", Kind.DATE),
            SheetColumn("Art", width=24, wrap=True),
            SheetColumn("Titel", width=36, wrap=True),
            SheetColumn("Medium / Kanal", width=24, wrap=True),
            SheetColumn("Link", width=50),
            SheetColumn("Auflage", Kind.INT, total=True),
        ),
        [(a.on, a.kind_label, a.title, a.medium, a.link, a.print_run) for a in work.press],
        note=note,
    )
    network = Sheet(
        "Netzwerkarbeit",
        (
            SheetColumn("Datum", Kind.DATE),
            SheetColumn("Art", width=30),
            SheetColumn("Titel", width=40, wrap=True),
            SheetColumn("Partner und Teilnehmende", width=36, wrap=True),
            SheetColumn("Stunden"),
        ),
        [(a.on, a.kind_label, a.title, a.participants, _milli(a.hours_milli)) for a in work.network],
        note=note,
    )
    return [activity, events, press, network]


def _hours(minutes: int) -> Decimal | None:
    return _tenths_of_hours(minutes) if minutes else None


def _milli(milli: int | None) -> Decimal | None:
    return Decimal(milli) / 1000 if milli else None
