"""A press item recorded on one laptop arrives on the other, with edits and deletion."""

from __future__ import annotations

from datetime import date

from regiodesk.services.press_network import ActivityService


def test_a_press_item_syncs_both_ways_and_its_deletion_too(pair, folder):
    anna, ben, _ids = pair
    item = ActivityService(anna.db).create(
        {"kind": "pressemitteilung", "held_on": date(2026, 3, 2), "title": "LAG wählt Projekte aus"}
    )
    anna.sync(folder)
    ben.sync(folder)
    on_ben = ActivityService(ben.db)
    assert on_ben.load(item)["title"] == "LAG wählt Projekte aus"
    on_ben.update(item, {"medium": "Fränkischer Tag", "kind": "artikel"})
    ben.sync(folder)
    anna.sync(folder)
    assert ActivityService(anna.db).load(item)["medium"] == "Fränkischer Tag"
    ActivityService(anna.db).delete(item)
    anna.sync(folder)
    ben.sync(folder)
    assert on_ben.rows() == []
