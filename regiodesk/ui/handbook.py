"""Hilfe → Handbuch: the German handbook shipped inside the package, readable offline.

One Markdown file per topic in ``regiodesk/resources/handbook/``; ``index.md`` is the start page
and its links give the order of the table of contents. Topics link to each other with ordinary
Markdown links to the file name (``[Sitzungen](sitzungen.md)``); the window follows them itself
and keeps its own back/forward history. The files are read through ``importlib.resources``, so
they are found wherever the package is installed. Nothing is stored, neither in the database nor
in the preferences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING

from PySide6.QtCore import QRegularExpression, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QShortcut,
    QTextCharFormat,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from regiodesk.domain.text import matches, search_key, search_terms
from regiodesk.i18n import plural, tr
from regiodesk.ui.geometry import fit_to_screen

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

INDEX = "index.md"

#: The topic F1 opens for each tab of the main window (keys of ``regiodesk.ui.tabs.TABS``).
TOPIC_OF_TAB: dict[str, str] = {
    "overview": "uebersicht.md",
    "bodies": "gremien.md",
    "meetings": "sitzungen.md",
    "projects": "projekte.md",
    "contacts": "kontakte.md",
    "monitoring": "monitoring.md",
}

# [text](target) in Markdown; the target up to the first blank or closing parenthesis.
_LINK = re.compile(r"\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_EXTERNAL = ("http:", "https:", "mailto:")

# How a typed search term may be spelled in the text, for highlighting what the search found
# (the search itself folds with regiodesk.domain.text): "ae" finds "ä", "muller" finds "Müller".
_PAIRS = {"ae": "(?:ae|ä)", "oe": "(?:oe|ö)", "ue": "(?:ue|ü)", "ss": "(?:ss|ß)"}
_LETTERS = {"a": "[aä]", "o": "[oö]", "u": "[uü]", "ä": "(?:ä|ae)", "ö": "(?:ö|oe)", "ü": "(?:ü|ue)"}
_HIT = "#fff0a0"
_INDENT = "\u2003"  # an em space: topics stand indented under their heading in the contents


@dataclass(frozen=True)
class Topic:
    """One file of the handbook."""

    name: str
    """File name, also the target of links to it (``sitzungen.md``)."""
    title: str
    text: str
    key: str
    """Folded title and text for the search (``regiodesk.domain.text.search_key``)."""


def handbook_folder() -> Traversable:
    """The handbook's folder inside the installed package."""
    return files("regiodesk.resources") / "handbook"


def links_in(text: str) -> list[str]:
    """The link targets of a Markdown text, in order."""
    return _LINK.findall(text)


def is_external(target: str) -> bool:
    return target.lower().startswith(_EXTERNAL)


def _title(text: str, name: str) -> str:
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return name.removesuffix(".md")


@lru_cache(maxsize=1)
def load_topics() -> tuple[Topic, ...]:
    """Every topic: the index first, then the topics in the order the index links them, then any
    file the index does not link (so none is unreachable)."""
    folder = handbook_folder()
    texts = {
        entry.name: entry.read_text(encoding="utf-8")
        for entry in folder.iterdir()
        if entry.name.endswith(".md") and entry.is_file()
    }
    order = [INDEX]
    for target in links_in(texts.get(INDEX, "")):
        if target in texts and target not in order:
            order.append(target)
    order += sorted(name for name in texts if name not in order)
    topics = []
    for name in order:
        if name in texts:
            text = texts[name]
            title = _title(text, name)
            topics.append(Topic(name, title, text, search_key(f"{title}\n{text}")))
    return tuple(topics)


def sections(index_text: str) -> dict[str, str]:
    """Topic name -> the heading ("## …") of the index under which it is first linked."""
    heading = ""
    result: dict[str, str] = {}
    for line in index_text.splitlines():
        if line.startswith("## "):
            heading = line[3:].strip()
        for target in links_in(line):
            result.setdefault(target, heading)
    return result


def topic_for_tab(tab_key: str) -> str:
    """The topic about a tab of the main window; the index for anything else."""
    return TOPIC_OF_TAB.get(tab_key, INDEX)


def term_pattern(term: str) -> str:
    """A regular expression that finds ``term`` in the text as the search does (case aside)."""
    text = term.casefold()
    parts: list[str] = []
    i = 0
    while i < len(text):
        pair = text[i : i + 2]
        if pair in _PAIRS:
            parts.append(_PAIRS[pair])
            i += 2
            continue
        parts.append(_LETTERS.get(text[i], re.escape(text[i])))
        i += 1
    return "".join(parts)


def find_topics(query: str, topics: tuple[Topic, ...] | None = None) -> list[Topic]:
    """The topics whose title or text holds every word of ``query`` (case, accents and umlauts
    written as ae/oe/ue do not matter); all topics for an empty query."""
    topics = load_topics() if topics is None else topics
    terms = search_terms(query)
    return [topic for topic in topics if matches(topic.key, terms)]


def best_topic(query: str, topics: list[Topic]) -> Topic | None:
    """The topic most about ``query``: the words in its title count most, then how often they
    occur; on a tie the earlier topic. ``None`` without topics."""

    def score(topic: Topic) -> int:
        title = search_key(topic.title)
        points = 0
        for plain, translit in search_terms(query):
            points += 100 * (plain in title or translit in title)
            points += topic.key.count(plain) + (topic.key.count(translit) if translit != plain else 0)
        return points

    return max(reversed(topics), key=score, default=None)  # reversed: max keeps the last of equals


class HandbookWindow(QDialog):
    """Contents on the left, the topic on the right, a search above, back and forward."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("Handbuch – regiodesk"))
        self.setModal(False)
        self.topics = load_topics()
        self._by_name = {topic.name: topic for topic in self.topics}
        self._section = sections(self._by_name[INDEX].text) if INDEX in self._by_name else {}
        self._history: list[str] = []
        self._position = -1

        self.back_button = QPushButton(tr("◀ Zurück"))
        self.back_button.setToolTip(tr("Zum vorigen Thema (Alt+Links)"))
        self.back_button.clicked.connect(self.back)
        self.forward_button = QPushButton(tr("Vorwärts ▶"))
        self.forward_button.setToolTip(tr("Zum nächsten Thema (Alt+Rechts)"))
        self.forward_button.clicked.connect(self.forward)
        self.home_button = QPushButton(tr("Übersicht"))
        self.home_button.clicked.connect(lambda: self.show_topic(INDEX))
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(tr("Im Handbuch suchen … (Strg+F)"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self.filter_topics)
        self.search_edit.returnPressed.connect(self.open_best_hit)

        self.contents = QListWidget()
        self.contents.setAccessibleName(tr("Inhalt"))
        self.contents.setWordWrap(True)  # long titles wrap instead of scrolling sideways
        self.contents.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.contents.setSpacing(1)
        self.contents.currentItemChanged.connect(self._item_chosen)
        self.hits_label = QLabel()
        self.hits_label.setWordWrap(True)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self.follow_link)
        self.browser.document().setDocumentMargin(14)

        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.forward_button)
        top.addWidget(self.home_button)
        top.addSpacing(12)
        top.addWidget(self.search_edit, 1)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(tr("<b>Inhalt</b>")))
        left_layout.addWidget(self.contents, 1)
        left_layout.addWidget(self.hits_label)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([290, 810])

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("Schließen"))
        buttons.rejected.connect(self.close)
        # Enter in the search opens a topic; no button of the dialog may take it as well.
        for button in (self.back_button, self.forward_button, self.home_button, *buttons.buttons()):
            if isinstance(button, QPushButton):  # the box's buttons are push buttons
                button.setAutoDefault(False)
                button.setDefault(False)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)

        QShortcut(QKeySequence(QKeySequence.StandardKey.Back), self, self.back)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Forward), self, self.forward)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self._focus_search)

        self.filter_topics("")
        self._fit_screen()
        self.show_topic(INDEX)

    # ------------------------------------------------------------ showing topics
    @property
    def current_topic(self) -> str:
        return self._history[self._position] if self._history else ""

    def show_topic(self, name: str) -> bool:
        """Show a topic and put it in the history; False (nothing changes) for an unknown name."""
        if name not in self._by_name:
            return False
        if self.current_topic != name:
            del self._history[self._position + 1 :]
            self._history.append(name)
            self._position = len(self._history) - 1
        self._render()
        return True

    def back(self) -> None:
        if self._position > 0:
            self._position -= 1
            self._render()

    def forward(self) -> None:
        if self._position < len(self._history) - 1:
            self._position += 1
            self._render()

    def follow_link(self, url: QUrl) -> None:
        target = url.toString()
        if is_external(target):
            QDesktopServices.openUrl(url)
            return
        name = url.path().rsplit("/", 1)[-1]
        if not self.show_topic(name):
            self.hits_label.setText(tr("Das Thema „{name}“ gibt es nicht.", name=name))

    def _render(self) -> None:
        topic = self._by_name[self.current_topic]
        self.browser.setMarkdown(topic.text)
        self.browser.verticalScrollBar().setValue(0)
        self.highlight_hits()
        self.back_button.setEnabled(self._position > 0)
        self.forward_button.setEnabled(self._position < len(self._history) - 1)
        self._select_in_contents(topic.name)

    def _select_in_contents(self, name: str) -> None:
        self.contents.blockSignals(True)
        try:
            self.contents.setCurrentItem(None)  # type: ignore[call-overload]  # None clears it (stubs say no)
            for row in range(self.contents.count()):
                item = self.contents.item(row)
                if item.data(Qt.ItemDataRole.UserRole) == name:
                    self.contents.setCurrentItem(item)
                    break
        finally:
            self.contents.blockSignals(False)

    def _item_chosen(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is not None:
            self.show_topic(item.data(Qt.ItemDataRole.UserRole))

    # ------------------------------------------------------------ search
    def filter_topics(self, query: str) -> None:
        """Only the topics that contain every word of ``query`` in the contents."""
        hits = find_topics(query, self.topics)
        self.contents.blockSignals(True)
        try:
            self.contents.clear()
            heading = ""
            for topic in hits:
                section = self._section.get(topic.name, "")
                if section and section != heading:
                    self.contents.addItem(self._heading_item(section))
                heading = section
                item = QListWidgetItem(_INDENT + topic.title if section else topic.title)
                item.setData(Qt.ItemDataRole.UserRole, topic.name)
                self.contents.addItem(item)
        finally:
            self.contents.blockSignals(False)
        if not query.strip():
            self.hits_label.setText("")
        elif hits:
            self.hits_label.setText(
                plural(
                    len(hits),
                    "{n} Thema enthält „{query}“.",
                    "{n} Themen enthalten „{query}“.",
                    query=query.strip(),
                )
            )
        else:
            self.hits_label.setText(tr("Kein Thema enthält „{query}“.", query=query.strip()))
        if self.current_topic:
            self._select_in_contents(self.current_topic)
            self.highlight_hits()

    def highlight_hits(self) -> list[str]:
        """Mark the words of the search in the topic shown and scroll to the first; the texts marked."""
        document = self.browser.document()
        marked: list[QTextEdit.ExtraSelection] = []
        look = QTextCharFormat()
        look.setBackground(QColor(_HIT))
        for term in self.search_edit.text().split():
            pattern = QRegularExpression(
                term_pattern(term), QRegularExpression.PatternOption.CaseInsensitiveOption
            )
            cursor = document.find(pattern)
            while not cursor.isNull() and cursor.hasSelection():
                selection = QTextEdit.ExtraSelection()
                selection.cursor = cursor
                selection.format = look
                marked.append(selection)
                cursor = document.find(pattern, cursor)
        self.browser.setExtraSelections(marked)
        if marked:
            first = min((s.cursor for s in marked), key=lambda c: c.selectionStart())
            bar = self.browser.verticalScrollBar()
            bar.setValue(bar.value() + self.browser.cursorRect(first).top() - 60)
        return [s.cursor.selectedText() for s in marked]

    def _heading_item(self, text: str) -> QListWidgetItem:
        """A group heading of the contents, as in the index: bold, neither clickable nor selectable."""
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        item.setForeground(self.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText))
        return item

    def visible_topics(self) -> list[str]:
        """The file names listed in the contents now (after the search), headings aside."""
        names = (
            self.contents.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.contents.count())
        )
        return [name for name in names if name]

    def open_best_hit(self) -> None:
        """Enter in the search: the topic found that is most about the words (see :func:`best_topic`)."""
        best = best_topic(self.search_edit.text(), [self._by_name[n] for n in self.visible_topics()])
        if best is not None:
            self.show_topic(best.name)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc in a filled search clears it (the contents come back); otherwise it closes the window."""
        if event.key() == Qt.Key.Key_Escape and self.search_edit.hasFocus() and self.search_edit.text():
            self.search_edit.clear()
            return
        super().keyPressEvent(event)

    def _focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _fit_screen(self) -> None:
        """1100 × 700 where there is room, never larger than the screen (1366 × 768 laptops)."""
        fit_to_screen(self, 1100, 700)
