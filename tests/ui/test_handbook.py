"""Hilfe → Handbuch: the German handbook inside the package, opened by F1 at the current tab's topic."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextDocument

import regiodesk
from regiodesk.ui import handbook
from regiodesk.ui.handbook import INDEX, TOPIC_OF_TAB, HandbookWindow, is_external, links_in, load_topics
from regiodesk.ui.tabs import TABS

TOPICS = load_topics()
NAMES = {topic.name for topic in TOPICS}


@pytest.fixture
def book(qtbot):
    window = HandbookWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _item_of(book, name):
    return next(
        book.contents.item(row)
        for row in range(book.contents.count())
        if book.contents.item(row).data(Qt.ItemDataRole.UserRole) == name
    )


def press_f1(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    qtbot.keyClick(window, Qt.Key.Key_F1)


def test_f1_opens_the_handbook_at_the_topic_of_the_current_tab(qtbot, window):
    window.show_tab("meetings")
    press_f1(qtbot, window)
    shown = window._windows.get("handbook")
    assert isinstance(shown, HandbookWindow) and shown.isVisible()
    assert shown.current_topic == "sitzungen.md"
    assert shown.browser.toPlainText().startswith("Sitzungen")

    # The open handbook follows the tab the user asks about next, in the same window.
    window.show_tab("contacts")
    press_f1(qtbot, window)
    assert window._windows.get("handbook") is shown
    assert shown.current_topic == "kontakte.md"

    shown.close()
    qtbot.waitUntil(lambda: "handbook" not in window._windows)
    window.show_tab("monitoring")
    press_f1(qtbot, window)
    assert window._windows["handbook"].current_topic == "monitoring.md"


def test_every_tab_has_a_topic_of_its_own():
    assert set(TOPIC_OF_TAB) == {spec.key for spec in TABS}
    assert set(TOPIC_OF_TAB.values()) <= NAMES
    assert len(set(TOPIC_OF_TAB.values())) == len(TABS)


def test_handbuch_is_in_the_hilfe_menu_once_with_f1(window):
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Hilfe")
    entries = [a for a in help_menu.actions() if a.text().replace("&", "") == "Handbuch"]
    assert len(entries) == 1
    assert entries[0].shortcut().toString() == "F1"
    entries[0].trigger()
    assert window._windows["handbook"].current_topic == "uebersicht.md"  # the first tab


def test_every_internal_link_resolves_to_a_topic(book):
    checked = 0
    for topic in TOPICS:
        for target in links_in(topic.text):
            if is_external(target):
                continue
            assert "#" not in target, f"{topic.name}: anchors are not followed: {target}"
            assert target in NAMES, f"{topic.name} links to the missing topic {target}"
            book.show_topic(topic.name)
            book.follow_link(QUrl(target))
            assert book.current_topic == target
            checked += 1
    assert checked > len(TOPICS)  # the topics do link to each other


def _hrefs(document: QTextDocument) -> list[str]:
    found = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            href = it.fragment().charFormat().anchorHref()
            if href and (not found or found[-1] != href):
                found.append(href)
            it += 1
        block = block.next()
    return found


def test_the_links_qt_renders_are_the_links_checked(book):
    """Qt's Markdown reader must see every link the check above reads (tables, lists, paragraphs)."""
    for topic in TOPICS:
        book.show_topic(topic.name)
        rendered = set(_hrefs(book.browser.document()))
        assert rendered == set(links_in(topic.text)), topic.name


def test_every_topic_is_german_titled_and_reachable_from_the_index():
    index = next(topic for topic in TOPICS if topic.name == INDEX)
    linked = set(links_in(index.text))
    assert TOPICS[0].name == INDEX
    for topic in TOPICS:
        assert topic.text.startswith(f"# {topic.title}\n"), topic.name
        assert len(topic.text) > 800, f"{topic.name} is nearly empty"
        words = re.findall(r"\w+", topic.text.lower())
        german = {"und", "die", "der", "das", "ist", "mit", "nicht", "oder", "wird", "sie", "auf", "für"}
        assert len(german & set(words)) >= 6, f"{topic.name} does not read as German"
        assert not {"the", "and", "todo"} & set(words), topic.name
        if topic.name != INDEX:
            assert topic.name in linked, f"the index does not list {topic.name}"


def _menu_paths(window) -> set[str]:
    """Every menu path of the window; an entry named after the tab's kind („Neuer Eintrag: Kontakt“)
    also by its stem („Neuer Eintrag“), and „Datei → Dokumente erstellen“ with every tab's documents."""
    paths: set[str] = set()

    def walk(prefix: str, actions) -> None:
        for action in actions:
            if action.isSeparator():
                continue
            text = action.text().replace("&", "")
            path = f"{prefix} → {text}" if prefix else text
            paths.add(path)
            if ": " in text:
                paths.add(f"{prefix} → {text.split(': ')[0]}")
            if action.menu() is not None:
                walk(path, action.menu().actions())

    for key in window._index_of:
        window.show_tab(key)
        window._fill_documents_menu()
        window.menuBar().actions()[1].menu().aboutToShow.emit()  # Bearbeiten names the tab's kind
        walk("", window.menuBar().actions())
    return paths


def test_menu_paths_in_the_handbook_are_the_window_s(window):
    """Every „Datei → …“, „Extras → …“ the handbook names is a menu entry of that name, the documents
    of each tab included."""
    named = set()
    for topic in TOPICS:
        found = re.findall(r"\*\*((?:Datei|Bearbeiten|Stammdaten|Extras|Hilfe) → [^*]+)\*\*", topic.text)
        named |= set(found)
    assert "Hilfe → Handbuch" in named and "Datei → Übergabe an Nachfolger/in …" in named
    assert any(path.startswith("Extras → ") for path in named)
    existing = _menu_paths(window)
    assert "Bearbeiten → Neuer Eintrag: Kontakt" in existing
    missing = {p for p in named if p not in existing}
    assert not missing, sorted(missing)


def test_search_finds_a_topic_by_a_word_with_umlaut_typed_as_ae(qtbot, book):
    qtbot.keyClicks(book.search_edit, "Beschlussfaehigkeit")
    hits = book.visible_topics()
    assert "regeln-sitzungen.md" in hits
    assert "kommandozeile.md" not in hits
    assert "Themen enthalten" in book.hits_label.text()

    book.search_edit.setText("uebergabeprotokoll PRUEFT")  # every word must be in the topic
    assert "uebergabe.md" in book.visible_topics()
    assert "datenschutz.md" not in book.visible_topics()

    book.search_edit.setText("Quetzalcoatl")
    assert book.visible_topics() == []
    assert book.hits_label.text() == "Kein Thema enthält „Quetzalcoatl“."

    book.search_edit.clear()
    assert book.visible_topics() == [topic.name for topic in TOPICS]


@pytest.mark.parametrize(
    ("typed", "topic"),
    [
        ("Ladungsfrist", "regeln-sitzungen.md"),
        ("uebergabe", "uebergabe.md"),
        ("einwilligung", "datenschutz.md"),
    ],
)
def test_enter_in_the_search_opens_the_topic_most_about_it(qtbot, book, typed, topic):
    book.show_topic("gremien.md")
    qtbot.keyClicks(book.search_edit, typed)
    qtbot.keyClick(book.search_edit, Qt.Key.Key_Return)
    assert book.isVisible()  # Enter is not taken by a button of the dialog as well
    assert book.current_topic == topic
    book.back()
    assert book.current_topic == "gremien.md"


def test_back_and_forward_walk_the_topics_seen(qtbot, book):
    assert book.current_topic == INDEX
    assert not book.back_button.isEnabled() and not book.forward_button.isEnabled()
    book.follow_link(QUrl("sitzungen.md"))
    book.follow_link(QUrl("regeln-sitzungen.md"))
    qtbot.mouseClick(book.back_button, Qt.MouseButton.LeftButton)
    assert book.current_topic == "sitzungen.md"
    assert book.contents.currentItem().data(Qt.ItemDataRole.UserRole) == "sitzungen.md"
    book.back()
    assert book.current_topic == INDEX
    qtbot.mouseClick(book.forward_button, Qt.MouseButton.LeftButton)
    assert book.current_topic == "sitzungen.md"
    # A new topic drops the forward history, as in a browser.
    book.contents.setCurrentItem(_item_of(book, "kontakte.md"))
    assert book.current_topic == "kontakte.md"
    assert not book.forward_button.isEnabled()
    assert not book.show_topic("gibt-es-nicht.md")
    assert book.current_topic == "kontakte.md"


def test_the_handbook_fits_the_screen(book):
    room = book.screen().availableGeometry()
    assert book.width() <= room.width() and book.height() <= room.height()


def test_the_handbook_is_read_from_the_installed_package(tmp_path, monkeypatch):
    """Not from a path relative to the repository or the working folder."""
    monkeypatch.chdir(tmp_path)
    handbook.load_topics.cache_clear()
    try:
        topics = handbook.load_topics()
    finally:
        handbook.load_topics.cache_clear()
    assert [t.name for t in topics] == [t.name for t in TOPICS]
    folder = Path(str(handbook.handbook_folder()))
    assert folder == Path(regiodesk.__file__).parent / "resources" / "handbook"


def test_the_topic_shown_marks_what_the_search_found(qtbot, book):
    book.show_topic("regeln-sitzungen.md")
    assert book.highlight_hits() == []
    qtbot.keyClicks(book.search_edit, "beschlussfaehigkeit")
    marked = book.highlight_hits()
    assert marked and {text.lower() for text in marked} == {"beschlussfähigkeit"}
    assert len(book.browser.extraSelections()) == len(marked)

    book.search_edit.setText("muller Spalte")  # "u" finds "ü" as the search does; every word marked
    book.show_topic("importieren.md")
    assert {"müller", "spalte"} <= {text.lower() for text in book.highlight_hits()}


def test_escape_clears_the_search_first_then_closes(qtbot, book):
    book.search_edit.setFocus()
    qtbot.keyClicks(book.search_edit, "Umlauf")
    assert len(book.visible_topics()) < len(TOPICS)
    qtbot.keyClick(book.search_edit, Qt.Key.Key_Escape)
    assert book.isVisible() and book.search_edit.text() == ""
    assert len(book.visible_topics()) == len(TOPICS)
    qtbot.keyClick(book.search_edit, Qt.Key.Key_Escape)
    assert not book.isVisible()


def test_the_contents_are_grouped_as_the_index(qtbot, book):
    texts = [book.contents.item(row).text().strip() for row in range(book.contents.count())]
    assert texts[:3] == ["Handbuch regiodesk", "Einstieg", "Erste Schritte"]  # heading, topic
    assert texts.index("Die Reiter") < texts.index("Gremien") < texts.index("Regeln, die regiodesk prüft")
    heading = book.contents.item(texts.index("Die Reiter"))
    assert not heading.flags() & Qt.ItemFlag.ItemIsSelectable
    # Arrow keys walk the topics and step over the headings.
    book.contents.setCurrentItem(_item_of(book, "stammdaten.md"))
    book.contents.setFocus()
    qtbot.keyClick(book.contents, Qt.Key.Key_Down)
    assert book.current_topic == "uebersicht.md"  # the first tab's topic
    # A heading stays only while a topic below it is found.
    book.search_edit.setText("Ladungsfrist")
    shown = [book.contents.item(row).text().strip() for row in range(book.contents.count())]
    assert "Sitzungen" in shown and "Die Reiter" in shown
    assert "Daten" not in shown
