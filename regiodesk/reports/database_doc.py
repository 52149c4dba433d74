"""docs/datenbank.md: every table and column of the office file explained in German, for a successor
who opens the file with any SQLite tool.

Generated, never written by hand: ``python -m regiodesk.reports.database_doc > docs/datenbank.md``
(a test regenerates it and compares). A column's meaning comes, in this order, from its ``doc=``
in the model (German; ``doc`` is not part of the schema, unlike ``comment``), from the field
declared for it in :mod:`regiodesk.fields` (label, kind, choices: the same words the window shows),
or from the naming rules
(``*_id`` refers to another table). Status keys are listed with their German labels from
:mod:`regiodesk.domain.enums`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from sqlalchemy import Boolean, Column, Date, DateTime, Integer, LargeBinary, String, Table, Text

from regiodesk.db.base import UTCDateTime
from regiodesk.db.models import all_tables, record_models
from regiodesk.domain import enums
from regiodesk.domain.enums import LabelledEnum
from regiodesk.fields import COMMON as COMMON_FIELDS
from regiodesk.fields import TABLES as FIELD_TABLES
from regiodesk.fields import Field, Kind

#: What each table holds, in a sentence a successor understands.
TABLES: dict[str, str] = {
    "region_settings": "Die Einstellungen der Region: Name, Art, Geschäftsstelle, Briefkopf, Logo, "
    "Unterschrift und die Voreinstellungen für neue Gremien. Genau eine Zeile.",
    "setting": "Weitere Einstellungen der Datei als Schlüssel und Wert (z. B. gemerkte Spaltenzuordnungen "
    "der Importe).",
    "funding_period": "Förderperioden (z. B. LEADER 2023–2027) mit ihrem Kofinanzierungsanteil.",
    "funding_rate": "Fördersätze je Förderperiode und Projektart.",
    "selection_criterion": "Projektauswahlkriterien einer Förderperiode (Bewertungsbogen).",
    "interest_group": "Interessengruppen, die stimmberechtigte Mitglieder vertreten; „öffentlicher Sektor“ "
    "ist ein Merkmal der Gruppe.",
    "body": "Gremien (LAG, Lenkungsgruppe, Vorstand, Arbeitsgruppen …) mit ihren Regeln der "
    "Geschäftsordnung.",
    "membership": "Mitgliedschaften: wer wann in welchem Gremium sitzt, mit Rolle, Stimmrecht, "
    "Interessengruppe und persönlicher Stellvertretung.",
    "meeting": "Sitzungen der Gremien.",
    "agenda_item": "Tagesordnungspunkte einer Sitzung, mit Beschlusstext.",
    "attendance": "Anwesenheit je Sitzung und Person, mit Ankunft und Weggang.",
    "conflict_of_interest": "Erklärte Interessenkonflikte (Befangenheit) je Tagesordnungspunkt.",
    "vote": "Abstimmungen zu einem Tagesordnungspunkt: Stimmen, Beschlussfähigkeit, Ergebnis.",
    "named_vote": "Die Stimme jedes Sitzes bei einer namentlichen Abstimmung.",
    "written_procedure": "Umlaufverfahren (schriftliche Beschlussfassung ohne Sitzung).",
    "written_procedure_answer": "Die Antworten der Mitglieder in einem Umlaufverfahren.",
    "contact": "Kontakte: Personen und Institutionen.",
    "address": "Anschriften eines Kontakts.",
    "contact_email": "E-Mail-Adressen eines Kontakts (die älteste ist die erste).",
    "contact_phone": "Telefonnummern eines Kontakts.",
    "affiliation": "Funktionen von Personen bei Institutionen (z. B. Bürgermeisterin der Gemeinde X).",
    "tag": "Schlagwörter für Kontakte.",
    "contact_tag": "Welcher Kontakt welches Schlagwort trägt.",
    "consent": "Einwilligungen (DSGVO): wann, wofür, wie erteilt, wann widerrufen.",
    "consent_purpose": "Die Zwecke, für die Einwilligungen eingeholt werden (Stammdaten).",
    "saved_filter": "Gespeicherte Verteiler (Filter der Kontaktliste).",
    "project": "Projekte mit Träger, Kosten, Förderung, LAG-Beschluss und Fristen.",
    "project_contact": "Kontakte eines Projekts mit ihrer Rolle.",
    "cooperation_partner": "Partnerregionen (andere LAGs) eines Kooperationsprojekts mit Kostenanteil und "
    "Zuschuss; die eigene LAG ist keine Zeile (ihr Anteil sind die Kosten des Projekts).",
    "regional_budget": "Regionalbudget (GAK-Kleinprojekte) je Jahr: Jahresbudget, Kostengrenze und höchster "
    "Fördersatz je Kleinprojekt, Frist des Verwendungsnachweises. Ein Projektaufruf mit "
    "`regional_budget_id` gehört dazu; seine Projekte sind Kleinprojekte.",
    "project_status_change": "Jeder Statuswechsel eines Projekts mit Datum.",
    "payment": "Auszahlungen an ein Projekt.",
    "call": "Projektaufrufe mit Frist und Budget.",
    "consultation": "Beratungsgespräche der Geschäftsstelle, zu einem Projekt oder einer Projektidee, mit "
    "Wiedervorlage.",
    "consultation_contact": "Wer an einem Beratungsgespräch teilnahm (Kontakte, in ihrer Reihenfolge).",
    "event": "Veranstaltungen der Geschäftsstelle (Projektbörse, Workshop, Exkursion …) mit den "
    "Teilnehmendenzahlen für die Förderstellen.",
    "event_participant": "Anmeldungen und Teilnahmen an einer Veranstaltung: Kontakte oder Gäste (nur Name).",
    "activity": "Presse- und Netzwerkarbeit der Geschäftsstelle: Pressemitteilungen, Artikel, Beiträge, "
    "Druckerzeugnisse; Treffen mit anderen Regionen, im LEADER-Netzwerk des Landes, in Arbeitskreisen.",
    "score": "Punkte eines Projekts je Auswahlkriterium, mit Begründung.",
    "action_field": "Handlungsfelder der Entwicklungsstrategie, mit Budget.",
    "development_goal": "Entwicklungsziele eines Handlungsfelds.",
    "budget_reallocation": "Umschichtungen des Budgets zwischen Handlungsfeldern.",
    "indicator": "Indikatoren des Monitorings.",
    "indicator_target": "Zielwerte eines Indikators (je Jahr oder für die Förderperiode).",
    "indicator_value": "Erfasste Istwerte eines Indikators.",
    "attachment": "Anhänge (Dateien) in der Datenbank; gehören zu einer Zeile einer beliebigen Tabelle "
    "(siehe „Anhänge“ oben).",
    "change_log": "Das Änderungsprotokoll (siehe oben): im Programm der „Verlauf“.",
    "sync_meta": "Synchronisierung: Angaben dieser Datei als Schlüssel und Wert (z. B. `dataset_id`, die "
    "Kennung der Geschäftsstelle, gleich in jeder Kopie). Wird nicht synchronisiert.",
    "sync_device": "Synchronisierung: was diese Datei von den Änderungen jedes Laptops kennt. Wird nicht "
    "synchronisiert.",
    "sync_conflict": "Synchronisierung: Konflikte (beide Laptops änderten dasselbe Feld); der unterlegene "
    "Wert steht hier und im Änderungsprotokoll. Wird nicht synchronisiert.",
}

#: Columns of every synced table (explained once, above the tables).
BOOKKEEPING = {
    "id": "Kennung der Zeile (UUID als Text); andere Tabellen verweisen mit `…_id` darauf.",
    "created_at": "angelegt am (UTC)",
    "modified_at": "zuletzt geändert am (UTC)",
    "deleted_at": "Löschvermerk (UTC); leer = nicht gelöscht. Siehe „Gelöschte Einträge“.",
}

#: Columns of tables that no service declares as a form field, by name.
COMMON = {
    "name": "Name",
    "title": "Titel",
    "description": "Beschreibung",
    "notes": "Notizen",
    "code": "Kürzel",
    "year": "Jahr",
    "key": "Schlüssel",
    "value": "Wert",
    "filename": "Dateiname",
    "mime_type": "Dateityp (MIME-Typ, z. B. application/pdf)",
    "size": "Größe in Bytes",
    "data": "der Inhalt der Datei (BLOB)",
    "starts_on": "von (Datum)",
    "ends_on": "bis (Datum, leer = offen)",
    "table_name": "Tabelle der geänderten Zeile",
    "row_id": "Kennung der geänderten Zeile",
    "field": "Spalte; `*` bei „angelegt“: dann enthält `new_value` die ganze neue Zeile als JSON-Objekt",
    "device_id": "Kennung des Laptops (Geräte-ID), auf dem geändert wurde",
    "hlc": "Zeitstempel der hybriden logischen Uhr: ordnet Änderungen über Laptops hinweg",
}


def _services() -> dict[str, dict[str, Field]]:
    """table -> column -> the field declared for it in :mod:`regiodesk.fields`."""
    common = {f.name: f for f in COMMON_FIELDS}
    return {table: {**common, **{f.name: f for f in declared}} for table, declared in FIELD_TABLES.items()}


def _type(column: Column) -> str:
    t = column.type
    if isinstance(t, UTCDateTime):
        return "Zeit (UTC)"
    if isinstance(t, DateTime):
        return "Zeit (Ortszeit)"
    if isinstance(t, Date):
        return "Datum"
    if isinstance(t, Boolean):
        return "ja/nein"
    if isinstance(t, Integer):
        return "Zahl"
    if isinstance(t, LargeBinary):
        return "Datei (BLOB)"
    if isinstance(t, Text):
        return "Text"
    if isinstance(t, String):
        return f"Text ({t.length})" if t.length else "Text"
    return str(t)


def _unit(column: Column, field: Field | None) -> str:
    """The unit a number is stored in, from the field's kind or the column's name."""
    name = column.name
    kind = field.kind if field is not None else None
    if kind is Kind.MONEY or name.endswith("_cents"):
        return "Betrag in Cent (123450 = 1.234,50 €)"
    if kind is Kind.PERCENT or name.endswith("_bp"):
        return "in Basispunkten (1 % = 100, 45 % = 4500)"
    if kind is Kind.QUANTITY or name.endswith("_milli"):
        return "in Tausendsteln (12,5 = 12500)"
    return ""


def _enum_of(table: str, column: Column, field: Field | None) -> type[LabelledEnum] | None:
    if field is not None and field.choices is not None:
        return field.choices
    choices = column.info.get("choices") if column.info else None
    return choices if isinstance(choices, type) and issubclass(choices, LabelledEnum) else None


def describe_column(table: Table, column: Column, fields: dict[str, Field]) -> str:
    """The German meaning of one column (empty when nothing is known: the test finds those)."""
    if column.name in BOOKKEEPING and table.name not in {"sync_conflict", "change_log"}:
        return BOOKKEEPING[column.name]
    field = fields.get(column.name)
    parts: list[str] = []
    if column.doc:
        parts.append(column.doc)
    elif field is not None:
        parts.append(field.label)
    elif column.name in COMMON:
        parts.append(COMMON[column.name])
    for fk in column.foreign_keys:
        target = fk.column.table.name
        parts.append(f"Verweis auf [`{target}`](#{target})")
    unit = _unit(column, field)
    if unit:
        parts.append(unit)
    enum = _enum_of(table.name, column, field)
    if enum is not None:
        parts.append(f"Schlüssel, siehe [{_enum_title(enum)}](#{_anchor(enum)})")
    return "; ".join(parts)


def _enum_title(enum: type[LabelledEnum]) -> str:
    return ENUM_TITLES.get(enum.__name__, enum.__name__)


def _anchor(enum: type[LabelledEnum]) -> str:
    return "schluessel-" + enum.__name__.lower()


#: German headings of the vocabularies.
ENUM_TITLES = {
    "RegionKind": "Art der Region",
    "ContactKind": "Art des Kontakts",
    "InstitutionType": "Art der Institution",
    "SponsorType": "Art des Projektträgers",
    "BodyType": "Art des Gremiums",
    "MembershipRole": "Rolle im Gremium",
    "MeetingState": "Status der Sitzung",
    "AgendaKind": "Art des Tagesordnungspunkts",
    "RequiredMajority": "erforderliche Mehrheit",
    "AttendanceStatus": "Anwesenheit",
    "VoteResult": "Ergebnis einer Abstimmung",
    "VoteChoice": "Stimme",
    "ProjectStatus": "Status des Projekts",
    "ConsentMethod": "Art der Einwilligung",
    "EventKind": "Art der Veranstaltung",
    "ActivityKind": "Art der Presse- oder Netzwerkarbeit",
    "IndicatorKind": "Art des Indikators",
    "IndicatorSource": "Herkunft des Istwerts",
}


def _vocabularies() -> list[type[LabelledEnum]]:
    found = [
        v
        for v in vars(enums).values()
        if isinstance(v, type) and issubclass(v, LabelledEnum) and v is not LabelledEnum and len(v)
    ]
    return sorted(found, key=lambda e: _enum_title(e).casefold())


INTRO = """\
# Die Datenbank von regiodesk

*Erzeugt aus den Modellen mit `python -m regiodesk.reports.database_doc > docs/datenbank.md`;
nicht von Hand ändern (ein Test prüft, dass die Datei zum Programm passt).*

Die ganze Geschäftsstelle steht in **einer SQLite-Datei** (`….regiodesk`). Jedes Werkzeug, das
SQLite liest, öffnet sie, zum Beispiel [DB Browser for SQLite](https://sqlitebrowser.org/) oder
`sqlite3 geschaeftsstelle.regiodesk`. Am besten öffnet man eine **Sicherung** oder eine
Übergabedatei (`regiodesk backup`, `regiodesk handover`), nicht die Datei, mit der regiodesk gerade
arbeitet, und ändert darin nichts von Hand: regiodesk schreibt jede Änderung zugleich ins
Änderungsprotokoll, ein Werkzeug nicht.

## Allgemeine Regeln

- **Kennungen**: Jede Zeile hat als `id` eine UUID (Text, z. B. `3f2b…-…`). Eine Spalte `…_id`
  verweist auf die `id` einer anderen Tabelle (in den Tabellen unten verlinkt).
- **Zeit**: `created_at`, `modified_at`, `deleted_at` und alle anderen mit „Zeit (UTC)“ bezeichneten
  Spalten stehen in **UTC** (Weltzeit, im Winter eine Stunde, im Sommer zwei Stunden vor der
  deutschen Uhr). Beginn und Ende von Sitzungen und andere mit „Zeit (Ortszeit)“ bezeichnete Spalten
  sind **Ortszeit** der Region, so wie man sie in die Einladung schreibt (ohne Zeitzone). Zeiten und
  Daten stehen als Text: `2026-03-09 18:30:00.000000`, `2026-03-09`.
- **Geld** steht in **Cent** als ganze Zahl (`123450` = 1.234,50 €), Spalten `…_cents`.
  **Prozentsätze** stehen in **Basispunkten** (`4500` = 45 %, `1` = 0,01 %), Spalten `…_bp`.
  Mengen von Indikatoren stehen in Tausendsteln (`12500` = 12,5). So gibt es keine Rundungsfehler.
- **ja/nein** steht als `1`/`0`.
- **Status und andere Auswahlen** stehen als fester Schlüssel in Kleinbuchstaben ohne Umlaute (z. B.
  `durchgefuehrt`); was das Programm dafür anzeigt, steht unter
  [Schlüssel und ihre Bezeichnungen](#schluessel-und-ihre-bezeichnungen).

### Gelöschte Einträge (`deleted_at`)

regiodesk löscht nichts endgültig. „Löschen“ setzt in `deleted_at` den Zeitpunkt (UTC); die Zeile
bleibt in der Datei und im Änderungsprotokoll und kann wiederhergestellt werden. **Wer die Datei
auswertet, lässt Zeilen mit gefülltem `deleted_at` weg** (`WHERE deleted_at IS NULL`). Nur die
Löschung nach DSGVO (Art. 17) entfernt die Angaben einer Person auch aus dem Änderungsprotokoll.

### Anhänge

Dateien (Projektskizzen, Scans, das Logo …) liegen in der Tabelle [`attachment`](#attachment) als
BLOB in der Spalte `data`. Zu welcher Zeile ein Anhang gehört, sagen zwei Spalten:
`owner_table` (der Name der Tabelle, z. B. `project`) und `owner_id` (die `id` der Zeile darin).
Beispiel: alle Anhänge eines Projekts:
`SELECT filename FROM attachment WHERE owner_table = 'project' AND owner_id = '…' AND deleted_at IS NULL`.

### Änderungsprotokoll

Jede Änderung einer Zeile steht in [`change_log`](#change_log), in derselben Transaktion geschrieben:
Tabelle (`table_name`), Zeile (`row_id`), Spalte (`field`), alter und neuer Wert (`old_value`,
`new_value`, als JSON), Vorgang (`operation`: `insert` angelegt, `update` geändert, `delete`
gelöscht, `restore` wiederhergestellt), Gerät (`device_id`), Zeit (`changed_at`, UTC) und der
Zeitstempel der hybriden logischen Uhr (`hlc`), der die Änderungen mehrerer Laptops ordnet. Beim
Anlegen steht die ganze neue Zeile in einem Eintrag mit `field` = `*`. Das Protokoll ist zugleich
der „Verlauf“ im Programm, das Journal der Synchronisierung und der Ort, an dem bei einem Konflikt
der unterlegene Wert erhalten bleibt.

### Synchronisierung

Die Tabellen `sync_meta`, `sync_device` und `sync_conflict` beschreiben nur das Verhältnis *dieser*
Datei zum gemeinsamen Ordner (welche Änderungen welches Laptops schon eingelesen sind, welche
Konflikte es gab). Sie werden selbst nicht synchronisiert und nicht protokolliert. Die Tabelle
`alembic_version` enthält die Schemaversion der Datei.

### Suchindex

Die Tabellen `search_index` (ein SQLite-FTS5-Volltextindex mit seinen Hilfstabellen
`search_index_…`), `search_doc` und `search_state` sind die Suche über alles (Strg+K). Sie sind
aus den Tabellen oben abgeleitet: je Kontakt, Projekt, Sitzung, Tagesordnungspunkt,
Umlaufverfahren, Gremium und Anhang ein Eintrag mit seinem Text in Kleinbuchstaben, Umlaute
doppelt (`müller` als `muller` und `mueller`). regiodesk hält sie in derselben Transaktion wie
jede Änderung aktuell; sie werden nicht synchronisiert und können jederzeit neu aufgebaut werden
(`search_state` mit `indexed_seq` = `-1` lässt sie beim nächsten Speichern neu aufbauen). Wer die
Datei auswertet, braucht sie nicht.
"""


def generate() -> str:
    """The whole document (Markdown)."""
    services = _services()
    out = [INTRO, "## Tabellen\n"]
    tables = sorted(all_tables(), key=lambda t: t.name)
    labels = {name: model.label for name, model in record_models().items()}
    out.append(
        "Jede Tabelle mit einem deutschen Namen in Klammern hat die Spalten `id`, `created_at`, "
        "`modified_at` und `deleted_at` (oben erklärt). „auch NULL“: die Spalte darf leer sein "
        "(SQL `NULL`); die anderen haben immer einen Wert, bei Text oft den leeren Text.\n"
    )
    for table in tables:
        title = f"### {table.name}"
        if table.name in labels:
            title += f" ({labels[table.name]})"
        out.append(f'<a id="{table.name}"></a>\n\n{title}\n\n{TABLES.get(table.name, "")}\n')
        out.append("| Spalte | Art | Bedeutung |\n| --- | --- | --- |")
        fields = services.get(table.name, {})
        for column in sorted(table.columns, key=_column_order):
            meaning = describe_column(table, column, fields)
            empty = ", auch NULL" if column.nullable and not column.primary_key else ""
            out.append(f"| `{column.name}` | {_type(column)}{empty} | {_cell(meaning)} |")
        out.append("")
    out.append('<a id="schluessel-und-ihre-bezeichnungen"></a>\n\n## Schlüssel und ihre Bezeichnungen\n')
    out.append("Was in den Spalten steht (Schlüssel) und was regiodesk dafür anzeigt (Bezeichnung).\n")
    for enum in _vocabularies():
        out.append(f'<a id="{_anchor(enum)}"></a>\n\n### {_enum_title(enum)}\n')
        out.append("| Schlüssel | Bezeichnung |\n| --- | --- |")
        out.extend(f"| `{m.value}` | {_cell(m.label)} |" for m in enum)
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _column_order(column: Column) -> int:
    """The key first, the table's own columns as declared, the bookkeeping columns last."""
    if column.primary_key:
        return 0
    return 2 if column.name in BOOKKEEPING else 1


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def undescribed() -> Iterator[str]:
    """'table.column' of each column without a German meaning (the test keeps this empty)."""
    services = _services()
    for table in all_tables():
        if table.name not in TABLES:
            yield table.name
        for column in table.columns:
            if not describe_column(table, column, services.get(table.name, {})):
                yield f"{table.name}.{column.name}"


def main() -> int:
    sys.stdout.write(generate())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
