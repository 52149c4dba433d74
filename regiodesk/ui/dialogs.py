"""Every question the window asks the user, in one module.

Tests monkeypatch these functions, so no test ever waits on a real modal
dialog; the window always calls them as ``dialogs.confirm(...)``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QMessageBox,
    QPushButton,
    QWidget,
)

from regiodesk.i18n import tr

FILE_FILTER = "regiodesk-Datenbank (*.regiodesk);;Alle Dateien (*)"
SUFFIX = ".regiodesk"
#: What a save dialog shows, by the ending of the suggested name: the files of that kind in the
#: folder stay visible (a PDF dialog that only lists *.regiodesk hides the PDFs already there).
KINDS = {
    ".regiodesk": "regiodesk-Datenbank",
    ".pdf": "PDF-Dokument",
    ".xlsx": "Excel-Arbeitsmappe",
    ".csv": "CSV-Datei",
    ".vcf": "vCard",
    ".ics": "iCalendar-Datei",
    ".eml": "E-Mail",
    ".docx": "Word-Dokument",
    ".json": "JSON-Datei",
}


def accept_cancel_buttons(
    dialog: QDialog,
    text: str,
    on_accept: Callable[[], object],
    standard: QDialogButtonBox.StandardButton = QDialogButtonBox.StandardButton.Ok,
) -> tuple[QDialogButtonBox, QPushButton]:
    """The buttons under a dialog, in German: ``text`` (the ``standard`` button, Enter) runs
    ``on_accept``, „Abbrechen“ (Escape) rejects the dialog. Returns the box and its first button."""
    buttons = QDialogButtonBox(standard | QDialogButtonBox.StandardButton.Cancel)
    accept = buttons.button(standard)
    cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert accept is not None and cancel is not None
    accept.setText(text)
    cancel.setText(tr("Abbrechen"))
    buttons.accepted.connect(on_accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, accept


def ask_open_file(parent: QWidget | None, title: str, directory: Path | None = None) -> Path | None:
    path, _filter = QFileDialog.getOpenFileName(parent, title, str(directory or ""), tr(FILE_FILTER))
    return Path(path) if path else None


def ask_table_file(parent: QWidget | None, title: str, directory: Path | None = None) -> Path | None:
    """An Excel workbook or CSV file to import."""
    path, _filter = QFileDialog.getOpenFileName(
        parent, title, str(directory or ""), tr("Tabellen (*.xlsx *.xls *.ods *.csv);;Alle Dateien (*)")
    )
    return Path(path) if path else None


def ask_folder(parent: QWidget | None, title: str, directory: Path | None = None) -> Path | None:
    path = QFileDialog.getExistingDirectory(parent, title, str(directory or ""))
    return Path(path) if path else None


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    """One line of text; None when cancelled."""
    value, ok = QInputDialog.getText(parent, title, label, text=text)
    return value if ok else None


def _kind_filter(suffix: str) -> str:
    return f"{tr(KINDS[suffix.lower()])} (*{suffix.lower()})"


def save_filter(suffix: str, alternatives: Sequence[str] = ()) -> str:
    """The file dialog's filter for files ending in ``suffix``, then the ``alternatives`` the document
    can also be written as (e.g. a Word document beside the PDF), then any file."""
    kinds = [s for s in (suffix, *alternatives) if s.lower() in KINDS]
    return ";;".join([*(_kind_filter(s) for s in kinds), tr("Alle Dateien (*)")])


def ask_save_file(
    parent: QWidget | None, title: str, suggestion: Path | None = None, alternatives: Sequence[str] = ()
) -> Path | None:
    """A new file name; the suggestion's ending (``.regiodesk`` without one) is added when left out.

    With ``alternatives`` (other endings, e.g. ".docx") the dialog offers those kinds as further
    filters: a name typed without ending gets the ending of the kind the user chose."""
    suffix = suggestion.suffix if suggestion is not None and suggestion.suffix else SUFFIX
    path, chosen_filter = QFileDialog.getSaveFileName(
        parent, title, str(suggestion or ""), save_filter(suffix, alternatives)
    )
    if not path:
        return None
    chosen = Path(path)
    if chosen.suffix:
        return chosen
    for other in alternatives:
        if other.lower() in KINDS and chosen_filter == _kind_filter(other):
            return chosen.with_suffix(other.lower())
    return chosen.with_suffix(suffix)


def confirm(parent: QWidget | None, title: str, text: str, yes: str | None = None) -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    yes_button = box.addButton(yes or tr("Ja"), QMessageBox.ButtonRole.AcceptRole)
    no_button = box.addButton(tr("Abbrechen"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no_button)  # Enter must not delete or discard by accident
    box.exec()
    return box.clickedButton() is yes_button


def ask_discard_or_cancel(parent: QWidget | None, title: str, text: str) -> bool:
    """True when the user chooses to throw the unsaved input away."""
    return confirm(parent, title, text, yes=tr("Änderungen verwerfen"))


def choose(parent: QWidget | None, title: str, label: str, items: list[str]) -> int | None:
    """The index of the entry the user picks from ``items``; None when cancelled."""
    text, ok = QInputDialog.getItem(parent, title, label, items, 0, False)
    return items.index(text) if ok and text in items else None


@dataclass(frozen=True)
class PrintChoice:
    """The printer ("" = the system's default) and the number of copies chosen to print a document."""

    printer: str
    copies: int = 1


def ask_printer(parent: QWidget | None, title: str) -> PrintChoice | None:
    """Qt's print dialog for a finished document (printer and copies); None when cancelled."""
    from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter

    printer = QPrinter()
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title)
    # the document exists already: no print to file, no page ranges of a document not laid out here
    dialog.setOptions(QAbstractPrintDialog.PrintDialogOption.PrintCollateCopies)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return None
    return PrintChoice(printer.printerName(), printer.copyCount())


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.exec()


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent)
    box.exec()


def ask_after_open_failure(parent: QWidget | None, message: str) -> Path | None:
    """The file could not be opened at start: another file, or None to quit."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        tr("Datei kann nicht geöffnet werden"),
        message,
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    other = box.addButton(tr("Andere Datei öffnen …"), QMessageBox.ButtonRole.AcceptRole)
    quit_button = box.addButton(tr("Beenden"), QMessageBox.ButtonRole.RejectRole)
    box.setEscapeButton(quit_button)
    box.exec()
    if box.clickedButton() is not other:
        return None
    return ask_open_file(parent, tr("Datenbank öffnen"))
