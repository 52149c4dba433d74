"""A keyring of the tests' own: the operating system's keyring is never touched (tests/conftest.py
sets keyring's "null" backend for the whole run)."""

from __future__ import annotations

import pytest


def fake_keyring(monkeypatch: pytest.MonkeyPatch, fail: bool = False):
    """A keyring backend that keeps passwords in a dict, made keyring's backend for one test.

    ``fail``: every operation raises, as a locked or refusing keyring does. Skips the test when
    the optional ``keyring`` package is not installed.
    """
    keyring = pytest.importorskip("keyring")
    from keyring.backend import KeyringBackend
    from keyring.errors import KeyringLocked

    class FakeKeyring(KeyringBackend):
        priority = 5  # type: ignore[assignment] # a real backend's rank (fail 0, null -1)

        def __init__(self) -> None:
            super().__init__()
            self.passwords: dict[tuple[str, str], str] = {}

        def _check(self) -> None:
            if fail:
                raise KeyringLocked("Schlüsselbund gesperrt")

        def get_password(self, service, username):
            self._check()
            return self.passwords.get((service, username))

        def set_password(self, service, username, password):
            self._check()
            self.passwords[(service, username)] = password

        def delete_password(self, service, username):
            self._check()
            del self.passwords[(service, username)]

    backend = FakeKeyring()
    monkeypatch.setattr(keyring.core, "_keyring_backend", backend)
    return backend
