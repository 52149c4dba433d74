"""What a project list's columns and words mean: the fields of the project importer, the German
header names each is known by, and the words offices write for a status or a kind of sponsor.

Declarations only, kept apart from the importer's hooks (:mod:`regiodesk.services.projects_import`).
"""

from __future__ import annotations

from regiodesk.domain.enums import ProjectStatus, SponsorType
from regiodesk.imports import TargetField, header_key

FIELDS: tuple[TargetField, ...] = (
    TargetField(
        "title",
        "Titel",
        (
            "Projekttitel",
            "Projektname",
            "Projekt",
            "Titel des Projekts",
            "Projektbezeichnung",
            "Bezeichnung",
            "Maßnahme",
            "Massnahme",
            "Vorhaben",
        ),
    ),
    TargetField(
        "short_description",
        "Kurzbeschreibung",
        ("Beschreibung", "Projektbeschreibung", "Kurzbeschreibung des Projekts", "Inhalt", "Projektinhalt"),
        multiline=True,
    ),
    TargetField(
        "sponsor",
        "Projektträger",
        (
            "Träger",
            "Projektträgerin",
            "Maßnahmenträger",
            "Antragsteller",
            "Antragstellerin",
            "Zuwendungsempfänger",
            "Träger des Projekts",
        ),
    ),
    TargetField("sponsor_type", "Art des Trägers", ("Trägerart", "Art Träger", "Trägertyp")),
    TargetField("action_field", "Handlungsfeld", ("HF", "Handlungsfeld (HF)", "Handlungsfelder")),
    TargetField("development_goal", "Entwicklungsziel", ("Handlungsfeldziel", "EZ")),
    TargetField("call", "Projektaufruf", ("Aufruf", "Förderaufruf")),
    TargetField("cooperation", "Kooperationsprojekt", ("Kooperation", "Koop.", "Koop"), kind="bool"),
    TargetField(
        "project_area",
        "Projektgebiet",
        ("Projektgebiet (Gemeinden)", "Gemeinden", "Projektort", "Ort", "Standort"),
    ),
    TargetField("project_type", "Projektart", ("Projekttyp", "Art des Projekts", "Fördertatbestand")),
    TargetField("status", "Status", ("Projektstatus", "Stand", "Bearbeitungsstand", "Verfahrensstand")),
    TargetField(
        "total_cost_gross_cents",
        "Gesamtkosten brutto",
        (
            "Gesamtkosten",
            "Gesamtkosten (brutto)",
            "Bruttokosten",
            "Kosten brutto",
            "Projektkosten",
            "Gesamtausgaben",
        ),
        kind="money",
    ),
    TargetField(
        "total_cost_net_cents",
        "Gesamtkosten netto",
        ("Gesamtkosten (netto)", "Nettokosten", "Kosten netto"),
        kind="money",
    ),
    TargetField(
        "eligible_cost_cents",
        "förderfähige Kosten",
        (
            "förderfähige Gesamtkosten",
            "förderfähige Ausgaben",
            "zuwendungsfähige Kosten",
            "zuwendungsfähige Ausgaben",
            "förderfähig",
        ),
        kind="money",
    ),
    TargetField(
        "funding_rate_bp",
        "Fördersatz",
        ("Förderquote", "Fördersatz in %", "Förderanteil", "Fördersatz %", "Zuschusssatz"),
        kind="percent",
    ),
    TargetField(
        "grant_cents",
        "Zuschuss",
        (
            "LEADER-Mittel",
            "LEADER-Zuschuss",
            "Zuschuss (LEADER)",
            "LEADER-Förderung",
            "Fördersumme",
            "Förderbetrag",
            "Zuwendung",
            "ELER-Mittel",
            "beantragte Förderung",
        ),
        kind="money",
    ),
    TargetField(
        "cofinancing_source",
        "Kofinanzierung durch",
        ("Kofinanzierungsgeber", "Kofinanzierer", "Kofinanzierung von"),
    ),
    TargetField(
        "cofinancing_cents",
        "Kofinanzierung",
        ("öffentliche Kofinanzierung", "nationale Kofinanzierung", "Kofinanzierungsbetrag"),
        kind="money",
    ),
    TargetField("own_share_cents", "Eigenanteil", ("Eigenmittel", "Eigenleistung"), kind="money"),
    TargetField("starts_on", "Beginn", ("Projektbeginn", "Maßnahmebeginn", "Laufzeit von"), kind="date"),
    TargetField("ends_on", "Ende", ("Projektende", "Laufzeit bis", "Maßnahmeende"), kind="date"),
    TargetField(
        "lag_decision_on",
        "LAG-Beschluss am",
        (
            "LAG-Beschluss",
            "Beschlussdatum",
            "Datum LAG-Beschluss",
            "Beschluss LAG",
            "LAG-Beschluss Datum",
            "Auswahlbeschluss",
            "Datum Auswahlbeschluss",
            "Beschluss vom",
            "Beschluss am",
            "LAG-Beschluss vom",
            "Datum des LAG-Beschlusses",
            "Auswahldatum",
            "ausgewählt am",
            "LAG-Sitzung",
        ),
        kind="date",
    ),
    TargetField(
        "applied_on",
        "Antrag gestellt am",
        ("Antragsdatum", "Antragstellung", "Antrag vom", "Antrag eingereicht am", "beantragt am"),
        kind="date",
    ),
    TargetField(
        "approved_on",
        "bewilligt am",
        ("Bewilligungsdatum", "Bewilligungsbescheid vom", "Bewilligung am", "Bescheid vom"),
        kind="date",
    ),
    TargetField("completed_on", "abgeschlossen am", ("Projektabschluss", "Abschluss am"), kind="date"),
    TargetField(
        "proof_of_use_on",
        "Verwendungsnachweis am",
        ("Verwendungsnachweis geprüft am", "VN geprüft", "VN geprüft am", "Verwendungsnachweis"),
        kind="date",
    ),
    TargetField(
        "approval_file_number",
        "Aktenzeichen Bewilligungsstelle",
        (
            "Aktenzeichen",
            "Az.",
            "Az",
            "Antragsnummer",
            "Förderkennzeichen",
            "Vorgangsnummer",
            "Aktenzeichen ALE",
            "Aktenzeichen AELF",
        ),
    ),
    TargetField(
        "notes",
        "Notizen",
        ("Notiz", "Bemerkung", "Bemerkungen", "Anmerkung", "Anmerkungen", "Kommentar"),
        multiple=True,
        multiline=True,
    ),
)
FIELD_LABELS = {f.name: f.label for f in FIELDS}

#: Fields written to the project as they are converted.
PLAIN_FIELDS = (
    "title",
    "short_description",
    "cooperation",
    "project_area",
    "project_type",
    "total_cost_gross_cents",
    "total_cost_net_cents",
    "eligible_cost_cents",
    "funding_rate_bp",
    "grant_cents",
    "cofinancing_source",
    "cofinancing_cents",
    "own_share_cents",
    "starts_on",
    "ends_on",
    "lag_decision_on",
    "applied_on",
    "approved_on",
    "completed_on",
    "proof_of_use_on",
    "approval_file_number",
)
#: Mapped field -> the project columns it fills (an "update" writes only these).
FIELD_COLUMNS = {name: (name,) for name in PLAIN_FIELDS} | {
    "sponsor": ("sponsor_id",),
    "sponsor_type": ("sponsor_type",),
    "action_field": ("action_field_id",),
    "development_goal": ("development_goal_id", "action_field_id"),
    "call": ("call_id",),
    "status": ("status",),
    "notes": ("notes",),
}
LENGTH_LIMITS = {
    "title": 300,
    "project_type": 100,
    "cofinancing_source": 200,
    "approval_file_number": 100,
    "sponsor": 200,
}
TEXT_FIELDS = (
    "title",
    "short_description",
    "project_area",
    "project_type",
    "cofinancing_source",
    "approval_file_number",
    "sponsor",
    "development_goal",
)

# Status as offices write it -> ProjectStatus value (keys compared with header_key).
_OFFICE_STATUS_WORDS = {
    "projektidee": "idee",
    "beratung": "in_beratung",
    "inbearbeitung": "in_beratung",
    "inpruefung": "in_beratung",
    "angefragt": "in_beratung",
    "lagbeschluss": "ausgewaehlt",
    "lagausgewaehlt": "ausgewaehlt",
    "positivbeschlossen": "ausgewaehlt",
    "beschlossen": "ausgewaehlt",
    "lagabgelehnt": "abgelehnt",
    "zurueckgestelt": "zurueckgestellt",
    "beantragt": "antrag_gestellt",
    "antrag": "antrag_gestellt",
    "antrageingereicht": "antrag_gestellt",
    "antraggestellt": "antrag_gestellt",
    "bewilligung": "bewilligt",
    "bewilligungerteilt": "bewilligt",
    "umsetzung": "in_umsetzung",
    "laufend": "in_umsetzung",
    "inarbeit": "in_umsetzung",
    "fertig": "abgeschlossen",
    "beendet": "abgeschlossen",
    "vngeprueft": "vn_geprueft",
    "verwendungsnachweisgeprueft": "vn_geprueft",
    "vnpruefungabgeschlossen": "vn_geprueft",
    "zurueckgenommen": "zurueckgezogen",
    "abgesagt": "zurueckgezogen",
    "verfristet": "verfallen",
}
_OFFICE_SPONSOR_WORDS = {
    "gemeinde": "kommune",
    "stadt": "kommune",
    "markt": "kommune",
    "landkreis": "kommune",
    "kommunal": "kommune",
    "zweckverband": "oeffentlich",
    "oeffentlich": "oeffentlich",
    "oeffentlichestelle": "oeffentlich",
    "firma": "unternehmen",
    "privat": "privatperson",
    "privatperson": "privatperson",
    "person": "privatperson",
    "kirchengemeinde": "kirche",
    "ev": "verein",
}


def _vocabulary(enum, extra: dict[str, str]) -> dict[str, str]:
    words: dict[str, str] = {}
    for member in enum:
        words[header_key(member.value)] = member.value
        words[header_key(member.label)] = member.value
        if ":" in member.label:  # "LAG-Beschluss: ausgewählt" is written "ausgewählt"
            words[header_key(member.label.split(":", 1)[1])] = member.value
    return words | extra


STATUS_WORDS = _vocabulary(ProjectStatus, _OFFICE_STATUS_WORDS)
SPONSOR_TYPE_WORDS = _vocabulary(SponsorType, _OFFICE_SPONSOR_WORDS)
