"""The demo region opened once per test module that reads it (documents are printed from it)."""

from __future__ import annotations

import pytest
from document_helpers import DEMO_DAY


@pytest.fixture(scope="module")
def demo(tmp_path_factory, demo_region):
    """The demo region as of :data:`DEMO_DAY`, open; a module's tests only read it."""
    from regiodesk.db.database import Database

    path = tmp_path_factory.mktemp("demo") / "demo.regiodesk"
    demo_region(path, device_id="test-device", today=DEMO_DAY)
    db = Database.open(path, device_id="test-device")
    yield db
    db.close()
