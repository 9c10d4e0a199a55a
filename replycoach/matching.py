"""Turning a pack's patterns into matches over a draft.

Regular expressions run over the folded draft (same length as the draft, so
offsets carry over). Token patterns run through spaCy's Matcher over a blank
pipeline whose normalizer sets folded NORM and simplemma LEMMA. spaCy is
imported and built only when a pack with token patterns first runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import regex

from .errors import PackError
from .literals import Covers, Prefilter
from .packs import REGEX_FLAGS, Pack, PatternSpec, Rule
from .spans import SpanSet
from .textnorm import fold

REGEX_TIMEOUT_S = 0.5  # a pack's regex that runs longer than this on one draft is stopped
_FOLDED_KEYS = ("NORM", "LEMMA")


@dataclass
class Match:
    rule: Rule
    start: int
    end: int
    slots: dict[str, tuple[int, int]] = field(default_factory=dict)


def _fold_value(value: Any, pack: Pack) -> Any:
    if isinstance(value, str):
        return fold(value, pack.strip_accents, pack.fold_traditional)
    if isinstance(value, list):
        return [_fold_value(v, pack) for v in value]
    if isinstance(value, dict):
        return {k: (_fold_value(v, pack) if k in ("IN", "NOT_IN", "==", "!=") else v) for k, v in value.items()}
    return value


_ESCAPES = regex.compile(r"\\[^pPN]|\(\?P[<=][^>)]*[>)]", regex.S)


def _compile(source: str) -> regex.Pattern[str]:
    """Compile a pack's regex for the folded draft. The draft is already lower
    case, so a pattern without capital letters of its own (escapes like \\S and
    group names aside; \\p{Lu} counts) matches the same without IGNORECASE, and
    about a fifth faster."""
    letters = _ESCAPES.sub("", source)
    flags = REGEX_FLAGS if letters != letters.lower() else REGEX_FLAGS & ~regex.IGNORECASE
    return regex.compile(source, flags)


def _segments(text: str) -> list[tuple[int, str]]:
    """Lines of `text` with their offsets; token patterns never span a line."""
    out: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, line))
        pos += len(line) + 1
    return out


class PackMatcher:
    """All of one pack's patterns, compiled."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self._regexes: list[tuple[Rule, regex.Pattern[str]]] = []
        self._anti_regexes: dict[str, list[regex.Pattern[str]]] = {}
        self._token_specs: dict[str, tuple[Rule, bool, PatternSpec]] = {}
        self._token_anti_rules: set[str] = set()
        # The prefilter sees the regexes first, then the token patterns: a
        # candidate index at or past len(self._regexes) means spaCy must run.
        regex_requirements: list[Covers] = []
        token_requirements: list[Covers] = []
        for rule in pack.rules:
            for spec in rule.patterns:
                if spec.kind == "regex":
                    self._regexes.append((rule, _compile(spec.regex)))
                    regex_requirements.append(self._folded_covers(spec.covers))
                else:
                    self._token_specs[f"{rule.id}|pat|{spec.field}"] = (rule, False, spec)
                    token_requirements.append(self._folded_covers(spec.covers))
            for spec in rule.antipatterns:
                if spec.kind == "regex":
                    self._anti_regexes.setdefault(rule.id, []).append(_compile(spec.regex))
                else:
                    self._token_specs[f"{rule.id}|anti|{spec.field}"] = (rule, True, spec)
                    self._token_anti_rules.add(rule.id)
        self.prefilter = Prefilter(regex_requirements + token_requirements)
        self._nlp = None
        self._matcher = None
        if any(not rule.shipped for rule, _anti, _spec in self._token_specs.values()):
            self._build_spacy()  # validates the token patterns: a broken one fails at load

    def prepare(self) -> None:
        """Build now what is otherwise built on first need (the spaCy pipeline)."""
        if self._token_specs and self._matcher is None:
            self._build_spacy()

    def _build_spacy(self) -> None:
        """Import spaCy (about 1 s), build the blank pipeline and compile the
        token patterns with validation. Shipped packs build it when a token
        rule is first in play; other packs at load."""
        import spacy
        from spacy.errors import MatchPatternError
        from spacy.matcher import Matcher

        from . import lemmas  # noqa: F401  (registers the normalizer factory)

        lang = self.pack.lang
        nlp = spacy.blank(lang)
        nlp.add_pipe(
            "replycoach_normalizer",
            config={
                "lemma_lang": lang if self._uses_lemma_attribute() else "",
                "strip_accents": self.pack.strip_accents,
                "traditional": self.pack.fold_traditional,
            },
        )
        matcher = Matcher(nlp.vocab, validate=True)
        for key, (rule, _anti, spec) in self._token_specs.items():
            tokens = [
                {k: (_fold_value(v, self.pack) if k in _FOLDED_KEYS else v) for k, v in tok.items()}
                for tok in spec.tokens
            ]
            try:
                matcher.add(key, [tokens])
            except (MatchPatternError, ValueError) as exc:
                detail = " ".join(str(exc).split())
                detail = detail.split("Pattern 0: ", 1)[-1]
                raise PackError(
                    rule.file, f"token pattern invalid: {detail}", rule_id=rule.id, field=spec.field, line=rule.line
                ) from None
        self._nlp = nlp
        self._matcher = matcher

    def _folded_covers(self, covers: Covers) -> Covers:
        """Covers folded the way drafts are (a literal inside a match is folded too)."""
        pack = self.pack
        return tuple(frozenset(fold(s, pack.strip_accents, pack.fold_traditional) for s in c) for c in covers)

    def _uses_lemma_attribute(self) -> bool:
        """Lemmas cost a dictionary per language (tens of MB): set them only
        when the pack allows them and a token pattern matches on LEMMA."""
        return self.pack.lemmas and any(
            "LEMMA" in tok for _rule, _anti, spec in self._token_specs.values() for tok in spec.tokens
        )

    def lemmatize(self, word: str) -> str:
        if not self.pack.lemmas:
            return word
        from .lemmas import lemma_of

        return lemma_of(word.lower(), self.pack.lang)

    def find(self, text: str, problems: list[str] | None = None, prefilter: bool = True) -> list[Match]:
        """Every match of every rule, antipatterns applied, overlaps within a rule resolved.

        Only patterns whose literals occur in the folded draft run (the
        prefilter; `prefilter=False` runs every pattern, for tests); antipatterns
        run only for rules that matched. A pattern stopped by the regex timeout
        is reported in `problems`."""
        folded = fold(text, self.pack.strip_accents, self.pack.fold_traditional)
        n_regex = len(self._regexes)
        if prefilter:
            active = self.prefilter.candidates(folded)
        else:
            active = list(range(n_regex + len(self._token_specs)))
        matches: list[Match] = []
        for index in active:
            if index >= n_regex:
                break
            rule, pattern = self._regexes[index]
            for m in self._run(rule, pattern, folded, problems):
                slots = {name: m.span(name) for name in pattern.groupindex if m.start(name) >= 0}
                matches.append(Match(rule, m.start(), m.end(), slots))
        anti: dict[str, list[tuple[int, int]]] = {}
        matched = {m.rule.id for m in matches}
        if self._token_specs and ((active and active[-1] >= n_regex) or not self._token_anti_rules.isdisjoint(matched)):
            self.prepare()
            self._token_matches(text, matches, anti)
            matched = {m.rule.id for m in matches}
        for rule_id in matched & self._anti_regexes.keys():
            rule = next(m.rule for m in matches if m.rule.id == rule_id)
            for pattern in self._anti_regexes[rule_id]:
                anti.setdefault(rule_id, []).extend(m.span() for m in self._run(rule, pattern, folded, problems))
        kept = [m for m in matches if not any(a < m.end and m.start < b for a, b in anti.get(m.rule.id, ()))]
        return _longest_per_rule(kept)

    @staticmethod
    def _run(rule: Rule, pattern: regex.Pattern[str], folded: str, problems: list[str] | None) -> list[Any]:
        try:
            return [m for m in pattern.finditer(folded, timeout=REGEX_TIMEOUT_S) if m.end() > m.start()]
        except TimeoutError:
            if problems is not None:
                problems.append(f"{rule.id}: a pattern took over {REGEX_TIMEOUT_S}s on this draft and was stopped")
            return []

    def _token_matches(self, text: str, matches: list[Match], anti: dict[str, list[tuple[int, int]]]) -> None:
        assert self._nlp is not None and self._matcher is not None
        segments = _segments(text)
        docs = self._nlp.pipe(seg for _, seg in segments)
        vocab = self._nlp.vocab
        for (offset, _seg), doc in zip(segments, docs, strict=True):
            for match_id, start, end, alignments in self._matcher(doc, with_alignments=True):
                rule, is_anti, spec = self._token_specs[vocab.strings[match_id]]
                a = offset + doc[start].idx
                b = offset + doc[end - 1].idx + len(doc[end - 1].text)
                if is_anti:
                    anti.setdefault(rule.id, []).append((a, b))
                    continue
                slots: dict[str, tuple[int, int]] = {}
                for token, align in zip(doc[start:end], alignments, strict=True):
                    name = spec.token_slots[align]
                    if name:
                        s, e = offset + token.idx, offset + token.idx + len(token.text)
                        old = slots.get(name)
                        slots[name] = (min(s, old[0]), max(e, old[1])) if old else (s, e)
                matches.append(Match(rule, a, b, slots))


def _longest_per_rule(matches: list[Match]) -> list[Match]:
    """Within one rule, overlapping matches collapse to the longest (earliest on ties)."""
    by_rule: dict[str, list[Match]] = {}
    for m in matches:
        by_rule.setdefault(m.rule.id, []).append(m)
    out: list[Match] = []
    for group in by_rule.values():
        group.sort(key=lambda m: (-(m.end - m.start), m.start))
        taken = SpanSet()
        out.extend(m for m in group if taken.add_if_free(m.start, m.end))
    out.sort(key=lambda m: (m.start, -m.end))
    return out
