"""The tab list names every tab class correctly (they are imported only when first shown)."""

from __future__ import annotations

from regiodesk.ui.overview.tab import OverviewTab
from regiodesk.ui.record_tab import RecordTab
from regiodesk.ui.tabs import TABS


def test_every_spec_loads_its_tab_with_the_same_key_and_title():
    for spec in TABS:
        tab_class = spec.load()
        assert issubclass(tab_class, RecordTab) or tab_class is OverviewTab
        assert (tab_class.key, tab_class.title) == (spec.key, spec.title)


def test_the_overview_answers_every_command_the_window_gives_a_tab():
    """The window treats all tabs alike (save on leaving, counts, Neu, Löschen, Filter, Verlauf)."""
    for name in dir(RecordTab):
        if name in ("reload", "activate", "ensure_loaded", "mark_stale", "commit_pending", "count_text"):
            assert callable(getattr(OverviewTab, name))
    for name in ("has_unsaved_edits", "save", "drop_edits", "new_record", "delete_record", "focus_filter"):
        assert callable(getattr(OverviewTab, name))
    assert {"changed", "counts_changed", "depends_on", "key", "title"} <= set(dir(OverviewTab))
