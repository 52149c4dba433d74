"""Gremien: the members of a body, its composition and the member documents."""
