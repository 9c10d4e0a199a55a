"""Length-preserving text folding, so that matches found on folded text map
straight back to offsets in the draft the agent wrote."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

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
}


@lru_cache(maxsize=4096)
def _fold_char(ch: str, strip_accents: bool) -> str:
    if ch in _PUNCT_FOLD:
        return _PUNCT_FOLD[ch]
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


def fold(text: str, strip_accents: bool = False) -> str:
    """Lower-case `text` one character at a time, folding curly apostrophes and
    no-break spaces, and (optionally) accents and Greek final sigma.

    The result always has exactly the length of `text`.
    """
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(ch, strip_accents) for ch in text)
