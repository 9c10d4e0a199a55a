"""check(): detection → the language's pack → findings → rewrite → report."""

from __future__ import annotations

from functools import cache

from .detect import detect, language_name
from .entities import find_entities
from .errors import DraftTooLargeError, UnknownLanguageError
from .matching import PackMatcher
from .model import Detection, Finding, Report, severity_rank
from .packs import Pack, available_languages, load_pack
from .rewrite import Edit, Renderer, apply_edits
from .textnorm import is_traditional

MAX_DRAFT_CHARS = 2_000_000  # documented in README: larger drafts are refused
_MAX_FIX_PASSES = 4


def supported_languages() -> list[str]:
    return sorted(available_languages())


class LanguageEngine:
    """One language's compiled pack: matcher and renderer."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self.matcher = PackMatcher(pack)
        self.renderer = Renderer(pack, self.matcher.lemmatize)

    def findings(self, text: str, problems: list[str] | None = None) -> list[Finding]:
        matches = self.matcher.find(text, problems)
        if not matches:
            return []
        entities = find_entities(text)
        traditional = self.pack.fold_traditional and is_traditional(text)
        found: dict[tuple[int, int, str], Finding] = {}
        for m in matches:
            rule = m.rule
            finding = Finding(
                rule_id=rule.id,
                category=rule.category,
                severity=rule.severity,
                start=m.start,
                end=m.end,
                text=text[m.start : m.end],
                message=rule.message,
                suggestion=self.renderer.render(m, text, entities, traditional),
            )
            key = (m.start, m.end, rule.category)
            old = found.get(key)
            if old is None or severity_rank(finding.severity) > severity_rank(old.severity):
                found[key] = finding
        return sorted(found.values(), key=lambda f: (f.start, -f.end, f.rule_id))

    def rewrite(self, text: str, findings: list[Finding]) -> str:
        """Apply every suggestion; re-check and repeat a few times so that
        suggestions that overlapped one another are applied too."""
        current = text
        for _ in range(_MAX_FIX_PASSES):
            edits = [Edit(f.start, f.end, f.suggestion, f.severity) for f in findings if f.suggestion is not None]
            if not edits:
                break
            new = apply_edits(current, edits)
            if new == current:
                break
            current = new
            findings = self.findings(current)
        return current


@cache
def engine_for(lang: str) -> LanguageEngine:
    return LanguageEngine(load_pack(lang))


def detect_language(text: str) -> Detection:
    """The language of `text` and whether replycoach has a pack for it."""
    return detect(text, frozenset(available_languages()))


def _unsupported_notice(det: Detection) -> str:
    langs = ", ".join(supported_languages())
    if det.lang == "und":
        return f"No language could be recognised in this draft (no words found); nothing was checked. Packs: {langs}."
    return (
        f"This draft looks {language_name(det.lang)} ({det.lang}), which replycoach has no pack for; "
        f"nothing was checked. Packs: {langs}."
    )


def check(text: str, lang: str | None = None) -> Report:
    """Check one draft. `lang=None` detects the language; a code forces that pack."""
    if not isinstance(text, str):
        raise TypeError(f"check() needs the draft as str, got {type(text).__name__}")
    if len(text) > MAX_DRAFT_CHARS:
        raise DraftTooLargeError(
            f"draft is {len(text):,} characters; the limit is {MAX_DRAFT_CHARS:,} (split it into parts)"
        )
    if lang is None:
        det = detect_language(text)
    else:
        code = lang.strip().lower()
        if code not in available_languages():
            raise UnknownLanguageError(f"no pack for language {lang!r}; available: {', '.join(supported_languages())}")
        det = Detection(code, True, 1.0, "forced")
    if not det.supported:
        return Report(text, det.lang, False, det, [], text, _unsupported_notice(det))
    engine = engine_for(det.lang)
    problems: list[str] = []
    findings = engine.findings(text, problems)
    rewrite = engine.rewrite(text, findings)
    notice = "; ".join(dict.fromkeys(problems)) or None
    return Report(text, det.lang, True, det, findings, rewrite, notice)


def fix(text: str, lang: str | None = None) -> str:
    """The draft with every suggestion applied."""
    return check(text, lang).rewrite
