"""A malformed pack fails at load time with one line naming file, line where
known, rule id and field — never a traceback from deep inside, never a silent skip."""

from __future__ import annotations

import pytest
from conftest import MINIMAL_PHRASEBOOK, MINIMAL_RULES

from replycoach.engine import LanguageEngine
from replycoach.errors import PackError
from replycoach.packs import read_pack


def _load(rp, pp):
    pack = read_pack(rp, pp)
    LanguageEngine(pack)  # compiles token patterns with spaCy too
    return pack


def _assert_one_line_error(paths, expected: list[str]) -> None:
    with pytest.raises(PackError) as info:
        _load(*paths)
    message = str(info.value)
    assert "\n" not in message
    for part in expected:
        assert part in message, f"{part!r} not in {message!r}"


def test_minimal_pack_loads_and_works(make_pack):
    pack = _load(*make_pack())
    engine = LanguageEngine(pack)
    findings = engine.findings("you owe €5 today")
    assert [f.suggestion for f in findings] == ["An open balance of €5"]


RULE_MUTATIONS = [
    # (name, old, new, expected substrings in the one-line message)
    ("unknown top-level key", "lemmas: false", "lemmas: false\ncolour: red", ["rules/xx.yaml", "unknown key 'colour'"]),
    (
        "unknown rule key",
        "    severity: warning",
        "    severity: warning\n    sevrity: error",
        ["rules/xx.yaml", "rule xx.debt.owe", "field sevrity", "unknown key 'sevrity'"],
    ),
    (
        "unknown category",
        "category: debt",
        "category: rudeness",
        ["rule xx.debt.owe", "field category", "unknown category 'rudeness'"],
    ),
    (
        "bad severity",
        "severity: warning",
        "severity: fatal",
        ["rule xx.debt.owe", "field severity", "unknown severity 'fatal'"],
    ),
    ("id not shaped lang.category.name", "id: xx.debt.owe", "id: owe-rule", ["rule owe-rule", "field id"]),
    (
        "id category differs",
        "id: xx.debt.owe",
        "id: xx.blame.owe",
        ["rule xx.blame.owe", "field id", "category 'debt'"],
    ),
    (
        "regex does not compile",
        "'\\byou owe (?P<amount>{AMOUNT})'",
        "'\\byou owe (unclosed'",
        ["rule xx.debt.owe", "field patterns[0].regex", "does not compile"],
    ),
    (
        "regex matches empty",
        "'\\byou owe (?P<amount>{AMOUNT})'",
        "'(?P<amount>x)?'",
        ["rule xx.debt.owe", "field patterns[0].regex", "empty string"],
    ),
    (
        "unknown regex macro",
        "{AMOUNT}",
        "{MONEY}",
        ["rule xx.debt.owe", "field patterns[0].regex", "unknown regex macro {MONEY}"],
    ),
    (
        "pattern with both kinds",
        "      - regex: '\\byou owe (?P<amount>{AMOUNT})'",
        "      - regex: 'a'\n        tokens: [{LOWER: a}]",
        ["rule xx.debt.owe", "field patterns[0]", "exactly one"],
    ),
    (
        "missing phrasebook entry",
        "phrase: debt.balance",
        "phrase: debt.nope",
        ["rule xx.debt.owe", "field phrase", "'debt.nope' not found"],
    ),
    (
        "no examples",
        "    examples:\n      - bad: you owe €5 today\n"
        "        good: An open balance of €5 today\n      - clean: an open balance of €5\n",
        "",
        ["rule xx.debt.owe", "field examples"],
    ),
    (
        "bad example without good",
        "        good: An open balance of €5 today\n",
        "",
        ["rule xx.debt.owe", "field examples[0]", "'good'"],
    ),
    ("message missing", "    message: Say it neutrally.\n", "", ["rule xx.debt.owe", "field message"]),
    ("language differs from file", "language: xx", "language: en", ["rules/xx.yaml", "field language"]),
    ("yaml syntax error", "    severity: warning", "    severity: [warning", ["rules/xx.yaml:", "YAML error"]),
    (
        "duplicate yaml key",
        "    severity: warning",
        "    severity: warning\n    severity: error",
        ["rules/xx.yaml:", "duplicate key 'severity'"],
    ),
    (
        "duplicate rule id",
        "rules:\n",
        "rules:\n" + MINIMAL_RULES.split("rules:\n", 1)[1],
        ["rule xx.debt.owe", "field id", "duplicate rule id"],
    ),
    (
        "unknown token macro",
        "      - regex: '\\byou owe (?P<amount>{AMOUNT})'",
        "      - regex: '\\byou owe (?P<amount>{AMOUNT})'\n      - tokens: [{MACRO: MONEY}]",
        ["rule xx.debt.owe", "field patterns[1].tokens[0]", "unknown token macro 'MONEY'"],
    ),
    (
        "token pattern spaCy rejects",
        "      - regex: '\\byou owe (?P<amount>{AMOUNT})'",
        "      - regex: '\\byou owe (?P<amount>{AMOUNT})'\n      - tokens: [{LOWERX: you}]",
        ["rule xx.debt.owe", "field patterns[1].tokens", "LOWERX"],
    ),
    ("bad slot name", "(?P<amount>{AMOUNT})", "(?P<Amount>{AMOUNT})", ["rule xx.debt.owe", "must be lower_case"]),
]


@pytest.mark.parametrize("name,old,new,expected", RULE_MUTATIONS, ids=[m[0] for m in RULE_MUTATIONS])
def test_broken_rule_pack(make_pack, name, old, new, expected):
    assert old in MINIMAL_RULES, "test mutation does not apply"
    _assert_one_line_error(make_pack(rules=MINIMAL_RULES.replace(old, new, 1)), expected)


PHRASEBOOK_MUTATIONS = [
    (
        "template unknown slot",
        "{{ amount }}",
        "{{ amout }}",
        ["phrasebooks/xx.yaml", "rule xx.debt.owe", "field entries.debt.balance.template", "unknown slot(s) amout"],
    ),
    (
        "template syntax error",
        "{{ amount }}",
        "{{ amount }",
        ["phrasebooks/xx.yaml", "field entries.debt.balance.template", "syntax error"],
    ),
    (
        "unused entry",
        "entries:\n",
        "entries:\n  spare.entry:\n    template: hi\n",
        ["phrasebooks/xx.yaml", "field entries.spare.entry", "used by no rule"],
    ),
    (
        "unknown entry key",
        '    template: "an open',
        '    tmpl: x\n    template: "an open',
        ["phrasebooks/xx.yaml", "unknown key 'tmpl'"],
    ),
    ("phrasebook language differs", "language: xx", "language: yy", ["phrasebooks/xx.yaml", "field language"]),
    (
        "helpers syntax error",
        "entries:\n",
        "helpers: '{% macro f(x) %}{{ x }'\nentries:\n",
        ["phrasebooks/xx.yaml", "field helpers", "syntax error"],
    ),
    (
        "helpers not a string",
        "entries:\n",
        "helpers: [a]\nentries:\n",
        ["phrasebooks/xx.yaml", "field helpers", "Jinja2 macros"],
    ),
]


@pytest.mark.parametrize("name,old,new,expected", PHRASEBOOK_MUTATIONS, ids=[m[0] for m in PHRASEBOOK_MUTATIONS])
def test_broken_phrasebook(make_pack, name, old, new, expected):
    assert old in MINIMAL_PHRASEBOOK
    _assert_one_line_error(make_pack(phrasebook=MINIMAL_PHRASEBOOK.replace(old, new, 1)), expected)


def test_missing_phrasebook_file(make_pack):
    with pytest.raises(PackError, match="no phrasebook beside it"):
        _load(*make_pack(phrasebook=None))


def test_yaml_error_names_the_line(make_pack):
    rules = MINIMAL_RULES.replace("    severity: warning", "    severity: [warning", 1)
    with pytest.raises(PackError) as info:
        _load(*make_pack(rules=rules))
    assert info.value.line is not None and info.value.line > 1


def test_malformed_pack_via_cli_is_one_line(make_pack, tmp_path, capsys):
    """A broken extra pack named in a configuration: the CLI says so in one line, exit 2."""
    from replycoach import cli

    make_pack(rules=MINIMAL_RULES.replace("category: debt", "category: rudeness", 1))
    config = tmp_path / "team.yaml"
    config.write_text(f"packs: [{tmp_path}]\n", encoding="utf-8")
    code = cli.main(["rules", "--config", str(config)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1
    assert "rules/xx.yaml" in err and "rule xx.debt.owe" in err and "field category" in err
