"""German syllables for the PDFs: pyphen's de_DE dictionary, read once per machine.

The dictionary (LibreOffice's hyphenation patterns, 66,000 of them) takes pyphen half a second to
parse, and a document pays it whenever one word is wider than its table column (an annual report
always). The parsed patterns are kept in the user's cache folder (``paths.cache_dir``) as Python's
``marshal`` data, which reads in a twentieth of that; the file is named after pyphen's version and
the dictionary's size and time, so an update of either makes a new one (and the old one goes). A
cache that cannot be read or written only costs the parse: the syllables are the same either way.
"""

from __future__ import annotations

import logging
import marshal
from functools import lru_cache
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

LANGUAGE = "de_DE"


@lru_cache(maxsize=1)
def german() -> Any:
    """A ``pyphen.Pyphen`` for German (syllables of at least two letters first, three last)."""
    import pyphen

    source = Path(str(pyphen.LANGUAGES[LANGUAGE]))
    kept = _cache_file(source, pyphen.__version__)
    if source not in pyphen.hdcache and kept is not None:
        parsed = _read(kept)
        if parsed is not None:
            pyphen.hdcache[source] = _dictionary(pyphen, parsed)
    fresh = source not in pyphen.hdcache
    syllables = pyphen.Pyphen(filename=source, left=2, right=3)
    if fresh and kept is not None:
        _write(kept, syllables.hd.patterns)
    return syllables


def _cache_file(source: Path, version: str) -> Path | None:
    from regiodesk.paths import cache_dir

    try:
        stat = source.stat()
    except OSError:  # pyphen reads it from somewhere else (a zip): no cache
        return None
    return cache_dir() / f"hyph_{LANGUAGE}-{version}-{stat.st_size}-{stat.st_mtime_ns}.marshal"


def _read(path: Path) -> dict[str, tuple[int, bytes]] | None:
    try:
        parsed = marshal.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, EOFError, ValueError, TypeError) as error:
        log.info("Silbentrennung: Zwischenspeicher %s nicht lesbar (%s)", path, error)
        return None
    return parsed if isinstance(parsed, dict) and parsed else None


def _dictionary(pyphen: Any, patterns: dict[str, tuple[int, bytes]]) -> Any:
    """pyphen's parsed dictionary made from kept patterns (what ``HyphDict.__init__`` leaves)."""
    dictionary = pyphen.HyphDict.__new__(pyphen.HyphDict)
    dictionary.patterns = patterns  # values as bytes: pyphen only iterates them as small numbers
    dictionary.cache = {}
    dictionary.maxlen = max(len(key) for key in patterns)
    return dictionary


def _write(path: Path, patterns: dict[str, tuple[int, Any]]) -> None:
    from regiodesk.files import write_atomically

    # Plain numbers only: a pattern with a non-standard break (pyphen's DataInt, none in de_DE)
    # cannot be kept, and such a dictionary is parsed every time.
    if any(type(value) is not int for _offset, values in patterns.values() for value in values):
        return
    kept = {key: (offset, bytes(values)) for key, (offset, values) in patterns.items()}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, marshal.dumps(kept))
        for older in path.parent.glob(f"hyph_{LANGUAGE}-*.marshal"):  # of an earlier pyphen
            if older != path:
                older.unlink(missing_ok=True)
    except OSError as error:
        log.info("Silbentrennung: Zwischenspeicher %s nicht schreibbar (%s)", path, error)
