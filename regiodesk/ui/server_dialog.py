"""Datei → Mit Server verbinden …: a region on a PostgreSQL server, picked from those the person may open.

Server, port and user first; „Regionen anzeigen“ lists the regiodesk databases this sign-in
may open (db.server.list_regions, off the GUI thread), and picking one fills the database. The
password is never written into our files: typed, it holds for this run, or, if the person
chooses, the operating system's keyring keeps it (db.server_password, when the optional
``keyring`` package is installed); otherwise libpq reads it from ``.pgpass`` or a service file,
which the dialog explains. The connection is tried here; a refusal is said in the dialog in
db.server's German words, and nothing else changes.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from regiodesk import preferences
from regiodesk.db import server_password
from regiodesk.db.schema import DatabaseFileError, FileKind
from regiodesk.i18n import tr
from regiodesk.location import DEFAULT_PORT, server_url, url_parts
from regiodesk.ui import dialogs
from regiodesk.ui.geometry import fit_to_screen
from regiodesk.ui.operations import Operation
from regiodesk.ui.record_form import ERROR_STYLE

log = logging.getLogger(__name__)
#: The role of a region list item that holds its database's name.
DATABASE_ROLE = Qt.ItemDataRole.UserRole


def last_server() -> str:
    """The server database opened last on this machine ('' if none)."""
    return next((p for p in preferences.recent_locations() if isinstance(p, str)), "")


def check_server(url: str, password: str | None = None) -> str:
    """'' when ``url`` is a regiodesk database this sign-in can open, else why not (German)."""
    from regiodesk.db import server

    try:
        engine = server.connect(url, password, timeout=server.DIALOG_TIMEOUT)
    except DatabaseFileError as error:
        return str(error)
    try:
        state = server.inspect_server(engine)
        if state.kind is FileKind.NEW:
            return server.empty_refusal(url)
        if state.kind in (FileKind.NEWER, FileKind.FOREIGN, FileKind.CORRUPT):
            return server.refusal(url, state)
        return ""
    except Exception as error:  # e.g. no right to read the catalogue: said, not a crash
        log.exception("Serverdatenbank nicht prüfbar: %s", server.label(url))
        return server.connection_refusal(url, error)
    finally:
        engine.dispose()


def _explanation(keyring: bool) -> str:
    if keyring:
        return tr(
            "Die Region liegt in einer PostgreSQL-Datenbank auf dem Server der Geschäftsstelle. "
            "regiodesk schreibt das Passwort in keine seiner Dateien: Auf Wunsch bewahrt es der "
            "Schlüsselbund des Betriebssystems auf, sonst gilt es bis zum Beenden. Bleibt das Feld "
            "leer, liest PostgreSQL das Passwort aus Ihrer Datei .pgpass (Windows: "
            "%APPDATA%\\postgresql\\pgpass.conf) oder einer Dienstdatei (pg_service.conf)."
        )
    return tr(
        "Die Region liegt in einer PostgreSQL-Datenbank auf dem Server der Geschäftsstelle. "
        "regiodesk speichert das Passwort nicht: Ein hier eingegebenes gilt bis zum Beenden. "
        "Dauerhaft liest PostgreSQL es aus Ihrer Datei .pgpass (Windows: "
        "%APPDATA%\\postgresql\\pgpass.conf, Linux/macOS: ~/.pgpass), eine Zeile "
        "rechner:port:datenbank:benutzer:passwort, oder aus einer Dienstdatei (pg_service.conf). "
        "Ihre Verwaltung richtet das einmal ein."
    )


class ServerDialog(QDialog):
    """Asks where the region lies; :attr:`url` is its address once the connection succeeded."""

    def __init__(self, parent: QWidget | None = None, remembered: str = ""):
        super().__init__(parent)
        self.setWindowTitle(tr("Mit Server verbinden"))
        self.url = ""
        #: What to tell after connecting (e.g. the keyring refused the password); '' if nothing.
        self.notice = ""
        #: The password the region list was read with (typed or kept), for the region picked.
        self._listed_with: str | None = None
        host, port, database, user = url_parts(remembered) if remembered else ("", DEFAULT_PORT, "", "")
        keyring = self._keyring = server_password.keyring_available()
        self.host = QLineEdit(host)
        self.host.setPlaceholderText(tr("z. B. server.landkreis.local"))
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(port)
        self.user = QLineEdit(user)
        self.user.setPlaceholderText(tr("Ihr Benutzername auf dem Server"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        kept = keyring and bool(remembered) and server_password.stored(remembered) is not None
        self.password.setPlaceholderText(
            tr("im Schlüsselbund gespeichert") if kept else tr("leer: aus .pgpass oder Dienstdatei")
        )
        self.keep_password = QCheckBox(tr("Passwort im Schlüsselbund des Betriebssystems speichern"))
        self.keep_password.setChecked(kept)
        if not keyring:  # (never shown before it has its place in the form: no window of its own)
            self.keep_password.hide()
        self.list_button = QPushButton(tr("Regionen anzeigen"))
        self.list_button.setAutoDefault(False)
        self.list_button.clicked.connect(lambda _checked=False: self.show_regions())
        self.regions = QListWidget()
        self.regions.setMinimumHeight(90)
        self.regions.setMaximumHeight(180)
        self.regions.currentItemChanged.connect(lambda item, _previous: self._picked(item))
        self.regions.itemActivated.connect(lambda _item: self.try_connect())
        #: A plain line under the list: none to open, or still searching.
        self.regions_note = QLabel()
        self.regions_note.setWordWrap(True)
        self.regions_note.hide()
        # another server or person: the list (and the password it was read with) no longer holds
        self.host.textEdited.connect(lambda _text: self._forget_list())
        self.user.textEdited.connect(lambda _text: self._forget_list())
        self.port.valueChanged.connect(lambda _value: self._forget_list())
        self.database = QLineEdit(database)
        self.database.setPlaceholderText(tr("z. B. leader_musterland (oder oben aus der Liste wählen)"))
        explanation = QLabel(_explanation(keyring))
        explanation.setWordWrap(True)
        form = QFormLayout()
        form.addRow(tr("Server"), self.host)
        form.addRow(tr("Port"), self.port)
        form.addRow(tr("Benutzer"), self.user)
        form.addRow(tr("Passwort"), self.password)
        if keyring:
            form.addRow("", self.keep_password)
        listing = QHBoxLayout()
        listing.addWidget(self.list_button)
        hint = QLabel(tr("Server, Port und Benutzer genügen."))
        hint.setEnabled(False)  # a hint, greyed like a placeholder
        listing.addWidget(hint)
        listing.addStretch()
        form.addRow(tr("Regionen"), listing)
        form.addRow("", self.regions)
        form.addRow("", self.regions_note)
        form.addRow(tr("Datenbank"), self.database)
        #: Why the connection failed (red, in the dialog); empty while nothing failed.
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.hide()
        buttons, _ok = dialogs.accept_cancel_buttons(self, tr("Verbinden"), self.try_connect)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addStretch()
        layout.addWidget(buttons)
        fit_to_screen(self, 600, 540)

    def address(self) -> str:
        return server_url(self.host.text(), self.port.value(), self.database.text(), self.user.text())

    def _password(self, url: str) -> str | None:
        """The password to try for ``url``: typed, kept (this run, keyring) or the list's; None: libpq's."""
        return self.password.text() or server_password.password_for(url) or self._listed_with

    # ------------------------------------------------------------ the regions on the server
    def show_regions(self) -> None:
        """Read (off the GUI thread) which regions this sign-in may open; the list shows them."""
        from regiodesk.db import server

        url = self.address()
        password = self._password(url)
        self.list_button.setEnabled(False)
        self.regions.clear()
        self.problem.hide()
        self._note(tr("Regionen werden gesucht …"))

        def listed(regions: list[server.RegionOnServer]) -> None:
            self._listed_with = password
            self._show(regions)

        Operation(self, lambda: server.list_regions(url, password)).success(listed).failure(
            self._listing_failed
        ).run()

    def _show(self, regions) -> None:
        self.list_button.setEnabled(True)
        self._note("" if regions else tr("Auf diesem Server gibt es keine Region, die Sie öffnen dürfen."))
        typed = self.database.text().strip()
        for region in regions:
            item = QListWidgetItem(region.shown())
            item.setData(DATABASE_ROLE, region.database)
            if region.kind is FileKind.NEWER:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip(tr("Diese Region braucht eine neuere regiodesk-Version."))
            self.regions.addItem(item)
            if region.database == typed and region.kind is not FileKind.NEWER:
                self.regions.setCurrentItem(item)

    def _listing_failed(self, error: Exception) -> None:
        self.list_button.setEnabled(True)
        self._note("")
        if not isinstance(error, DatabaseFileError):
            log.error("Regionen nicht lesbar", exc_info=error)
        self._refused(str(error) if isinstance(error, DatabaseFileError) else tr("Das hat nicht geklappt."))

    def _note(self, text: str) -> None:
        self.regions_note.setText(text)
        self.regions_note.setVisible(bool(text))

    def _forget_list(self) -> None:
        self.regions.clear()
        self._note("")
        self._listed_with = None

    def _picked(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.database.setText(str(item.data(DATABASE_ROLE)))

    # ------------------------------------------------------------ connecting
    def try_connect(self) -> bool:
        """Connect with what is entered: accepted with :attr:`url`, or the reason shown here."""
        if not self.database.text().strip():
            return self._refused(
                tr("Bitte den Namen der Datenbank angeben oder eine Region aus der Liste wählen.")
            )
        url = self.address()
        password = self._password(url)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            problem = check_server(url, password)
        finally:
            QGuiApplication.restoreOverrideCursor()
        if problem:
            return self._refused(problem)
        self._keep(url, password)
        self.url = url
        self.accept()
        return True

    def _keep(self, url: str, password: str | None) -> None:
        """The password that worked: for this run (the window connects with it), in the keyring if wished."""
        if password:
            server_password.remember_for_this_run(url, password)
        if not self._keyring:
            return
        if not self.keep_password.isChecked():
            server_password.forget(url)
        elif password:
            self.notice = server_password.store(url, password)

    def _refused(self, text: str) -> bool:
        self.problem.setText(text)
        self.problem.show()
        return False


__all__ = ["ServerDialog", "check_server", "last_server"]
