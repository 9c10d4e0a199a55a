"""The literal prefilter only saves work: with it, every pack finds exactly
what it finds when every pattern runs. And spaCy is built only when needed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from test_properties import NOISE, PHRASES  # the same glued drafts the property tests use

from replycoach.coach import Coach
from replycoach.literals import EDGE, Prefilter, regex_covers, token_covers
from replycoach.packs import available_languages, load_pack
from replycoach.textnorm import _fold_char, fold

ROOT = Path(__file__).resolve().parent.parent
LANGS = sorted(available_languages())
COACH = Coach()
CASES = [
    (case["lang"], case["text"])
    for case in yaml.safe_load((ROOT / "tests" / "data" / "cases.yaml").read_text(encoding="utf-8"))
    if case["lang"] in LANGS
]


def _matches(lang: str, text: str, prefilter: bool) -> list[tuple]:
    matcher = COACH.engine(lang).matcher
    return [(m.rule.id, m.start, m.end, sorted(m.slots.items())) for m in matcher.find(text, prefilter=prefilter)]


def _texts(lang: str) -> list[str]:
    out = [t for r in load_pack(lang).rules for ex in r.examples for t in (ex.bad, ex.good, ex.clean) if t]
    return out + [t for case_lang, t in CASES if case_lang == lang]


@pytest.mark.parametrize("lang", LANGS)
def test_prefilter_changes_no_match_on_examples_and_cases(lang):
    texts = _texts(lang)
    assert len(texts) > 100
    fired = 0
    for text in texts:
        with_filter = _matches(lang, text, True)
        assert with_filter == _matches(lang, text, False), text
        fired += bool(with_filter)
    assert fired > 50  # the comparison is not between two empty lists


@given(
    st.sampled_from(LANGS),
    st.lists(st.one_of(st.sampled_from(PHRASES), NOISE, st.text(max_size=12)), min_size=1, max_size=10).map(" ".join),
)
def test_prefilter_changes_no_match_on_glued_drafts(lang, text):
    for variant in (text, text.upper(), text.replace("'", "\u2019")):
        assert _matches(lang, variant, True) == _matches(lang, variant, False)


E = EDGE  # a word edge: \\b next to a word character, ^ or $


@pytest.mark.parametrize(
    "source, covers",
    [
        (r"\byou (?:still )?owe\b", {frozenset({E + "you "}), frozenset({"owe" + E})}),
        (r"(?:ти|те)\b", {frozenset({"ти" + E, "те" + E})}),  # the parser factors out "т": joined back
        (r"\b(?:we|i) promise", {frozenset({E + "we promise", E + "i promise"})}),
        (r"(?<=\bмоля\s)(?P<v>кажи|пиши)", {frozenset({E + "моля"}), frozenset({"кажи", "пиши"})}),
        (r"(?<!не )мога(?!\s+да)", {frozenset({"мога"})}),  # negative look-arounds give nothing
        (r"a(?:b|)c", {frozenset({"a"}), frozenset({"c"})}),  # an empty branch: nothing from the group
        (r"x+y{2,}", {frozenset({"x"}), frozenset({"y"})}),
        (r"(?:foo)?bar", {frozenset({"bar"})}),
        (r"\b(?:u|ur|, )\b", {frozenset({E + "u" + E, E + "ur" + E, ", "})}),  # no edge beside a non-word end
        (r"you\bowe", {frozenset({"youowe"})}),  # an edge inside a literal says nothing
        (r"^hi, (?:there)$", {frozenset({E + "hi, there" + E})}),
        (r"[a-z]+\d", set()),
        (r".*", set()),
        (r"(", set()),  # does not parse: no covers, the pattern always runs
        (r"[[:alpha:]]x", set()),  # the standard parser reads a POSIX class as the characters "[:alph]"
        (r"(?:colour){e<=1}", set()),  # fuzzy matching, the `regex` module's own
        (r"\p{Lu}ab", set()),
    ],
)
def test_regex_covers(source, covers):
    assert set(regex_covers(source)) == covers


def test_token_covers_use_surface_values_of_mandatory_tokens():
    tokens = [{"LOWER": "you"}, {"LOWER": {"IN": ["still", "now"]}, "OP": "?"}, {"LEMMA": "owe"}, {"ORTH": "Us"}]
    assert set(token_covers(tokens)) == {frozenset({"you"}), frozenset({"us"})}


def test_prefilter_needs_every_cover_and_runs_uncovered_patterns_always():
    pre = Prefilter([(frozenset({"you"}), frozenset({"owe", "owing"})), (), (frozenset({"x"}), frozenset({"sorry"}))])
    assert pre.candidates("you owe us") == [0, 1]
    assert pre.candidates("you are owed") == [0, 1]  # "owe" inside "owed"
    assert pre.candidates("we owe you") == [0, 1]
    assert pre.candidates("thank you") == [1]
    # a one-character cover is left out when a better one exists ("x" is everywhere)
    assert pre.candidates("sorry") == [1, 2]


def test_prefilter_checks_word_edges():
    pre = Prefilter([(frozenset({EDGE + "u" + EDGE}),), (frozenset({EDGE + "hi"}),), (frozenset({"ok" + EDGE}),)])
    assert pre.candidates("thank you, hi") == [1]
    assert pre.candidates("u") == [0]
    assert pre.candidates("can u help? this is ok") == [0, 2]
    assert pre.candidates("this is okay") == []
    assert pre.candidates("chi ok!") == [2]
    assert pre.candidates("hi\nu\nok") == [0, 1, 2]


@given(st.text(max_size=200), st.booleans())
def test_fold_table_equals_folding_each_character(text, strip_accents):
    assert fold(text, strip_accents) == "".join(_fold_char(ch, strip_accents) for ch in text)


def test_backtick_folds_in_ascii_drafts_too():
    assert fold("don`t") == fold("don`t é")[:5] == "don't"


def _modules_after(code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print('spacy' in sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout.strip()


def test_spacy_is_imported_only_when_a_token_rule_is_in_play():
    # en.debt.you-owe is a regex: checking it needs no spaCy
    code = "import replycoach; assert replycoach.check('You owe us €75.', lang='en').findings"
    assert _modules_after(code) == "False"
    # en.overpromise.promise-that has a LEMMA token pattern: "promised" puts it in play
    code = "import replycoach; r = replycoach.check('I promised you that it will come.', lang='en'); assert r.findings"
    assert _modules_after(code) == "True"


@pytest.mark.parametrize("lang", LANGS)
def test_shipped_token_patterns_compile(lang):
    """Shipped packs build spaCy on first need, so their token patterns are
    validated here rather than when a user's process loads them."""
    engine = Coach().engine(lang)
    engine.prepare()
    specs = engine.matcher._token_specs
    assert (engine.matcher._matcher is not None) == bool(specs)
