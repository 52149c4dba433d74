"""Sitzungen: the panel of a meeting (agenda, attendance, votes, documents) and the written procedure."""
