"""Tokens a rewrite must never lose: amounts, numbers, ids, dates, times,
e-mail addresses, URLs and capitalised names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .spans import SpanSet
from .textnorm import starts_sentence

_CURRENCY_SYMBOLS = "€$£¥₹₽₩¢"
_CURRENCY_WORDS = (
    r"eur|euro|euros|usd|gbp|dollars?|pounds?|bgn|лв\.?|лева|лев|евро|eiro|ευρώ|ευρω|"
    r"元|块|塊|人民币|人民幣|rmb|cny"
)

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("url", re.compile(r"\b(?:https?://|www\.)[^\s<>\"']+[^\s<>\"'.,;:!?)\]]", re.I)),
    ("email", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")),
    (
        "amount",
        re.compile(
            rf"[{_CURRENCY_SYMBOLS}]\s?\d[\d.,\u00a0 ]*\d|[{_CURRENCY_SYMBOLS}]\s?\d"
            rf"|\d[\d.,\u00a0]*\s?(?:[{_CURRENCY_SYMBOLS}]|(?:{_CURRENCY_WORDS})(?![\w]))",
            re.I,
        ),
    ),
    ("id", re.compile(r"#\w+|\b[A-Za-z]+(?:[-_/][A-Za-z0-9]+)*[-_/]?\d[\w-]*\b|\b\d+[A-Za-z]+\d*\b")),
    ("date", re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b")),
    ("time", re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b")),
    ("number", re.compile(r"[０-９\d]+(?:[.,][０-９\d]+)*")),
]

_DIGIT = re.compile(r"\d")  # amounts, dates, times, numbers and most ids need one

# Words capitalised for grammar or courtesy, not because they name someone:
# the English "I", and the polite "you" that bg, lv, el and de capitalise.
_NOT_NAMES = frozenset(
    "i i'm i've i'll i'd ok okay hi hello dear thanks thank please sorry "
    "вие ви вас ваш ваша ваше ваши вашия вашият вашата вашето вашите "
    "jūs jums jūsu jūsus jūsos jūsē jus jusu "
    "εσείς εσάς σας "
    "sie ihr ihre ihnen ihren ihrem ihrer".split()
)

# A capitalised word ends where CJK text begins ("XL码" is not a name "XL码…").
_CJK = "\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af"
_CAP_WORD = re.compile(rf"(?<![^\W{_CJK}])[^\W\d_{_CJK}](?:(?![{_CJK}])[\w'’-])*", re.U)


@dataclass(frozen=True)
class Entity:
    kind: str
    start: int
    end: int
    text: str


def find_entities(text: str, names: bool = True) -> list[Entity]:
    """Protected tokens of `text`, longest first where they overlap, in text order."""
    taken = SpanSet()
    found: list[Entity] = []
    # Most drafts hold no digit, "@", "#" or "://": skip the patterns that need one.
    digit = _DIGIT.search(text) is not None
    possible = {
        "url": "://" in text or "www." in text.lower(),
        "email": "@" in text,
        "id": digit or "#" in text,
    }
    for kind, pattern in _PATTERNS:
        if not possible.get(kind, digit):
            continue
        for m in pattern.finditer(text):
            a, b = m.span()
            if a < b and taken.add_if_free(a, b):
                found.append(Entity(kind, a, b, m.group().strip()))
    if names:
        capitalised = [m for m in _CAP_WORD.finditer(text) if m.group()[0].isupper()]
        capitalised = [m for m in capitalised if m.group().lower() not in _NOT_NAMES]
        if capitalised and not _shouting(text):  # in an all-caps draft capitals say nothing about names
            for m in capitalised:
                a, b = m.span()
                if taken.overlaps(a, b) or starts_sentence(text, a):
                    continue
                taken.add(a, b)
                found.append(Entity("name", a, b, m.group()))
    found.sort(key=lambda e: e.start)
    return found


def _shouting(text: str) -> bool:
    """More than 10 letters, over 70 % of them capitals."""
    letters = "".join(filter(str.isalpha, text))
    return len(letters) > 10 and sum(map(str.isupper, letters)) > 0.7 * len(letters)


def lost_entities(original: str, rewritten: str, names: bool = True) -> list[Entity]:
    """Protected tokens of `original` that no longer appear in `rewritten`."""
    return [e for e in find_entities(original, names) if e.text not in rewritten]
