"""Where an office lies: a file, or a database on a PostgreSQL server (``--db postgresql://…``).

Standard library only: the command line's parser and the start path ask it before SQLAlchemy
is imported.
"""

from __future__ import annotations

#: How a PostgreSQL URL begins (the driver may be named: ``postgresql+psycopg://``).
SERVER_SCHEMES = ("postgresql://", "postgresql+psycopg://", "postgres://")


def is_server_url(location: object) -> bool:
    """Whether ``location`` (what ``--db`` was given) names a PostgreSQL database, not a file."""
    return isinstance(location, str) and location.strip().lower().startswith(SERVER_SCHEMES)


def sqlalchemy_url(url: str) -> str:
    """``url`` with the driver SQLAlchemy is to use (psycopg 3) named."""
    url = url.strip()
    for scheme in SERVER_SCHEMES:
        if url.lower().startswith(scheme):
            return "postgresql+psycopg://" + url[len(scheme) :]
    raise ValueError(url)


#: PostgreSQL's port unless another is named.
DEFAULT_PORT = 5432


def server_url(host: str, port: int, database: str, user: str) -> str:
    """The libpq address of a database (no password): ``postgresql://user@host:port/database``.

    A host that is a folder (``/var/run/postgresql``) is PostgreSQL's Unix socket there.
    """
    from urllib.parse import quote

    name, who = quote(database.strip(), safe=""), quote(user.strip(), safe="")
    host, at = host.strip(), f"{who}@" if user.strip() else ""
    if host.startswith("/"):
        return f"postgresql://{at}/{name}?host={quote(host, safe='/')}&port={port}"
    return f"postgresql://{at}{host or 'localhost'}:{port}/{name}"


def url_parts(url: str) -> tuple[str, int, str, str]:
    """(host, port, database, user) of a server address; what cannot be read stays empty."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(sqlalchemy_url(url))
    except (ArgumentError, ValueError):
        return "", DEFAULT_PORT, "", ""
    host = parsed.host or str(parsed.query.get("host") or "")
    try:
        port = int(parsed.port or parsed.query.get("port") or DEFAULT_PORT)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        port = DEFAULT_PORT
    return host, port, parsed.database or "", parsed.username or ""
