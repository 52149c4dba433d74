"""The tab list names every tab class correctly (they are imported only when first shown)."""

from __future__ import annotations

from regiodesk.ui.record_tab import RecordTab
from regiodesk.ui.tabs import TABS


def test_every_spec_loads_its_tab_with_the_same_key_and_title():
    for spec in TABS:
        tab_class = spec.load()
        assert issubclass(tab_class, RecordTab)
        assert (tab_class.key, tab_class.title) == (spec.key, spec.title)
