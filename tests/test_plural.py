"""Counts read as German: „1 Konflikt“, „2 Konflikte“ (i18n.plural), in the sync summary too."""

from __future__ import annotations

from regiodesk.i18n import count_entries, plural
from regiodesk.sync.report import SyncReport


def test_one_is_singular_zero_and_more_are_plural():
    assert plural(1, "{n} Konflikt", "{n} Konflikte") == "1 Konflikt"
    assert plural(0, "{n} Konflikt", "{n} Konflikte") == "0 Konflikte"
    assert plural(2, "{n} Konflikt", "{n} Konflikte") == "2 Konflikte"
    assert plural(1, "{n} in {where}", "{n} in {where}", where="Ordner") == "1 in Ordner"
    assert count_entries(1, 1) == "1 Eintrag" and count_entries(3, 3) == "3 Einträge"


def test_the_sync_summary_counts_in_words():
    one = SyncReport(sent=1, received=1, conflicts=1, skipped_files=["a.json"]).summary()
    assert one == (
        "1 Änderung gesendet, 1 Änderung empfangen, 1 Konflikt, 1 Datei noch unvollständig (später erneut)"
    )
    many = SyncReport(sent=0, received=2, conflicts=3).summary()
    assert many == "0 Änderungen gesendet, 2 Änderungen empfangen, 3 Konflikte"
