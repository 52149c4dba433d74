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
