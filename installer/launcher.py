"""Entry point of the frozen program: the same as the ``regiodesk`` command."""

import sys

from regiodesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
