"""The commands of an office on a PostgreSQL server: `server setup`, `import-file`, `new` there.

`server setup` is run once by whoever administers the server (a superuser, or a role that may
create databases and roles); afterwards regiodesk needs no more than the rights it grants.
Passwords are never given here nor stored by regiodesk: each person's password is set by the
administrator (``ALTER ROLE … PASSWORD``, ``\\password`` in psql) and kept in the person's
``.pgpass`` file or a service file (docs/server.md).
"""

from __future__ import annotations

import argparse
import re

from regiodesk.cli.common import EXIT_OK, db_location
from regiodesk.domain.errors import DomainError
from regiodesk.i18n import tr

#: Names of databases and roles regiodesk makes: plain, so that they need no quoting anywhere.
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,40}$")


def new_on_server(args: argparse.Namespace) -> int:
    """`new` on a server database: the schema (if the database is empty) and the region."""
    from regiodesk.db.transfer import filled_tables
    from regiodesk.office import Office
    from regiodesk.services.region import RegionSetup, setup_region
    from regiodesk.services.starter import STARTERS

    with Office.open(db_location(args), create=True, writing=True) as office:
        if filled_tables(office.db):
            raise DomainError(
                tr(
                    "In der Datenbank „{name}“ ist schon eine Geschäftsstelle; nichts wurde geändert.",
                    name=office.db.location,
                )
            )
        starter = STARTERS[args.starter] if args.starter else None
        setup_region(office.db, RegionSetup({"name": args.region, "kind": "leader"}, starter=starter))
        print(tr("Neue Geschäftsstelle angelegt: {where}", where=office.db.location))
    return EXIT_OK


def import_file(args: argparse.Namespace) -> int:
    """`import-file X.regiodesk`: the whole office file into the empty database of --db."""
    from regiodesk.office import Office

    with Office.open(db_location(args), create=True, writing=True) as office:
        rows = office.take_file(args.file)
        print(
            tr(
                "Übernommen: {rows} Zeilen aus „{file}“ nach {where}",
                rows=rows,
                file=args.file,
                where=office.db.location,
            )
        )
    return EXIT_OK


#: The extension behind the server search's indexes; a server without it still works (a full scan).
TRIGRAMS = "CREATE EXTENSION IF NOT EXISTS pg_trgm"


def setup_statements(name: str, staff: list[str], readers: list[str]) -> list[tuple[str, str]]:
    """The SQL of `server setup` as (database to run it in, statement): "" is the admin's database.

    The same statements are documented in docs/server.md for those who run them by hand.
    """
    office, reading = f"{name}_office", f"{name}_readonly"
    statements = [
        ("", f"CREATE ROLE {office} NOLOGIN"),
        ("", f"CREATE ROLE {reading} NOLOGIN"),
        ("", f"CREATE DATABASE {name} OWNER {office} ENCODING 'UTF8' TEMPLATE template0"),
        ("", f"REVOKE ALL ON DATABASE {name} FROM PUBLIC"),
        ("", f"GRANT CONNECT, TEMPORARY ON DATABASE {name} TO {office}"),
        ("", f"GRANT CONNECT ON DATABASE {name} TO {reading}"),
        (name, f"ALTER SCHEMA public OWNER TO {office}"),
        # the search's trigram indexes (migration 0012): created here by the administrator, so the
        # office role need not be allowed to; optional (see setup)
        (name, TRIGRAMS),
        (name, "REVOKE ALL ON SCHEMA public FROM PUBLIC"),
        (name, f"GRANT USAGE ON SCHEMA public TO {reading}"),
        # the tables are created (by regiodesk, as the office role) after this: readers may read them
        (
            name,
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {office} IN SCHEMA public "
            f"GRANT SELECT ON TABLES TO {reading}",
        ),
    ]
    for login in staff:
        statements += [("", f"CREATE ROLE {login} LOGIN"), ("", f"GRANT {office} TO {login}")]
    for login in readers:
        statements += [("", f"CREATE ROLE {login} LOGIN"), ("", f"GRANT {reading} TO {login}")]
    return statements


def _try_trigrams(connection) -> str:
    """Create ``pg_trgm`` in the new database; '' if done, else the server's reason (setup goes on)."""
    from sqlalchemy.exc import DBAPIError

    try:
        connection.exec_driver_sql(TRIGRAMS)
    except DBAPIError as error:
        return str(error.orig).strip().splitlines()[0]
    return ""


def _names(text: str) -> list[str]:
    names = [part.strip() for part in text.split(",") if part.strip()]
    for name in names:
        if not _NAME.match(name):
            raise DomainError(
                tr(
                    "„{name}“ taugt nicht als Name auf dem Server: bitte nur Kleinbuchstaben, Ziffern und _ "
                    "(höchstens 41 Zeichen, zuerst ein Buchstabe). Nichts wurde angelegt.",
                    name=name,
                )
            )
    return names


def setup(args: argparse.Namespace) -> int:
    """`server setup --name N [--staff a,b] [--readers c]` with --db the administrator's connection."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import DBAPIError

    from regiodesk.db.database import Database
    from regiodesk.db.server import connect, connect_args, connection_refusal

    admin = db_location(args)
    if not isinstance(admin, str):
        raise DomainError(
            tr("„server setup“ braucht mit --db die Verwaltungsverbindung zum Server (postgresql://…).")
        )
    [name] = _names(args.name) or [""]
    staff, readers = _names(args.staff), _names(args.readers)
    engine = connect(admin)
    url = make_url(engine.url).set(database=name)
    try:
        with engine.connect() as connection:
            exists = connection.exec_driver_sql(
                "SELECT 1 FROM pg_database WHERE datname = %(name)s", {"name": name}
            ).first()
        if exists:
            raise DomainError(
                tr("Die Datenbank „{name}“ gibt es auf dem Server schon; nichts wurde angelegt.", name=name)
            )
        statements = setup_statements(name, staff, readers)
        done: list[str] = []
        without_trigrams = ""
        try:
            # CREATE DATABASE cannot run in a transaction: each statement on its own, in order
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                for where, sql in statements:
                    if where == "":
                        connection.exec_driver_sql(sql)
                        done.append(sql)
            # the administrator's password (typed, keyring) is never in the URL: handed over again
            inside = create_engine(url, isolation_level="AUTOCOMMIT", connect_args=connect_args(admin))
            try:
                with inside.connect() as connection:
                    for where, sql in statements:
                        if where and sql == TRIGRAMS:
                            without_trigrams = _try_trigrams(connection)
                        elif where:
                            connection.exec_driver_sql(sql)
            finally:
                inside.dispose()
        except DBAPIError as error:
            raise DomainError(
                tr(
                    "Die Einrichtung auf dem Server schlug fehl: {error}. Schon angelegt: {done}",
                    error=str(error.orig).strip().splitlines()[0],
                    done="; ".join(done) or "nichts",
                )
            ) from None
    finally:
        engine.dispose()
    # the tables, created as the office role so that every member may change them later
    schema_url = url.render_as_string(hide_password=False)
    try:
        Database.open(schema_url, device_id="server-setup").close()
    except DBAPIError as error:
        raise DomainError(connection_refusal(schema_url, error)) from None
    print(tr("Datenbank „{name}“ eingerichtet.", name=name))
    print(
        tr(
            "Team (darf ändern): Rolle {role}: {logins}",
            role=f"{name}_office",
            logins=", ".join(staff) or "–",
        )
    )
    print(tr("Nur lesen: Rolle {role}: {logins}", role=f"{name}_readonly", logins=", ".join(readers) or "–"))
    if without_trigrams:
        print(
            tr(
                "Hinweis: Die Erweiterung pg_trgm fehlt auf dem Server ({error}); die Suche geht, liest "
                "aber bei jeder Eingabe alle Einträge. Abhilfe: das Paket postgresql-contrib installieren "
                "und „CREATE EXTENSION pg_trgm;“ in der Datenbank ausführen (siehe docs/server.md).",
                error=without_trigrams,
            )
        )
    print(
        tr(
            "Passwörter setzt die Verwaltung auf dem Server (psql: \\password NAME); jede Person trägt ihres "
            "in ihre Datei .pgpass ein, nie in regiodesk."
        )
    )
    return EXIT_OK
