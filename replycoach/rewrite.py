"""From matches to suggestions (Jinja2 phrasebook templates), and from
suggestions to a rewritten draft."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import jinja2
from jinja2.sandbox import SecurityError

from .entities import Entity
from .matching import Match
from .model import severity_rank
from .packs import Pack
from .templating import make_environment
from .textnorm import starts_sentence, to_traditional

_SPACES = re.compile(r"\s+")


class Renderer:
    """Renders one pack's phrasebook entries for its matches."""

    def __init__(self, pack: Pack, lemmatize: Callable[[str], str]) -> None:
        env = make_environment(lemmatize)
        self.pack = pack
        self._slots = {r.id: r.slots for r in pack.rules}
        self._templates = {key: env.from_string(pack.phrasebook.source(key)) for key in pack.phrasebook.entries}

    def render(self, match: Match, text: str, entities: list[Entity], traditional: bool = False) -> str | None:
        """The replacement for `text[match.start:match.end]`, or None when no safe one exists."""
        rule = match.rule
        if rule.phrase is None:
            return None
        values: dict[str, object] = {name: "" for name in self._slots[rule.id]}
        for name, (a, b) in match.slots.items():
            values[name] = text[a:b]
        values["match"] = text[match.start : match.end]
        values["tables"] = self.pack.phrasebook.tables
        try:
            out = self._templates[rule.phrase].render(values)
        except (jinja2.TemplateError, SecurityError, TypeError, ValueError, KeyError):
            return None  # e.g. a form missing from a table: no suggestion beats a broken one
        out = _SPACES.sub(" ", out).strip()  # templates and helper macros may spread over lines
        if traditional:  # answer a traditional-Chinese draft in traditional characters
            out = to_traditional(out)
        if out and starts_sentence(text, match.start):
            out = out[0].upper() + out[1:]
        # Safety net: never drop an amount, id, date, e-mail, URL or name.
        for ent in entities:
            if match.start <= ent.start and ent.end <= match.end and ent.text not in out:
                return None
        return out


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    replacement: str
    severity: str


def choose_edits(edits: list[Edit]) -> list[Edit]:
    """Non-overlapping edits, the most severe and then the longest first."""
    chosen: list[Edit] = []
    for e in sorted(edits, key=lambda e: (-severity_rank(e.severity), -(e.end - e.start), e.start)):
        if all(e.end <= c.start or e.start >= c.end for c in chosen):
            chosen.append(e)
    return sorted(chosen, key=lambda e: e.start)


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits, tidying spaces and capitals where a phrase was removed."""
    out = text
    for e in sorted(choose_edits(edits), key=lambda e: e.start, reverse=True):
        left, right = out[: e.start], out[e.end :]
        rep = e.replacement
        if rep == "":
            if left.endswith((" ", "\t")) and (right[:1] in (" ", "\t", ",", ".", ";", ":", "!", "?") or not right):
                left = left.rstrip(" \t")
            if left.endswith(".") and right.startswith("."):  # "on 12.05., as I said." → "on 12.05."
                right = right[1:]
            if starts_sentence(text, e.start):
                stripped = right.lstrip(" \t")
                if stripped[:1].isalpha():
                    right = right[: len(right) - len(stripped)] + stripped[0].upper() + stripped[1:]
        out = left + rep + right
    return out
