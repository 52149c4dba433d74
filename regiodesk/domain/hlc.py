"""Hybrid logical clock (Kulkarni et al.): timestamps that order events across devices.

A laptop whose wall clock is a day ahead does not win every later conflict for a
day: receiving a remote timestamp moves the local clock past it, and the
counter orders events with the same wall-clock millisecond.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Timestamp:
    wall_ms: int
    counter: int
    device: str

    def encode(self) -> str:
        """A string that sorts like the timestamp itself."""
        return f"{self.wall_ms:015d}-{self.counter:05d}-{self.device}"

    @classmethod
    def decode(cls, text: str) -> Timestamp:
        wall, counter, device = text.split("-", 2)
        return cls(int(wall), int(counter), device)


class HybridLogicalClock:
    def __init__(self, device: str, last: Timestamp | None = None):
        self.device = device
        self._wall = last.wall_ms if last else 0
        self._counter = last.counter if last else 0

    def now(self, physical_ms: int) -> Timestamp:
        """Timestamp for a local event at physical time ``physical_ms``."""
        if physical_ms > self._wall:
            self._wall, self._counter = physical_ms, 0
        else:
            self._counter += 1
        return Timestamp(self._wall, self._counter, self.device)

    def receive(self, remote: Timestamp, physical_ms: int) -> Timestamp:
        """Merge a timestamp seen from another device."""
        wall = max(self._wall, remote.wall_ms, physical_ms)
        if wall == self._wall == remote.wall_ms:
            counter = max(self._counter, remote.counter) + 1
        elif wall == self._wall:
            counter = self._counter + 1
        elif wall == remote.wall_ms:
            counter = remote.counter + 1
        else:
            counter = 0
        self._wall, self._counter = wall, counter
        return Timestamp(wall, counter, self.device)
