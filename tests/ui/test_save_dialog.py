"""The save dialog offers the kind of file being saved (issue 21: PDFs in the folder stay visible)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from regiodesk.ui import dialogs

#: The real function, taken before the suite's guard replaces it for every test.
ask_save_file = dialogs.ask_save_file


@pytest.mark.parametrize(
    ("suggestion", "first_filter", "typed", "saved"),
    [
        ("Einladung_LAG_2027-01-20.pdf", "PDF-Dokument (*.pdf)", "einladung", "einladung.pdf"),
        ("Projektliste.xlsx", "Excel-Arbeitsmappe (*.xlsx)", "liste", "liste.xlsx"),
        ("kontakte.vcf", "vCard (*.vcf)", "adressen", "adressen.vcf"),
        ("Einladung.eml", "E-Mail (*.eml)", "entwurf.eml", "entwurf.eml"),
        ("neue-region.regiodesk", "regiodesk-Datenbank (*.regiodesk)", "meine", "meine.regiodesk"),
    ],
)
def test_the_filter_and_the_added_ending_follow_the_document(
    qapp, monkeypatch, tmp_path, suggestion, first_filter, typed, saved
):
    asked = {}

    def fake_dialog(_parent, _title, directory, file_filter):
        asked["filter"] = file_filter
        asked["directory"] = directory
        return str(tmp_path / typed), file_filter.split(";;")[0]

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_dialog)
    chosen = ask_save_file(None, "Speichern", tmp_path / suggestion)
    assert asked["filter"].split(";;") == [first_filter, "Alle Dateien (*)"]
    assert asked["directory"] == str(tmp_path / suggestion)
    assert chosen == tmp_path / saved


def test_a_cancelled_save_dialog_saves_nothing(qapp, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: ("", ""))
    assert ask_save_file(None, "Speichern", Path("x.pdf")) is None


@pytest.mark.parametrize(
    ("chosen_filter", "typed", "saved"),
    [
        ("Word-Dokument (*.docx)", "protokoll", "protokoll.docx"),
        ("PDF-Dokument (*.pdf)", "protokoll", "protokoll.pdf"),
        ("PDF-Dokument (*.pdf)", "protokoll.docx", "protokoll.docx"),
    ],
)
def test_a_document_that_is_also_a_word_document_offers_both_kinds(
    qapp, monkeypatch, tmp_path, chosen_filter, typed, saved
):
    asked = {}

    def fake_dialog(_parent, _title, _directory, file_filter):
        asked["filter"] = file_filter
        return str(tmp_path / typed), chosen_filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_dialog)
    chosen = ask_save_file(None, "Speichern", tmp_path / "Protokoll.pdf", (".docx",))
    assert asked["filter"].split(";;") == [
        "PDF-Dokument (*.pdf)",
        "Word-Dokument (*.docx)",
        "Alle Dateien (*)",
    ]
    assert chosen == tmp_path / saved
