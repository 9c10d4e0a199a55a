"""Every example of every shipped pack runs here, as LanguageTool runs its
rule examples: a pack cannot drift from its examples."""

from __future__ import annotations

import pytest

import replycoach
from replycoach.entities import lost_entities
from replycoach.model import CATEGORIES
from replycoach.packs import available_languages, load_pack

EXAMPLES = [
    pytest.param(lang, rule, ex, id=f"{rule.id}[{i}]")
    for lang in sorted(available_languages())
    for rule in load_pack(lang).rules
    for i, ex in enumerate(rule.examples)
]


@pytest.mark.parametrize("lang,rule,ex", EXAMPLES)
def test_pack_example(lang, rule, ex):
    if ex.bad is not None:
        report = replycoach.check(ex.bad, lang=lang)
        fired = [f.rule_id for f in report.findings]
        assert rule.id in fired, f"{rule.id} did not fire on its bad example; fired: {fired}"
        assert report.rewrite == ex.good
        assert lost_entities(ex.bad, report.rewrite) == [], "the rewrite lost a protected token"
        after = replycoach.check(ex.good, lang=lang)
        assert [(f.rule_id, f.text) for f in after.findings] == [], "the good rewrite is not clean"
        # The draft must also reach this pack without being told its language.
        assert replycoach.detect_language(ex.bad).lang == lang
    else:
        report = replycoach.check(ex.clean, lang=lang)
        assert [(f.rule_id, f.text) for f in report.findings] == [], "a clean look-alike got a finding"


@pytest.mark.parametrize("lang", sorted(available_languages()))
def test_pack_covers_every_category_with_clean_lookalikes(lang):
    pack = load_pack(lang)
    for category in CATEGORIES:
        rules = [r for r in pack.rules if r.category == category]
        assert rules, f"{lang}: no rule in category {category}"
        assert any(ex.clean for r in rules for ex in r.examples), f"{lang}: no clean look-alike for {category}"


def test_english_pack_size():
    assert len(load_pack("en").rules) >= 40
