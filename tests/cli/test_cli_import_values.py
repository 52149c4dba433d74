"""regiodesk import … --map / --create-missing: values of an old list that name no Handlungsfeld."""

from __future__ import annotations

from project_helpers import make_region
from sheet_helpers import save_results, xlsx
from sqlalchemy import select

from regiodesk.cli import main
from regiodesk.db.database import Database
from regiodesk.db.models import ActionField, Project, Setting

ROWS = [
    ["Projekttitel", "Handlungsfeld", "förderfähige Kosten", "Fördersatz", "LEADER-Mittel", "LAG-Beschluss"],
    ["Dorfladen", "HF 1 Daseinsvorsorge", 10000, 0.5, "=C2*D2", "22.11.2024"],
    ["Radweg", "HF 3 Tourismus", 20000, 0.6, "=C3*D3", None],
]


def _office(db):
    region = make_region(db)
    with db.transaction() as session:
        session.add_all(
            [
                ActionField(
                    code="HF 1", name="Lebensqualität und Daseinsvorsorge", funding_period_id=region["period"]
                ),
                ActionField(code="HF 2", name="Wirtschaft", funding_period_id=region["period"], position=2),
            ]
        )
    db.close()


def _list(tmp_path):
    path = xlsx(tmp_path / "alt.xlsx", ROWS)
    save_results(path, {"E2": "5000", "E3": "12000"})
    return path


def _state(path) -> tuple[dict[str, str | None], set[str], int]:
    """(project title -> its Handlungsfeld's code, every Handlungsfeld code, remembered settings)."""
    db = Database.open(path)
    try:
        with db.session() as session:
            codes = {f.id: f.code for f in session.scalars(select(ActionField))}
            projects = {p.title: codes.get(p.action_field_id) for p in session.scalars(select(Project))}
            settings = len(session.scalars(select(Setting).where(Setting.key.like("import.%"))).all())
        return projects, set(codes.values()), settings
    finally:
        db.close()


def test_without_map_unknown_values_are_reported_with_the_reason_and_a_hint(db, tmp_path, capsys):
    _office(db)
    assert main(["--db", str(db.path), "import", "projects", str(_list(tmp_path))]) == 0
    out = capsys.readouterr().out.splitlines()
    reason = "nicht lesbar: Zeile 2: Das Handlungsfeld „HF 1 Daseinsvorsorge“ gibt es nicht."
    assert any(line.startswith(reason) for line in out)
    assert (
        "Wert ohne Eintrag: Handlungsfeld „HF 1 Daseinsvorsorge“ (1 Zeile): nicht zugeordnet: Zeilen "
        "werden nicht importiert; Vorschlag: HF 1 Lebensqualität und Daseinsvorsorge; zuordnen mit "
        "--map „Handlungsfeld:HF 1 Daseinsvorsorge=…“ oder --create-missing"
    ) in out
    assert out[-1] == "Ergebnis: 0 neu angelegt, 0 aktualisiert, 0 übersprungen, 2 nicht lesbar"
    assert _state(db.path)[0] == {}


def test_map_by_code_and_by_name_and_create_missing(db, tmp_path, capsys):
    _office(db)
    args = ["--db", str(db.path), "import", "projects", str(_list(tmp_path))]
    assert main([*args, "--map", "Handlungsfeld:HF 1 Daseinsvorsorge=HF 1", "--create-missing"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert (
        "Wert: Handlungsfeld „HF 1 Daseinsvorsorge“ (1 Zeile): → HF 1 Lebensqualität und Daseinsvorsorge"
        in out
    )
    assert "Wert: Handlungsfeld „HF 3 Tourismus“ (1 Zeile): neu anlegen" in out
    assert "aus Formel übernommen: Spalte „LEADER-Mittel“ in 2 Zeilen" in out
    assert out[-1] == (
        "Ergebnis: 2 neu angelegt, 0 aktualisiert, 0 übersprungen; "
        "neu angelegt: Handlungsfeld „HF 3 Tourismus“"
    )
    projects, codes, _settings = _state(db.path)
    assert projects == {"Dorfladen": "HF 1", "Radweg": "HF 3"} and codes == {"HF 1", "HF 2", "HF 3"}


def test_the_target_may_be_named_by_its_name_and_the_choice_is_remembered(db, tmp_path, capsys):
    _office(db)
    path = _list(tmp_path)
    args = ["--db", str(db.path), "import", "projects", str(path)]
    by_name = "Handlungsfeld:HF 1 Daseinsvorsorge=Lebensqualität und Daseinsvorsorge"
    assert main([*args, "--map", "handlungsfeld:HF 3 Tourismus=Wirtschaft", "--map", by_name]) == 0
    capsys.readouterr()
    assert _state(db.path)[0] == {"Dorfladen": "HF 1", "Radweg": "HF 2"}
    second = xlsx(tmp_path / "neu.xlsx", [ROWS[0], ["Museum", "HF 3 Tourismus", 100, 0.5, None, None]])
    assert main(["--db", str(db.path), "import", "projects", str(second)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "Wert: Handlungsfeld „HF 3 Tourismus“ (1 Zeile): → HF 2 Wirtschaft (gemerkt)" in out
    assert _state(db.path)[0]["Museum"] == "HF 2"


def test_an_unknown_field_or_target_is_a_usage_error_and_nothing_is_written(db, tmp_path, capsys):
    _office(db)
    args = ["--db", str(db.path), "import", "projects", str(_list(tmp_path))]
    before = _state(db.path)
    assert main([*args, "--map", "Farbe:rot=blau"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (
        "regiodesk: --map „Farbe:rot=blau“: Das Feld „Farbe“ hat keine Werteliste. Möglich: Handlungsfeld, "
        "Projektaufruf, Status, Art des Trägers, Projektart."
    )
    assert main([*args, "--map", "Handlungsfeld:HF 3 Tourismus=HF 7", "--create-missing"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(
        "regiodesk: --map „Handlungsfeld:HF 3 Tourismus=HF 7“: „HF 7“ gibt es bei Handlungsfeld nicht."
    )
    assert main([*args, "--map", "Handlungsfeld HF 3"]) == 2
    assert "bitte als FELD:WERT=ZIEL angeben" in capsys.readouterr().err
    assert _state(db.path) == before  # no project, no Handlungsfeld, no remembered choice, no backup
    from regiodesk.db.custody import list_backups

    assert list_backups(db.path) == []


def test_import_help_names_the_new_options(capsys):
    import pytest

    with pytest.raises(SystemExit):
        main(["import", "--help"])
    out = capsys.readouterr().out
    assert "--map FELD:WERT=ZIEL" in out and "--create-missing" in out and ".ods" in out
