"""A body's member list as PDF (to hand out) and as Excel (to work with)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from reportlab.lib.units import mm

from regiodesk.db.database import Database
from regiodesk.db.models import Body
from regiodesk.domain.enums import BodyType, MembershipRole
from regiodesk.domain.errors import NotFoundError
from regiodesk.domain.voting import format_percent
from regiodesk.fields import Kind
from regiodesk.i18n import format_date
from regiodesk.reports.excel import Sheet, SheetColumn, WorkbookInfo, write_workbook
from regiodesk.services.bodies import BodyService
from regiodesk.services.memberships import MembershipService
from regiodesk.services.region import region_name

if TYPE_CHECKING:
    from reportlab.platypus import Flowable


def member_rows(db: Database, body_id: str, on: date) -> tuple[Body, list[dict]]:
    """The body and its members on a day (see ``BodyService.members``)."""
    with db.session() as session:
        body = session.get(Body, body_id)
        if body is None or body.deleted_at is not None:
            raise NotFoundError("Das Gremium gibt es nicht (mehr).")
        session.expunge(body)
    return body, BodyService(db).members(body_id, on)


def members_pdf(db: Database, body_id: str, on: date | None = None) -> bytes:
    from reportlab.platypus import Spacer

    from regiodesk.reports.pdf import Letterhead, Paragraph, build_pdf, escape, styles, table

    on = on or date.today()
    body, rows = member_rows(db, body_id, on)
    composition = MembershipService(db).composition(body_id, on)
    st = styles()
    story: list[Flowable] = [
        Paragraph(f"Mitgliederliste: {escape(body.name)}", st["title"]),
        Paragraph(f"{BodyType.label_of(body.body_type)} · Stand {format_date(on)}", st["subtitle"]),
    ]
    data = [["Name / Institution", "Rolle", "Interessengruppe", "Sektor", "Stellvertretung"]]
    for r in rows:
        name = escape(r["name"]) + (
            f"<br/><font size=8 color='#555555'>{escape(r['institution'])}</font>" if r["institution"] else ""
        )
        data.append(
            [
                Paragraph(name, st["cell"]),
                MembershipRole.label_of(r["role"]) + ("" if r["voting_right"] else " (ohne Stimmrecht)"),
                r["interest_group"] or "–",
                ("öffentlich" if r["public_sector"] else "WiSo") if r["voting_right"] else "–",
                r["deputy"] or "–",
            ]
        )
    story.append(table(data))
    story += [Spacer(1, 4 * mm), Paragraph("Zusammensetzung der stimmberechtigten Mitglieder", st["h3"])]
    if composition.voting:
        groups = ", ".join(f"{name} {count}" for name, count in composition.by_group)
        public = f"{composition.public} ({format_percent(composition.public_share)})"
        story.append(
            Paragraph(
                f"{composition.voting} stimmberechtigte Mitglieder: {escape(groups)}; "
                f"davon öffentlicher Sektor {public}.",
                st["body"],
            )
        )
    story.extend(Paragraph(escape(w), st["warning"]) for w in composition.warnings)
    return build_pdf(story, Letterhead.of(db), f"Mitgliederliste {body.name}")


def members_xlsx(db: Database, body_id: str, on: date | None = None) -> bytes:
    on = on or date.today()
    body, rows = member_rows(db, body_id, on)
    columns = (
        SheetColumn("Name"),
        SheetColumn("Institution"),
        SheetColumn("Rolle"),
        SheetColumn("stimmberechtigt"),
        SheetColumn("Interessengruppe"),
        SheetColumn("Sektor"),
        SheetColumn("Stellvertretung"),
        SheetColumn("Mitglied seit", Kind.DATE),
        SheetColumn("Mitglied bis", Kind.DATE),
        SheetColumn("E-Mail"),
    )
    data = [
        [
            r["name"],
            r["institution"],
            MembershipRole.label_of(r["role"]),
            "ja" if r["voting_right"] else "nein",
            r["interest_group"],
            ("öffentlich" if r["public_sector"] else "WiSo") if r["voting_right"] else "",
            r["deputy"],
            r["starts_on"],
            r["ends_on"],
            r["email"],
        ]
        for r in rows
    ]
    return write_workbook(
        [
            Sheet(
                f"Mitglieder {body.name}",
                columns,
                data,
                note=f"Stand {format_date(on)} · erstellt mit regiodesk",
            )
        ],
        info=WorkbookInfo(f"Mitgliederliste {body.name}", region_name(db), f"Stand {format_date(on)}"),
    )
