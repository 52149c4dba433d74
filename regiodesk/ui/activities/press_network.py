"""Presse- und Netzwerkarbeit in the window, and the Chronik (timeline) page of a contact and of
a project.

The press and network work has its own window, opened from Extras like the consultations and the
events: it belongs to no single contact or project, and the main window keeps its five tabs. The
window holds an ordinary list-and-detail tab (nothing typed is lost), with the clipping, photos
and documents attached to the item shown.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from regiodesk.db.database import Database
from regiodesk.db.models import Activity
from regiodesk.domain.errors import NotFoundError
from regiodesk.fields import Column, Kind
from regiodesk.i18n import tr
from regiodesk.services.press_network import ActivityService
from regiodesk.services.records import ListRow
from regiodesk.services.timeline import (
    PAYMENT,
    TIMELINE_KINDS,
    TimelineEntry,
    contact_timeline,
    project_timeline,
)
from regiodesk.ui.attachments import AttachmentsBox
from regiodesk.ui.record_model import RecordTableModel
from regiodesk.ui.record_tab import RecordTab
from regiodesk.ui.tab_window import TabWindow
from regiodesk.ui.tables import make_table

TITLE = "Presse- und Netzwerkarbeit"


class ActivityPanel(QWidget):
    """Beside an item's form: the clipping, photos and documents attached to it."""

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.attachments = AttachmentsBox(db, Activity.__tablename__)
        self.attachments.setTitle(tr("Zeitungsausschnitt, Fotos und Unterlagen (werden sofort gespeichert)"))
        self.attachments.list.setMaximumHeight(72)  # the form above needs the height
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.attachments)
        layout.addStretch(1)

    def show_for(self, activity_id: str | None) -> None:
        self.attachments.show_for(activity_id)


class PressNetworkTab(RecordTab):
    key = "press_network"
    title = TITLE
    service_class = ActivityService
    service: ActivityService
    sort_by = "held_on"
    sort_descending = True
    depends_on = frozenset({"contacts", "projects"})
    panel: ActivityPanel  # type: ignore[assignment]  # RecordTab types it RelatedPanel; any show_for() works

    def make_panel(self) -> ActivityPanel:  # type: ignore[override]  # any widget with show_for()
        return ActivityPanel(self.service.db)


class PressNetworkWindow(TabWindow):
    """The press and network work in its own window (Extras)."""

    tab: PressNetworkTab

    def __init__(self, db: Database, parent: QWidget | None = None):
        hint = (
            "Pressemitteilungen, Artikel, Beiträge und Druckerzeugnisse; Treffen mit anderen "
            "Regionen, im LEADER-Netzwerk des Landes und in Arbeitskreisen. Sie zählen im "
            "Tätigkeitsbericht des Jahresberichts."
        )
        super().__init__(PressNetworkTab(db), TITLE, (1180, 640), hint, parent)


# --------------------------------------------------------------------------- timeline
_COLUMNS = (
    Column("on", "Datum", Kind.DATE, width=82),
    Column("kind", "Art", width=120),
    Column("title", "Was", width=220),
    Column("detail", "Einzelheiten", width=200),
)


class TimelinePage(QWidget):
    """„Chronik“: everything recorded with a contact (``owner="contact"``) or a project, newest
    first, filtered by kind; a double-click (or Enter) on a line opens what it is about
    (:func:`regiodesk.ui.record_links.open_record_of`; a project's own status and payments on its
    pages: ``entry_opened`` lets the project panel decide)."""

    entry_opened = Signal(str, str)  # table, record id

    def __init__(self, db: Database, owner: str, parent: QWidget | None = None):
        super().__init__(parent)
        assert owner in ("contact", "project")
        self.db = db
        self.owner = owner
        self.owner_id: str | None = None
        self.entries: list[TimelineEntry] = []
        self.kind = QComboBox()
        self.kind.addItem(tr("alle Arten"), None)
        for key, label in TIMELINE_KINDS:
            if owner == "contact" and key == PAYMENT:
                continue  # payments go to projects, not to people
            self.kind.addItem(tr(label), key)
        self.kind.currentIndexChanged.connect(lambda _index: self.reload())
        self.model = RecordTableModel(_COLUMNS, self)
        self.view = make_table(self.model, [c.width for c in _COLUMNS], stretch=2)
        self.view.setSortingEnabled(False)  # newest first, as the service gives it
        self.view.activated.connect(self._open)
        self.empty = QLabel(tr("Dazu ist noch nichts erfasst."))
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Art:")))
        top.addWidget(self.kind)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)

    def show_for(self, owner_id: str | None) -> None:
        self.owner_id = owner_id
        self.reload()

    def set_kind(self, kind: str | None) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))

    def reload(self) -> None:
        kind = self.kind.currentData()
        kinds = None if kind is None else {kind}
        entries: list[TimelineEntry] = []
        if self.owner_id is not None:
            read = contact_timeline if self.owner == "contact" else project_timeline
            try:
                entries = read(self.db, self.owner_id, kinds)
            except NotFoundError:
                entries = []
        self.entries = entries
        rows = [
            ListRow(f"{n}:{e.table}:{e.record_id}", (e.on, e.kind_label, e.title, e.detail))
            for n, e in enumerate(entries)
        ]
        self.model.set_rows(rows)
        self.empty.setVisible(self.owner_id is not None and not entries)

    def _open(self, index) -> None:
        entry = self.entries[int(self.model.id_at(index.row()).split(":", 1)[0])]
        self.entry_opened.emit(entry.table, entry.record_id)


__all__ = ["PressNetworkTab", "PressNetworkWindow", "TimelinePage"]
