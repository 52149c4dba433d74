"""Payments of a project (Auszahlungen): partial payments, the final payment, paid against granted.

Rules checked before anything is stored (German :class:`DomainError` otherwise):

* money is paid only for an approved project (bewilligt, in Umsetzung, abgeschlossen,
  Verwendungsnachweis geprüft) with a grant;
* the sum of all payments never exceeds the grant;
* the final payment (Schlusszahlung) is the last one: none after it, only one per project;
* a payment is not dated before the approval.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from regiodesk.db.base import utcnow
from regiodesk.db.database import Database
from regiodesk.db.models import Payment, Project
from regiodesk.domain.enums import ProjectStatus
from regiodesk.domain.errors import DomainError, NotFoundError, ValidationError
from regiodesk.fields import fields_of
from regiodesk.i18n import format_cents, format_date, tr
from regiodesk.services.records import RecordService, set_if_changed

__all__ = ["PAYABLE", "PaymentRow", "PaymentService", "PaymentSummary", "payment_summary_in"]

PAYABLE = frozenset(
    {ProjectStatus.APPROVED, ProjectStatus.IN_PROGRESS, ProjectStatus.COMPLETED, ProjectStatus.PROOF_CHECKED}
)
"""Statuses in which the Bewilligungsstelle pays out."""


@dataclass(frozen=True)
class PaymentRow:
    id: str
    paid_on: date
    amount_cents: int
    final: bool
    note: str


@dataclass(frozen=True)
class PaymentSummary:
    """Paid against granted for one project (cents)."""

    grant_cents: int | None
    paid_cents: int
    count: int
    final_paid: bool
    last_paid_on: date | None

    @property
    def remaining_cents(self) -> int | None:
        """Grant not yet paid out (``None`` without a grant)."""
        return None if self.grant_cents is None else self.grant_cents - self.paid_cents

    @property
    def text(self) -> str:
        """One German line, e.g. ``2 Zahlungen, 30.000,00 € von 50.000,00 € ausgezahlt (60 %)``."""
        if not self.count:
            return "noch keine Auszahlung"
        word = "Zahlung" if self.count == 1 else "Zahlungen"
        text = f"{self.count} {word}, {format_cents(self.paid_cents)}"
        if self.grant_cents:
            share = self.paid_cents * 100 // self.grant_cents
            text += f" von {format_cents(self.grant_cents)} ausgezahlt ({share} %)"
        else:
            text += " ausgezahlt"
        if self.final_paid:
            text += ", Schlusszahlung erfolgt"
        return text


def _payments(session: Session, project_id: str) -> list[Payment]:
    return list(
        session.scalars(
            select(Payment)
            .where(Payment.project_id == project_id, Payment.deleted_at.is_(None))
            .order_by(Payment.paid_on, Payment.created_at)
        )
    )


def payment_summary_in(session: Session, project: Project) -> PaymentSummary:
    payments = _payments(session, project.id)
    return PaymentSummary(
        grant_cents=project.grant_cents,
        paid_cents=sum(p.amount_cents for p in payments),
        count=len(payments),
        final_paid=any(p.final for p in payments),
        last_paid_on=payments[-1].paid_on if payments else None,
    )


def _project(session: Session, project_id: str) -> Project:
    project = session.get(Project, project_id)
    if project is None or project.deleted_at is not None:
        raise NotFoundError(tr("Das Projekt gibt es nicht (mehr)."))
    return project


class PaymentService:
    """Payments of projects; each method owns its transaction."""

    def __init__(self, db: Database):
        self.db = db

    def payments(self, project_id: str) -> list[PaymentRow]:
        """The project's payments, oldest first."""
        with self.db.session() as session:
            return [
                PaymentRow(p.id, p.paid_on, p.amount_cents, p.final, p.note)
                for p in _payments(session, project_id)
            ]

    def summary(self, project_id: str) -> PaymentSummary:
        with self.db.session() as session:
            return payment_summary_in(session, _project(session, project_id))

    def add(
        self, project_id: str, paid_on: date, amount_cents: int, final: bool = False, note: str = ""
    ) -> str:
        """Record a payment; refused (nothing stored) when it breaks a rule of the module doc."""
        with self.db.transaction() as session:
            project = _project(session, project_id)
            self._check(session, project, None, paid_on, amount_cents, final)
            payment = Payment(
                project_id=project_id,
                paid_on=paid_on,
                amount_cents=amount_cents,
                final=bool(final),
                note=(note or "").strip(),
            )
            session.add(payment)
            session.flush()
            return payment.id

    def update(
        self, payment_id: str, paid_on: date, amount_cents: int, final: bool = False, note: str = ""
    ) -> None:
        with self.db.transaction() as session:
            payment = self._get(session, payment_id)
            project = _project(session, payment.project_id)
            self._check(session, project, payment, paid_on, amount_cents, final)
            set_if_changed(payment, "paid_on", paid_on)
            set_if_changed(payment, "amount_cents", amount_cents)
            set_if_changed(payment, "final", bool(final))
            set_if_changed(payment, "note", (note or "").strip())

    def delete(self, payment_id: str) -> None:
        """Tombstone a payment (a booking error); the change log keeps it."""
        with self.db.transaction() as session:
            self._get(session, payment_id).deleted_at = utcnow()

    def _get(self, session: Session, payment_id: str) -> Payment:
        payment = session.get(Payment, payment_id)
        if payment is None or payment.deleted_at is not None:
            raise NotFoundError(tr("Die Auszahlung gibt es nicht (mehr)."))
        return payment

    def _check(
        self,
        session: Session,
        project: Project,
        payment: Payment | None,
        paid_on: date,
        amount: int,
        final: bool,
    ) -> None:
        errors: dict[str, str] = {}
        if not isinstance(paid_on, date):
            errors["paid_on"] = "Bitte das Datum der Auszahlung angeben."
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            errors["amount_cents"] = "Der Betrag einer Auszahlung muss größer als 0 € sein."
        if errors:
            raise ValidationError(errors)
        status = ProjectStatus(project.status)
        if status not in PAYABLE:
            raise DomainError(
                tr(
                    "Für ein Projekt im Status „{status_label}“ wird nichts ausgezahlt; "
                    "Auszahlungen gibt es erst nach der Bewilligung.",
                    status_label=status.label,
                )
            )
        if project.grant_cents is None:
            raise DomainError(
                tr("Für das Projekt ist kein Zuschuss eingetragen; es kann nichts ausgezahlt werden.")
            )
        if project.approved_on is not None and paid_on < project.approved_on:
            raise ValidationError.single(
                "paid_on",
                tr(
                    "Die Auszahlung am {paid_on} liegt vor der Bewilligung am {project_approved_on}.",
                    paid_on=format_date(paid_on),
                    project_approved_on=format_date(project.approved_on),
                ),
            )
        others = [p for p in _payments(session, project.id) if payment is None or p.id != payment.id]
        final_payment = next((p for p in others if p.final), None)
        if final_payment is not None:
            if final:
                raise DomainError(
                    tr(
                        "Die Schlusszahlung ist schon am {final_on} erfasst; es gibt nur eine.",
                        final_on=format_date(final_payment.paid_on),
                    )
                )
            raise DomainError(
                tr(
                    "Nach der Schlusszahlung am {final_on} ist keine weitere Auszahlung möglich.",
                    final_on=format_date(final_payment.paid_on),
                )
            )
        if final and others and max(p.paid_on for p in others) > paid_on:
            raise ValidationError.single(
                "paid_on", tr("Die Schlusszahlung kann nicht vor einer Teilzahlung liegen.")
            )
        paid = sum(p.amount_cents for p in others)
        if paid + amount > project.grant_cents:
            left = max(project.grant_cents - paid, 0)
            raise ValidationError.single(
                "amount_cents",
                tr(
                    "Mit {amount} würden insgesamt {total} ausgezahlt, mehr als der Zuschuss "
                    "von {project_grant_cents}; möglich sind höchstens noch {left}.",
                    amount=format_cents(amount),
                    total=format_cents(paid + amount),
                    project_grant_cents=format_cents(project.grant_cents),
                    left=format_cents(left),
                ),
            )


class PaymentForm(RecordService[Payment]):
    """The form of one payment (the window's dialog); storing goes through PaymentService and its checks."""

    model = Payment
    fields = fields_of("payment")
    columns = ()

    def __init__(self, db: Database, project_id: str):
        super().__init__(db)
        self.project_id = project_id
        self.payments = PaymentService(db)

    def defaults(self) -> dict[str, Any]:
        return {"paid_on": date.today(), "amount_cents": None, "final": False, "note": ""}

    def create(self, values: dict[str, Any]) -> str:
        self.validate({**self.defaults(), **values})
        return self.payments.add(
            self.project_id,
            values["paid_on"],
            values["amount_cents"],
            bool(values.get("final")),
            values.get("note") or "",
        )

    def update(self, record_id: str, values: dict[str, Any], seen: dict[str, Any] | None = None) -> None:
        merged = {**self.load(record_id), **values}
        self.validate(merged)
        self.payments.update(
            record_id, merged["paid_on"], merged["amount_cents"], bool(merged["final"]), merged["note"] or ""
        )
