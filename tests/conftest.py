"""Fixtures shared by every test: a private data folder and a fresh database.

Tests never touch the user's real folders: REGIODESK_DATA_DIR points into
tmp_path for every test.
"""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path, monkeypatch):
    data = tmp_path / "userdata"
    monkeypatch.setenv("REGIODESK_DATA_DIR", str(data))
    from regiodesk.device import this_device

    this_device.cache_clear()
    yield data
    this_device.cache_clear()


@pytest.fixture
def db(tmp_path):
    from regiodesk.db.database import Database

    database = Database.open(tmp_path / "office.regiodesk", device_id="test-device")
    yield database
    database.close()
