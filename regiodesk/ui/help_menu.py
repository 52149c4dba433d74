"""Hilfe → Handbuch (F1, at the topic of the current tab) and Über regiodesk."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from regiodesk import __version__
from regiodesk.i18n import tr
from regiodesk.services.region import region_name
from regiodesk.ui import dialogs
from regiodesk.ui.office_window import OfficeWindow


class HelpActions(QObject):
    def __init__(self, window: OfficeWindow):
        super().__init__(window)
        self.window = window

    def show_about(self) -> None:
        window = self.window
        region = region_name(window.db) or tr("(noch nicht eingerichtet)")
        dialogs.show_info(
            window,
            tr("Über regiodesk"),
            tr(
                "regiodesk {version}\nDas Arbeitsprogramm der Geschäftsstelle.\n\n"
                "Region: {region}\nDatenbank: {path}",
                version=__version__,
                region=region,
                path=window.db.path,
            ),
        )

    def show_handbook(self) -> QWidget:
        """Hilfe → Handbuch (F1), opened at the topic of the current tab."""
        from regiodesk.ui.handbook import HandbookWindow, topic_for_tab

        spec = getattr(self.window.tabs.currentWidget(), "spec", None)  # the tab's page (TabSlot)
        handbook = self.window.show_window("handbook", lambda: HandbookWindow(self.window))
        assert isinstance(handbook, HandbookWindow)
        handbook.show_topic(topic_for_tab(spec.key if spec is not None else ""))
        handbook.activateWindow()  # F1 again from the main window brings it to the front with the focus
        return handbook
