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
