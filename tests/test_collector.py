"""The cycle collector's holds nest and give back what they found (commands run in one process)."""

from __future__ import annotations

import gc

import pytest

from regiodesk import collector


@pytest.fixture(autouse=True)
def _collector_on():
    gc.enable()
    yield
    gc.enable()


def test_holds_nest_and_the_collector_runs_again_after_the_last():
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer hold goes on
    assert gc.isenabled()


def test_a_hold_begun_before_another_may_end_first():
    collector.hold()  # the command line's start-up
    with collector.paused():  # an export, begun before the file was opened
        collector.release()  # the start-up ends once the file is open
        assert not gc.isenabled()  # the export's hold goes on
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off_and_an_error_ends_the_hold():
    gc.disable()
    with collector.paused():
        pass
    assert not gc.isenabled()
    gc.enable()
    with pytest.raises(RuntimeError), collector.paused():
        raise RuntimeError("kaputt")
    assert gc.isenabled()
    collector.release()  # a release without a hold changes nothing
    assert gc.isenabled()


def test_seldom_runs_the_collector_rarely_and_gives_the_old_rhythm_back():
    before = gc.get_threshold()
    with collector.seldom():
        assert gc.get_threshold()[0] == collector.SELDOM and gc.isenabled()
        with collector.seldom():
            assert gc.get_threshold()[0] == collector.SELDOM
        assert gc.get_threshold()[0] == collector.SELDOM
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError), collector.seldom():
        raise RuntimeError("kaputt")
    assert gc.get_threshold() == before


def test_seldom_still_frees_the_garbage_of_a_long_block():
    """A serial letter of many pages leaves garbage cycles: they are freed while it runs."""

    class Node:
        pass

    gc.collect()
    with collector.seldom():
        for _ in range(3 * collector.SELDOM):  # each pair a cycle that refcounting cannot free
            a, b = Node(), Node()
            a.other, b.other = b, a
        alive = sum(isinstance(o, Node) for o in gc.get_objects())
    assert alive <= collector.SELDOM  # 6 * SELDOM were made
