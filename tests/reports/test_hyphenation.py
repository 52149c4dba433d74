"""German syllables come from pyphen's dictionary, parsed once per machine and then read from the
cache folder: the same breaks either way, and a cache that cannot be used costs only time."""

from __future__ import annotations

import pyphen
import pytest

from regiodesk.reports import hyphenation

WORDS = (
    "Verwendungsnachweis",
    "Bewilligungsstelle",
    "Landschaftspflegeverband",
    "Geschäftsstelle",
    "Straßenbaumaßnahme",
    "Lenkungsgruppensitzung",
    "Wasserwirtschaftsamt",
    "Dorferneuerung",
    "Kindertagesstätte",
    "Interessenkonflikt",
)


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """No dictionary parsed in this process yet, the cache folder of a new machine."""
    monkeypatch.setenv("REGIODESK_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(pyphen, "hdcache", {})
    hyphenation.german.cache_clear()
    yield tmp_path / "cache"
    hyphenation.german.cache_clear()


def _syllables(words=WORDS) -> list[str]:
    return [hyphenation.german().inserted(word, hyphen="-") for word in words]


def _reference() -> list[str]:
    parsed = pyphen.Pyphen(filename=pyphen.LANGUAGES["de_DE"], left=2, right=3, cache=False)
    return [parsed.inserted(word, hyphen="-") for word in WORDS]


def test_the_kept_dictionary_breaks_every_word_as_pyphen_does(fresh, monkeypatch):
    first = _syllables()  # parsed, and kept
    [kept] = fresh.glob("hyph_de_DE-*.marshal")
    assert first == _reference()
    assert "Ver-wen-dungs-nach-weis" in first

    monkeypatch.setattr(pyphen, "hdcache", {})
    hyphenation.german.cache_clear()
    parse = pyphen.HyphDict.__init__
    monkeypatch.setattr(pyphen.HyphDict, "__init__", lambda *_: pytest.fail("parsed again"))
    assert _syllables() == first  # read from the cache, not parsed
    monkeypatch.setattr(pyphen.HyphDict, "__init__", parse)
    assert kept.exists()


@pytest.mark.parametrize("content", [b"", b"kein marshal", b"\xe9\x00\x00\x00"])
def test_a_damaged_cache_is_parsed_again_and_replaced(fresh, content):
    _syllables()
    [kept] = fresh.glob("hyph_de_DE-*.marshal")
    kept.write_bytes(content)
    pyphen.hdcache.clear()
    hyphenation.german.cache_clear()
    assert _syllables() == _reference()
    assert len(kept.read_bytes()) > 100_000


def test_a_cache_folder_that_cannot_be_written_only_costs_the_parse(fresh):
    fresh.parent.mkdir(exist_ok=True)
    fresh.write_text("eine Datei, kein Ordner")
    assert _syllables() == _reference()
    assert fresh.read_text() == "eine Datei, kein Ordner"


def test_the_patterns_of_an_earlier_pyphen_are_removed_when_new_ones_are_kept(fresh):
    fresh.mkdir(parents=True)
    older = fresh / "hyph_de_DE-0.14.0-1000-1.marshal"
    older.write_bytes(b"alt")
    other = fresh / "something-else.bin"
    other.write_bytes(b"fremd")
    _syllables()
    assert not older.exists() and other.exists()
    assert len(list(fresh.glob("hyph_de_DE-*.marshal"))) == 1
