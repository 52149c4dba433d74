"""The password of a sign-in on a PostgreSQL server, kept out of every file of ours.

``db.server.connect`` asks, in this order:

1. this run's memory: a password typed in „Mit Server verbinden …“ and not to be kept;
2. the operating system's keyring (Windows Credential Manager, macOS Keychain, the Secret
   Service of Linux desktops) through the optional ``keyring`` package, when the person chose
   to keep it there (service „regiodesk“, account ``user@host:port/database``);
3. nobody: then libpq looks itself, in ``~/.pgpass`` (``%APPDATA%\\postgresql\\pgpass.conf``)
   or a service file.

The password is handed to the driver when it connects and goes into no address, no
preference, no log line and no message.
"""

from __future__ import annotations

import getpass
import logging

from regiodesk.i18n import tr
from regiodesk.location import url_parts

#: The keyring's service name for every password regiodesk keeps there.
SERVICE = "regiodesk"
log = logging.getLogger(__name__)

#: Passwords typed for this run only: account -> password (never written anywhere).
_this_run: dict[str, str] = {}


def account(url: str) -> str:
    """The keyring's account of a server database: ``user@host:port/database``.

    Without a user libpq signs in as the operating system's user; without a host on localhost.
    """
    host, port, database, user = url_parts(url)
    return f"{user or _system_user()}@{host or 'localhost'}:{port}/{database}"


def _system_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment: the account still names the rest
        return ""


def _keyring():
    """The ``keyring`` module when it is installed and has a real backend; else None."""
    try:
        import keyring
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken keyring configuration: as if there were none
        log.warning("Schlüsselbund des Betriebssystems nicht verfügbar", exc_info=True)
        return None
    # keyring's "fail" (0) and "null" (-1) backends keep nothing; every real one has a higher priority
    return keyring if type(backend).priority > 0 else None


def keyring_available() -> bool:
    """Whether passwords can be kept in the operating system's keyring here."""
    return _keyring() is not None


def remember_for_this_run(url: str, password: str) -> None:
    """``password`` for ``url`` until the program ends (typed, not to be kept)."""
    _this_run[account(url)] = password


def forget_for_this_run(url: str) -> None:
    _this_run.pop(account(url), None)


def stored(url: str) -> str | None:
    """The password kept in the keyring for ``url``; None if none (or no keyring)."""
    keyring = _keyring()
    if keyring is None:
        return None
    try:
        return keyring.get_password(SERVICE, account(url))
    except Exception as error:  # locked or refused: libpq's own files are asked instead
        log.warning("Passwort im Schlüsselbund nicht lesbar (%s)", type(error).__name__)
        return None


def store(url: str, password: str) -> str:
    """Keep ``password`` for ``url`` in the keyring; '' on success, else why not (German)."""
    keyring = _keyring()
    if keyring is None:
        return tr("Der Schlüsselbund des Betriebssystems ist hier nicht verfügbar.")
    try:
        keyring.set_password(SERVICE, account(url), password)
    except Exception as error:
        log.warning("Passwort nicht im Schlüsselbund gespeichert (%s)", type(error).__name__)
        return tr(
            "Das Passwort konnte nicht im Schlüsselbund des Betriebssystems gespeichert werden ({reason}).",
            reason=type(error).__name__,
        )
    return ""


def forget(url: str) -> None:
    """Remove a password kept for ``url`` from the keyring (nothing if there is none)."""
    keyring = _keyring()
    if keyring is None:
        return
    try:
        if keyring.get_password(SERVICE, account(url)) is not None:
            keyring.delete_password(SERVICE, account(url))
    except Exception as error:
        log.warning("Passwort nicht aus dem Schlüsselbund entfernt (%s)", type(error).__name__)


def password_for(url: str) -> str | None:
    """The password to connect to ``url`` with: typed this run, or kept in the keyring; None: libpq's."""
    return _this_run.get(account(url)) or stored(url)
