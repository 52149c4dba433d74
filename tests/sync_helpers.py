"""Laptops for sync tests: each its own database file and device id, one shared folder."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from regiodesk.db.database import Database
from regiodesk.services.contacts import ContactService
from regiodesk.sync import SyncService


class Laptop:
    def __init__(self, path: Path, device_id: str, db: Database | None = None):
        self.path = path
        self.device_id = device_id
        self.db = db or Database.open(path, device_id=device_id)
        self.skew_ms = 0

    def set_clock_skew(self, ms: int) -> None:
        import time

        self.skew_ms = ms
        self.db.recorder.physical_ms = lambda: int(time.time() * 1000) + self.skew_ms

    def set_name(self, name: str) -> None:
        """The laptop's name in its own device registry, sent with its journals."""
        from regiodesk.db.models import SyncDevice

        with self.db.transaction() as session:
            SyncService(self.db)._devices(session)
            session.get(SyncDevice, self.device_id).name = name

    @property
    def contacts(self) -> ContactService:
        return ContactService(self.db)

    def sync(self, folder: Path, **kwargs):
        return SyncService(self.db).run(folder, **kwargs)

    def conflicts(self, open_only: bool = True):
        return SyncService(self.db).conflicts(open_only)

    def rows(self, sql: str, *params) -> list[tuple]:
        con = sqlite3.connect(self.path)
        try:
            return con.execute(sql, params).fetchall()
        finally:
            con.close()

    def log_count(self) -> int:
        return self.rows("SELECT count(*) FROM change_log")[0][0]

    def contact_state(self) -> list[tuple]:
        """Every contact with its content and tombstone: what must be equal on converged laptops."""
        return self.rows(
            "SELECT id, kind, first_name, last_name, deleted_at IS NOT NULL FROM contact ORDER BY id"
        )

    def email_state(self) -> list[tuple]:
        return self.rows(
            "SELECT id, contact_id, address, deleted_at IS NOT NULL FROM contact_email ORDER BY id"
        )

    def phone_state(self) -> list[tuple]:
        return self.rows(
            "SELECT id, contact_id, number, deleted_at IS NOT NULL FROM contact_phone ORDER BY id"
        )

    def close(self) -> None:
        self.db.close()


def device(n: int) -> str:
    return f"0000000{n}-aaaa-bbbb-cccc-00000000000{n}"


def orphans(laptop: Laptop) -> list[tuple]:
    """Live child rows whose parent is deleted: details without a visible owner."""
    from regiodesk.sync.cascade import relations

    found = []
    for relation in relations():
        found += laptop.rows(
            f"SELECT '{relation.child}', c.id FROM {relation.child} c JOIN {relation.parent} p "
            f"ON p.id = c.{relation.column} WHERE c.deleted_at IS NULL AND p.deleted_at IS NOT NULL"
        )
    return found
