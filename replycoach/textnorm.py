"""Length-preserving text folding, so that matches found on folded text map
straight back to offsets in the draft the agent wrote."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")

# Apostrophes and quotes that hasty or word-processed drafts use interchangeably.
_PUNCT_FOLD = {
    "\u2019": "'",  # right single quotation mark (curly apostrophe)
    "\u2018": "'",
    "\u02bc": "'",  # modifier letter apostrophe
    "\u00b4": "'",
    "`": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u00a0": " ",  # no-break space
    "\u202f": " ",
    "\u2009": " ",
    "\u3000": " ",  # ideographic space
    "\uffe5": "¥",  # full-width yen sign
}


@lru_cache(maxsize=4096)
def _fold_char(ch: str, strip_accents: bool) -> str:
    if ch in _PUNCT_FOLD:
        return _PUNCT_FOLD[ch]
    if "\uff01" <= ch <= "\uff5e":  # full-width ASCII (，！？０-９Ａ-Ｚ) → ASCII
        ch = chr(ord(ch) - 0xFEE0)
    low = ch.lower()
    if len(low) != 1:  # e.g. "İ" lowers to two code points: keep the length
        low = ch
    if strip_accents and not low.isascii():
        base = unicodedata.normalize("NFD", low)[0]
        if not unicodedata.combining(base):
            low = base
        if low == "ς":
            low = "σ"
    return low


class CharTable(dict[K, V]):
    """A per-character table filled on first sight by `compute` (usable as a
    `str.translate` table when keyed by code point). Bounded: a draft of every
    code point cannot grow it without limit."""

    def __init__(self, compute: Callable[[K], V], limit: int = 20_000) -> None:
        super().__init__()
        self._compute = compute
        self._limit = limit

    def __missing__(self, key: K) -> V:
        out = self._compute(key)
        if len(self) < self._limit:
            self[key] = out
        return out


_FOLD_TABLES = {flag: CharTable(lambda code, flag=flag: _fold_char(chr(code), flag)) for flag in (False, True)}

_SENTENCE_ENDS = frozenset(".!?。！？…\n")
_CLAUSE_MARKS = frozenset(",;:、，；：")


def starts_sentence(text: str, pos: int) -> bool:
    """True when `pos` opens a sentence: only spaces, quotes, brackets, emoji or
    other symbols stand between it and the start of the text, a line break, or
    . ! ? (and their CJK forms)."""
    i = pos
    while i > 0:
        ch = text[i - 1]
        if ch in _SENTENCE_ENDS:
            return True
        if ch.isalnum() or ch in _CLAUSE_MARKS:
            return False
        i -= 1
    return True


def strip_marks(text: str) -> str:
    """Remove diacritics and fold Greek final ς one character at a time, keeping
    case ("Jūs" → "Jus", "ΈΧΕΤΕ" → "ΕΧΕΤΕ"): what `fold(strip_accents=True)`
    does to a draft, done to the regex sources of such packs, whose escapes
    (\\D, \\S) must keep their case."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[0] if not ch.isascii() else ch
        base = base if not unicodedata.combining(base) else ch
        out.append("σ" if base == "ς" else base)
    return "".join(out)


def fold(text: str, strip_accents: bool = False, traditional: bool = False) -> str:
    """Lower-case `text` one character at a time, folding curly apostrophes,
    no-break and ideographic spaces and full-width ASCII, and (optionally)
    accents and Greek final sigma, and traditional Chinese characters to
    simplified ones.

    The result always has exactly the length of `text`.
    """
    if text.isascii():
        low = text.lower()
        return low.replace("`", "'") if "`" in low else low
    folded = text.translate(_FOLD_TABLES[strip_accents])
    if traditional:
        folded = to_simplified(folded)
    return folded


@lru_cache(maxsize=3)
def _opencc(config: str):
    import opencc

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Traditional → simplified Chinese (OpenCC t2s), keeping the length: where
    a phrase conversion would change it, characters are converted one by one."""
    out = _opencc("t2s").convert(text)
    if len(out) == len(text):
        return out
    chars = [_opencc("t2s").convert(ch) for ch in text]
    return "".join(c if len(c) == 1 else ch for c, ch in zip(chars, text, strict=True))


def to_traditional(text: str) -> str:
    """Simplified → traditional Chinese with the characters used in Taiwan and
    Hong Kong (為, not the dictionary form 爲): what OpenCC's s2tw gives, done
    as s2t then t2tw, which load 28 MB of dictionaries where s2tw loads 43 MB."""
    return _opencc("t2tw").convert(_opencc("s2t").convert(text))


def is_traditional(text: str) -> bool:
    """True when `text` has characters that simplified Chinese writes otherwise."""
    return any("\u4e00" <= ch <= "\u9fff" for ch in text) and to_simplified(text) != text
