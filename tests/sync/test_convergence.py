"""Property: three laptops editing, deleting, adding phone numbers to contacts and syncing in random
orders through one folder whose files arrive late, twice, out of order, half-copied or damaged for
good, with clocks a day off, end up with the same data; an edit nothing concurrent competed with
survives; competing edits are listed as conflicts and every competing value stays in the change log;
a phone number added after a deletion its laptop did not know of brings the contact back, and no
phone number is ever left alive under a deleted contact."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from sync_helpers import Laptop, device

from regiodesk.sync import join
from regiodesk.sync.folder import JOURNALS

EXAMPLES = int(os.environ.get("REGIODESK_SYNC_EXAMPLES", "15"))
FIELDS = ("first_name", "last_name")
VALUES = ("Ayşe", "Jürgen", "Zoé", "Ole", "Maßmann")
DAY_MS = 24 * 3600 * 1000


class ThreeLaptops(RuleBasedStateMachine):
    #: Where each run's folder goes: the session's temp folder (set by ``runs_in_test_temp``), in
    #: memory where tests/conftest.py put it; a sync commits hundreds of times per run.
    temp_root: Path | None = None

    @initialize()
    def setup(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="regiodesk-sync-", dir=self.temp_root))
        self.folder = self.tmp / "shared"
        self.folder.mkdir()
        self.stash = self.tmp / "stash"
        self.stash.mkdir()
        first = Laptop(self.tmp / "d1.regiodesk", device(1))
        self.contacts = [
            first.contacts.create({"kind": "person", "last_name": f"Start {n}"}) for n in range(3)
        ]
        first.sync(self.folder)
        self.laptops = [first]
        for n in (2, 3):
            path, _ = join(self.folder, self.tmp / f"d{n}.regiodesk", device_id=device(n))
            self.laptops.append(Laptop(path, device(n)))
        #: (row, field) -> list of edits: {"id": (device, hlc), "value": v, "knew": {(device, hlc), ...}}
        self.edits: dict[tuple[str, str], list[dict]] = {}
        #: new phone rows: (contact, (device, hlc) of the insert)
        self.details: list[tuple[str, tuple[str, str]]] = []
        self.truncated: dict[Path, bytes] = {}
        self.damaged: set[Path] = set()
        self.delayed: dict[Path, Path] = {}
        self.counter = itertools.count()

    def teardown(self):
        for laptop in getattr(self, "laptops", []):
            laptop.close()
        shutil.rmtree(getattr(self, "tmp", "/nonexistent"), ignore_errors=True)

    # ---------------------------------------------------------------------------- local work

    def _field_log(self, laptop: Laptop, row: str, field: str) -> set[tuple[str, str]]:
        return set(
            laptop.rows(
                "SELECT device_id, hlc FROM change_log "
                "WHERE table_name = 'contact' AND row_id = ? AND field = ?",
                row,
                field,
            )
        )

    def _live(self, laptop: Laptop) -> list[str]:
        return [
            r
            for (r,) in laptop.rows("SELECT id FROM contact WHERE deleted_at IS NULL ORDER BY created_at, id")
        ]

    @rule(who=st.integers(0, 2))
    def create(self, who):
        laptop = self.laptops[who]
        self.contacts.append(
            laptop.contacts.create({"kind": "person", "last_name": f"Neu {next(self.counter)}"})
        )

    @rule(
        who=st.integers(0, 2),
        pick=st.integers(0, 50),
        field=st.sampled_from(FIELDS),
        value=st.sampled_from(VALUES),
    )
    def edit(self, who, pick, field, value):
        laptop = self.laptops[who]
        live = self._live(laptop)
        if not live:
            return
        row = live[pick % len(live)]
        if laptop.contacts.load(row)[field] == value:
            return  # no change, nothing logged
        knew = self._field_log(laptop, row, field)
        laptop.contacts.update(row, {field: value})
        [made] = self._field_log(laptop, row, field) - knew
        self.edits.setdefault((row, field), []).append({"id": made, "value": value, "knew": knew})

    @rule(who=st.integers(0, 2), pick=st.integers(0, 50))
    def delete(self, who, pick):
        laptop = self.laptops[who]
        live = self._live(laptop)
        if len(live) > 1:
            laptop.contacts.delete(live[pick % len(live)])

    @rule(who=st.integers(0, 2), pick=st.integers(0, 50), number=st.integers(100, 999))
    def add_phone(self, who, pick, number):
        """A new child row: concurrent with a deletion on another laptop, it is an edit of its contact."""
        from regiodesk.db.models import ContactPhone

        laptop = self.laptops[who]
        live = self._live(laptop)
        if not live:
            return
        row = live[pick % len(live)]
        with laptop.db.transaction() as session:
            phone = ContactPhone(contact_id=row, number=f"0951 {number}")
            session.add(phone)
        [(made,)] = laptop.rows(
            "SELECT hlc FROM change_log WHERE table_name = 'contact_phone' AND row_id = ?", phone.id
        )
        self.details.append((row, (laptop.device_id, made)))

    @rule(who=st.integers(0, 2))
    def sync(self, who):
        self.laptops[who].sync(self.folder)

    @rule(who=st.integers(0, 2), skew=st.sampled_from((-DAY_MS, 0, DAY_MS)))
    def set_clock(self, who, skew):
        self.laptops[who].set_clock_skew(skew)

    # ------------------------------------------------------------------ what the folder does

    def _journals(self) -> list[Path]:
        return sorted((self.folder / JOURNALS).glob("*/*.json"))

    @precondition(lambda self: bool(self._journals()))
    @rule(pick=st.integers(0, 1000))
    def truncate_a_file(self, pick):
        files = [p for p in self._journals() if p not in self.truncated and p not in self.damaged]
        if files:
            path = files[pick % len(files)]
            data = path.read_bytes()
            self.truncated[path] = data
            path.write_bytes(data[: len(data) // 2])

    @precondition(lambda self: bool(self._journals()))
    @rule(pick=st.integers(0, 1000))
    def delay_a_file(self, pick):
        files = self._journals()
        path = files[pick % len(files)]
        parked = self.stash / f"{next(self.counter)}.json"
        path.rename(parked)
        self.delayed[path] = parked

    @precondition(lambda self: bool(self._journals()))
    @rule(pick=st.integers(0, 1000))
    def conflicted_copy(self, pick):
        files = self._journals()
        path = files[pick % len(files)]
        shutil.copyfile(path, path.with_name(f"{path.stem} (Konflikt {next(self.counter)}).json"))

    @precondition(lambda self: bool(self._journals()))
    @rule(pick=st.integers(0, 1000))
    def damage_a_file(self, pick):
        """A journal damaged for good (a disk or cloud fault), long ago: its laptop writes it again."""
        files = [
            p
            for p in self._journals()
            if p not in self.truncated and "(" not in p.name and p not in self.damaged
        ]
        if files:
            path = files[pick % len(files)]
            document = json.loads(path.read_bytes())
            document["complete_hlc"] = "beschädigt"
            path.write_bytes(json.dumps(document).encode("utf-8"))
            past = time.time() - 3600
            os.utime(path, (past, past))
            self.damaged.add(path)

    @rule()
    def files_arrive(self):
        for path, parked in self.delayed.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            parked.rename(path)
        self.delayed.clear()
        for path, data in self.truncated.items():  # after the delayed ones: a file can be both
            path.write_bytes(data)
        self.truncated.clear()

    @invariant()
    def nothing_lost_here(self):
        # every edit made on a laptop is in its own change log at any time
        for (row, field), edits in self.edits.items():
            for edit in edits:
                owner = next(lp for lp in self.laptops if lp.device_id == edit["id"][0])
                assert edit["id"] in self._field_log(owner, row, field)

    # ------------------------------------------------------------------------------- the end

    def teardown_check(self):
        self.files_arrive()
        for _round in range(3):
            for laptop in self.laptops:
                laptop.sync(self.folder)
        states = [(lp.contact_state(), lp.email_state(), lp.phone_state()) for lp in self.laptops]
        assert states[0] == states[1] == states[2], "the laptops did not converge"
        first = self.laptops[0]
        orphans = first.rows(
            "SELECT p.id FROM contact_phone p JOIN contact c ON c.id = p.contact_id "
            "WHERE p.deleted_at IS NULL AND c.deleted_at IS NOT NULL"
        )
        assert orphans == [], "a phone number was left alive under a deleted contact"
        deleted = {row_id for row_id, *_rest, gone in states[0][0] if gone}
        for row, (_device, made) in self.details:
            if row in deleted:
                # a deletion wins only over a record not modified after it: some deletion is newer
                deletions = first.rows(
                    "SELECT max(hlc) FROM change_log WHERE table_name = 'contact' AND row_id = ? "
                    "AND field = 'deleted_at' AND new_value IS NOT NULL",
                    row,
                )
                assert deletions[0][0] is not None and deletions[0][0] > made, (
                    "a contact stayed deleted although a phone number was added after the deletion"
                )
        listed = set()
        for laptop in self.laptops:
            listed |= set(laptop.rows("SELECT row_id, field FROM sync_conflict"))
        final = {row_id: (first, last) for row_id, _kind, first, last, _deleted in states[0][0]}
        for (row, field), edits in self.edits.items():
            ids = {e["id"] for e in edits}
            latest = [e for e in edits if not any(e["id"] in other["knew"] for other in edits)]
            value = final[row][FIELDS.index(field)]
            if len(latest) == 1:
                assert value == latest[0]["value"], f"an edit without rival was lost: {field} of {row}"
            elif len({e["value"] for e in latest}) > 1:
                assert (row, field) in listed, f"concurrent edits of {field} were not listed"
            for laptop in self.laptops:
                assert ids <= self._field_log(laptop, row, field), "a value is missing from a change log"
            assert value in {e["value"] for e in latest}


class Checked(ThreeLaptops):
    def teardown(self):
        try:
            if hasattr(self, "laptops"):
                self.teardown_check()
        finally:
            super().teardown()


@pytest.fixture(autouse=True)
def runs_in_test_temp(tmp_path_factory, monkeypatch):
    monkeypatch.setattr(ThreeLaptops, "temp_root", tmp_path_factory.mktemp("convergence"))


Checked.TestCase.settings = settings(
    max_examples=EXAMPLES,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestThreeLaptopsConverge = pytest.mark.slow(Checked.TestCase)


def test_the_journal_format_is_plain_json(tmp_path):
    """A person (or another tool) can read what travels through the folder."""
    laptop = Laptop(tmp_path / "a.regiodesk", device(1))
    laptop.contacts.create({"kind": "person", "last_name": "Çelik"})
    folder = tmp_path / "shared"
    folder.mkdir()
    [written] = laptop.sync(folder).journals_written
    document = json.loads(written.read_text(encoding="utf-8"))
    assert {"format", "device_id", "seq", "vector", "entries", "sha256"} <= set(document)
    assert any(entry[5] == json.dumps("Çelik", ensure_ascii=False) for entry in document["entries"])
    laptop.close()
