"""After a document is written: „Öffnen“, „Ordner anzeigen“ and, for a PDF, „Drucken“ in the status bar.

Every place that saves a document for the user calls :func:`announce_saved` (ui.export's
``save_document`` does for all PDFs, Excel lists, vCards, …).

Printing hands the PDF to the system's print service after the usual print dialog (printer and
copies): CUPS' ``lp`` on Linux and macOS, the PDF program's „printto“ on Windows. Qt's own PDF
renderer (QtPdf) is part of the large PySide6-Addons package, which regiodesk does not need
otherwise; the system prints a PDF as its viewer shows it, without a second rendering.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QProcess, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QPushButton, QWidget

from regiodesk.i18n import tr
from regiodesk.ui import dialogs

log = logging.getLogger(__name__)
#: How long the notice stays (ms); the next document replaces it at once.
SHOWN_MS = 60_000
LINK_STYLE = "QPushButton { color: palette(link); text-decoration: underline; padding: 0 4px }"


def _open_url(url: QUrl) -> bool:
    """The system's program for a file or folder (a seam for the tests)."""
    return QDesktopServices.openUrl(url)


def _run(args: list[str]) -> subprocess.CompletedProcess:
    """Run the print command (a seam for the tests)."""
    return subprocess.run(args, capture_output=True, text=True, timeout=60, check=False)


def _printers() -> list[str]:
    """The printers the system offers (a seam for the tests)."""
    from PySide6.QtPrintSupport import QPrinterInfo

    return QPrinterInfo.availablePrinterNames()


def open_document(path: Path) -> bool:
    """Open a written document in the program the system has for it."""
    return _open_url(QUrl.fromLocalFile(str(path)))


def show_in_folder(path: Path) -> bool:
    """The folder of the document in the file manager, the document selected where the system can."""
    if sys.platform == "win32":
        return QProcess.startDetached("explorer", [f"/select,{os.path.normpath(path)}"])[0]
    if sys.platform == "darwin":
        return QProcess.startDetached("open", ["-R", str(path)])[0]
    return _open_url(QUrl.fromLocalFile(str(path.parent)))


def print_pdf(owner: QWidget, path: Path) -> bool:
    """Ask for printer and copies, then hand the PDF to the system's print service."""
    title = tr("„{name}“ drucken", name=path.name)
    if not _printers():
        dialogs.show_error(
            owner,
            title,
            tr(
                "Auf diesem Rechner ist kein Drucker eingerichtet. Bitte einen Drucker in den "
                "Systemeinstellungen hinzufügen oder das Dokument öffnen und aus dem PDF-Programm drucken."
            ),
        )
        return False
    choice = dialogs.ask_printer(owner, title)
    if choice is None:
        return False
    problem = send_to_printer(path, choice.printer, choice.copies)
    if problem:
        dialogs.show_error(owner, title, problem)
        return False
    return True


def send_to_printer(path: Path, printer: str, copies: int) -> str:
    """Hand ``path`` to the print service; "" when it took it, else a German sentence why not."""
    if not path.exists():
        return tr("„{name}“ gibt es nicht mehr (verschoben oder gelöscht?).", name=path.name)
    if sys.platform == "win32":  # the registered PDF program prints (copies are set there)
        try:
            if printer:
                os.startfile(str(path), "printto", f'"{printer}"')  # type: ignore[attr-defined]
            else:
                os.startfile(str(path), "print")  # type: ignore[attr-defined]
        except OSError as error:
            return tr("Kein Programm zum Drucken von PDF-Dateien gefunden: {reason}", reason=error)
        return ""
    command = shutil.which("lp")
    if command is None:
        return tr(
            "Auf diesem Rechner gibt es keinen Druckdienst (CUPS, Befehl „lp“). Bitte das Dokument "
            "öffnen und aus dem PDF-Programm drucken."
        )
    args = [command, "-n", str(max(1, copies))] + (["-d", printer] if printer else []) + [str(path)]
    try:
        done = _run(args)
    except (OSError, subprocess.TimeoutExpired) as error:
        return tr("Der Druckdienst antwortet nicht: {reason}", reason=error)
    if done.returncode != 0:
        return tr("Der Druckdienst hat das Dokument abgelehnt: {reason}", reason=done.stderr.strip())
    return ""


class SavedNotice(QWidget):
    """„„Protokoll.pdf“ gespeichert in …“ with its buttons, at the left of the status bar."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.path: Path | None = None
        self.label = QLabel()
        self.open_button = self._button(tr("Öffnen"), lambda path: open_document(path))
        self.folder_button = self._button(tr("Ordner anzeigen"), lambda path: show_in_folder(path))
        self.print_button = self._button(tr("Drucken …"), lambda path: print_pdf(self, path))
        close = self._button("×", lambda _path: self.hide())
        close.setToolTip(tr("Hinweis schließen"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        for button in (self.open_button, self.folder_button, self.print_button, close):
            layout.addWidget(button)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def _button(self, text: str, act: Callable[[Path], object]) -> QPushButton:
        button = QPushButton(text)
        button.setFlat(True)
        button.setStyleSheet(LINK_STYLE)
        button.clicked.connect(lambda _checked=False: self.path is not None and act(self.path))
        return button

    def show_for(self, path: Path, text: str) -> None:
        self.path = path
        self.label.setText(text)
        self.label.setToolTip(str(path))
        is_file = path.is_file()
        self.open_button.setVisible(is_file)
        self.print_button.setVisible(is_file and path.suffix.lower() == ".pdf")
        self.show()
        self._timer.start(SHOWN_MS)


def _main_window(owner: QWidget) -> QMainWindow | None:
    """The main window of ``owner``, also from a dialog of its own (Umlaufverfahren, Konflikte)."""
    widget: QWidget | None = owner
    while widget is not None:
        window = widget.window()
        if isinstance(window, QMainWindow):
            return window
        widget = window.parentWidget()
    return None


def announce_saved(owner: QWidget, path: Path, text: str | None = None) -> SavedNotice | None:
    """Tell the user where the document went and offer to open, show or print it.

    ``path`` is the document (or, for several files, the first of them); ``text`` replaces
    the usual „„name“ gespeichert in folder“.
    """
    window = _main_window(owner)
    if window is None:
        return None
    notice = window.findChild(SavedNotice)
    if notice is None:
        notice = SavedNotice(window)
        window.statusBar().insertWidget(0, notice)
    notice.show_for(path, text or tr("„{name}“ gespeichert in {folder}", name=path.name, folder=path.parent))
    return notice


__all__ = ["SavedNotice", "announce_saved", "open_document", "print_pdf", "send_to_printer", "show_in_folder"]
