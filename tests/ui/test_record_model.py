"""The record list model: formatting, in-model sorting and filtering, Qt's model rules."""

from __future__ import annotations

import time
from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPersistentModelIndex, Qt

from regiodesk.fields import Column, Kind
from regiodesk.services.records import ListRow
from regiodesk.ui.record_model import ID_ROLE, RecordTableModel, prepare

COLUMNS = (
    Column("name", "Name", width=200),
    Column("starts_at", "Beginn", Kind.DATETIME),
    Column("amount", "Betrag", Kind.MONEY),
    Column("count", "Anzahl", Kind.INT),
)
ROWS = [
    ListRow("a", ("Müller, Jürgen", datetime(2026, 3, 4, 18, 0), 123450, 3)),
    ListRow("b", ("Öztürk, Ayşe", None, 500, None)),
    ListRow("c", ("Weiß, Renée", datetime(2025, 11, 20, 17, 0), None, 1)),
    ListRow("d", ("abel, Zoë", datetime(2026, 1, 1, 9, 0), 99, 2)),
]


def loaded() -> RecordTableModel:
    model = RecordTableModel(COLUMNS)
    model.set_rows(ROWS)
    return model


def names(model: RecordTableModel) -> list[str]:
    return [model.data(model.index(row, 0)) for row in range(model.rowCount())]


def test_model_rules_hold_empty_loaded_filtered_and_sorted(qtmodeltester):
    model = RecordTableModel(COLUMNS)
    qtmodeltester.check(model)
    model.set_rows(ROWS)
    qtmodeltester.check(model)
    model.set_filter("müller")
    qtmodeltester.check(model)
    model.set_filter("")
    model.sort(1, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)


def test_cells_are_german_and_numbers_right_aligned():
    model = loaded()
    assert model.data(model.index(0, 1)) == "04.03.2026 18:00"
    assert model.data(model.index(0, 2)) == "1.234,50 €"
    assert model.data(model.index(1, 1)) == ""
    right = model.data(model.index(0, 2), Qt.ItemDataRole.TextAlignmentRole)
    assert right & Qt.AlignmentFlag.AlignRight
    left = model.data(model.index(0, 0), Qt.ItemDataRole.TextAlignmentRole)
    assert not left & Qt.AlignmentFlag.AlignRight
    assert model.data(model.index(0, 0), ID_ROLE) == "a"
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Betrag"


def test_sorting_puts_empty_values_last_in_both_directions():
    model = loaded()
    model.sort(1, Qt.SortOrder.AscendingOrder)
    assert [model.id_at(r) for r in range(4)] == ["c", "d", "a", "b"]
    model.sort(1, Qt.SortOrder.DescendingOrder)
    assert [model.id_at(r) for r in range(4)] == ["a", "d", "c", "b"]
    model.sort(2, Qt.SortOrder.DescendingOrder)
    assert [model.id_at(r) for r in range(4)] == ["a", "b", "d", "c"]


def test_strings_sort_case_and_umlaut_insensitively():
    model = loaded()
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert names(model) == ["abel, Zoë", "Müller, Jürgen", "Öztürk, Ayşe", "Weiß, Renée"]


def test_sorting_keeps_persistent_indexes_on_their_rows():
    model = loaded()
    persistent = QPersistentModelIndex(model.index(2, 0))  # Weiß
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.data(persistent) == "Weiß, Renée"


def test_filter_terms_and_counts():
    model = loaded()
    for query in ("muller", "mueller", "Müller"):
        model.set_filter(query)
        assert names(model) == ["Müller, Jürgen"]
    model.set_filter("weiss")
    assert names(model) == ["Weiß, Renée"]
    model.set_filter("1.234,50")  # what is shown is what can be found
    assert names(model) == ["Müller, Jürgen"]
    model.set_filter("e 2026")
    assert sorted(names(model)) == ["Müller, Jürgen", "abel, Zoë"]
    assert (model.visible_count, model.total_count) == (2, 4)
    model.set_filter("")
    assert model.visible_count == 4


def test_row_of_and_id_at_follow_filter_and_sort():
    model = loaded()
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert model.row_of("d") == 0
    assert model.id_at(model.row_of("c")) == "c"
    model.set_filter("weiß")
    assert model.row_of("c") == 0
    assert model.row_of("a") is None
    assert model.contains("a")
    assert model.row_of("unknown") is None


def test_new_rows_keep_sort_and_filter():
    model = loaded()
    model.sort(0, Qt.SortOrder.DescendingOrder)
    model.set_filter("ü")
    model.set_rows([*ROWS, ListRow("e", ("Büttner, Karl", None, None, None))])
    assert names(model) == ["Öztürk, Ayşe", "Müller, Jürgen", "Büttner, Karl"]


def test_filtering_20000_contacts_takes_less_than_50_ms_per_keystroke():
    cities = ["Coburg", "Bamberg", "Lichtenfels", "Kronach"]
    last = ["Müller", "Weiß", "Öztürk", "Schäfer", "Groß", "Neumann"]
    rows = [
        ListRow(str(n), (f"{last[n % 6]}{n}, Jürgen", datetime(2026, 1, 1), n * 100, n)) for n in range(20000)
    ]
    rows = [ListRow(r.id, (f"{r.values[0]} {cities[n % 4]}", *r.values[1:])) for n, r in enumerate(rows)]
    model = RecordTableModel(COLUMNS)
    model.sort(0)
    model.set_rows(rows)
    text = "mueller coburg"
    timings = []
    for end in [*range(1, len(text) + 1), *range(len(text) - 1, -1, -1)]:
        started = time.perf_counter()
        model.set_filter(text[:end])
        timings.append(time.perf_counter() - started)
    assert model.visible_count == 20000
    # The median is what a typist feels; the worst case gets slack for a busy test machine.
    timings.sort()
    assert timings[len(timings) // 2] < 0.050
    assert timings[-1] < 0.150


PROJECT_COLUMNS = (
    Column("title", "Titel"),
    Column("action_field", "Handlungsfeld"),
    Column("status", "Status"),
    Column("grant_cents", "Zuschuss", Kind.MONEY),
)
PROJECT_ROWS = [
    ListRow("p1", ("Dorfladen", "HF 3 Grundversorgung", "bewilligt", 300000)),
    ListRow("p2", ("Radweg", "HF 1 Tourismus", "Idee", 1230000)),
    ListRow("p3", ("Museum", "HF 2 Kultur", "bewilligt", 333300)),
]


def test_a_column_named_in_the_filter_is_the_only_one_searched(qtmodeltester):
    model = RecordTableModel(PROJECT_COLUMNS)
    model.set_rows(PROJECT_ROWS)
    model.set_filter("3")  # in every column: the amounts have a 3 as well
    assert sorted(names(model)) == ["Dorfladen", "Museum", "Radweg"]
    model.set_filter("hf:3")
    assert names(model) == ["Dorfladen"]
    qtmodeltester.check(model)
    model.set_filter("status:bewilligt")
    assert sorted(names(model)) == ["Dorfladen", "Museum"]
    model.set_filter("stat:bewilligt hf:2")
    assert names(model) == ["Museum"]
    model.set_filter("handlungsfeld:kultur")
    assert names(model) == ["Museum"]
    model.set_filter("zuschuss:3.000")  # as shown: 3.000,00 €
    assert names(model) == ["Dorfladen"]
    model.set_filter("hf:")  # still typing: everything
    assert model.visible_count == 3


def test_the_column_filter_follows_new_rows():
    model = RecordTableModel(PROJECT_COLUMNS)
    model.set_rows(PROJECT_ROWS)
    model.set_filter("hf:3")
    model.set_rows([*PROJECT_ROWS, ListRow("p4", ("Bürgerhaus", "HF 3 Grundversorgung", "Idee", 0))])
    assert sorted(names(model)) == ["Bürgerhaus", "Dorfladen"]


def test_filtering_one_column_of_20000_contacts_is_as_quick_as_all_columns():
    rows = [ListRow(str(n), (f"Name{n}", f"HF {n % 5}", "bewilligt", n * 100)) for n in range(20000)]
    model = RecordTableModel(PROJECT_COLUMNS)
    model.set_rows(rows)
    timings = []
    text = "hf:3 name1"
    for end in [*range(1, len(text) + 1), *range(len(text) - 1, -1, -1)]:
        started = time.perf_counter()
        model.set_filter(text[:end])
        timings.append(time.perf_counter() - started)
    assert model.visible_count == 20000
    timings.sort()
    assert timings[len(timings) // 2] < 0.050
    assert timings[-1] < 0.150


def test_rows_prepared_with_the_sort_column_sort_without_work_on_the_window_thread(monkeypatch):
    """The order of the sorted column is made with the rows (on the loader's thread); after a
    save the re-read row is put into it with a few keys, not all 20,000 sorted again (each was
    a freeze of a third of a second)."""
    import regiodesk.ui.record_model as record_model

    rows = [ListRow(str(n), (f"Name {n:04d}", None, n, None)) for n in range(1000)]
    model = RecordTableModel(COLUMNS)
    model.sort(0, Qt.SortOrder.AscendingOrder)
    prepared = prepare(COLUMNS, rows, model.sort_spec)  # as the loader does, off the window
    made: list[object] = []
    real = record_model.sort_key_of
    monkeypatch.setattr(record_model, "sort_key_of", lambda value: made.append(value) or real(value))
    sorts: list[int] = []
    real_order = record_model.sorted_order
    monkeypatch.setattr(record_model, "sorted_order", lambda keys, d: sorts.append(1) or real_order(keys, d))
    model.set_rows(prepared)
    assert made == [] and sorts == []  # nothing sorted on the window's thread
    assert names(model)[:2] == ["Name 0000", "Name 0001"]
    fresh = prepare(COLUMNS, [ListRow("5", ("Name 0999b", None, None, None))])
    model.set_rows(model.merged(fresh, ["5"]))
    assert sorts == [] and len(made) < 30  # a binary search's keys, not 1,000
    assert names(model)[-3:] == ["Name 0998", "Name 0999", "Name 0999b"]
    assert "Name 0005" not in names(model)
    keyed: list[int] = []
    real_keys = record_model.sort_keys_of
    monkeypatch.setattr(record_model, "sort_keys_of", lambda rows, c: keyed.append(c) or real_keys(rows, c))
    model.sort(2, Qt.SortOrder.AscendingOrder)  # another column: its keys are made when asked
    assert sorts == [1] and keyed == [2]
    assert [model.id_at(r) for r in range(3)] == ["0", "1", "2"]
    assert model.id_at(999) == "5"  # no amount: last
    model.sort(2, Qt.SortOrder.DescendingOrder)  # the second click only reverses
    assert keyed == [2]
    assert [model.id_at(r) for r in (0, 998, 999)] == ["999", "0", "5"]


names_or_blank = st.sampled_from(["Müller", "Mueller", "muller", "Öztürk", "Weiß", "weiss", "abel", "", " "])


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(st.tuples(names_or_blank, st.none() | st.integers(0, 3)), max_size=25),
    fresh=st.lists(st.tuples(st.integers(0, 30), names_or_blank, st.none() | st.integers(0, 3)), max_size=6),
    column=st.sampled_from([0, 3]),
    descending=st.booleans(),
)
def test_a_merged_row_stands_where_sorting_all_rows_would_put_it(rows, fresh, column, descending):
    """Equal names keep their order, empty ones stay last, in both directions."""
    order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
    model = RecordTableModel(COLUMNS)
    model.sort(column, order)
    model.set_rows([ListRow(str(n), (name, None, None, count)) for n, (name, count) in enumerate(rows)])
    replaced = {str(n): ListRow(str(n), (name, None, None, count)) for n, name, count in fresh}
    model.set_rows(model.merged(prepare(COLUMNS, list(replaced.values())), list(replaced)))
    expected = RecordTableModel(COLUMNS)
    expected.sort(column, order)
    kept = [ListRow(str(n), (name, None, None, count)) for n, (name, count) in enumerate(rows)]
    expected.set_rows([row for row in kept if row.id not in replaced] + list(replaced.values()))
    shown = [model.id_at(r) for r in range(model.rowCount())]
    assert shown == [expected.id_at(r) for r in range(expected.rowCount())]


@settings(max_examples=150, deadline=None)
@given(
    edits=st.lists(st.sampled_from(["m", "ü", "u", "e", "l", "r", " ", "ß", "s", ":", "n", "BACK", "BACK"])),
    allowed=st.booleans(),
)
def test_typing_and_deleting_shows_what_the_text_alone_would(edits, allowed):
    """Typing on searches the shown rows only and a backspace takes back an earlier result:
    the list is always the one the text in the field finds from scratch."""
    rows = [
        ListRow(str(n), (name, None, n, None))
        for n, name in enumerate(
            ["Müller, Jürgen", "Mueller, Hans", "Muller", "Weiß", "Weiss", "Neumann", "Schmüll", "ruler", ""]
        )
    ]
    model = RecordTableModel(COLUMNS)
    model.set_rows(rows)
    if allowed:
        model.set_allowed({"0", "1", "3", "5", "6"})
    text = ""
    for edit in edits:
        text = text[:-1] if edit == "BACK" else text + edit
        model.set_filter(text)
        fresh = RecordTableModel(COLUMNS)
        fresh.set_rows(rows)
        if allowed:
            fresh.set_allowed({"0", "1", "3", "5", "6"})
        fresh.set_filter(text)
        assert [model.id_at(r) for r in range(model.rowCount())] == [
            fresh.id_at(r) for r in range(fresh.rowCount())
        ], text


def test_a_backspace_shows_the_earlier_result_without_searching_again(monkeypatch):
    model = loaded()
    searched: list[object] = []
    real = model._search
    monkeypatch.setattr(
        model, "_search", lambda terms, rows, keys: searched.append(terms) or real(terms, rows, keys)
    )
    for text in ("m", "mü", "mül"):
        model.set_filter(text)
    assert len(searched) == 3
    model.set_filter("mü")
    model.set_filter("m")
    model.set_filter("")
    assert len(searched) == 3 and model.visible_count == 4
    model.set_filter("mül")
    assert names(model) == ["Müller, Jürgen"]


def test_a_prepared_contact_row_costs_one_search_key_and_its_place_in_the_lists():
    """80,000 contacts must fit the window's 250 MB: a row of plain texts is held once (its
    values are its display texts), the sort keys only while the order is made."""
    import tracemalloc

    columns = tuple(Column(key, key) for key in ("name", "kind", "org", "city", "email", "phone"))
    rows = [
        ListRow(
            f"{n:08d}-4a1b-4c2d-8e3f-000000000000",
            (f"Müller{n}, Jürgen", "Person", "Gemeinde Coburg", "Coburg", f"j.mueller{n}@example.org", "09"),
        )
        for n in range(20000)
    ]
    tracemalloc.start()
    try:
        prepared = prepare(columns, rows, (0, False))
        held, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert prepared.cells[0] is prepared.values[0]
    assert held / len(rows) < 350  # 490 bytes when cells and sort keys were kept beside the values
    assert peak / len(rows) < 450


@settings(max_examples=100, deadline=None)
@given(
    keys=st.lists(st.none() | st.sampled_from(["a", "b", "c"]) | st.integers(0, 2).map(str), max_size=40),
    descending=st.booleans(),
)
def test_sorting_in_slices_gives_the_order_of_one_sort(keys, descending):
    from unittest import mock

    import regiodesk.ui.record_model as record_model

    present = [i for i, key in enumerate(keys) if key is not None]
    expected = sorted(present, key=keys.__getitem__, reverse=descending)
    expected += [i for i, key in enumerate(keys) if key is None]
    with mock.patch.object(record_model, "SORT_SLICE", 3):
        assert record_model.sorted_order(keys, descending) == expected
