"""Developer tool: write a new Alembic migration from the difference models ↔ schema.

    python -m regiodesk.db.revision 0002 "what changes and why"

Then add the revision id to ``regiodesk.db.schema.REVISIONS`` (a test checks both
agree) and read the generated script before committing it.
"""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    rev_id, message = argv
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    engine = create_engine("sqlite://")
    with engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", "regiodesk.db:migrations")
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        command.revision(config, message=message, autogenerate=True, rev_id=rev_id)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
