"""Choosing the letterhead logo: a preview, "Logo wählen …" and "Entfernen".

PNG and JPEG are stored as they are; an SVG is drawn into a PNG here, once, when it is chosen
(Qt's QSvgRenderer), so the reports print it without Qt and without another library.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt, Signal
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from regiodesk.domain.errors import DomainError
from regiodesk.i18n import tr
from regiodesk.services.region import check_logo, logo_mime_of
from regiodesk.ui import dialogs

#: Width in pixels an SVG logo is rendered at (sharp at 16 mm in print: about 600 dpi).
SVG_WIDTH = 1200


def ask_logo_file(parent: QWidget | None) -> Path | None:
    """The file dialog for a logo (tests replace this function)."""
    name, _ = QFileDialog.getOpenFileName(
        parent, tr("Logo für den Briefkopf wählen"), "", tr("Bilder (*.png *.jpg *.jpeg *.svg)")
    )
    return Path(name) if name else None


def read_logo(path: Path) -> tuple[bytes, str]:
    """(bytes, MIME type) of a logo file the letterhead can print; SVG becomes PNG.

    Raises DomainError with a German message for anything else.
    """
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise DomainError(
            tr("Die Datei „{name}“ kann nicht gelesen werden: {error}", name=path.name, error=error)
        ) from error
    if path.suffix.lower() == ".svg":
        return svg_to_png(raw), "image/png"
    mime = logo_mime_of(path)
    if mime is None:
        raise DomainError(
            tr("Bitte ein Logo als PNG, JPEG oder SVG wählen (nicht „{name}“).", name=path.name)
        )
    check_logo(raw, mime)
    if QImage.fromData(raw).isNull():
        raise DomainError(tr("„{name}“ ist kein lesbares Bild.", name=path.name))
    return raw, mime


def svg_to_png(svg: bytes) -> bytes:
    from PySide6.QtSvg import QSvgRenderer  # only when an SVG is chosen

    renderer = QSvgRenderer(QByteArray(svg))
    if not renderer.isValid():
        raise DomainError(tr("Die SVG-Datei kann nicht gelesen werden."))
    size = renderer.defaultSize()
    if size.width() <= 0 or size.height() <= 0:
        size.setWidth(SVG_WIDTH)
        size.setHeight(SVG_WIDTH // 3)
    height = max(1, round(SVG_WIDTH * size.height() / size.width()))
    image = QImage(SVG_WIDTH, height, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter, QRectF(0, 0, SVG_WIDTH, height))
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # PySide6 takes str here; its stubs say bytes
    return bytes(buffer.data().data())


class LogoPicker(QWidget):
    """Preview and buttons; ``changed`` when the user chose or removed a logo."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.logo: bytes | None = None
        self.mime: str | None = None
        self.preview = QLabel()
        self.preview.setFixedSize(220, 80)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("border: 1px solid #bbb; background: white;")
        self.choose_button = QPushButton(tr("Logo wählen …"))
        self.remove_button = QPushButton(tr("Entfernen"))
        self.choose_button.clicked.connect(self.choose)
        self.remove_button.clicked.connect(self.remove)
        self.hint = QLabel(tr("PNG, JPEG oder SVG; erscheint rechts oben auf jedem Dokument."))
        self.hint.setWordWrap(True)
        buttons = QVBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        top = Qt.AlignmentFlag.AlignTop
        row.addWidget(self.preview, 0, top)
        row.addLayout(buttons)
        row.addWidget(self.hint, 1, top)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._show()

    def set_logo(self, logo: bytes | None, mime: str | None) -> None:
        self.logo, self.mime = logo, mime
        self._show()

    def choose(self) -> bool:
        path = ask_logo_file(self)
        if path is None:
            return False
        return self.load_file(path)

    def load_file(self, path: Path) -> bool:
        try:
            logo, mime = read_logo(Path(path))
        except DomainError as error:
            dialogs.show_error(self, tr("Logo"), str(error))
            return False
        self.set_logo(logo, mime)
        self.changed.emit()
        return True

    def remove(self) -> None:
        self.set_logo(None, None)
        self.changed.emit()

    def _show(self) -> None:
        self.remove_button.setEnabled(self.logo is not None)
        if self.logo is None:
            self.preview.setPixmap(QPixmap())
            self.preview.setText(tr("(kein Logo)"))
            return
        pixmap = QPixmap()
        pixmap.loadFromData(self.logo)
        self.preview.setText("")
        self.preview.setPixmap(
            pixmap.scaled(
                210, 72, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        )
