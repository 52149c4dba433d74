"""Errors a user can cause. Each carries a German message meant to be shown as is."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the office was broken; ``str(error)`` is the German message."""


class ValidationError(DomainError):
    """One or more fields cannot be saved.

    ``errors`` maps a field name to its German message, so a form can show each
    message next to its field.
    """

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__(" ".join(self.errors.values()))

    @classmethod
    def single(cls, field: str, message: str) -> ValidationError:
        return cls({field: message})


class NotFoundError(DomainError):
    pass


class ChangedMeanwhileError(DomainError):
    """A record changed by someone else (another person on the server, the command line, sync)
    between reading and writing it: nothing of the step was written."""
