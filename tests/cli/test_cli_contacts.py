"""`regiodesk export contacts` and `regiodesk print auskunft`, run as a user runs them."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

import pytest
from contact_helpers import person
from document_helpers import pdf_text
from openpyxl import load_workbook

from regiodesk.cli import main
from regiodesk.services.contact_details import set_contact_tags
from regiodesk.services.contacts_lists import ConsentService
from regiodesk.services.contacts_privacy import PrivacyService


@pytest.fixture
def people(db):
    ids = {
        "anna": person(db, "Anna", "Albrecht", email="anna@example.org", city="Amberg"),
        "bernd": person(db, "Bernd", "Bauer", email="bernd@example.org", city="Burglengenfeld"),
        "clara": person(db, "Clara", "Çelik", email="clara@example.org", city="Cham"),
    }
    set_contact_tags(db, ids["anna"], ["Presse"])
    set_contact_tags(db, ids["bernd"], ["Presse", "Kommune"])
    consents = ConsentService(db)
    consents.give(ids["anna"], "Newsletter", date.today() - timedelta(days=10))
    withdrawn = consents.give(ids["bernd"], "Newsletter", date.today() - timedelta(days=10))
    consents.withdraw(withdrawn)
    consents.give(ids["clara"], "Newsletter", date.today() - timedelta(days=3))
    return ids


def test_vcard_export_by_tag(db, people, tmp_path, capsys):
    out = tmp_path / "presse.vcf"
    assert main(["--db", str(db.path), "export", "contacts", "--out", str(out), "--tag", "Presse"]) == 0
    assert capsys.readouterr().out.strip() == f"geschrieben: {out} (2 Kontakte)"
    text = out.read_bytes().decode("utf-8")
    assert text.count("BEGIN:VCARD\r\n") == 2
    assert "FN:Anna Albrecht\r\n" in text and "FN:Bernd Bauer\r\n" in text and "Çelik" not in text
    assert not (tmp_path / "presse.vcf.part").exists()


def test_csv_and_excel_export_by_consent(db, people, tmp_path):
    path = str(db.path)
    csv_out, xlsx_out = tmp_path / "newsletter.csv", tmp_path / "newsletter.xlsx"
    assert main(["--db", path, "export", "contacts", "--out", str(csv_out), "--consent", "Newsletter"]) == 0
    rows = list(csv.reader(io.StringIO(csv_out.read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert [r[0] for r in rows[1:]] == ["Albrecht, Anna", "Çelik, Clara"]  # Bauer withdrew
    assert main(["--db", path, "export", "contacts", "--out", str(xlsx_out), "--consent", "Newsletter"]) == 0
    sheet = load_workbook(xlsx_out).active
    emails = [row[10] for row in sheet.iter_rows(min_row=2, values_only=True) if row[10]]
    assert emails == ["anna@example.org", "clara@example.org"]


def test_restricted_contacts_are_not_exported(db, people, tmp_path):
    PrivacyService(db).restrict(people["anna"])
    out = tmp_path / "alle.vcf"
    assert main(["--db", str(db.path), "export", "contacts", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "Albrecht" not in text and "Bauer" in text and "Çelik" in text


def test_export_refuses_unknown_tags_purposes_and_suffixes(db, people, tmp_path, capsys):
    path = str(db.path)
    out = tmp_path / "x.vcf"
    assert main(["--db", path, "export", "contacts", "--out", str(out), "--tag", "Kaffee"]) == 1
    assert capsys.readouterr().err.strip() == "regiodesk: Das Schlagwort „Kaffee“ gibt es nicht."
    assert main(["--db", path, "export", "contacts", "--out", str(out), "--consent", "Fotos"]) == 1
    assert "Für den Zweck „Fotos“ gibt es keine Einwilligungen." in capsys.readouterr().err
    assert main(["--db", path, "export", "contacts", "--out", str(tmp_path / "x.pdf")]) == 2
    assert "muss auf .xlsx, .csv oder .vcf enden" in capsys.readouterr().err
    assert not out.exists() and not (tmp_path / "x.pdf").exists()


def test_print_auskunft_as_pdf_and_json(db, people, tmp_path, capsys):
    path = str(db.path)
    pdf = tmp_path / "auskunft.pdf"
    assert main(["--db", path, "print", "auskunft", people["clara"][:8], "--out", str(pdf)]) == 0
    beside = tmp_path / "auskunft.json"  # the PDF says a JSON version is enclosed: it lies beside it
    assert capsys.readouterr().out.split("\n")[:2] == [f"geschrieben: {pdf}", f"geschrieben: {beside}"]
    text = pdf_text(pdf)
    assert "Auskunft über gespeicherte personenbezogene Daten" in text
    assert "Clara Çelik" in text and "clara@example.org" in text and "Newsletter" in text
    assert "JSON-Datei mit demselben Namen" in text
    assert json.loads(beside.read_text(encoding="utf-8"))["kontakt"]["nachname"] == "Çelik"
    data = tmp_path / "nur.json"
    assert main(["--db", path, "print", "auskunft", people["clara"], "--out", str(data)]) == 0
    assert json.loads(data.read_text(encoding="utf-8"))["kontakt"]["nachname"] == "Çelik"
    assert not (tmp_path / "nur.pdf").exists()


def test_print_auskunft_of_a_restricted_person(db, people, tmp_path):
    PrivacyService(db).restrict(people["bernd"])
    pdf = tmp_path / "bauer.pdf"
    assert main(["--db", str(db.path), "print", "auskunft", people["bernd"][:8], "--out", str(pdf)]) == 0
    assert "Bernd Bauer" in pdf_text(pdf)


def test_print_auskunft_of_an_unknown_or_erased_contact(db, people, tmp_path, capsys):
    path = str(db.path)
    out = tmp_path / "auskunft.pdf"
    assert main(["--db", path, "print", "auskunft", "ffff0000", "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip()
    assert err == "regiodesk: Kein Eintrag „Kontakt“ mit der Kennung „ffff0000“ gefunden."
    PrivacyService(db).erase(people["clara"])
    assert main(["--db", path, "print", "auskunft", people["clara"], "--out", str(out)]) == 1
    assert "Kein Eintrag „Kontakt“" in capsys.readouterr().err
    assert not out.exists() and not (tmp_path / "auskunft.pdf.part").exists()


def test_an_export_pauses_the_cycle_collector_only_while_it_runs(db, people, tmp_path, monkeypatch):
    """The collector's passes over a large list's rows are paused for the export, and it runs
    again afterwards, also after an export that failed (a command run inside a longer process)."""
    import gc

    from regiodesk.reports import contacts_export

    seen = []
    real = contacts_export.contacts_xlsx

    def watched(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(contacts_export, "contacts_xlsx", watched)
    out = tmp_path / "alle.xlsx"
    assert main(["--db", str(db.path), "export", "contacts", "--out", str(out)]) == 0
    assert seen == [False] and gc.isenabled()
    assert load_workbook(out).active["A2"].value == "Albrecht, Anna"

    def broken(*args, **kwargs):
        raise RuntimeError("kaputt")

    monkeypatch.setattr(contacts_export, "contacts_xlsx", broken)
    with pytest.raises(RuntimeError):
        main(["--db", str(db.path), "export", "contacts", "--out", str(tmp_path / "nicht.xlsx")])
    assert gc.isenabled()
