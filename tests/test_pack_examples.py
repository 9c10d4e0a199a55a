"""Every example of every shipped pack runs here, as LanguageTool runs its
rule examples: a pack cannot drift from its examples. The checks are the ones
`replycoach test-pack` runs (replycoach/packtest.py)."""

from __future__ import annotations

import pytest

import replycoach
from replycoach.model import CATEGORIES
from replycoach.packs import available_languages, load_pack
from replycoach.packtest import example_problems

COACH = replycoach.Coach()
EXAMPLES = [
    pytest.param(lang, rule, ex, id=f"{rule.id}[{i}]")
    for lang in sorted(available_languages())
    for rule in load_pack(lang).rules
    for i, ex in enumerate(rule.examples)
]


@pytest.mark.parametrize("lang,rule,ex", EXAMPLES)
def test_pack_example(lang, rule, ex):
    assert example_problems(COACH, lang, rule, ex) == []


@pytest.mark.parametrize("lang", sorted(available_languages()))
def test_pack_covers_every_category_with_clean_lookalikes(lang):
    pack = load_pack(lang)
    for category in CATEGORIES:
        rules = [r for r in pack.rules if r.category == category]
        assert rules, f"{lang}: no rule in category {category}"
        assert any(ex.clean for r in rules for ex in r.examples), f"{lang}: no clean look-alike for {category}"


@pytest.mark.parametrize("lang,minimum", [("en", 40), ("bg", 35), ("zh", 35), ("lv", 35), ("el", 35)])
def test_pack_size(lang, minimum):
    assert len(load_pack(lang).rules) >= minimum
