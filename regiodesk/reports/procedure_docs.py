"""Ergebnis des Umlaufverfahrens (PDF): period, members asked, answers, checks and result."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from regiodesk.db.database import Database
from regiodesk.db.models import Body, Project, WrittenProcedure
from regiodesk.domain.enums import RequiredMajority, VoteChoice, VoteResult
from regiodesk.domain.errors import NotFoundError
from regiodesk.domain.voting import format_percent, groups_sentence
from regiodesk.i18n import format_date
from regiodesk.reports.meeting_docs import project_facts
from regiodesk.reports.pdf import (
    CONTENT_WIDTH,
    Letterhead,
    Paragraph,
    build_pdf,
    escape,
    section_heading,
    signature_block,
    styles,
    table,
)
from regiodesk.services.written_procedure import WrittenProcedureService


def procedure_result_pdf(db: Database, procedure_id: str) -> bytes:
    service = WrittenProcedureService(db)
    with db.session() as session:
        wp = session.get(WrittenProcedure, procedure_id)
        if wp is None or wp.deleted_at is not None:
            raise NotFoundError("Das Umlaufverfahren gibt es nicht (mehr).")
        body = session.get(Body, wp.body_id)
        project = session.get(Project, wp.project_id) if wp.project_id else None
        facts = (
            wp.subject,
            wp.started_on,
            wp.deadline,
            wp.decision_text,
            wp.result,
            wp.required_majority,
            wp.is_selection_decision,
            body.name if body else "",
            project.title if project else "",
            wp.project_id,
        )
    (
        subject,
        started,
        deadline,
        proposal,
        stored,
        required,
        selection,
        body_name,
        project_title,
        project_id,
    ) = facts
    answers = service.answers(procedure_id)
    check = service.evaluate(procedure_id)
    st = styles()
    story: list[Flowable] = [
        Paragraph("Ergebnis des Umlaufverfahrens", st["title"]),
        Paragraph(escape(subject), st["subtitle"]),
        table(
            [["Gremium", body_name], ["Zeitraum", f"{format_date(started)} bis {format_date(deadline)}"]]
            + ([["Projekt", project_title]] if project_title else [])
            + [["Mehrheit", RequiredMajority.label_of(required)]]
            + ([list(fact) for fact in project_facts(db, project_id)] if selection and project_id else []),
            [35 * mm, CONTENT_WIDTH - 35 * mm],
            header=False,
        ),
    ]
    if proposal:
        story += [Paragraph("Beschlussvorschlag", st["h2"]), Paragraph(escape(proposal), st["body"])]
    story += section_heading("Rückmeldungen")
    rows = [["Mitglied", "Interessengruppe", "Sektor", "Antwort", "eingegangen"]]
    for a in answers:
        answer = VoteChoice.label_of(a.answer) + (f" ({a.reason})" if a.reason else "")
        rows.append(
            [
                a.name,
                a.interest_group or "–",
                "öffentlich" if a.public_sector else "WiSo",
                answer,
                format_date(a.received_on),
            ]
        )
    story.append(table(rows))
    answered = len(check.present)
    story += [
        Spacer(1, 3 * mm),
        Paragraph(
            f"Befragt: {len(answers)} stimmberechtigte Mitglieder; geantwortet: {answered} "
            f"({format_percent(check.quorum.share)}); wegen Interessenkonflikt ausgeschlossen: "
            f"{len(check.excluded)}; gültige Stimmen: {len(check.voters)}.",
            st["body"],
        ),
    ]
    if selection:
        story.append(Paragraph("Doppelte Beschlussfähigkeit: " + escape(check.sentence) + ".", st["body"]))
        if check.voters:
            groups = groups_sentence(check.double.voters, check.double.wiso, check.double.group_counts)
            story.append(
                Paragraph(escape(f"Gültige Stimmen nach Sektor und Interessengruppe: {groups}."), st["body"])
            )
    story.append(Paragraph(f"Ja {check.yes}, Nein {check.no}, Enthaltung {check.abstain}.", st["body"]))
    result = VoteResult(stored) if stored else None
    if result is None:
        story.append(
            Paragraph(
                f"Das Verfahren ist noch nicht abgeschlossen (vorläufiges Ergebnis: {check.result.label}).",
                st["warning"],
            )
        )
    elif result is VoteResult.NOT_QUORATE:
        story.append(
            Paragraph(
                "Ergebnis: nicht beschlussfähig – ein Beschluss ist nicht zustande gekommen.", st["warning"]
            )
        )
    else:
        story.append(Paragraph(f"<b>Ergebnis: {result.label}.</b>", st["body"]))
    story.extend(Paragraph(escape(problem), st["small"]) for problem in check.problems)
    story.append(signature_block(["Vorsitz", "Geschäftsstelle"], place_date="Ort, Datum ________________"))
    return build_pdf(story, Letterhead.of(db), f"Umlaufverfahren {subject}")
