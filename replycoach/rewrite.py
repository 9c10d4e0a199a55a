"""From matches to suggestions (Jinja2 phrasebook templates), and from
suggestions to a rewritten draft."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

import jinja2
from jinja2.sandbox import SecurityError

from .entities import Entity
from .matching import Match
from .model import severity_rank
from .packs import Pack
from .spans import SpanSet
from .templating import compile_entries, make_environment
from .textnorm import starts_sentence, to_traditional

_SPACES = re.compile(r"\s+")


class Renderer:
    """Renders one pack's phrasebook entries for its matches."""

    def __init__(self, pack: Pack, lemmatize: Callable[[str], str]) -> None:
        env = make_environment(lemmatize)
        self.pack = pack
        self._slots = {r.id: r.slots for r in pack.rules}
        book = pack.phrasebook
        templates = {key: entry.template for key, entry in book.entries.items()}
        self._templates = compile_entries(env, book.helpers, templates, book.tables)

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
        # Safety net: never drop an amount, id, date, e-mail, URL or name, and
        # never edit inside one that straddles the span's edge.
        i = bisect_left(entities, match.start, key=lambda e: e.start)
        if i > 0 and entities[i - 1].end > match.start:
            return None
        while i < len(entities) and entities[i].start < match.end:
            ent = entities[i]
            if ent.end > match.end or ent.text not in out:
                return None
            i += 1
        return out


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    replacement: str
    severity: str


def choose_edits(edits: list[Edit]) -> list[Edit]:
    """Non-overlapping edits, the most severe and then the longest first."""
    taken = SpanSet()
    ranked = sorted(edits, key=lambda e: (-severity_rank(e.severity), -(e.end - e.start), e.start))
    return sorted((e for e in ranked if taken.add_if_free(e.start, e.end)), key=lambda e: e.start)


# After a phrase that opened a sentence is removed, the next word gets a
# capital — only a plain lower-case word: never an e-mail, URL, id or "iPhone".
_PLAIN_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def _capitalise_head(piece: str) -> str:
    stripped = piece.lstrip(" \t")
    m = _PLAIN_WORD.match(stripped)
    if not m or not m.group().islower():
        return piece
    after, next_char = stripped[m.end() : m.end() + 1], stripped[m.end() + 1 : m.end() + 2]
    word_ends = not after or after.isspace() or (after in ",;:!?." and (not next_char or next_char.isspace()))
    if not word_ends:  # "https://…", "john@…", "v2": part of a token, not a word
        return piece
    k = len(piece) - len(stripped)
    return piece[:k] + stripped[0].upper() + stripped[1:]


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits left to right in linear time, tidying spaces
    and capitals where a phrase was removed."""
    out: list[str] = []
    pending_capital = False

    def emit(piece: str) -> None:
        nonlocal pending_capital
        if pending_capital and piece.strip(" \t"):
            piece = _capitalise_head(piece)
            pending_capital = False
        if piece:
            out.append(piece)

    pos = 0
    for e in choose_edits(edits):
        emit(text[pos : e.start])
        pos = e.end
        if e.replacement == "":
            right = text[e.end : e.end + 1]
            if out and out[-1].endswith((" ", "\t")) and (right in (" ", "\t", ",", ".", ";", ":", "!", "?", "")):
                out[-1] = out[-1].rstrip(" \t")
            if out and out[-1].endswith(".") and right == ".":  # "on 12.05., as I said." → "on 12.05."
                pos += 1
            if starts_sentence(text, e.start):
                pending_capital = True
        else:
            emit(e.replacement)
    emit(text[pos:])
    return "".join(out)
