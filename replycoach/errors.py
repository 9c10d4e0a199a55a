"""Errors replycoach raises on purpose, each with a one-line message."""

from __future__ import annotations


class ReplycoachError(Exception):
    """Base class: anything replycoach refuses, with a message fit for one line."""


class PackError(ReplycoachError, ValueError):
    """A rule pack or phrasebook is malformed.

    The message names the file, the line where known, the rule id and the field.
    """

    def __init__(
        self,
        file: str,
        problem: str,
        *,
        rule_id: str | None = None,
        field: str | None = None,
        line: int | None = None,
    ) -> None:
        self.file = file
        self.problem = problem
        self.rule_id = rule_id
        self.field = field
        self.line = line
        where = file if line is None else f"{file}:{line}"
        parts = [where]
        if rule_id:
            parts.append(f"rule {rule_id}")
        if field:
            parts.append(f"field {field}")
        super().__init__(": ".join(parts) + f": {problem}")


class UnknownLanguageError(ReplycoachError, ValueError):
    """A language was forced that has no pack."""


class DraftTooLargeError(ReplycoachError, ValueError):
    """The draft is over the documented size limit."""
