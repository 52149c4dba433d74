"""The check of a vote, shown before it is stored: quorum, double quorum, majority, problems, result.

Everything shown comes from ``domain.voting.VoteCheck``; nothing here decides a rule.
"""

from __future__ import annotations

from fractions import Fraction
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from regiodesk.domain.enums import VoteResult
from regiodesk.domain.voting import VoteCheck, format_percent
from regiodesk.i18n import tr
from regiodesk.ui.widgets import Banner

RED = "#b00020"
GREEN = "#1e6b2e"


def _mark(holds: bool) -> str:
    return (
        f"<span style='color:{GREEN}'>✔ {tr('erfüllt')}</span>"
        if holds
        else f"<b style='color:{RED}'>✘ {tr('nicht erfüllt')}</b>"
    )


def limit(share) -> str:
    return format_percent(share, 0) if (share * 100).denominator == 1 else format_percent(share, 1)


def check_lines(check: VoteCheck, written: bool = False) -> list[tuple[str, str]]:
    """(plain text, html) lines describing a check, in the order the minutes give them."""
    q = check.quorum
    lines: list[tuple[str, str]] = []
    deputies = sum(1 for v in check.present if v.by_deputy)
    if written:
        plain = tr(
            "Rückmeldungen: {present} von {total} stimmberechtigten Mitgliedern haben geantwortet ({share})",
            present=q.present,
            total=q.total,
            share=format_percent(q.share),
        )
    else:
        plain = tr(
            "Beschlussfähigkeit: {present} von {total} stimmberechtigten Mitgliedern "
            "anwesend oder vertreten ({share})",
            present=q.present,
            total=q.total,
            share=format_percent(q.share),
        )
        if deputies:
            plain += tr(", davon {n} durch Stellvertretung", n=deputies)
    plain += tr("; erforderlich {required}", required=limit(q.required_share))
    lines.append((plain, f"{escape(plain)} – {_mark(q.holds)}"))
    if deputies and not written:  # who actually votes for which seat (rule 1)
        pairs = "; ".join(
            tr("{deputy} für {member}", deputy=v.voted_by, member=v.name)
            for v in check.present
            if v.by_deputy
        )
        plain = tr("Es stimmt die persönliche Stellvertretung: {pairs}", pairs=pairs)
        lines.append((plain, escape(plain)))
    if check.excluded:
        names = ", ".join(v.name for v in check.excluded)
        plain = tr("Wegen Interessenkonflikt ausgeschlossen: {names}", names=names)
        lines.append((plain, escape(plain)))
    plain = tr("Stimmberechtigt bei diesem Punkt: {n}", n=len(check.voters))
    lines.append((plain, f"<b>{escape(plain)}</b>"))
    if check.double_required:
        dq = check.double
        plain = tr("Doppelte Beschlussfähigkeit: {sentence}", sentence=check.sentence)
        rule = tr(
            "(erforderlich: mindestens {wiso} WiSo-Partner, höchstens {group} je Interessengruppe)",
            wiso=limit(dq.min_wiso_share),
            group=limit(dq.max_group_share),
        )
        lines.append((f"{plain} {rule}", f"{escape(plain)} {escape(rule)} – {_mark(dq.holds)}"))
        # every group by name, and the public sector as the one group the 49 % limit counts
        groups = ", ".join(f"{name} {count}" for name, count in dq.group_counts.items())
        public = tr(
            "öffentlicher Sektor zusammen: {n} ({share})",
            n=dq.public,
            share=format_percent(Fraction(dq.public, dq.voters) if dq.voters else Fraction(0)),
        )
        plain = tr("Nach Interessengruppen: {groups}; {public}", groups=groups or "–", public=public)
        lines.append((plain, escape(plain)))
    cast = check.yes + check.no + check.abstain
    plain = tr(
        "Stimmen: Ja {yes}, Nein {no}, Enthaltung {abstain} ({cast} von {n} abgegeben)",
        yes=check.yes,
        no=check.no,
        abstain=check.abstain,
        cast=cast,
        n=len(check.voters),
    )
    lines.append((plain, escape(plain)))
    majority = check.required.label
    reached = tr("erreicht") if check.majority_reached else tr("nicht erreicht")
    plain = tr("Mehrheit ({majority}): {reached}", majority=majority, reached=reached)
    lines.append((plain, escape(plain)))
    return lines


def result_text(check: VoteCheck) -> tuple[str, str]:
    """The result sentence and its banner level."""
    if check.result is VoteResult.NOT_QUORATE:
        return tr("Ergebnis: nicht beschlussfähig – ein Beschluss kommt nicht zustande."), "error"
    if check.result is VoteResult.ADOPTED:
        return tr("Ergebnis: angenommen"), "ok"
    return tr("Ergebnis: abgelehnt"), "info"


class VoteCheckView(QWidget):
    """Shows a VoteCheck (or the German reason why the entered numbers cannot be checked)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        self.problems.setStyleSheet(f"color: {RED}; font-weight: bold;")
        self.result = Banner()
        font = self.result.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.result.setFont(font)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.details)
        layout.addWidget(self.problems)
        layout.addWidget(self.result)
        self._plain: list[str] = []

    def show_check(self, check: VoteCheck, written: bool = False, pending: bool = False) -> None:
        """``pending``: no votes entered yet, so there is no result to show (only the quorum)."""
        lines = check_lines(check, written)
        self._plain = [plain for plain, _html in lines]
        self.details.setText("<br>".join(html for _plain, html in lines))
        self.problems.setText("\n".join(check.problems))
        self.problems.setVisible(bool(check.problems))
        if pending:
            text, level = (
                tr("Noch keine Stimmen eingegeben: ein Ergebnis gibt es erst mit der Abstimmung."),
                "info",
            )
        else:
            text, level = result_text(check)
        self.result.show_lines([text], level)
        self._plain += [*check.problems, text]

    def show_error(self, message: str) -> None:
        self._plain = [message]
        self.details.clear()
        self.problems.setText(message)
        self.problems.show()
        self.result.clear_banner()

    def clear(self) -> None:
        self._plain = []
        self.details.clear()
        self.problems.clear()
        self.problems.hide()
        self.result.clear_banner()

    def plain_text(self) -> str:
        """What the view says, as plain text (tests, copying)."""
        return "\n".join(self._plain)
