"""Required literals of a pattern, and the prefilter that uses them.

A pattern's *covers* are sets of strings such that every match of the pattern
contains at least one string of each set (a conjunction of disjunctions):
`\\byou (?:still )?owe\\b` has the covers {"you "} and {"owe"}. A pattern runs
only on drafts whose folded text satisfies all of its covers; most drafts are
clean and skip most patterns. The analysis is conservative: what it does not
understand gives no cover, and a pattern with no cover runs on every draft.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import ahocorasick
import regex

from .textnorm import CharTable

try:  # the standard library's regular-expression parser (stable API since 3.11 under this name)
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older layouts
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

Cover = frozenset[str]
Covers = tuple[Cover, ...]
_NAMED_GROUP = re.compile(r"\(\?P<[A-Za-z_]\w*>")
_MAX_CLASS = 6  # a character class of up to this many literal characters becomes a cover
_MAX_STRINGS = 64  # the most strings one cover may hold
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None))
_LINE_STARTS = (C.AT_BEGINNING, C.AT_BEGINNING_LINE, C.AT_BEGINNING_STRING)
_LINE_ENDS = (C.AT_END, C.AT_END_LINE, C.AT_END_STRING)
# A literal that starts (ends) with EDGE is preceded (followed) in every match
# by a character that is not a word character, or by the start (end) of the
# draft: "\x00u\x00" is the word "u" (from \bu\b), not the "u" of "thank you".
EDGE = "\x00"
_WORD = regex.compile(r"\w")  # the `regex` module's own idea of a word character, as \b uses it


def _score(cover: Cover) -> tuple[int, int]:
    """Prefer covers whose shortest string is longest, then fewer strings."""
    return (min(len(s) for s in cover), -len(cover))


def _rank(cover: Cover) -> tuple[tuple[int, int], list[str]]:
    """`_score`, ties broken by the literals themselves (the same order on every run)."""
    return (_score(cover), sorted(cover))


def _best(candidates: Sequence[Cover]) -> Cover | None:
    return max(candidates, key=_rank) if candidates else None


def _exact(op: Any, av: Any) -> set[str] | None:
    """The strings one parsed item matches, when it is a small finite set of
    literals (a literal, a short class of literals, a group or alternation of
    such); else None."""
    if op is C.LITERAL:
        return {chr(av)}
    if op is C.IN and len(av) <= _MAX_CLASS and all(o is C.LITERAL for o, _ in av):
        return {chr(v) for _, v in av}
    if op is C.SUBPATTERN:
        return _exact_seq(av[-1])
    if op is C.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            strings = _exact_seq(branch)
            if strings is None:
                return None
            out |= strings
        return out if len(out) <= _MAX_STRINGS else None
    return None


def _exact_seq(items: Any) -> set[str] | None:
    out = {""}
    for op, av in items:
        strings = _exact(op, av)
        if strings is None or len(out) * len(strings) > _MAX_STRINGS:
            return None
        out = {a + b for a in out for b in strings}
    return out


def _conjuncts(items: Any) -> list[Cover]:
    """Covers that every match of the parsed sequence `items` satisfies, all at
    once. Adjacent literal parts are joined ("т" then [ие] gives {"ти", "те"})."""
    out: list[Cover] = []
    run: set[str] = set()
    run_left: str | None = None  # the edge before the run: "b" (\b) or "line" (^), or None
    left: str | None = None  # an edge seen since the last item, for the next run to start with
    right: str | None = None  # an edge right after the run's last item

    def flush() -> None:
        nonlocal right
        if run:
            out.append(frozenset(_with_edges(run, run_left, right)))
            run.clear()
        right = None

    for op, av in items:
        if op is C.AT:  # zero-width: the literals around stay adjacent, and an edge is recorded
            if av is C.AT_BOUNDARY:
                left = "b"
                right = "b" if run else None
            elif av in _LINE_STARTS:
                left = "line"
            elif av in _LINE_ENDS and run:
                right = "line"
            continue
        if op is C.ASSERT_NOT:  # zero-width
            continue
        if op is C.ASSERT:  # a positive look-around: zero-width, and its text is in the draft
            out += _conjuncts(av[1])
            continue
        strings = _exact(op, av)
        if strings is not None and "" not in strings:
            product = {a + b for a in run or {""} for b in strings}
            if len(product) <= _MAX_STRINGS:
                if not run:
                    run_left = left
                run.clear()
                run.update(product)
                left = right = None  # an edge inside a run says nothing more
                continue
        flush()
        if strings is not None and "" not in strings:
            run.update(strings)
            run_left, left = left, None
            continue
        left = None
        if op is C.SUBPATTERN:
            out += _conjuncts(av[-1])
        elif op is C.ATOMIC_GROUP:
            out += _conjuncts(av)
        elif op is C.BRANCH:
            branches = [_best(_conjuncts(b)) for b in av[1]]
            if all(branches):
                out.append(frozenset().union(*branches))  # type: ignore[arg-type]
        elif op in _REPEATS:
            lo, _hi, sub = av
            if lo >= 1:
                out += _conjuncts(sub)
    flush()
    return out


def _with_edges(strings: set[str], left: str | None, right: str | None) -> set[str]:
    """Mark word edges on literals with EDGE: at \\b next to a word character
    (the character beyond is then not one), at ^ or $ always."""
    out = set()
    for s in strings:
        if left == "line" or (left == "b" and _WORD.match(s[0])):
            s = EDGE + s
        if right == "line" or (right == "b" and _WORD.match(s[-1])):
            s += EDGE
        out.add(s)
    return out


# Syntax the `regex` module reads one way and the standard parser another (or
# as plain characters): POSIX and nested classes, fuzzy matching {e<=1}.
_REGEX_MODULE_ONLY = re.compile(r"\[[\[:]|\{[^}]*[A-Za-z][^}]*\}")


def regex_covers(source: str) -> Covers:
    """Covers (lower case) of a regular expression; () when none can be proved.
    The standard library's parser reads the source; what only the `regex`
    module understands, or what it fails to parse, gives ()."""
    if _REGEX_MODULE_ONLY.search(source):
        return ()
    try:
        parsed = sre_parse.parse(_NAMED_GROUP.sub("(", source), re.IGNORECASE)
    except (re.error, RecursionError, OverflowError, ValueError):
        return ()
    return _normal(_conjuncts(parsed))


# spaCy token attributes whose values stand in the text as written (NORM and
# LEMMA do not: spaCy's norm of "n't" is "not"), so they can give literals.
_SURFACE_KEYS = ("ORTH", "TEXT", "LOWER")


def token_covers(tokens: Sequence[dict[str, Any]]) -> Covers:
    """Covers of a spaCy token pattern: the surface values of each token that
    every match contains (OP absent or "+")."""
    out: list[Cover] = []
    for tok in tokens:
        if tok.get("OP") not in (None, "+"):
            continue
        for key in _SURFACE_KEYS:
            value = tok.get(key)
            if isinstance(value, str) and value:
                out.append(frozenset({value}))
            elif isinstance(value, dict) and isinstance(value.get("IN"), list) and value["IN"]:
                if all(isinstance(v, str) and v for v in value["IN"]):
                    out.append(frozenset(value["IN"]))
    return _normal(out)


def _normal(covers: Sequence[Cover]) -> Covers:
    """Lower-cased, without empty strings or repeats, the most selective first."""
    out = {frozenset(s.lower() for s in c) for c in covers if c and all(c)}
    return tuple(sorted(out, key=_rank, reverse=True))


def _worth_scanning(covers: Covers) -> set[Cover]:
    """Covers with a one-character literal (a space, "т", "u") hold in almost
    every draft and make the scan report every occurrence: leave them out
    when the pattern has a better cover."""
    better = {c for c in covers if min(len(s.strip(EDGE)) for s in c) > 1}
    return better or set(covers)


class Prefilter:
    """Which of a list of patterns can match a folded draft.

    `requirements[i]` are the covers of pattern i (from `regex_covers` or
    `token_covers`, plus any declared triggers). One Aho-Corasick pass
    (pyahocorasick) over the draft ORs together, for each literal found (with
    the word edges its EDGE marks ask for), the bits of the covers it belongs
    to; a pattern is a candidate when all of its covers' bits are set.
    Patterns without covers always are.
    """

    def __init__(self, requirements: Sequence[Covers]) -> None:
        bits: dict[Cover, int] = {}
        self._required: list[int] = []
        for covers in requirements:
            mask = 0
            for cover in _worth_scanning(covers):
                mask |= bits.setdefault(cover, 1 << len(bits))
            self._required.append(mask)
        # literal as scanned → bits when found: anywhere, after an edge, before one, between two
        by_literal: dict[str, list[int]] = {}
        for cover, bit in bits.items():
            for literal in cover:
                raw = literal.strip(EDGE)
                edges = literal.startswith(EDGE) | literal.endswith(EDGE) << 1
                by_literal.setdefault(raw, [0, 0, 0, 0])[edges] |= bit
        self._automaton: Any = None
        if by_literal:
            self._automaton = ahocorasick.Automaton()
            for raw, masks in by_literal.items():
                value = masks[0] if not any(masks[1:]) else (len(raw), *masks)
                self._automaton.add_word(raw, value)
            self._automaton.make_automaton()

    def candidates(self, folded: str) -> list[int]:
        """Indexes (ascending) of the patterns that can match the folded draft."""
        found = 0
        if self._automaton is not None:
            last = len(folded) - 1
            for end, value in self._automaton.iter(folded):
                if value.__class__ is int:
                    found |= value
                    continue
                size, anywhere, after, before, between = value
                start = end - size + 1
                edge_before = start == 0 or _NOT_WORD[folded[start - 1]]
                edge_after = end == last or _NOT_WORD[folded[end + 1]]
                found |= anywhere | (after if edge_before else 0) | (before if edge_after else 0)
                if edge_before and edge_after:
                    found |= between
        return [i for i, required in enumerate(self._required) if required & found == required]


_NOT_WORD = CharTable(lambda ch: _WORD.match(ch) is None)  # not a word character, as \b sees it
