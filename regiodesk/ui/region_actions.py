"""The region's own windows from the main window: the assistant „Region einrichten“, the
„Einstellungen der Region“ and the Stammdaten (each imported when first opened)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from regiodesk.i18n import tr
from regiodesk.services.region import settings_id
from regiodesk.ui.office_window import OfficeWindow


class RegionActions(QObject):
    def __init__(self, window: OfficeWindow):
        super().__init__(window)
        self.window = window

    def offer_setup(self) -> QWidget | None:
        """An empty office (no region settings yet) meets the assistant „Region einrichten“."""
        if settings_id(self.window.db) is not None:
            return None
        return self.show_setup()

    def show_setup(self) -> QWidget | None:
        """The assistant; on a file that already has its region, the settings instead."""
        window = self.window
        if settings_id(window.db) is not None:
            window.statusBar().showMessage(
                tr("Die Region ist schon eingerichtet; hier können Sie sie ändern."), 10000
            )
            return self.show_settings()
        from regiodesk.ui.setup_wizard import SetupWizard

        def make() -> SetupWizard:
            wizard = SetupWizard(window.db, window)
            wizard.done_setup.connect(lambda _id: window.reload_all())
            # After the wizard has closed: opening another file replaces this one's window contents.
            wizard.demo_requested.connect(lambda: QTimer.singleShot(0, window.open_demo))
            wizard.open_requested.connect(lambda: QTimer.singleShot(0, window.ask_open_database))
            return wizard

        return window.show_window("setup", make)

    def show_settings(self) -> QWidget | None:
        """„Einstellungen der Region …“ (Strg+,); without a region yet, the assistant."""
        window = self.window
        record_id = settings_id(window.db)
        if record_id is None:
            return self.show_setup()
        from regiodesk.ui.region_settings import RegionSettingsDialog

        def make() -> RegionSettingsDialog:
            dialog = RegionSettingsDialog(window.db, record_id, window)
            dialog.saved.connect(window.reload_all)
            window.undo.serve(dialog)
            return dialog

        return window.show_window("region-settings", make)

    def show_master_data(self, page: str = "interest_groups") -> QWidget:
        """„Stammdaten“: the catalogues, opened at ``page``."""
        from regiodesk.ui.master_data import MasterDataDialog

        window = self.window

        def make() -> MasterDataDialog:
            dialog = MasterDataDialog(window.db, window)
            dialog.changed.connect(window.reload_all)
            window.undo.serve(dialog)  # Strg+Z in the Stammdaten too
            return dialog

        dialog = window.show_window("master-data", make)
        dialog.show_page(page)
        return dialog
