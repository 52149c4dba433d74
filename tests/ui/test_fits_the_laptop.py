"""The window and every dialog fit a 1366 x 768 laptop screen, also at 125 % scaling (issue 21,
„Fitting the laptop“).

The dialogs are found by reading the source of regiodesk/ui (every class deriving from QDialog
or QWizard, directly or through another of ours), so a new dialog without an entry in
``FACTORIES`` fails here; each is built on the demo region with the data it shows in use.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from regiodesk.db.models import AgendaItem, Body, Call, Contact, Meeting, Membership, RegionSettings
from regiodesk.services.contacts import ContactService

UI = Path(__file__).resolve().parents[2] / "regiodesk" / "ui"
#: What a dialog may take of a 1366 x 768 screen: the task bar (40) and its own title bar (30).
SCREEN_WIDTH, SCREEN_HEIGHT = 1366, 768 - 40 - 30
#: The same screen at 125 % scaling (QT_SCALE_FACTOR=1.25), in the dialog's own pixels: there it
#: opens at most as large as the screen (ui.geometry.fit_to_screen), so its minimum must fit.
SCALED_WIDTH, SCALED_HEIGHT = int(1366 / 1.25), int((768 - 40 - 30) / 1.25)


def dialog_classes() -> set[str]:
    """Names of the QDialog/QWizard subclasses defined in regiodesk/ui."""
    bases: dict[str, set[str]] = {}
    for path in UI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases[node.name] = {ast.unparse(b).split("[")[0].split(".")[-1] for b in node.bases}
    found: set[str] = set()
    roots = {"QDialog", "QWizard"}
    while True:
        more = {name for name, parents in bases.items() if parents & (roots | found)} - found
        if not more:
            return found
        found |= more


@dataclass
class Change:  # what the contact import hands UpdateFieldsDialog
    field: str
    label: str
    old: str
    new: str


def _first(db, stmt):
    with db.session() as session:
        return session.scalars(stmt.limit(1)).first()


def _ids(db):
    with db.session() as session:
        lag = session.scalar(select(Body.id).where(Body.body_type == "lag"))
        meeting = session.scalar(select(AgendaItem.meeting_id).where(AgendaItem.project_id.is_not(None)))
        membership = session.scalar(select(Membership.id).where(Membership.body_id == lag))
        contacts = session.scalars(select(Contact.id).where(Contact.kind == "person").limit(2)).all()
        call = session.scalar(select(Call.id))
        settings = session.scalar(select(RegionSettings.id))
        assert session.get(Meeting, meeting) is not None
    return {
        "lag": lag,
        "meeting": meeting,
        "membership": membership,
        "contacts": contacts,
        "call": call,
        "settings": settings,
    }


def _factories(db, tmp_path):
    from regiodesk.reports.contact_letters import PLACEHOLDERS
    from regiodesk.services.contacts_import import ContactImportService
    from regiodesk.services.memberships import MembershipService
    from regiodesk.services.selection import CallService, ScoringService
    from regiodesk.services.written_procedure import WrittenProcedureService
    from regiodesk.ui.activities.events import EventsTab, EventsWindow
    from regiodesk.ui.activities.press_network import PressNetworkWindow
    from regiodesk.ui.contacts.duplicates import DuplicatesDialog, MergeDialog
    from regiodesk.ui.contacts.letters import LetterDialog, LetterText
    from regiodesk.ui.custody import BackupsDialog
    from regiodesk.ui.handbook import HandbookWindow
    from regiodesk.ui.history_dialog import HistoryDialog
    from regiodesk.ui.import_dialog import ImportDialog, UpdateFieldsDialog
    from regiodesk.ui.master_data import MasterDataDialog
    from regiodesk.ui.meetings.agenda import AgendaItemDialog
    from regiodesk.ui.meetings.written_procedure import WrittenProcedureDialog
    from regiodesk.ui.projects.overviews import DeadlinesDialog, RankingDialog
    from regiodesk.ui.record_list_dialog import RecordListDialog
    from regiodesk.ui.region_settings import RegionSettingsDialog
    from regiodesk.ui.server_dialog import ServerDialog
    from regiodesk.ui.setup_wizard import SetupWizard
    from regiodesk.ui.sync_ui import ConflictsDialog, SyncSettingsDialog
    from regiodesk.ui.tab_window import TabWindow
    from regiodesk.ui.trash_dialog import TrashDialog
    from regiodesk.ui.widgets import RecordDialog

    ids = _ids(db)
    a, b = ids["contacts"]
    names = (ContactService(db).display_name(a), ContactService(db).display_name(b))
    table = tmp_path / "kontakte.csv"
    table.write_text(
        "Vorname;Nachname;E-Mail;Ort\n"
        + "".join(f"Person {n};Müller-Lüdenscheidt {n};p{n}@example.org;Wüstenbrunn\n" for n in range(40)),
        encoding="utf-8",
    )
    changes = [Change(f"f{n}", f"Feld {n}", "alt", "ein neuer, längerer Wert") for n in range(20)]
    return {
        "AgendaItemDialog": lambda: AgendaItemDialog(db, ids["meeting"], None),
        "BackupsDialog": lambda: BackupsDialog(db.path),
        "ConflictsDialog": lambda: ConflictsDialog(db),
        "DeadlinesDialog": lambda: DeadlinesDialog(db),
        "DuplicatesDialog": lambda: DuplicatesDialog(db),
        "HandbookWindow": HandbookWindow,
        "HistoryDialog": lambda: HistoryDialog(ContactService(db), a),
        "ImportDialog": lambda: ImportDialog(ContactImportService(db), "Kontakte importieren", table),
        "LetterDialog": lambda: LetterDialog(
            "Serienbrief", "Ein Brief je Kontakt.", list(PLACEHOLDERS), "Unterschrift", LetterText()
        ),
        "MasterDataDialog": lambda: MasterDataDialog(db),
        "MergeDialog": lambda: MergeDialog(db, a, b, names),
        "RankingDialog": lambda: RankingDialog(ScoringService(db).rank_call(ids["call"])),
        "RecordDialog": lambda: RecordDialog(
            MembershipService(db, ids["lag"]), ids["membership"], "Mitglied", fixed=("body_id",)
        ),
        "RecordDialog (Umlaufverfahren)": lambda: RecordDialog(
            WrittenProcedureService(db), None, "Neues Umlaufverfahren", {"body_id": ids["lag"]}
        ),
        "RecordListDialog": lambda: RecordListDialog(CallService(db), "Projektaufrufe", "Ein Aufruf …"),
        "RegionSettingsDialog": lambda: RegionSettingsDialog(db, ids["settings"]),
        "ServerDialog": lambda: ServerDialog(
            None, "postgresql://anna.mueller@server.landkreis.local:5432/leader"
        ),
        "SetupWizard": lambda: SetupWizard(db),
        "SyncSettingsDialog": lambda: SyncSettingsDialog(db.path),
        "UpdateFieldsDialog": lambda: UpdateFieldsDialog(3, "Anna Müller", changes, {"f1"}),
        "WrittenProcedureDialog": lambda: WrittenProcedureDialog(db, ids["lag"]),
        "EventsWindow": lambda: EventsWindow(db),
        "TrashDialog": lambda: TrashDialog(db, Contact, "Kontakte"),
        "PressNetworkWindow": lambda: PressNetworkWindow(db),
        "TabWindow": lambda: TabWindow(EventsTab(db), "Veranstaltungen", (1400, 900)),
    }


@pytest.fixture(scope="module")
def demo_db(demo_region, tmp_path_factory):
    from regiodesk.db.database import Database

    path = tmp_path_factory.mktemp("fit") / "demo.regiodesk"
    demo_region(path, device_id="test-device", today=date(2026, 6, 15))
    database = Database.open(path)
    yield database
    database.close()


def test_every_dialog_class_has_a_factory(demo_db, tmp_path):
    named = {name.split(" ")[0] for name in _factories(demo_db, tmp_path)}
    assert dialog_classes() == named


@pytest.mark.parametrize(
    "name",
    sorted(
        [
            "AgendaItemDialog",
            "BackupsDialog",
            "ConflictsDialog",
            "DeadlinesDialog",
            "DuplicatesDialog",
            "EventsWindow",
            "HandbookWindow",
            "HistoryDialog",
            "ImportDialog",
            "LetterDialog",
            "MasterDataDialog",
            "MergeDialog",
            "PressNetworkWindow",
            "RankingDialog",
            "RecordDialog",
            "RecordDialog (Umlaufverfahren)",
            "RecordListDialog",
            "RegionSettingsDialog",
            "ServerDialog",
            "SetupWizard",
            "SyncSettingsDialog",
            "TabWindow",
            "TrashDialog",
            "UpdateFieldsDialog",
            "WrittenProcedureDialog",
        ]
    ),
)
def test_the_dialog_fits_a_1366_by_768_screen(qtbot, demo_db, tmp_path, name, monkeypatch):
    from PySide6.QtCore import QSize

    from regiodesk.ui import geometry

    # The laptop's screen without its task bar (the test platform's screen is another size).
    monkeypatch.setattr(geometry, "available_room", lambda _widget: QSize(1366, 768 - 40))
    dialog = _factories(demo_db, tmp_path)[name]()
    qtbot.addWidget(dialog)
    hint, minimum = dialog.sizeHint(), dialog.minimumSizeHint()
    # The size it opens at: its own resize() if it made one, else its size hint.
    size = dialog.size() if dialog.testAttribute(Qt.WidgetAttribute.WA_Resized) else hint
    for what, s in (("opens at", size), ("size hint", hint), ("minimum", minimum)):
        assert s.width() <= SCREEN_WIDTH and s.height() <= SCREEN_HEIGHT, (
            f"{name} {what} {s.width()} x {s.height()}"
        )
    assert minimum.width() <= SCALED_WIDTH and minimum.height() <= SCALED_HEIGHT, (
        f"{name} at 125 %: minimum {minimum.width()} x {minimum.height()}"
    )


def test_at_125_percent_a_dialog_opens_no_larger_than_the_screen(qtbot, demo_db, monkeypatch):
    from PySide6.QtCore import QSize

    from regiodesk.ui import geometry
    from regiodesk.ui.meetings.written_procedure import WrittenProcedureDialog

    room = QSize(SCALED_WIDTH, int((768 - 40) / 1.25))  # 1366 x 768 at QT_SCALE_FACTOR=1.25
    monkeypatch.setattr(geometry, "available_room", lambda _widget: room)
    dialog = WrittenProcedureDialog(demo_db, _ids(demo_db)["lag"])
    qtbot.addWidget(dialog)
    assert dialog.width() <= room.width() - geometry.SCREEN_MARGIN
    assert dialog.height() <= room.height() - geometry.SCREEN_MARGIN


def test_the_main_window_with_every_tab_fits_at_125_percent(qtbot, demo_db, monkeypatch):
    """The window cannot be made smaller than its largest tab: every page that needs more height
    than a laptop at 125 % has (a project's status, a contact's details) scrolls instead."""
    from PySide6.QtWidgets import QApplication

    from regiodesk.ui import dialogs
    from regiodesk.ui.main_window import MainWindow
    from regiodesk.ui.tabs import TABS

    # At 125 % the text grows against the screen's logical pixels (as seen under X11 with
    # QT_SCALE_FACTOR=1.25); the test platform cannot scale, so the font is made larger instead.
    normal = QApplication.font()
    larger = QApplication.font()
    larger.setPointSizeF(normal.pointSizeF() * 1.25)
    QApplication.setFont(larger)
    try:
        window = MainWindow(demo_db)
        qtbot.addWidget(window)
        window.show()
        for spec in TABS:
            window.show_tab(spec.key)  # each tab is built when first shown
            QApplication.processEvents()  # its layout reaches the window
    finally:
        QApplication.setFont(normal)
    minimum = window.minimumSizeHint()
    assert minimum.width() <= SCALED_WIDTH and minimum.height() <= SCALED_HEIGHT, (
        f"{minimum.width()} x {minimum.height()}"
    )
    monkeypatch.setattr(dialogs, "ask_discard_or_cancel", lambda *args: True)
    window.office.close = lambda **_kwargs: None  # the module's database stays open
    window.close()


# --- columns, sort arrows and splitters -----------------------------------------------------------


def test_numbers_are_shown_whole_and_texts_share_the_rest():
    from regiodesk.ui.tables import column_widths_for

    # name, group (both long), a sum and an empty column, in 500 px
    widths = column_widths_for([400, 300, 120, 40], [60, 60, 60, 80], [False, False, True, False], 500, None)
    assert widths[2] == 120  # the sum is never cut
    assert widths[3] == 80  # an empty column keeps its header, no more
    assert widths[0] == widths[1] == 150  # the long texts share what is left (elided in the middle)
    # with room to spare every column gets its content, the rest goes to the stretch column
    assert column_widths_for([100, 50], [40, 40], [False, True], 400, 0) == [350, 50]


def _arrow(style, indicator):
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionHeader

    image = QImage(20, 20, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    option = QStyleOptionHeader()
    option.rect = QRect(0, 0, 20, 20)
    option.state = QStyle.StateFlag.State_Enabled
    option.palette = QApplication.palette()
    option.sortIndicator = indicator
    style.drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorHeaderArrow, option, painter)
    painter.end()
    return image


def test_the_meetings_list_sorted_newest_first_shows_a_downward_arrow(qtbot, demo_db):
    """Qt draws ▲ for a descending sort; users read ▲ as ascending (Excel, Explorer)."""
    from PySide6.QtWidgets import QApplication, QStyleOptionHeader

    from regiodesk.ui.meetings.tab import MeetingsTab
    from regiodesk.ui.tables import OfficeSortArrowStyle

    tab = MeetingsTab(demo_db)
    qtbot.addWidget(tab)
    header = tab.view.horizontalHeader()
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    style = header.style()
    assert isinstance(style, OfficeSortArrowStyle)
    # Qt passes SortUp for a descending sort; ours draws what the plain style draws for SortDown (▼)
    up, down = QStyleOptionHeader.SortIndicator.SortUp, QStyleOptionHeader.SortIndicator.SortDown
    plain = QApplication.style()
    assert _arrow(plain, up) != _arrow(plain, down)
    assert _arrow(style, up) == _arrow(plain, down)
    assert _arrow(style, down) == _arrow(plain, up)


def test_a_splitter_remembers_where_the_user_left_it(qtbot, demo_db):
    from regiodesk import preferences
    from regiodesk.ui.meetings.tab import MeetingsTab

    tab = MeetingsTab(demo_db)
    qtbot.addWidget(tab)
    tab.resize(1300, 650)
    tab.show()
    qtbot.waitUntil(lambda: tab._sized and sum(tab.splitter.sizes()) > 0)
    qtbot.wait(50)  # the first sizes are given after the first layout
    tab.splitter.setSizes([300, 300])
    tab.splitter.splitterMoved.emit(300, 1)  # as a drag of the handle does
    qtbot.waitUntil(lambda: preferences.splitter_sizes("meetings.list") is not None, timeout=3000)
    stored = preferences.splitter_sizes("meetings.list")
    assert stored == tab.splitter.sizes()

    again = MeetingsTab(demo_db)
    qtbot.addWidget(again)
    again.resize(1300, 650)
    again.show()
    qtbot.waitUntil(lambda: again.splitter.sizes() == stored, timeout=3000)
