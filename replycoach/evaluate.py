"""`replycoach eval`: recall, clean-draft false positives, kept entities and
language accuracy over a YAML file of cases.

A case: {lang, expect: [categories], keep: [substrings], text}.
`expect: []` is a clean draft; `lang: other` means the draft must be reported
unsupported.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import PackError
from .model import CATEGORIES
from .yamlload import load_yaml

CASE_KEYS = {"lang", "expect", "keep", "text", "note"}


@dataclass(frozen=True)
class Case:
    lang: str
    expect: tuple[str, ...]
    keep: tuple[str, ...]
    text: str
    line: int | None = None


@dataclass
class Tally:
    cases: int = 0
    lang_right: int = 0
    expected: int = 0
    found: int = 0
    clean: int = 0
    clean_flagged: int = 0
    keep_total: int = 0
    keep_kept: int = 0

    def ratio(self, num: int, den: int) -> float | None:
        return None if den == 0 else num / den

    def as_dict(self) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "language_accuracy": self.ratio(self.lang_right, self.cases),
            "recall": self.ratio(self.found, self.expected),
            "clean_cases": self.clean,
            "clean_flagged_share": self.ratio(self.clean_flagged, self.clean),
            "kept_share": self.ratio(self.keep_kept, self.keep_total),
        }


@dataclass
class EvalResult:
    by_lang: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_category: dict[str, list[int]] = field(default_factory=dict)  # [expected, found, unexpected]
    total: Tally = field(default_factory=Tally)
    failures: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total.as_dict(),
            "languages": {k: v.as_dict() for k, v in sorted(self.by_lang.items())},
            "categories": {
                c: {"expected": e, "found": f, "recall": (f / e if e else None), "unexpected": u}
                for c, (e, f, u) in self.by_category.items()
            },
            "failures": self.failures,
        }


def read_cases(path: Path) -> list[Case]:
    name = str(path)
    data = load_yaml(path, name)
    if isinstance(data, dict):
        data = data.get("cases")
    if not isinstance(data, list) or not data:
        raise PackError(name, "expected a list of cases (or a mapping with 'cases:')")
    cases: list[Case] = []
    for i, raw in enumerate(data):
        where = f"cases[{i}]"
        line = getattr(raw, "line", None)
        if not isinstance(raw, dict):
            raise PackError(name, "each case must be a mapping", field=where, line=line)
        unknown = set(raw) - CASE_KEYS
        if unknown:
            raise PackError(name, f"unknown key(s) {sorted(unknown)}", field=where, line=line)
        text, lang = raw.get("text"), raw.get("lang")
        if not isinstance(text, str) or not isinstance(lang, str):
            raise PackError(name, "'text' and 'lang' must be strings", field=where, line=line)
        expect = raw.get("expect", [])
        keep = raw.get("keep", [])
        if not isinstance(expect, list) or any(c not in CATEGORIES for c in expect):
            raise PackError(name, f"'expect' must list categories from {', '.join(CATEGORIES)}", field=where, line=line)
        if not isinstance(keep, list) or not all(isinstance(k, str) for k in keep):
            raise PackError(name, "'keep' must be a list of strings", field=where, line=line)
        missing = [k for k in keep if k not in text]
        if missing:
            raise PackError(name, f"'keep' strings not in the text: {missing}", field=where, line=line)
        cases.append(Case(lang, tuple(expect), tuple(keep), text, line))
    return cases


def evaluate(cases: list[Case], coach=None) -> EvalResult:
    from .coach import default_coach

    check = (coach or default_coach()).check

    result = EvalResult()
    result.by_category = {c: [0, 0, 0] for c in CATEGORIES}
    for case in cases:
        report = check(case.text)
        tallies = (result.by_lang[case.lang], result.total)
        found_cats = {f.category for f in report.findings}
        lang_ok = (not report.supported) if case.lang == "other" else report.language == case.lang
        for t in tallies:
            t.cases += 1
            t.lang_right += lang_ok
            t.expected += len(case.expect)
            t.found += sum(c in found_cats for c in case.expect)
            if not case.expect:
                t.clean += 1
                t.clean_flagged += bool(report.findings)
            t.keep_total += len(case.keep)
            t.keep_kept += sum(k in report.rewrite for k in case.keep)
        for c in case.expect:
            result.by_category[c][0] += 1
            result.by_category[c][1] += c in found_cats
        for c in found_cats - set(case.expect):
            result.by_category[c][2] += 1
        problems = []
        if not lang_ok:
            problems.append(f"language {report.language}")
        missed = [c for c in case.expect if c not in found_cats]
        if missed:
            problems.append(f"missed {missed}")
        extra = sorted(found_cats - set(case.expect))
        if extra:
            problems.append(f"unexpected {extra}")
        lost = [k for k in case.keep if k not in report.rewrite]
        if lost:
            problems.append(f"lost {lost}")
        if problems:
            where = f"line {case.line}" if case.line else "case"
            result.failures.append(f"{where} [{case.lang}] {'; '.join(problems)}: {case.text[:70]!r}")
    return result


def _pct(value: float | None) -> str:
    return "   –" if value is None else f"{value * 100:5.1f}%"


def format_table(result: EvalResult) -> str:
    lines = [
        f"{'lang':<7}{'cases':>6}{'lang acc':>10}{'recall':>9}{'clean':>7}{'clean FP':>10}{'kept':>9}",
    ]
    rows = sorted(result.by_lang.items()) + [("all", result.total)]
    for lang, t in rows:
        d = t.as_dict()
        lines.append(
            f"{lang:<7}{t.cases:>6}{_pct(d['language_accuracy']):>10}{_pct(d['recall']):>9}"
            f"{t.clean:>7}{_pct(d['clean_flagged_share']):>10}{_pct(d['kept_share']):>9}"
        )
    lines.append("")
    lines.append(f"{'category':<18}{'expected':>9}{'found':>7}{'recall':>9}{'unexpected':>12}")
    for cat, (e, f, u) in result.by_category.items():
        lines.append(f"{cat:<18}{e:>9}{f:>7}{_pct(f / e if e else None):>9}{u:>12}")
    if result.failures:
        lines.append("")
        lines.append(f"{len(result.failures)} case(s) not as expected:")
        lines.extend(f"  {line}" for line in result.failures)
    return "\n".join(lines)
