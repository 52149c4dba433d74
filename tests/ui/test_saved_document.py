"""After saving a document the status bar offers „Öffnen“, „Ordner anzeigen“ and, for a PDF, „Drucken …“;
printing hands the PDF to the system's print service with the printer and copies chosen."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from regiodesk.ui import dialogs, saved_document
from regiodesk.ui.export import save_document
from regiodesk.ui.operations import wait_for_operations
from regiodesk.ui.saved_document import SavedNotice

PDF = b"%PDF-1.4\n% a test document\n"


@pytest.fixture(autouse=True)
def printers(monkeypatch):
    names = ["Büro-Drucker"]
    monkeypatch.setattr(saved_document, "_printers", lambda: names)
    return names


@pytest.fixture
def opened(monkeypatch):
    urls = []
    monkeypatch.setattr(saved_document, "_open_url", lambda url: urls.append(url.toLocalFile()) or True)
    return urls


def _save(qtbot, window, monkeypatch, target: Path, data: bytes = PDF) -> SavedNotice:
    monkeypatch.setattr(dialogs, "ask_save_file", lambda *_args: target)
    assert save_document(window.current_tab(), "Speichern", target.name, lambda: data) == target
    wait_for_operations()
    notice = window.findChild(SavedNotice)
    qtbot.waitUntil(lambda: notice is not None and notice.isVisible())
    return notice


def test_a_saved_pdf_can_be_opened_shown_in_its_folder_and_printed(
    qtbot, window, monkeypatch, tmp_path, opened
):
    target = tmp_path / "Protokoll.pdf"
    notice = _save(qtbot, window, monkeypatch, target)
    assert notice.label.text() == f"„Protokoll.pdf“ gespeichert in {tmp_path}"
    assert (
        notice.open_button.isVisible()
        and notice.folder_button.isVisible()
        and notice.print_button.isVisible()
    )
    notice.open_button.click()
    notice.folder_button.click()
    assert opened == [str(target), str(tmp_path)]

    monkeypatch.setattr(dialogs, "ask_printer", lambda _p, _t: dialogs.PrintChoice("Büro-Drucker", 2))
    monkeypatch.setattr(saved_document.shutil, "which", lambda name: "/usr/bin/lp" if name == "lp" else None)
    sent = []

    def run(args):
        sent.append(args)
        return subprocess.CompletedProcess(args, 0, "Anfrage-ID ist Büro-1", "")

    monkeypatch.setattr(saved_document, "_run", run)
    notice.print_button.click()
    assert sent == [["/usr/bin/lp", "-n", "2", "-d", "Büro-Drucker", str(target)]]


def test_printing_refused_by_the_print_service_says_why(qtbot, window, monkeypatch, tmp_path, printers):
    notice = _save(qtbot, window, monkeypatch, tmp_path / "Bericht.pdf")
    monkeypatch.setattr(dialogs, "ask_printer", lambda _p, _t: dialogs.PrintChoice(""))
    monkeypatch.setattr(saved_document.shutil, "which", lambda name: "/usr/bin/lp")
    monkeypatch.setattr(
        saved_document,
        "_run",
        lambda args: subprocess.CompletedProcess(args, 1, "", "lp: Fehler - kein Ziel"),
    )
    errors = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, _t, text: errors.append(text))
    notice.print_button.click()
    assert errors == ["Der Druckdienst hat das Dokument abgelehnt: lp: Fehler - kein Ziel"]
    # without a print service at all, the user is told to print from the PDF program
    monkeypatch.setattr(saved_document.shutil, "which", lambda name: None)
    notice.print_button.click()
    assert "keinen Druckdienst" in errors[-1]
    # a cancelled print dialog prints nothing and says nothing
    monkeypatch.setattr(dialogs, "ask_printer", lambda _p, _t: None)
    notice.print_button.click()
    assert len(errors) == 2
    # no printer set up at all: said before any print dialog
    printers.clear()
    monkeypatch.setattr(dialogs, "ask_printer", lambda *_args: pytest.fail("no printer to choose"))
    notice.print_button.click()
    assert "kein Drucker eingerichtet" in errors[-1]


def test_an_excel_list_offers_opening_but_not_printing(qtbot, window, monkeypatch, tmp_path, opened):
    notice = _save(qtbot, window, monkeypatch, tmp_path / "Liste.xlsx", b"PK")
    assert notice.open_button.isVisible() and not notice.print_button.isVisible()


def test_the_contact_list_export_announces_its_file(qtbot, window, show_tab, monkeypatch, tmp_path, opened):
    tab = show_tab("contacts")
    tab.service.create({"kind": "person", "first_name": "Anna", "last_name": "Becker"})
    monkeypatch.setattr(dialogs, "ask_save_file", lambda _p, _t, suggestion: tmp_path / suggestion.name)
    assert tab.export_list("csv")
    wait_for_operations()
    notice = window.findChild(SavedNotice)
    qtbot.waitUntil(lambda: notice is not None and notice.isVisible())
    [written] = tmp_path.glob("*.csv")
    assert notice.path == written and written.name in notice.label.text()
    notice.open_button.click()
    assert opened == [str(written)]
