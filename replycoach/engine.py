"""One language's engine: its pack's matcher and renderer, findings and rewrite.
Detection, configuration and the public check() live in coach.py."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .entities import find_entities
from .matching import PackMatcher
from .model import Finding, severity_rank
from .packs import Pack
from .rewrite import Edit, Renderer, apply_edits
from .textnorm import is_traditional

MAX_DRAFT_CHARS = 2_000_000  # documented in README: larger drafts are refused
_MAX_FIX_PASSES = 4


class LanguageEngine:
    """One language's compiled pack: matcher and renderer."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self.matcher = PackMatcher(pack)
        self.renderer = Renderer(pack, self.matcher.lemmatize)

    def prepare(self) -> None:
        """Build what is otherwise built on first need, so no draft pays for it."""
        self.matcher.prepare()

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

    def rewrite(
        self,
        text: str,
        findings: list[Finding],
        keep: Callable[[str, list[Finding]], list[Finding]] | None = None,
        extra_edits: Sequence[Edit] = (),
    ) -> str:
        """Apply every suggestion (and `extra_edits`); re-check and repeat a few
        times so that suggestions that overlapped one another are applied too.
        `keep` filters the findings of each re-check (ignore lists, allow-lists)."""
        current = text
        edits = [Edit(f.start, f.end, f.suggestion, f.severity) for f in findings if f.suggestion is not None]
        edits += list(extra_edits)
        for _ in range(_MAX_FIX_PASSES):
            if not edits:
                break
            new = apply_edits(current, edits)
            if new == current:
                break
            current = new
            found = self.findings(current)
            if keep is not None:
                found = keep(current, found)
            edits = [Edit(f.start, f.end, f.suggestion, f.severity) for f in found if f.suggestion is not None]
        return current
