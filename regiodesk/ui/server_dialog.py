"""Datei → Mit Server verbinden …: server, port, database and user of a region on a PostgreSQL server.

The password is never ours to keep: libpq reads it from the user's ``.pgpass`` file (Windows:
``%APPDATA%\\postgresql\\pgpass.conf``) or a service file, which the dialog explains. The
connection is tried here; a refusal (wrong password, server down, no such database, not a
regiodesk database) is said in the dialog in db.server's German words, and nothing else changes.
"""

from __future__ import annotations

import logging
from urllib.parse import quote

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from regiodesk import preferences
from regiodesk.db.schema import DatabaseFileError, FileKind
from regiodesk.i18n import tr
from regiodesk.ui import dialogs
from regiodesk.ui.geometry import fit_to_screen
from regiodesk.ui.record_form import ERROR_STYLE

log = logging.getLogger(__name__)
DEFAULT_PORT = 5432


def server_url(host: str, port: int, database: str, user: str) -> str:
    """The libpq address of a database (no password): ``postgresql://user@host:port/database``.

    A host that is a folder (``/var/run/postgresql``) is PostgreSQL's Unix socket there.
    """
    name, who = quote(database.strip(), safe=""), quote(user.strip(), safe="")
    host, at = host.strip(), f"{who}@" if user.strip() else ""
    if host.startswith("/"):
        return f"postgresql://{at}/{name}?host={quote(host, safe='/')}&port={port}"
    return f"postgresql://{at}{host or 'localhost'}:{port}/{name}"


def url_parts(url: str) -> tuple[str, int, str, str]:
    """(host, port, database, user) of a remembered address; what cannot be read stays empty."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from regiodesk.db.location import sqlalchemy_url

    try:
        parsed = make_url(sqlalchemy_url(url))
    except (ArgumentError, ValueError):
        return "", DEFAULT_PORT, "", ""
    host = parsed.host or str(parsed.query.get("host") or "")
    try:
        port = int(parsed.port or parsed.query.get("port") or DEFAULT_PORT)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        port = DEFAULT_PORT
    return host, port, parsed.database or "", parsed.username or ""


def last_server() -> str:
    """The server database opened last on this machine ('' if none)."""
    return next((p for p in preferences.recent_locations() if isinstance(p, str)), "")


def check_server(url: str) -> str:
    """'' when ``url`` is a regiodesk database this sign-in can open, else why not (German)."""
    from regiodesk.db import server

    try:
        engine = server.connect(url)
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


class ServerDialog(QDialog):
    """Asks where the region lies; :attr:`url` is its address once the connection succeeded."""

    def __init__(self, parent: QWidget | None = None, remembered: str = ""):
        super().__init__(parent)
        self.setWindowTitle(tr("Mit Server verbinden"))
        self.url = ""
        host, port, database, user = url_parts(remembered) if remembered else ("", DEFAULT_PORT, "", "")
        self.host = QLineEdit(host)
        self.host.setPlaceholderText(tr("z. B. server.landkreis.local"))
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(port)
        self.database = QLineEdit(database)
        self.database.setPlaceholderText(tr("z. B. leader_musterland"))
        self.user = QLineEdit(user)
        self.user.setPlaceholderText(tr("Ihr Benutzername auf dem Server"))
        explanation = QLabel(
            tr(
                "Die Region liegt in einer PostgreSQL-Datenbank auf dem Server der Geschäftsstelle. "
                "Das Passwort speichert regiodesk nicht: PostgreSQL liest es aus Ihrer Datei .pgpass "
                "(Windows: %APPDATA%\\postgresql\\pgpass.conf, Linux/macOS: ~/.pgpass), eine Zeile "
                "rechner:port:datenbank:benutzer:passwort, oder aus einer Dienstdatei "
                "(pg_service.conf). Ihre Verwaltung richtet das einmal ein."
            )
        )
        explanation.setWordWrap(True)
        form = QFormLayout()
        form.addRow(tr("Server"), self.host)
        form.addRow(tr("Port"), self.port)
        form.addRow(tr("Datenbank"), self.database)
        form.addRow(tr("Benutzer"), self.user)
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
        layout.addWidget(buttons)
        fit_to_screen(self, 560, 320)

    def address(self) -> str:
        return server_url(self.host.text(), self.port.value(), self.database.text(), self.user.text())

    def try_connect(self) -> bool:
        """Connect with what is entered: accepted with :attr:`url`, or the reason shown here."""
        if not self.database.text().strip():
            return self._refused(tr("Bitte den Namen der Datenbank angeben."))
        url = self.address()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            problem = check_server(url)
        finally:
            QGuiApplication.restoreOverrideCursor()
        if problem:
            return self._refused(problem)
        self.url = url
        self.accept()
        return True

    def _refused(self, text: str) -> bool:
        self.problem.setText(text)
        self.problem.show()
        return False


__all__ = ["ServerDialog", "check_server", "last_server", "server_url", "url_parts"]
