"""`regiodesk new` and `regiodesk settings`: a new office from the command line, its settings as data."""

from __future__ import annotations

import json

from regiodesk.cli import main


def test_new_creates_a_region_with_the_starter_set(tmp_path, capsys):
    path = tmp_path / "neu.regiodesk"
    assert main(["--db", str(path), "new", "--region", "LEADER-Region Testtal", "--starter", "leader"]) == 0
    capsys.readouterr()
    assert main(["--db", str(path), "settings", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["settings"]["name"] == "LEADER-Region Testtal"
    assert data["settings"]["default_max_group_share_bp"] == 4900
    groups = {g["name"]: g["public_sector"] for g in data["interest_groups"]}
    assert groups["Öffentlicher Sektor"] is True and groups["Wirtschaft"] is False
    assert [p["name"] for p in data["funding_periods"]] == ["LEADER 2023–2027"]
    assert {p["name"] for p in data["consent_purposes"]} >= {"Newsletter", "Gremienarbeit"}
    assert data["action_fields"] == [] and data["tags"] == [] and data["selection_criteria"] == []
    assert main(["--db", str(path), "settings"]) == 0
    table = capsys.readouterr().out
    assert "Interessengruppen (6)" in table and "Öffentlicher Sektor" in table


def test_new_without_starter_has_empty_catalogues(tmp_path, capsys):
    path = tmp_path / "leer.regiodesk"
    assert main(["--db", str(path), "new", "--region", "Region Ost"]) == 0
    capsys.readouterr()
    assert main(["--db", str(path), "settings", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["settings"]["name"] == "Region Ost" and data["interest_groups"] == []


def test_new_refuses_an_existing_file(tmp_path, capsys):
    path = tmp_path / "da.regiodesk"
    path.write_bytes(b"nicht anfassen")
    assert main(["--db", str(path), "new", "--region", "X"]) == 1
    assert "gibt es schon" in capsys.readouterr().err
    assert path.read_bytes() == b"nicht anfassen"


def test_new_refuses_an_empty_region_name_and_leaves_no_file(tmp_path, capsys):
    path = tmp_path / "x.regiodesk"
    assert main(["--db", str(path), "new", "--region", "  "]) == 1
    assert "Name der Region" in capsys.readouterr().err
    assert not path.exists()
