"""regiodesk: the working tool of a regional management office (LEADER, ILE, Regionalmanagement)."""

__version__ = "0.1.0"
