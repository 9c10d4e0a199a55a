"""Required literals of a pattern, for the prefilter.

`regex_cover(source)` returns a set of strings such that every match of the
pattern contains at least one of them (or None when no such set can be
proved). A pack's pattern only runs on drafts that contain one of its
literals; most drafts are clean and skip most patterns. The analysis is
conservative: anything it does not understand gives None, and the pattern
then runs on every draft.
"""

from __future__ import annotations

import re
from typing import Any

try:  # the standard library's regular-expression parser (stable API since 3.11 under this name)
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older layouts
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

Cover = frozenset[str]
_NAMED_GROUP = re.compile(r"\(\?P<[A-Za-z_]\w*>")
_MAX_CLASS = 6  # a character class of up to this many literal characters becomes a cover


def _score(cover: Cover) -> tuple[int, int]:
    """Prefer covers whose shortest string is longest, then fewer strings."""
    return (min(len(s) for s in cover), -len(cover))


def _best(candidates: list[Cover]) -> Cover | None:
    return max(candidates, key=_score) if candidates else None


def _cover(items: Any) -> Cover | None:
    candidates: list[Cover] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            candidates.append(frozenset({"".join(run)}))
            run.clear()

    for op, av in items:
        if op is C.LITERAL:
            run.append(chr(av))
            continue
        flush()
        cover: Cover | None = None
        if op is C.SUBPATTERN:
            cover = _cover(av[-1])
        elif op is C.ATOMIC_GROUP:
            cover = _cover(av)
        elif op is C.BRANCH:
            branches = [_cover(b) for b in av[1]]
            if all(b is not None for b in branches):
                cover = frozenset().union(*branches)  # type: ignore[arg-type]
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
            lo, _hi, sub = av
            if lo >= 1:
                cover = _cover(sub)
        elif op is C.IN and len(av) <= _MAX_CLASS and all(o is C.LITERAL for o, _ in av):
            cover = frozenset(chr(v) for _, v in av)
        if cover:
            candidates.append(cover)
    flush()
    return _best(candidates)


def regex_cover(source: str) -> Cover | None:
    """Literals (lower case) of which every match of `source` contains one, or None."""
    try:
        parsed = sre_parse.parse(_NAMED_GROUP.sub("(", source), re.IGNORECASE)
    except (re.error, RecursionError, OverflowError, ValueError):
        return None
    cover = _cover(parsed)
    if not cover or any(not s for s in cover):
        return None
    return frozenset(s.lower() for s in cover)


# spaCy token attributes whose values stand in the text as written (NORM and
# LEMMA do not: spaCy's norm of "n't" is "not"), so they can give literals.
_SURFACE_KEYS = ("ORTH", "TEXT", "LOWER")


def token_cover(tokens: tuple[dict[str, Any], ...]) -> Cover | None:
    """Literals for a spaCy token pattern: the surface values of one token
    that every match must contain (OP absent or "+")."""
    candidates: list[Cover] = []
    for tok in tokens:
        if tok.get("OP") not in (None, "+"):
            continue
        for key in _SURFACE_KEYS:
            value = tok.get(key)
            if isinstance(value, str) and value:
                candidates.append(frozenset({value.lower()}))
            elif isinstance(value, dict) and isinstance(value.get("IN"), list) and value["IN"]:
                values = value["IN"]
                if all(isinstance(v, str) and v for v in values):
                    candidates.append(frozenset(v.lower() for v in values))
    return _best(candidates)
