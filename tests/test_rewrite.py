"""How suggestions become a rewrite: casing, removals, overlaps, the
entity safety net, and the Jinja2 sandbox."""

from __future__ import annotations

import time

import pytest
from conftest import MINIMAL_PHRASEBOOK, MINIMAL_RULES
from jinja2 import meta

import replycoach
from replycoach.engine import LanguageEngine
from replycoach.entities import find_entities, lost_entities
from replycoach.packs import load_pack, read_pack
from replycoach.rewrite import Edit, apply_edits, choose_edits
from replycoach.templating import compile_entries, make_environment, template_names
from replycoach.textnorm import starts_sentence


def test_sentence_start():
    text = "Hi. you owe\nyou too, said you"
    assert starts_sentence(text, 0)
    assert starts_sentence(text, 4)
    assert starts_sentence(text, 12)
    assert not starts_sentence(text, 21)
    assert starts_sentence("🙂 You owe", 2) and starts_sentence('Done. "🙂 You', 9)
    assert not starts_sentence("Hi, Anna", 4) and not starts_sentence("您好，你", 3)


def test_capital_only_at_sentence_start():
    assert replycoach.fix("You owe us €5.") == "There is an open balance of €5."
    assert replycoach.fix("🙂 You owe us €5.") == "🙂 There is an open balance of €5."
    assert replycoach.fix("Sadly you owe us €5.") == "Sadly there is an open balance of €5."


def test_removal_tidies_space_and_capital():
    assert replycoach.fix("Like I said, the box is blue.") == "The box is blue."
    assert replycoach.fix("The box is blue, like I said.") == "The box is blue."
    assert replycoach.fix("Thanks, buddy!") == "Thanks!"


def test_overlapping_edits_keep_the_most_severe_then_longest():
    edits = [Edit(0, 5, "A", "warning"), Edit(3, 10, "B", "error"), Edit(12, 14, "C", "suggestion")]
    chosen = choose_edits(edits)
    assert [e.replacement for e in chosen] == ["B", "C"]
    assert apply_edits("0123456789abcdef", edits) == "012B" + "ab" + "C" + "ef"


def test_two_problems_in_one_clause_are_both_fixed():
    text = "You need to send the receipt right now."
    report = replycoach.check(text)
    assert {f.category for f in report.findings} == {"command"}
    assert len(report.findings) == 2
    assert report.rewrite == "Please send the receipt as soon as you can."


def test_entities():
    kinds = {
        e.text: e.kind
        for e in find_entities(
            "Order #4411 (INV-2024-0042) of 75.50 EUR paid on 12/03/2025 at 10:30 by anna@example.com, "
            "see https://pay.example.com/x?y=1. Thanks, Maria."
        )
    }
    assert kinds == {
        "#4411": "id",
        "INV-2024-0042": "id",
        "75.50 EUR": "amount",
        "12/03/2025": "date",
        "10:30": "time",
        "anna@example.com": "email",
        "https://pay.example.com/x?y=1": "url",
        "Maria": "name",
    }
    assert lost_entities("Pay €5 to Anna", "Pay to Anna") == [find_entities("Pay €5 to Anna")[0]]


def test_safety_net_drops_a_suggestion_that_would_lose_an_amount(make_pack):
    phrasebook = MINIMAL_PHRASEBOOK.replace("an open balance of {{ amount }}", "an open balance")
    engine = LanguageEngine(read_pack(*make_pack(phrasebook=phrasebook)))
    (finding,) = engine.findings("you owe €5 today")
    assert finding.suggestion is None  # the finding stays; the unsafe rewrite does not
    assert engine.rewrite("you owe €5 today", [finding]) == "you owe €5 today"


def test_template_cannot_reach_python_internals(make_pack):
    phrasebook = MINIMAL_PHRASEBOOK.replace(
        "an open balance of {{ amount }}", "{{ amount.__class__.__mro__[1].__subclasses__() }}"
    )
    engine = LanguageEngine(read_pack(*make_pack(phrasebook=phrasebook)))
    (finding,) = engine.findings("you owe €5 today")
    assert finding.suggestion is None


def test_template_missing_table_entry_gives_no_suggestion(make_pack):
    rules = MINIMAL_RULES
    phrasebook = MINIMAL_PHRASEBOOK.replace("entries:", "tables:\n  forms: {x: y}\nentries:").replace(
        "an open balance of {{ amount }}", "{{ tables.forms[amount] }} {{ amount }}"
    )
    engine = LanguageEngine(read_pack(*make_pack(rules=rules, phrasebook=phrasebook)))
    (finding,) = engine.findings("you owe €5 today")
    assert finding.suggestion is None


def test_regex_timeout_is_reported_not_hung(make_pack, monkeypatch):
    from replycoach import matching

    # A classic catastrophic-backtracking pattern that the `regex` engine does not defuse by itself.
    rules = MINIMAL_RULES.replace("'\\byou owe (?P<amount>{AMOUNT})'", "'(?:a|aa)+$'")
    rules = rules.replace("    phrase: debt.balance\n", "")
    rules = rules.replace("you owe €5 today", "aab").replace("An open balance of €5 today", "b")
    engine = LanguageEngine(read_pack(*make_pack(rules=rules, phrasebook="language: xx\nentries: {}\n")))
    monkeypatch.setattr(matching, "REGEX_TIMEOUT_S", 0.05)
    problems: list[str] = []
    started = time.perf_counter()
    assert engine.findings("a" * 60 + "!", problems) == []
    assert time.perf_counter() - started < 5
    assert problems and "xx.debt.owe" in problems[0]


def test_phrasebook_helpers_are_shared_by_entries(make_pack):
    """Phrasebook `helpers:` are Jinja2 macros every entry may call (the bg pack
    turns 2nd-person-singular verbs into the polite plural with them)."""
    phrasebook = MINIMAL_PHRASEBOOK.replace(
        "entries:",
        "helpers: |\n  {%- macro bracket(v) -%}[{{ v }}]{%- endmacro -%}\nentries:",
    ).replace("an open balance of {{ amount }}", "an open balance of {{ bracket(amount) }}")
    engine = LanguageEngine(read_pack(*make_pack(phrasebook=phrasebook)))
    (finding,) = engine.findings("you owe €5 today")
    assert finding.suggestion == "An open balance of [€5]"


# ------------------------------------------------------------------ helper macros compiled once


@pytest.mark.parametrize(
    "helpers, shared",
    [
        ("", True),
        (
            "{% macro polite(w) %}{{ tables.polite.get(w, w) }}{% endmacro %}\n{% macro up(w) %}{{ w }}{% endmacro %}",
            True,
        ),
        # more than macros: compiled in front of each entry instead (a top-level set, a macro reading a slot)
        ("{% set greeting = 'Dear' %}{% macro polite(w) %}{{ tables.polite.get(w, w) }}{% endmacro %}", False),
        ("{% macro polite(w) %}{{ tables.polite.get(w, w) }} {{ name }}{% endmacro %}", False),
    ],
)
def test_entries_render_as_helpers_in_front_of_them(helpers, shared):
    from replycoach.templating import _shared_macros

    assert (_shared_macros(helpers) is not None) == shared
    env = make_environment()
    tables = {"polite": {"ти": "Вие"}}
    templates = {
        "a": "{{ polite(word) }} и {{ name }}",
        "b": "{{ greeting if greeting is defined else 'Hi' }} {{ name }}",
        "c": "plain {{ word }}",
    }
    if "macro" not in helpers:
        templates.pop("a")
    compiled = compile_entries(env, helpers, templates, tables)
    values = {"word": "ти", "name": "Анна", "tables": tables, "match": "ти"}
    for key, source in templates.items():
        expected = env.from_string(helpers + source).render(values)
        assert compiled[key].render(values).strip() == expected.strip()
        assert template_names(env, source, helpers) == set(meta.find_undeclared_variables(env.parse(helpers + source)))


def test_shipped_phrasebooks_compile_their_helpers_once():
    """bg, el and lv have helper macros; each entry must not recompile them
    (that cost about 0.5 s per pack at start-up)."""
    from replycoach.templating import _shared_macros

    for lang in ("bg", "el", "lv"):
        helpers = load_pack(lang).phrasebook.helpers
        assert helpers.strip() and _shared_macros(helpers) is not None, lang
