"""What an address list's columns mean: the fields of the contact importer, the German header
names each is known by, and the words for a person or an institution.

Declarations only, kept apart from the importer's hooks (:mod:`regiodesk.services.contacts_import`).
"""

from __future__ import annotations

from regiodesk.imports import TargetField

FIELDS: tuple[TargetField, ...] = (
    TargetField("kind", "Art", ("Kontaktart", "Typ", "Person/Institution")),
    TargetField("salutation", "Anrede", ("Anrede", "Briefanrede")),
    TargetField("title", "Titel", ("Titel", "akad. Titel", "Akademischer Titel", "Grad")),
    TargetField("first_name", "Vorname", ("Vorname", "Vornamen", "Rufname", "First name")),
    TargetField("last_name", "Nachname", ("Nachname", "Familienname", "Zuname", "Last name")),
    TargetField(
        "full_name",
        "Name (Vor- und Nachname)",
        (
            "Name",
            "Vor- und Nachname",
            "Vorname Nachname",
            "Name, Vorname",
            "Ansprechpartner",
            "Ansprechpartnerin",
            "Ansprechpartner/in",
            "Kontaktperson",
            "Person",
            "Mitglied",
        ),
    ),
    TargetField(
        "organisation",
        "Institution",
        (
            "Institution",
            "Organisation",
            "Firma",
            "Verein",
            "Einrichtung",
            "Unternehmen",
            "Behörde",
            "Körperschaft",
            "Träger",
            "Projektträger",
            "Arbeitgeber",
            "Kommune",
            "Dienststelle",
        ),
    ),
    TargetField("function", "Funktion", ("Funktion", "Position", "Amt", "Rolle", "Tätigkeit")),
    TargetField(
        "street",
        "Straße",
        (
            "Straße",
            "Strasse",
            "Str.",
            "Straße und Hausnummer",
            "Straße Nr.",
            "Adresse",
            "Anschrift",
            "Postanschrift",
        ),
    ),
    TargetField(
        "house_number",
        "Hausnummer",
        ("Hausnummer", "Hausnr.", "Haus-Nr."),
        # a list's running number, never a house number
        never=("Nr.", "Nr", "lfd. Nr.", "laufende Nummer", "Nummer", "Pos.", "Position", "No."),
    ),
    TargetField("postal_code", "PLZ", ("PLZ", "Postleitzahl"), kind="raw"),
    TargetField("city", "Ort", ("Ort", "Stadt", "Wohnort", "Ortschaft")),
    TargetField(
        "postal_city", "PLZ Ort", ("PLZ Ort", "PLZ/Ort", "PLZ und Ort", "PLZ, Ort", "Postleitzahl Ort")
    ),
    TargetField("country", "Land", ("Land", "Staat", "Country")),
    TargetField(
        "email",
        "E-Mail",
        (
            "E-Mail",
            "Email",
            "Mail",
            "E-Mail-Adresse",
            "Mailadresse",
            "E-Mail 1",
            "E-Mail 2",
            "E-Mail dienstlich",
            "E-Mail privat",
        ),
        multiple=True,
    ),
    TargetField(
        "phone",
        "Telefon",
        (
            "Telefon",
            "Tel.",
            "Tel",
            "Telefonnummer",
            "Festnetz",
            "Telefon dienstlich",
            "Telefon privat",
            "Fon",
        ),
        kind="raw",
        multiple=True,
    ),
    TargetField(
        "mobile",
        "Mobil",
        ("Mobil", "Handy", "Mobiltelefon", "Mobilnummer", "Mobilfunk"),
        kind="raw",
        multiple=True,
    ),
    TargetField(
        "tags",
        "Schlagwörter",
        ("Schlagwort", "Schlagworte", "Schlagwörter", "Kategorie", "Gruppe", "Verteiler", "Tags"),
    ),
    TargetField(
        "notes",
        "Notizen",
        ("Notiz", "Notizen", "Bemerkung", "Bemerkungen", "Anmerkung", "Kommentar"),
        multiple=True,
        multiline=True,
    ),
    TargetField(
        "consent_on",
        "Einwilligung am",
        (
            "Einwilligung",
            "Einwilligung vom",
            "Einverständnis",
            "Einverständniserklärung",
            "Datenschutz",
            "DSGVO",
            "Zustimmung am",
        ),
        kind="date",
    ),
)
FIELD_LABELS = {f.name: f.label for f in FIELDS}
KIND_WORDS = {
    "person": "person",
    "privatperson": "person",
    "natuerlicheperson": "person",
    "institution": "institution",
    "organisation": "institution",
    "firma": "institution",
    "verein": "institution",
    "kommune": "institution",
    "unternehmen": "institution",
    "behoerde": "institution",
}
LENGTH_LIMITS = {
    "salutation": 30,
    "title": 50,
    "first_name": 100,
    "last_name": 100,
    "organisation": 200,
    "street": 200,
    "postal_code": 10,
    "city": 100,
    "country": 50,
}


TEXT_FIELDS = frozenset(
    (
        "salutation",
        "title",
        "first_name",
        "last_name",
        "organisation",
        "function",
        "street",
        "house_number",
        "city",
        "country",
        "tags",
        "full_name",
    )
)
