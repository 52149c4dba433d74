"""What a list's filter field says about itself: the placeholder naming a column of that list as
the example of ``spalte:wort``, and the tooltip explaining the filter (``domain/list_filter.py``).
Qt-free and light: the start window uses it before the program has loaded."""

from __future__ import annotations

from collections.abc import Sequence

from regiodesk.i18n import tr

FILTER_HELP = (
    "Zeigt die Zeilen, in denen jedes eingegebene Wort vorkommt (Groß- und Kleinschreibung und "
    "Umlaute egal: „mueller“ findet Müller).\n"
    "Spalte:Wort sucht nur in einer Spalte, z. B. „status:bewilligt“ oder „hf:3“ (Handlungsfeld); "
    'der Spaltenname darf abgekürzt werden. Mehrere Wörter in Anführungszeichen: „ort:"Bad Rodach"“.'
)


def filter_placeholder(labels: Sequence[str]) -> str:
    """The filter's hint, with a column of this list (its German heading) as the example."""
    others = list(labels[1:]) or list(labels)
    example = min(others, key=len).split()[0].lower() if others else ""
    if not example:
        return tr("Filtern … (Strg+F)")
    return tr("Filtern … (Strg+F) · nur eine Spalte: {column}:…", column=example)


def filter_help() -> str:
    return tr(FILTER_HELP)


__all__ = ["FILTER_HELP", "filter_help", "filter_placeholder"]
