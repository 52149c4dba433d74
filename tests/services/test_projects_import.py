"""Importing the region's project list from Excel/CSV: messy sheets, duplicates, sponsors, all or nothing."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from openpyxl import Workbook
from project_helpers import make_region, new_project
from sqlalchemy import func, select

from regiodesk.db.models import ActionField, Contact, DevelopmentGoal, Project, ProjectStatusChange, Setting
from regiodesk.domain.errors import DomainError
from regiodesk.services import projects_import
from regiodesk.services.projects_import import ProjectImportService

HEADERS = [
    "Projekttitel",
    "Projektträger",
    "Handlungsfeld",
    "Gesamtkosten",
    "förderfähige Kosten",
    "Fördersatz",
    "LEADER-Mittel",
    "Status",
    "Beschlussdatum",
    "Aktenzeichen",
]


def _region(db) -> dict:
    region = make_region(db)
    with db.transaction() as session:
        first = ActionField(
            code="HF 1", name="Lebensqualität", funding_period_id=region["period"], position=1
        )
        second = ActionField(code="HF 2", name="Wirtschaft", funding_period_id=region["period"], position=2)
        session.add_all([first, second])
        session.flush()
        session.add(DevelopmentGoal(action_field_id=first.id, code="EZ 1.1", name="Nahversorgung"))
        region["hf1"], region["hf2"] = first.id, second.id
    return region


def _xlsx(path, rows, headers=HEADERS, title=True, sheet="Projekte"):
    book = Workbook()
    ws = book.active
    ws.title = sheet
    if title:
        ws.append(["Projektliste LAG Testtal"])
        ws.merge_cells("A1:D1")
        ws.append(["Stand: 01.03.2026"])
        ws.append([])
    ws.append(headers)
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def _projects(db) -> dict[str, Project]:
    with db.session() as session:
        projects = session.scalars(select(Project).where(Project.deleted_at.is_(None))).all()
        for p in projects:
            session.expunge(p)
    return {p.title: p for p in projects}


def _count(db, model) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model).where(model.deleted_at.is_(None)))


def test_title_rows_german_numbers_percentages_and_dates_both_ways(db, tmp_path):
    region = _region(db)
    path = _xlsx(
        tmp_path / "liste.xlsx",
        [
            # as text, German style
            [
                "Dorfladen",
                "Heimatverein Testtal e.V.",
                "HF 1",
                "12.345,67 €",
                "10.000,00",
                "50 %",
                "5.000 €",
                "LAG-Beschluss: ausgewählt",
                "22.11.2025",
                "LEADER-2025-001",
            ],
            # as real Excel numbers and dates
            [
                "Spielplatz",
                "Mühle Huber GmbH",
                "Wirtschaft",
                2000.5,
                1000,
                0.8,
                800,
                "bewilligt",
                datetime(2025, 3, 1),
                None,
            ],
            ["Backhaus", None, "hf 1 lebensqualität", 100, 100, 62.5, 62.5, "in Beratung", None, None],
            ["Summe", None, None, "=SUM(D5:D7)", None, None, "=SUM(G5:G7)"],
        ],
    )
    service = ProjectImportService(db)
    preview = service.preview(path)
    assert preview.header_row == 4
    assert preview.mapping == [
        "title", "sponsor", "action_field", "total_cost_gross_cents", "eligible_cost_cents",
        "funding_rate_bp", "grant_cents", "status", "lag_decision_on", "approval_file_number",
    ]  # fmt: skip
    assert preview.skipped[1] == "Überschrift" and preview.skipped[8] == "Summenzeile"
    assert [r.number for r in preview.rows] == [5, 6, 7]
    assert not preview.unreadable
    assert preview.counts() == {"create": 3, "update": 0, "skip": 0, "error": 0}
    result = service.run(preview)
    assert result.summary() == "3 neu angelegt, 0 aktualisiert, 0 übersprungen"
    p = _projects(db)
    laden, platz, back = p["Dorfladen"], p["Spielplatz"], p["Backhaus"]
    assert (laden.total_cost_gross_cents, laden.eligible_cost_cents, laden.grant_cents) == (
        1234567,
        1000000,
        500000,
    )
    assert laden.funding_rate_bp == 5000 and laden.lag_decision_on == date(2025, 11, 22)
    assert laden.status == "ausgewaehlt" and laden.approval_file_number == "LEADER-2025-001"
    assert laden.sponsor_id == region["verein"] and laden.action_field_id == region["hf1"]
    assert (platz.total_cost_gross_cents, platz.eligible_cost_cents, platz.grant_cents) == (
        200050,
        100000,
        80000,
    )
    assert platz.funding_rate_bp == 8000 and platz.lag_decision_on == date(2025, 3, 1)
    assert platz.sponsor_id == region["firma"] and platz.action_field_id == region["hf2"]
    assert platz.status == "bewilligt"
    assert back.funding_rate_bp == 6250 and back.grant_cents == 6250 and back.action_field_id == region["hf1"]
    assert back.status == "in_beratung" and back.sponsor_id is None
    for amount in (laden.total_cost_gross_cents, platz.grant_cents):
        assert isinstance(amount, int)  # cents, never floats


def test_status_is_set_directly_with_an_import_entry_in_the_history(db, tmp_path):
    _region(db)
    path = _xlsx(
        tmp_path / "liste.xlsx",
        [
            ["Dorfladen", None, None, None, None, None, None, "ausgewählt", "22.11.2025", None],
            ["Spielplatz", None, None, None, None, None, None, "bewilligt", "01.03.2025", None],
            ["Backhaus", None, None, None, None, None, None, None, None, None],
        ],
    )
    service = ProjectImportService(db)
    service.run(service.preview(path), today=date(2026, 3, 9))
    p = _projects(db)
    with db.session() as session:
        history = {c.project_id: c for c in session.scalars(select(ProjectStatusChange)).all()}
    assert len(history) == 3
    assert not any(r.warnings for r in service.preview(path).rows)
    laden = history[p["Dorfladen"].id]
    assert (laden.from_status, laden.to_status, laden.changed_on) == (None, "ausgewaehlt", date(2025, 11, 22))
    assert laden.note == "Import aus liste.xlsx"
    # bewilligt without a Bewilligungsdatum: dated the day of the import
    assert history[p["Spielplatz"].id].changed_on == date(2026, 3, 9)
    assert p["Backhaus"].status == "idee" and history[p["Backhaus"].id].to_status == "idee"


def test_unknown_handlungsfeld_status_or_formula_makes_the_row_unreadable_with_the_reason(db, tmp_path):
    _region(db)
    path = _xlsx(
        tmp_path / "liste.xlsx",
        [
            ["Dorfladen", None, "HF 9 Tourismus", None, None, None, None, None, None, None],
            ["Spielplatz", None, "HF 2", "=B2*2", None, None, None, None, None, None],
            ["Backhaus", None, None, None, None, None, None, "genehmigt irgendwie", None, None],
            [None, None, "HF 1", 100, None, None, None, None, None, None],
            ["Mühle", None, None, 100, 200, None, None, None, None, None],
            ["Radweg", None, "HF 1", 100, None, None, None, None, None, None],
        ],
    )
    service = ProjectImportService(db)
    preview = service.preview(path)
    errors = {r.number: r.errors for r in preview.unreadable}
    assert set(errors) == {5, 6, 7, 8, 9}
    assert errors[5] == [
        "Das Handlungsfeld „HF 9 Tourismus“ gibt es nicht. Vorhanden: HF 1 Lebensqualität, HF 2 Wirtschaft."
    ]
    assert errors[6] == [  # saved without a value: never evaluated, the cell named
        "Spalte „Gesamtkosten“ (Zelle D6): Die Excel-Formel „=B2*2“ ist ohne berechneten Wert "
        "gespeichert. Bitte die Datei in Excel oder LibreOffice öffnen, speichern und erneut einlesen."
    ]
    assert errors[7][0].startswith(
        "Den Status „genehmigt irgendwie“ gibt es nicht. Möglich: Idee, in Beratung"
    )
    assert errors[8] == ["Kein Titel: daraus lässt sich kein Projekt anlegen."]
    assert errors[9] == ["Die förderfähigen Kosten sind höher als die Gesamtkosten."]
    with pytest.raises(DomainError, match="lässt sich nicht einlesen"):
        preview.set_action(5, "create")
    result = service.run(preview)
    assert result.created == 1 and len(result.unreadable) == 5
    assert result.unreadable[0].startswith("Zeile 5: Das Handlungsfeld „HF 9 Tourismus“ gibt es nicht.")
    assert result.summary() == "1 neu angelegt, 0 aktualisiert, 0 übersprungen, 5 nicht lesbar"
    assert set(_projects(db)) == {"Radweg"}


def test_duplicates_by_title_and_aktenzeichen_are_skipped_unless_the_user_chooses(db, tmp_path):
    region = _region(db)
    backhaus = new_project(db, title="Backhaus  Testtal", grant_cents=1_000_00, notes="alt")
    mühle = new_project(db, title="Alte Mühle", approval_file_number="LEADER 2024/017")
    path = _xlsx(
        tmp_path / "liste.xlsx",
        [
            ["backhaus testtal", None, "HF 1", None, None, None, "2.000,00", "bewilligt", None, None],
            ["Mühle Huber: Mahlwerk", None, None, None, None, None, None, None, None, "leader 2024/017"],
            ["Neues Projekt", None, None, None, None, None, None, None, None, None],
            ["Neues  projekt", None, None, None, None, None, None, None, None, None],
        ],
    )
    service = ProjectImportService(db)
    preview = service.preview(path)
    assert [r.action for r in preview.rows] == ["skip", "skip", "create", "skip"]
    assert [d.text() for d in preview.row(5).duplicates] == ["Backhaus  Testtal (gleicher Titel)"]
    assert [d.text() for d in preview.row(6).duplicates] == ["Alte Mühle (gleiches Aktenzeichen)"]
    assert preview.row(6).duplicates[0].record_id == mühle
    assert [d.text() for d in preview.row(8).duplicates] == ["wie Zeile 7 (gleicher Titel)"]
    with pytest.raises(DomainError, match="nur bei einem vorhandenen Projekt"):
        preview.set_action(7, "update")
    preview.set_action(5, "update")
    preview.set_action(6, "create")
    assert preview.row(5).target_id == backhaus
    result = service.run(preview)
    assert result.summary() == "2 neu angelegt, 1 aktualisiert, 1 übersprungen"
    p = _projects(db)
    assert set(p) == {"Backhaus  Testtal", "Alte Mühle", "Mühle Huber: Mahlwerk", "Neues Projekt"}
    updated = p["Backhaus  Testtal"]
    assert updated.id == backhaus
    assert updated.grant_cents == 2_000_00 and updated.status == "bewilligt"
    assert updated.action_field_id == region["hf1"]
    assert updated.title == "Backhaus  Testtal" and updated.notes == "alt"  # the title is kept as it was
    with db.session() as session:
        changes = session.scalars(
            select(ProjectStatusChange)
            .where(ProjectStatusChange.project_id == backhaus)
            .order_by(ProjectStatusChange.created_at)
        ).all()
    assert [(c.from_status, c.to_status, c.note) for c in changes][-1] == (
        "idee",
        "bewilligt",
        "Import aus liste.xlsx",
    )
    assert _projects(db)["Alte Mühle"].approval_file_number == "LEADER 2024/017"


def test_update_writes_only_mapped_non_empty_fields(db, tmp_path):
    _region(db)
    project = new_project(
        db, title="Dorfladen", short_description="bleibt", eligible_cost_cents=500_00, grant_cents=100_00
    )
    path = _xlsx(
        tmp_path / "l.xlsx",
        [["Dorfladen", None, "300,00"]],
        headers=["Titel", "Kurzbeschreibung", "Zuschuss"],
    )
    service = ProjectImportService(db)
    preview = service.preview(path)
    preview.set_action(5, "update")
    service.run(preview)
    p = _projects(db)["Dorfladen"]
    assert p.id == project and p.short_description == "bleibt" and p.grant_cents == 300_00
    assert p.eligible_cost_cents == 500_00
    # a value that breaks the project's rules stops the whole import
    path = _xlsx(tmp_path / "m.xlsx", [["Dorfladen", "900,00"]], headers=["Titel", "Zuschuss"])
    preview = service.preview(path)
    preview.set_action(5, "update")
    with pytest.raises(DomainError, match="Zeile 5: Der Zuschuss ist höher als die förderfähigen Kosten"):
        service.run(preview)
    assert _projects(db)["Dorfladen"].grant_cents == 300_00


def test_sponsor_matched_by_normalised_name_or_created_once_as_an_institution(db, tmp_path):
    region = _region(db)
    path = _xlsx(
        tmp_path / "liste.xlsx",
        [
            ["Dorfladen", "HEIMATVEREIN TESTTAL eV", "Verein"],
            ["Spielplatz", "Markt Neudorf", "Kommune"],
            ["Radweg", "Markt  Neudorf", "Gemeinde"],
            ["Hofladen", "Mühle Huber", "Firma XY"],
        ],
        headers=["Projekt", "Träger", "Trägerart"],
    )
    contacts_before = _count(db, Contact)
    service = ProjectImportService(db)
    preview = service.preview(path)
    assert preview.row(5).warnings == [] and preview.row(8).warnings[0].startswith(
        "Die Trägerart „Firma XY“ ist unbekannt"
    )
    assert preview.row(6).warnings == ["Träger neu angelegt: „Markt Neudorf“ (kein Kontakt dieses Namens)."]
    result = service.run(preview)
    assert result.summary() == "4 neu angelegt, 0 aktualisiert, 0 übersprungen; 1 Träger neu angelegt"
    assert _count(db, Contact) == contacts_before + 1
    p = _projects(db)
    assert p["Dorfladen"].sponsor_id == region["verein"] and p["Dorfladen"].sponsor_type == "verein"
    assert p["Hofladen"].sponsor_id == region["firma"] and p["Hofladen"].sponsor_type is None
    assert p["Spielplatz"].sponsor_id == p["Radweg"].sponsor_id
    assert p["Spielplatz"].sponsor_type == "kommune"
    with db.session() as session:
        created = session.get(Contact, p["Spielplatz"].sponsor_id)
        assert (created.kind, created.organisation, created.institution_type, created.public_sector) == (
            "institution",
            "Markt Neudorf",
            "kommune",
            True,
        )


def test_development_goal_and_call_by_name(db, tmp_path):
    region = _region(db)
    path = _xlsx(
        tmp_path / "liste.xlsx",
        [
            ["Dorfladen", "EZ 1.1 Nahversorgung", "Projektaufruf Frühjahr 2026", "ja"],
            ["Radweg", "Nahversorgung", "Aufruf 2030", "nein"],
        ],
        headers=["Titel", "Entwicklungsziel", "Projektaufruf", "Kooperationsprojekt"],
    )
    service = ProjectImportService(db)
    preview = service.preview(path)
    assert preview.row(6).errors == ["Den Projektaufruf „Aufruf 2030“ gibt es nicht."]
    service.run(preview)
    laden = _projects(db)["Dorfladen"]
    assert laden.call_id == region["call"] and laden.action_field_id == region["hf1"]
    assert laden.development_goal_id is not None and laden.cooperation is True


def test_a_failure_while_writing_leaves_the_database_unchanged(db, tmp_path, monkeypatch):
    _region(db)
    new_project(db, title="Vorhanden")
    path = _xlsx(
        tmp_path / "liste.xlsx",
        [["Eins", "Neuer Träger e. V."], ["Zwei", "Noch ein Träger"], ["Drei", None]],
        headers=["Titel", "Träger"],
    )
    service = ProjectImportService(db)
    preview = service.preview(path)
    before = (_count(db, Project), _count(db, Contact), _count(db, ProjectStatusChange), _count(db, Setting))
    real, calls = projects_import._create, []

    def failing(session, values, note, today):
        calls.append(values["title"])
        if len(calls) == 3:
            raise RuntimeError("Platte voll")
        real(session, values, note, today)

    monkeypatch.setattr(projects_import, "_create", failing)
    with pytest.raises(RuntimeError):
        service.run(preview)
    after = (_count(db, Project), _count(db, Contact), _count(db, ProjectStatusChange), _count(db, Setting))
    assert calls == ["Eins", "Zwei", "Drei"] and after == before
    assert set(_projects(db)) == {"Vorhanden"}
    assert projects_import.load_remembered(db, "projects") == {}


def test_the_mapping_is_remembered_for_the_next_file_with_the_same_headers(db, tmp_path):
    _region(db)
    headers = ["Nr.", "Kurztext", "Summe förderfähig", "Az. ALE Oberfranken"]
    path = _xlsx(tmp_path / "a.xlsx", [[1, "Dorfladen", "1.000,00", "A-1"]], headers=headers, title=False)
    service = ProjectImportService(db)
    suggested = service.suggested_mapping(headers)
    assert suggested[1] != "title"  # nothing to go by
    with pytest.raises(DomainError, match="Keine Spalte ist dem Titel zugeordnet"):
        service.preview(path, mapping=["", "", "", ""])
    chosen = ["", "title", "eligible_cost_cents", "approval_file_number"]
    service.run(service.preview(path, mapping=chosen))
    assert service.suggested_mapping(headers) == chosen
    second = _xlsx(tmp_path / "b.xlsx", [[2, "Radweg", "2.000,00", "A-2"]], headers=headers, title=False)
    preview = service.preview(second)
    assert preview.mapping == chosen
    service.run(preview)
    radweg = _projects(db)["Radweg"]
    assert radweg.eligible_cost_cents == 2_000_00 and radweg.approval_file_number == "A-2"


def test_csv_with_semicolons_and_a_sheet_by_name(db, tmp_path):
    _region(db)
    csv = tmp_path / "liste.csv"
    csv.write_bytes(
        "Projekttitel;Gesamtkosten;Fördersatz;Beschlussdatum\nDorfladen;1.234,50 €;80 %;22.11.2025\n".encode(
            "cp1252"
        )
    )
    service = ProjectImportService(db)
    assert service.sheets(csv) == ["liste"]
    service.run(service.preview(csv))
    laden = _projects(db)["Dorfladen"]
    assert (laden.total_cost_gross_cents, laden.funding_rate_bp, laden.lag_decision_on) == (
        123450,
        8000,
        date(2025, 11, 22),
    )
    book = Workbook()
    book.active.title = "Deckblatt"
    book.active.append(["nur ein Titel"])
    ws = book.create_sheet("2025")
    ws.append(["Titel", "Zuschuss"])
    ws.append(["Radweg", 1500])
    book.save(tmp_path / "mappe.xlsx")
    assert service.sheets(tmp_path / "mappe.xlsx") == ["Deckblatt", "2025"]
    preview = service.preview(tmp_path / "mappe.xlsx", "2025")
    assert preview.sheet == "2025" and preview.sheets == ["Deckblatt", "2025"]
    service.run(preview)
    assert _projects(db)["Radweg"].grant_cents == 1500_00


def test_round_trip_of_the_projects_export_into_a_fresh_database(db, tmp_path):
    from regiodesk.db.database import Database
    from regiodesk.reports.project_docs import projects_xlsx

    region = _region(db)
    new_project(
        db,
        title="Dorfladen Weißenbrunn",
        short_description="Ein Laden mit Café",
        sponsor_id=region["verein"],
        sponsor_type="verein",
        action_field_id=region["hf1"],
        call_id=region["call"],
        cooperation=True,
        total_cost_gross_cents=123_456_78,
        total_cost_net_cents=103_745_19,
        eligible_cost_cents=100_000_00,
        funding_rate_bp=6250,
        grant_cents=62_500_00,
        cofinancing_cents=10_000_01,
        own_share_cents=27_500_00,
        starts_on=date(2026, 4, 1),
        ends_on=date(2027, 10, 31),
        lag_decision_on=date(2025, 11, 22),
        status="ausgewaehlt",
        approval_file_number="LEADER-2025-017",
        notes="=Achtung",
    )
    new_project(
        db, title="Backhaus", sponsor_id=region["firma"], action_field_id=region["hf2"], grant_cents=1
    )
    new_project(db, title="Idee ohne alles")
    path = tmp_path / "export.xlsx"
    path.write_bytes(projects_xlsx(db))
    fresh = Database.open(tmp_path / "neu.regiodesk", device_id="test-device")
    try:
        target = _region(fresh)
        service = ProjectImportService(fresh)
        preview = service.preview(path)
        assert not preview.unreadable, [r.problem_text() for r in preview.unreadable]
        assert len(preview.rows) == 3 and "Summenzeile" in preview.skipped.values()
        assert service.run(preview).summary() == "3 neu angelegt, 0 aktualisiert, 0 übersprungen"
        source, copied = _projects(db), _projects(fresh)
        assert set(copied) == set(source)
        keys = (
            "short_description", "sponsor_type", "cooperation", "status", "total_cost_gross_cents",
            "total_cost_net_cents", "eligible_cost_cents", "funding_rate_bp", "grant_cents",
            "cofinancing_cents", "own_share_cents", "starts_on", "ends_on", "lag_decision_on",
            "approval_file_number", "notes",
        )  # fmt: skip
        for title, original in source.items():
            assert {k: getattr(copied[title], k) for k in keys} == {k: getattr(original, k) for k in keys}
        laden = copied["Dorfladen Weißenbrunn"]
        assert laden.sponsor_id == target["verein"] and laden.action_field_id == target["hf1"]
        assert laden.call_id == target["call"]
        assert copied["Backhaus"].sponsor_id == target["firma"]
        # the same file once more: everything is already there
        again = service.preview(path)
        assert [r.action for r in again.rows] == ["skip", "skip", "skip"]
    finally:
        fresh.close()


def test_merged_cells_empty_rows_and_german_headers_as_offices_write_them(db, tmp_path):
    region = _region(db)
    book = Workbook()
    ws = book.active
    ws.append(["Übersicht LEADER-Projekte"])
    ws.append(["Handlungsfeld", "Maßnahme", "Projektträger", "förderfähige Kosten", "Zuschuss (LEADER)",
               "Förderquote", "Bewilligungsstelle", "Zielgruppe", "Kostenstelle"])  # fmt: skip
    ws.append(["HF 1", "Dorfladen", "Heimatverein Testtal", "1.000,00", "500,00", "50%", "ALE", "alle", "K1"])
    ws.append([None, "Backhaus", None, "2.000,00", "1.000,00", "50%", None, None, None])
    ws.append([])
    ws.append(["HF 2", "Mühle", "Mühle Huber GmbH", 3000, 900, 0.3, None, None, None])
    ws.merge_cells("A3:A4")  # one Handlungsfeld for both rows
    book.save(tmp_path / "buero.xlsx")
    service = ProjectImportService(db)
    preview = service.preview(tmp_path / "buero.xlsx")
    assert preview.mapping == [
        "action_field", "title", "sponsor", "eligible_cost_cents", "grant_cents", "funding_rate_bp",
        "", "", "",
    ]  # fmt: skip
    assert not preview.unreadable
    service.run(preview)
    p = _projects(db)
    assert p["Backhaus"].action_field_id == p["Dorfladen"].action_field_id == region["hf1"]
    assert p["Mühle"].action_field_id == region["hf2"] and p["Mühle"].funding_rate_bp == 3000
    assert p["Dorfladen"].sponsor_id == region["verein"] and p["Backhaus"].sponsor_id is None


def test_dates_out_of_order_are_imported_with_a_warning(db, tmp_path):
    _region(db)
    path = _xlsx(
        tmp_path / "l.xlsx",
        [["Dorfladen", "22.11.2025", "01.10.2025"]],
        headers=["Titel", "LAG-Beschluss am", "bewilligt am"],
    )
    service = ProjectImportService(db)
    preview = service.preview(path)
    assert preview.row(5).warnings == [
        "„Bewilligung“ (01.10.2025) liegt vor „LAG-Beschluss“ (22.11.2025); bitte prüfen."
    ]
    assert service.run(preview).created == 1
