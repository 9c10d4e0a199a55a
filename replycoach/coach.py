"""A configured replycoach: `Coach(config=...)`.

The module-level `replycoach.check()` uses a Coach with the default
configuration; a team's Coach carries its `.replycoach.yaml`. The CLI and the
service build theirs from the same file, so results are the same everywhere.
"""

from __future__ import annotations

import re
import threading
from dataclasses import replace
from fnmatch import fnmatchcase
from pathlib import Path

import jinja2

from .config import Config, ConfigError, as_config
from .detect import detect, language_name
from .engine import MAX_DRAFT_CHARS, LanguageEngine
from .errors import DraftTooLargeError, PackError, UnknownLanguageError
from .model import CATEGORIES, Detection, Finding, Report
from .packs import Pack, Phrasebook, PhraseEntry, builtin_pack_root, entry_point_roots, languages_in, load_pack
from .rewrite import Edit
from .templating import BUILTIN_NAMES, make_environment, template_names
from .textnorm import fold

# <!-- replycoach: ignore refusal, en.debt.* --> silences those for this draft
MARKER = re.compile(r"<!--\s*replycoach\s*:\s*ignore\s+(?P<targets>[^>]*?)\s*-->[ \t]*\n?", re.I)


def _matches(target: str, rule_id: str, category: str) -> bool:
    return target == category or fnmatchcase(rule_id, target)


class Coach:
    """Packs, configuration and engines for checking drafts. Thread-safe."""

    def __init__(self, config: Config | str | Path | dict | None = None, check_examples: bool = True) -> None:
        self.config = as_config(config)
        self._check_examples = check_examples
        self.roots: tuple[Path, ...] = (builtin_pack_root(), *self.config.packs, *entry_point_roots())
        self._langs = languages_in(self.roots)
        self._packs: dict[str, Pack] = {}
        self._engines: dict[str, LanguageEngine] = {}
        self._lock = threading.RLock()
        self._known_targets: dict[str, bool] = {}
        self._validate()

    # ------------------------------------------------------------------ configuration

    def languages(self) -> list[str]:
        allowed = self.config.languages
        return [lang for lang in self._langs if allowed is None or lang in allowed]

    def _validate(self) -> None:
        cfg = self.config
        for i, code in enumerate(cfg.languages or []):
            if code not in self._langs:
                raise ConfigError(
                    cfg.source, f"languages[{i}]", f"no pack for {code!r} (packs: {', '.join(self._langs)})"
                )
        for key, targets in (("enable", cfg.enable or []), ("disable", cfg.disable), ("severity", list(cfg.severity))):
            for i, target in enumerate(targets):
                where = f"severity.{target}" if key == "severity" else f"{key}[{i}]"
                if not self._names_rules(target):
                    raise ConfigError(cfg.source, where, f"{target!r} is neither a category nor matches any rule id")
        for lang in cfg.allow:
            if lang != "*" and lang not in self._langs:
                raise ConfigError(cfg.source, f"allow.{lang}", f"no pack for {lang!r}")
        for lang in cfg.phrasebook:
            if lang not in self._langs:
                raise ConfigError(cfg.source, f"phrasebook.{lang}", f"no pack for {lang!r}")
            self.pack(lang)  # validates the overriding templates

    def _names_rules(self, target: str) -> bool:
        """True when `target` is a category or a rule-id glob matching some rule (cached)."""
        if target in CATEGORIES:
            return True
        with self._lock:
            if target not in self._known_targets:
                self._known_targets[target] = any(_matches(target, r.id, r.category) for r in self._rules_for(target))
            return self._known_targets[target]

    def _rules_for(self, target: str):
        lang = target.split(".", 1)[0]
        langs = [lang] if lang in self._langs else list(self._langs)
        for code in langs:
            yield from load_pack(code, roots=self._langs[code]).rules

    def pack(self, lang: str) -> Pack:
        """The language's pack with this configuration applied."""
        with self._lock:
            if lang not in self._packs:
                self._packs[lang] = self._configure(load_pack(lang, roots=self._langs[lang]))
            return self._packs[lang]

    def _configure(self, pack: Pack) -> Pack:
        cfg = self.config
        rules = []
        for rule in pack.rules:
            if cfg.enable is not None and not any(_matches(t, rule.id, rule.category) for t in cfg.enable):
                continue
            if any(_matches(t, rule.id, rule.category) for t in cfg.disable):
                continue
            severity = rule.severity
            for target, level in sorted(cfg.severity.items(), key=lambda kv: kv[0] not in CATEGORIES):
                if _matches(target, rule.id, rule.category):
                    severity = level  # categories first, then the more specific rule globs
            rules.append(replace(rule, severity=severity))
        book = pack.phrasebook
        overrides = cfg.phrasebook.get(pack.lang, {})
        if overrides:
            entries = dict(book.entries)
            env = make_environment()
            for key, template in overrides.items():
                where = f"phrasebook.{pack.lang}.{key}"
                if key not in entries:
                    raise ConfigError(cfg.source, where, f"no entry {key!r} in {book.file}")
                try:
                    names = frozenset(template_names(env, template, book.helpers))
                except jinja2.TemplateSyntaxError as exc:
                    raise ConfigError(cfg.source, where, f"template syntax error: {exc.message}") from None
                for rule in pack.rules:
                    unknown = names - rule.slots - BUILTIN_NAMES
                    if rule.phrase == key and unknown:
                        raise ConfigError(
                            cfg.source,
                            where,
                            f"uses {', '.join(sorted(unknown))}, which rule {rule.id} does not capture",
                        )
                entries[key] = PhraseEntry(key, template, None, names)
            book = Phrasebook(book.file, entries, book.tables, book.helpers)
        return replace(pack, rules=tuple(rules), phrasebook=book)

    def engine(self, lang: str) -> LanguageEngine:
        with self._lock:
            if lang not in self._engines:
                self._engines[lang] = LanguageEngine(self.pack(lang))
                if self._check_examples:
                    self._check_extra_examples(lang)
            return self._engines[lang]

    def _check_extra_examples(self, lang: str) -> None:
        """An extra pack (configuration folder or entry point) whose examples do
        not behave is refused when it loads, naming file, line, rule and example.
        The shipped packs' examples are run by the test suite instead."""
        from .packtest import example_problems

        builtin = builtin_pack_root().resolve()
        rules = load_pack(lang, roots=self._langs[lang]).rules
        extra = [r for r in rules if not Path(r.file).resolve().is_relative_to(builtin)]
        if not extra:
            return
        # examples describe the pack itself, so they run without the team's other settings
        plain = Coach(Config(packs=list(self.config.packs), source=self.config.source), check_examples=False)
        for rule in extra:
            for i, ex in enumerate(rule.examples):
                problems = example_problems(plain, lang, rule, ex)
                if problems:
                    self._engines.pop(lang, None)
                    raise PackError(rule.file, problems[0], rule_id=rule.id, field=f"examples[{i}]", line=ex.line)

    def rule(self, rule_id: str):
        lang = rule_id.split(".", 1)[0]
        if lang not in self._langs:
            raise KeyError(rule_id)
        return load_pack(lang, roots=self._langs[lang]).rule(rule_id)

    def explain(self, rule_id: str) -> str:
        """A rule's message, category, examples and phrasebook entry, for people."""
        try:
            rule = self.rule(rule_id)
        except KeyError:
            raise UnknownLanguageError(f"no rule {rule_id!r}") from None
        pack = self.pack(rule.id.split(".", 1)[0])
        configured = next((r for r in pack.rules if r.id == rule.id), None)
        lines = [
            f"{rule.id}  ({rule.category}, {configured.severity if configured else 'disabled by configuration'})",
            f"  {rule.message}",
            f"  defined in {rule.file}" + (f":{rule.line}" if rule.line else ""),
        ]
        if rule.phrase:
            entry = pack.phrasebook.entries[rule.phrase]
            lines.append(f"  phrasebook entry {rule.phrase}: {entry.template!r}")
        else:
            lines.append("  no phrasebook entry: flags only, no rewrite")
        for ex in rule.examples:
            if ex.bad:
                lines.append(f"  bad:   {ex.bad}")
                lines.append(f"  good:  {ex.good}")
            else:
                lines.append(f"  clean: {ex.clean}")
        return "\n".join(lines)

    # ------------------------------------------------------------------ checking

    def detect_language(self, text: str) -> Detection:
        return detect(text, frozenset(self.languages()))

    def check(self, text: str, lang: str | None = None, ignore: list[str] | tuple[str, ...] | None = None) -> Report:
        """Check one draft. `lang=None` detects the language; `ignore` names
        categories or rule-id globs to leave out for this call."""
        if not isinstance(text, str):
            raise TypeError(f"check() needs the draft as str, got {type(text).__name__}")
        if len(text) > MAX_DRAFT_CHARS:
            raise DraftTooLargeError(
                f"draft is {len(text):,} characters; the limit is {MAX_DRAFT_CHARS:,} (split it into parts)"
            )
        markers = list(MARKER.finditer(text))
        targets = list(ignore or [])
        for m in markers:
            targets += [t for t in re.split(r"[\s,]+", m.group("targets")) if t]
        problems: list[str] = []
        for t in targets:
            if not self._names_rules(t):
                problems.append(f"ignore: {t!r} is neither a category nor a rule id; it was not applied")
        if lang is None:
            det = self.detect_language(text)
        else:
            code = lang.strip().lower()
            if code not in self.languages():
                raise UnknownLanguageError(f"no pack for language {lang!r}; available: {', '.join(self.languages())}")
            det = Detection(code, True, 1.0, "forced")
        if not det.supported:
            return Report(text, det.lang, False, det, [], _strip_markers(text, markers), _unsupported(det, self))
        engine = self.engine(det.lang)
        allowed = self.config.allow.get(det.lang, []) + self.config.allow.get("*", [])

        def keep(current: str, found: list[Finding]) -> list[Finding]:
            spans = _allowed_spans(current, allowed, engine.pack)
            spans += [m.span() for m in MARKER.finditer(current)]
            return [
                f
                for f in found
                if not any(_matches(t, f.rule_id, f.category) for t in targets)
                and not any(a < f.end and f.start < b for a, b in spans)
            ]

        findings = keep(text, engine.findings(text, problems))
        removals = [Edit(m.start(), m.end(), "", "error") for m in markers]
        rewrite = engine.rewrite(text, findings, keep=keep, extra_edits=removals)
        notice = "; ".join(dict.fromkeys(problems)) or None
        return Report(text, det.lang, True, det, findings, rewrite, notice)

    def fix(self, text: str, lang: str | None = None, ignore: list[str] | None = None) -> str:
        return self.check(text, lang, ignore).rewrite


def _allowed_spans(text: str, phrases: list[str], pack: Pack) -> list[tuple[int, int]]:
    """Where allowed phrases occur, folded the way the pack folds drafts."""
    if not phrases:
        return []
    folded = fold(text, pack.strip_accents, pack.fold_traditional)
    spans = []
    for phrase in phrases:
        needle = fold(phrase, pack.strip_accents, pack.fold_traditional)
        start = folded.find(needle)
        while start >= 0:
            spans.append((start, start + len(needle)))
            start = folded.find(needle, start + 1)
    return spans


def _strip_markers(text: str, markers: list[re.Match[str]]) -> str:
    for m in reversed(markers):
        text = text[: m.start()] + text[m.end() :]
    return text


def _unsupported(det: Detection, coach: Coach) -> str:
    langs = ", ".join(coach.languages())
    if det.lang == "und":
        return f"No language could be recognised in this draft (no words found); nothing was checked. Packs: {langs}."
    if det.lang in coach._langs:
        return f"{language_name(det.lang)} ({det.lang}) is not enabled in this configuration; nothing was checked."
    return (
        f"This draft looks {language_name(det.lang)} ({det.lang}), which replycoach has no pack for; "
        f"nothing was checked. Packs: {langs}."
    )


# ---------------------------------------------------------------------- module-level API (default configuration)

_default: Coach | None = None
_default_lock = threading.Lock()


def default_coach() -> Coach:
    """The Coach behind `replycoach.check()`: built-in packs (plus installed
    entry-point packs), no configuration file."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Coach()
        return _default


def check(text: str, lang: str | None = None, ignore: list[str] | None = None) -> Report:
    """Check one draft. `lang=None` detects the language; a code forces that pack."""
    return default_coach().check(text, lang, ignore)


def fix(text: str, lang: str | None = None, ignore: list[str] | None = None) -> str:
    """The draft with every suggestion applied."""
    return default_coach().fix(text, lang, ignore)


def detect_language(text: str) -> Detection:
    """The language of `text` and whether replycoach has a pack for it."""
    return default_coach().detect_language(text)


def supported_languages() -> list[str]:
    return default_coach().languages()
