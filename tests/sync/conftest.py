"""Two named laptops through one shared folder, for the tests of faults in sync."""

from __future__ import annotations

import pytest
from sync_helpers import Laptop, device

from regiodesk.sync import join


@pytest.fixture
def pair(tmp_path, folder):
    """Anna's laptop with three contacts, synced; Ben's laptop joined from the folder."""
    anna = Laptop(tmp_path / "anna.regiodesk", device(1))
    anna.set_name("Anna-Laptop")
    ids = [
        anna.contacts.create({"kind": "person", "last_name": f"Name {n}", "email": f"p{n}@example.de"})
        for n in range(3)
    ]
    anna.sync(folder)
    path, _report = join(folder, tmp_path / "ben.regiodesk", device_id=device(2))
    ben = Laptop(path, device(2))
    ben.set_name("Ben-Laptop")
    yield anna, ben, ids
    anna.close()
    ben.close()
