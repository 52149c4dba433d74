"""A new office from the first start to its first invitation: the assistant, the settings, the Stammdaten."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QBuffer, QIODevice, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QWizard

from regiodesk.db.database import Database
from regiodesk.reports.meeting_docs import invitation_pdf
from regiodesk.services import lookups
from regiodesk.services.agenda import AgendaService
from regiodesk.services.bodies import BodyService
from regiodesk.services.contacts import ContactService
from regiodesk.services.meetings import MeetingService
from regiodesk.services.memberships import MembershipService
from regiodesk.services.region import RegionService, has_region_settings, settings_id
from regiodesk.ui import dialogs, logo_picker
from regiodesk.ui.main_window import MainWindow
from regiodesk.ui.master_data import MasterDataDialog
from regiodesk.ui.region_settings import RegionSettingsDialog
from regiodesk.ui.setup_wizard import SetupWizard
from tests.document_helpers import pdf_text

SVG = b"""<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100">
<rect width="300" height="100" fill="#2a6f3a"/><circle cx="50" cy="50" r="35" fill="#f2c14e"/></svg>"""


def _png(width: int = 120, height: int = 40) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data().data())


@pytest.fixture
def window(qtbot, db):
    main = MainWindow(db)
    qtbot.addWidget(main)
    return main


def fill_wizard(qtbot, wizard: SetupWizard, logo_path) -> None:
    wizard.show()
    qtbot.waitExposed(wizard)
    wizard.next()  # welcome
    qtbot.keyClicks(wizard.region.name, "LEADER-Region Auental")
    wizard.region.lag_name.setText("LAG Auental e. V.")
    wizard.region.land.setCurrentIndex(wizard.region.land.findData("NI"))
    wizard.next()
    wizard.office.address.setPlainText("Geschäftsstelle\nAm Anger 7\n31535 Neustadt")
    wizard.office.phone.setText("05032 4711")
    wizard.office.email.setText("info@auental.example")
    wizard.office.website.setText("www.auental.example")
    assert wizard.office.logo.load_file(logo_path)
    wizard.next()
    wizard.authority.name.setText("Amt für regionale Landesentwicklung Leine-Weser")
    wizard.next()
    wizard.period.budget.setText("2.400.000")
    wizard.next()
    assert wizard.currentId() == 5
    # the starter set can be edited before it is saved
    assert ("Wirtschaft", False) in wizard.starter.group_list()
    assert ("Öffentlicher Sektor", True) in wizard.starter.group_list()
    wizard.starter.add_group("Jugend", False)
    wizard.button(QWizard.WizardButton.FinishButton).click()  # „Region anlegen“


def test_the_assistant_appears_for_an_empty_office_and_not_for_a_filled_one(window, qtbot):
    wizard = window.offer_setup()
    assert isinstance(wizard, SetupWizard)
    assert wizard.windowTitle() == "Region einrichten"
    wizard.later()
    assert not wizard.isVisible()
    assert not has_region_settings(window.db.path)
    # skipping leaves the file usable: a body can be created and the assistant comes again on request
    BodyService(window.db).create({"name": "Vorstand", "body_type": "vorstand"})
    assert isinstance(window.show_setup(), SetupWizard)


def test_a_filled_office_gets_no_assistant(qtbot, tmp_path):
    from regiodesk.cli import main

    path = tmp_path / "filled.regiodesk"
    assert main(["--db", str(path), "new", "--region", "Region Ost"]) == 0
    db = Database.open(path)
    try:
        main_window = MainWindow(db)
        qtbot.addWidget(main_window)
        assert main_window.offer_setup() is None
        assert isinstance(main_window.show_settings(), RegionSettingsDialog)
    finally:
        db.close()


def test_from_an_empty_file_to_an_invitation_on_the_regions_letterhead(window, qtbot, tmp_path, monkeypatch):
    logo = tmp_path / "logo.svg"
    logo.write_bytes(SVG)
    wizard = window.offer_setup()
    fill_wizard(qtbot, wizard, logo)
    assert wizard.starter.error.text() == ""
    assert not wizard.isVisible()
    db = window.db
    assert "LEADER-Region Auental" in window.windowTitle()
    stored, mime = RegionService(db).logo(settings_id(db))
    assert mime == "image/png" and stored.startswith(b"\x89PNG")  # the SVG became a PNG

    groups = dict((label, gid) for gid, label in lookups.options(db, "interest_groups"))
    assert {"Öffentlicher Sektor", "Wirtschaft", "Jugend"} <= set(groups)
    body = BodyService(db).create({"name": "LAG Auental", "body_type": "lag"})
    assert BodyService(db).load(body)["max_group_share_bp"] == 4900  # the region's rules
    members = MembershipService(db, body)
    for last, group in (("Albers", "Öffentlicher Sektor"), ("Brandt", "Wirtschaft")):
        person = ContactService(db).create({"kind": "person", "first_name": "Eva", "last_name": last})
        members.create({"contact_id": person, "role": "mitglied", "interest_group_id": groups[group]})
    meeting = MeetingService(db).create({"body_id": body, "starts_at": datetime(2027, 3, 9, 18, 30)})
    AgendaService(db).add(meeting, "Begrüßung")
    AgendaService(db).add(meeting, "Projektauswahl Dorfladen", "beschluss")

    RegionService(db).update(
        settings_id(db), {"signatory_name": "Dr. Eva Muster", "signatory_role": "Regionalmanagerin"}
    )
    pdf = invitation_pdf(db, meeting)
    text = pdf_text(pdf)
    assert "LEADER-Region Auental" in text
    assert "LAG Auental e. V." in text
    assert "Am Anger 7" in text and "31535 Neustadt" in text
    assert "Telefon 05032 4711" in text and "info@auental.example" in text
    assert "Regionalmanagerin" in text  # the signatory closes the letter (no chair yet)
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert len(page.images) >= 1  # the logo


def test_settings_dialog_saves_through_the_service_and_the_change_log(window, qtbot):
    from regiodesk.services.region import RegionSetup, setup_region

    record = setup_region(window.db, RegionSetup({"name": "Region Süd", "kind": "ile"}))
    dialog = window.show_settings()
    assert isinstance(dialog, RegionSettingsDialog)
    form = dialog.forms["Fristen und Förderung"]
    form.editors["application_deadline_value"].set_value(12)
    form.editors["application_deadline_unit"].set_value("weeks")
    dialog.forms["Briefe und Sitzungen"].editors["signatory_name"].set_value("Dr. Eva Muster")
    dialog.logo.set_logo(_png(), "image/png")
    dialog._logo_changed()
    assert dialog.save()
    values = RegionService(window.db).load(record)
    assert (values["application_deadline_value"], values["application_deadline_unit"]) == (12, "weeks")
    assert values["signatory_name"] == "Dr. Eva Muster"
    assert RegionService(window.db).logo(record)[1] == "image/png"
    fields = {e.field for e in RegionService(window.db).history(record)}
    assert {"application_deadline_unit", "signatory_name", "logo"} <= fields


def test_settings_dialog_keeps_a_bad_value_and_writes_nothing(window, qtbot):
    from regiodesk.services.region import RegionSetup, setup_region

    record = setup_region(window.db, RegionSetup({"name": "Region Süd", "kind": "ile"}))
    dialog = window.show_settings()
    dialog.forms["Region"].editors["name"].set_value("Neuer Name")
    dialog.forms["Fristen und Förderung"].editors["proof_of_use_months"].widget.setText("viele")
    assert not dialog.save()
    assert dialog.tabs.currentIndex() == 3
    assert RegionService(window.db).load(record)["name"] == "Region Süd"


def test_stammdaten_deactivate_refuse_delete_and_history(window, qtbot, monkeypatch):
    from regiodesk.services.region import RegionSetup, setup_region
    from regiodesk.services.starter import LEADER

    setup_region(window.db, RegionSetup({"name": "Region Süd", "kind": "leader"}, starter=LEADER))
    dialog = window.show_master_data("interest_groups")
    assert isinstance(dialog, MasterDataDialog)
    assert dialog.stack.currentWidget() is dialog.pages["interest_groups"]
    panel = dialog.panel("interest_groups")
    economy = next(r.id for r in panel.service.rows() if r.values[1] == "Wirtschaft")
    body = BodyService(window.db).create({"name": "LAG", "body_type": "lag"})
    person = ContactService(window.db).create({"kind": "person", "last_name": "Huber"})
    MembershipService(window.db, body).create(
        {"contact_id": person, "role": "mitglied", "interest_group_id": economy}
    )
    panel.reload(economy)
    assert panel.toggle_button.text() == "Deaktivieren"
    errors = []
    monkeypatch.setattr(dialogs, "show_error", lambda _parent, _title, text: errors.append(text))
    assert not panel.delete_record()
    assert "Mitgliedschaft" in errors[0]
    assert panel.toggle_active(economy)
    assert panel.toggle_button.text() == "Aktivieren"
    assert economy not in dict(lookups.options(window.db, "interest_groups"))
    history = panel.show_history(economy)
    texts = [history.model.row_texts(r) for r in range(history.model.rowCount())]
    assert any(row[4].startswith("aktiv") and row[6] == "nein" for row in texts), texts
    history.close()
    periods = dialog.show_page("funding_periods")
    assert periods is dialog.pages["funding_periods"]
    dialog.panel("funding_periods").view.selectRow(0)
    assert dialog.rates.isEnabled() and dialog.rates.model.rowCount() == 3
    dialog.show_page("criteria")
    assert dialog.criteria.period.count() == 1


def test_svg_logo_is_drawn_into_a_png(qtbot):
    png = logo_picker.svg_to_png(SVG)
    image = QImage.fromData(png)
    assert not image.isNull() and image.width() == logo_picker.SVG_WIDTH
    assert image.pixelColor(5, 5) == QColor("#2a6f3a")
    assert Qt.GlobalColor.transparent is not None


def _close(window) -> None:
    from regiodesk.ui.operations import wait_for_operations

    window.close()
    wait_for_operations()  # the page check after the start
    window.db.close()


def test_the_first_start_on_a_new_file_shows_the_assistant(qtbot, tmp_path):
    from regiodesk.app import start_gui
    from regiodesk.paths import default_db_path

    ready = []  # the first start creates the default file (any other missing file is refused)
    assert start_gui(default_db_path(), ready.append, lambda: None)
    window = ready[0]
    qtbot.waitUntil(lambda: isinstance(window._windows.get("setup"), SetupWizard), timeout=5000)
    wizard = window._windows["setup"]
    assert wizard.isVisible()
    wizard.later()
    _close(window)


def test_the_start_of_a_filled_file_shows_no_assistant(qtbot, tmp_path):
    from regiodesk.app import start_gui
    from regiodesk.cli import main

    path = tmp_path / "da.regiodesk"
    assert main(["--db", str(path), "new", "--region", "Region Ost"]) == 0
    ready = []
    assert start_gui(path, ready.append, lambda: None)
    qtbot.waitUntil(lambda: bool(ready), timeout=20000)
    window = ready[0]
    qtbot.wait(50)  # the check runs once the window is up
    assert "setup" not in window._windows
    assert window.windowTitle().startswith("Region Ost")
    _close(window)


def test_the_assistant_offers_the_demo_and_an_existing_file(window, qtbot, monkeypatch):
    opened = []
    monkeypatch.setattr(window, "open_demo", lambda: opened.append("demo"))
    monkeypatch.setattr(window, "ask_open_database", lambda: opened.append("open"))
    wizard = window.offer_setup()
    with qtbot.waitSignal(wizard.demo_requested):
        wizard.welcome.demo_button.click()
    assert not wizard.isVisible()
    qtbot.waitUntil(lambda: opened == ["demo"], timeout=2000)
    wizard = window.show_setup()
    wizard.welcome.open_button.click()
    qtbot.waitUntil(lambda: opened == ["demo", "open"], timeout=2000)
    assert not has_region_settings(window.db.path)
