"""Team configuration and custom packs: one file changes results identically in
the library, the CLI and the service; every invalid configuration gets a
one-line error naming file and key."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import replycoach
from replycoach import cli
from replycoach.config import ConfigError, resolve
from replycoach.errors import PackError
from replycoach.service import create_app

ROOT = Path(__file__).resolve().parent.parent
GERMAN = ROOT / "examples" / "packs" / "de"


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# ------------------------------------------------------------------ behaviour of each key


def test_disable_and_enable_by_category_and_glob():
    draft = "Relax, you owe us €75."
    assert {f.category for f in replycoach.check(draft).findings} == {"dismissive", "debt"}
    coach = replycoach.Coach({"disable": ["dismissive"]})
    assert {f.category for f in coach.check(draft).findings} == {"debt"}
    coach = replycoach.Coach({"disable": ["en.debt.*"]})
    assert {f.category for f in coach.check(draft).findings} == {"dismissive"}
    coach = replycoach.Coach({"enable": ["en.debt.you-owe"]})
    assert [f.rule_id for f in coach.check(draft).findings] == ["en.debt.you-owe"]


def test_severity_overrides_category_then_rule():
    coach = replycoach.Coach({"severity": {"register": "error", "en.register.slang": "suggestion"}})
    report = coach.check("Hey buddy, we're gonna send it.")
    assert {f.rule_id: f.severity for f in report.findings} == {
        "en.register.pet-greeting": "error",
        "en.register.slang": "suggestion",
    }


def test_languages_limit_what_is_checked():
    coach = replycoach.Coach({"languages": ["en"]})
    report = coach.check("Вие ни дължите 120 лв.")
    assert report.supported is False and report.language == "bg"
    assert "not enabled" in report.notice
    assert coach.languages() == ["en"]


def test_allow_list_never_flags_a_phrase():
    draft = "Company policy doesn't allow that."
    assert replycoach.check(draft).findings
    coach = replycoach.Coach({"allow": {"en": ["policy"]}})
    report = coach.check(draft)
    assert report.findings == [] and report.rewrite == draft


def test_allow_list_folds_like_the_pack():
    """A simplified allow entry covers a traditional draft; an accented one covers an unaccented draft."""
    assert replycoach.check("這是公司規定。").findings
    assert replycoach.Coach({"allow": {"zh": ["公司规定"]}}).check("這是公司規定。").findings == []
    assert replycoach.Coach({"allow": {"lv": ["noteikumi"]}}).check("Noteikumi ir noteikumi.", lang="lv").findings == []


def test_phrasebook_override_replaces_one_template():
    coach = replycoach.Coach({"phrasebook": {"en": {"dismissive.acknowledge": "I can see how annoying this is"}}})
    assert coach.fix("Please calm down.") == "I can see how annoying this is."
    assert replycoach.fix("Please calm down.") == "I understand how frustrating this is."  # default untouched


def test_ignore_per_call_and_inline_marker():
    draft = "Relax, you owe us €75."
    assert {f.category for f in replycoach.check(draft, ignore=["dismissive"]).findings} == {"debt"}
    marked = "<!-- replycoach: ignore debt -->\nRelax, you owe us €75."
    report = replycoach.check(marked)
    assert {f.category for f in report.findings} == {"dismissive"}
    assert report.rewrite == "I understand how frustrating this is, you owe us €75."  # marker stripped
    report = replycoach.check("<!-- replycoach: ignore nonsense --> Relax.")
    assert "nonsense" in report.notice  # never a silent skip


def test_explain():
    text = replycoach.Coach().explain("en.debt.you-owe")
    assert "en.debt.you-owe  (debt, warning)" in text and "phrasebook entry debt.open-balance-amount" in text
    assert "bad:   You owe us €75 for March." in text


# ------------------------------------------------------------------ custom packs


def test_extra_pack_adds_a_language_and_detection_routes_to_it():
    coach = replycoach.Coach({"packs": [str(GERMAN)]})
    report = coach.check("Sie schulden uns 50 Euro für März.")
    assert report.language == "de" and report.supported
    assert report.rewrite == "Es ist noch ein Betrag von 50 Euro für März offen."
    assert replycoach.check("Sie schulden uns 50 Euro für März.").supported is False  # not without the pack


def _extra_en(tmp_path: Path, rule_id: str, override: bool) -> Path:
    (tmp_path / "rules").mkdir()
    (tmp_path / "phrasebooks").mkdir()
    write(
        tmp_path / "rules" / "en.yaml",
        f"""\
        language: en
        name: English (team additions)
        rules:
          - id: {rule_id}
            category: refusal
            message: Say what you can do instead.
            {"override: true" if override else ""}
            patterns:
              - regex: '\\bno can do\\b'
            phrase: team.can-do
            examples:
              - bad: Sorry, no can do.
                good: Sorry, let me find another way.
        """,
    )
    write(
        tmp_path / "phrasebooks" / "en.yaml",
        'language: en\nentries:\n  team.can-do:\n    template: "let me find another way"\n',
    )
    return tmp_path


def test_extra_rules_for_a_built_in_language(tmp_path):
    coach = replycoach.Coach({"packs": [str(_extra_en(tmp_path, "en.refusal.no-can-do", False))]})
    assert coach.fix("Sorry, no can do.") == "Sorry, let me find another way."
    assert coach.fix("You owe us €5.") == "There is an open balance of €5."  # built-in rules still there


def test_extra_rule_id_clash_needs_override(tmp_path):
    with pytest.raises(PackError, match=r"id already defined .* add 'override: true'"):
        replycoach.Coach({"packs": [str(_extra_en(tmp_path, "en.refusal.flat-cant", False))]}).pack("en")


def test_override_replaces_a_built_in_rule(tmp_path):
    coach = replycoach.Coach({"packs": [str(_extra_en(tmp_path, "en.refusal.flat-cant", True))]})
    assert coach.fix("Sorry, no can do.") == "Sorry, let me find another way."
    assert coach.check("We can't do that.").findings == []  # the built-in pattern is gone


def test_entry_point_pack(tmp_path, monkeypatch):
    """A pip-installed pack: a distribution declaring the entry-point group replycoach.packs."""
    package = tmp_path / "acme_replycoach_de"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    for sub in ("rules", "phrasebooks"):
        (package / sub).mkdir()
        (package / sub / "de.yaml").write_text((GERMAN / sub / "de.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    dist = tmp_path / "acme_replycoach_de-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-replycoach-de\nVersion: 1.0\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text("[replycoach.packs]\nde = acme_replycoach_de\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    coach = replycoach.Coach()
    assert "de" in coach.languages()
    assert coach.check("Bitte beruhigen Sie sich.").findings[0].rule_id == "de.dismissive.calm-down"


def test_test_pack_command(tmp_path, capsys):
    assert cli.main(["test-pack", str(GERMAN)]) == 0
    assert capsys.readouterr().out.strip().endswith("6 passed, 0 failed")
    broken = _extra_en(tmp_path, "en.refusal.no-can-do", False)
    rules = broken / "rules" / "en.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("let me find another way.", "WRONG."), encoding="utf-8")
    assert cli.main(["test-pack", str(broken)]) == 1
    out = capsys.readouterr().out
    assert "FAIL" in out and "en.refusal.no-can-do" in out and "expected 'Sorry, WRONG.'" in out
    assert out.strip().endswith("0 passed, 1 failed")


# ------------------------------------------------------------------ one file, three front ends


def test_same_config_same_results_in_library_cli_and_service(tmp_path, capsys, monkeypatch):
    config = write(
        tmp_path / ".replycoach.yaml",
        f"""\
        disable: [dismissive]
        severity: {{debt: error}}
        fail_on: error
        allow: {{en: [policy]}}
        packs: [{GERMAN}]
        """,
    )
    drafts = ["Relax, you owe us €75. Company policy doesn't allow that.", "Sie schulden uns 50 Euro."]

    coach = replycoach.Coach(config)
    lib = [[(f.rule_id, f.severity, f.start, f.suggestion) for f in coach.check(d).findings] for d in drafts]
    assert lib == [
        [("en.debt.you-owe", "error", 7, "there is an open balance of €75")],
        [("de.debt.you-owe", "error", 0, "Es ist noch ein Betrag von 50 Euro offen")],  # category-wide
    ]

    monkeypatch.chdir(tmp_path)  # the CLI finds .replycoach.yaml from the working directory
    via_cli = []
    for d in drafts:
        (tmp_path / "draft.txt").write_text(d, encoding="utf-8")
        code = cli.main(["check", "--format", "json", "draft.txt"])
        data = json.loads(capsys.readouterr().out)
        via_cli.append([(f["rule_id"], f["severity"], f["start"], f["suggestion"]) for f in data["findings"]])
        assert code == 1  # debt raised to error, and fail_on: error, both from the file
    assert via_cli == lib

    monkeypatch.setenv("REPLYCOACH_CONFIG", str(config))
    with TestClient(create_app(preload=False)) as client:
        via_service = []
        for d in drafts:
            data = client.post("/v1/check", json={"text": d}).json()
            via_service.append([(f["rule_id"], f["severity"], f["start"], f["suggestion"]) for f in data["findings"]])
            assert data["fail_on"] == "error"
        assert via_service == lib
        data = client.post("/v1/check", json={"text": drafts[0], "ignore": ["debt"]}).json()
        assert data["findings"] == [] and data["verdict"] == "pass"


def test_discovery_and_precedence(tmp_path, monkeypatch):
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    write(tmp_path / ".replycoach.yaml", "fail_on: error\n")
    other = write(tmp_path / "other.yaml", "fail_on: suggestion\n")
    monkeypatch.delenv("REPLYCOACH_CONFIG", raising=False)
    assert resolve(cwd=nested).fail_on == "error"  # found upward
    assert resolve(environ={"REPLYCOACH_CONFIG": str(other)}, cwd=nested).fail_on == "suggestion"
    flag = write(tmp_path / "flag.yaml", "fail_on: warning\n")
    assert resolve(str(flag), environ={"REPLYCOACH_CONFIG": str(other)}, cwd=nested).fail_on == "warning"


def test_config_show(tmp_path, capsys):
    config = write(tmp_path / "team.yaml", "disable: [register]\nfail_on: error\n")
    assert cli.main(["config", "show", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert f'disable: ["register"]  # {config}' in out
    assert f'fail_on: "error"  # {config}' in out
    assert "severity: {}  # default" in out


# ------------------------------------------------------------------ invalid configurations


INVALID = [
    ("colour: red\n", "colour", "unknown key"),
    ("disable: [en.dbt.*]\n", "disable[0]", "matches any rule"),
    ("enable: [rudeness]\n", "enable[0]", "matches any rule"),
    ("severity: {debt: fatal}\n", "severity.debt", "unknown severity 'fatal'"),
    ("severity: {xx.debt.*: error}\n", "severity.xx.debt.*", "matches any rule"),
    ("fail_on: loud\n", "fail_on", "must be one of"),
    ("languages: [en, xx]\n", "languages[1]", "no pack for 'xx'"),
    ("packs: [./nowhere]\n", "packs[0]", "not a folder"),
    ("allow: {xx: [hi]}\n", "allow.xx", "no pack"),
    ("allow: [policy]\n", "allow", "must map"),
    ("phrasebook: {en: {no.such.entry: hi}}\n", "phrasebook.en.no.such.entry", "no entry"),
    ("phrasebook: {en: {debt.open-balance: '{{ amount }}'}}\n", "phrasebook.en.debt.open-balance", "does not capture"),
    ("phrasebook: {en: {debt.open-balance: '{{ x'}}\n", "phrasebook.en.debt.open-balance", "syntax error"),
    ("- just a list\n", "(top level)", "must be a mapping"),
    ("disable: [\n", "", "YAML error"),
]


@pytest.mark.parametrize("body,key,problem", INVALID, ids=[i[1] or "yaml" for i in INVALID])
def test_invalid_config_is_one_line_naming_file_and_key(tmp_path, capsys, body, key, problem):
    config = write(tmp_path / "bad.yaml", body)
    with pytest.raises((ConfigError, PackError)) as info:
        replycoach.Coach(config)
    message = str(info.value)
    assert "\n" not in message and str(config) in message and key in message and problem in message
    assert cli.main(["check", "--config", str(config), "--explain", "en.debt.you-owe"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(config) in err


def test_missing_config_file(capsys):
    assert cli.main(["langs", "--config", "/nonexistent/team.yaml"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_python_api_accepts_path_mapping_or_config(tmp_path):
    path = write(tmp_path / "c.yaml", "disable: [debt]\n")
    for cfg in (path, str(path), {"disable": ["debt"]}, replycoach.Config(disable=["debt"])):
        assert replycoach.Coach(cfg).check("You owe us €5.").findings == []
    with pytest.raises(TypeError):
        replycoach.Coach(42)  # type: ignore[arg-type]
    assert sys.modules["replycoach"].Coach is replycoach.Coach


def test_extra_pack_with_a_misbehaving_example_is_refused_at_load(tmp_path):
    """Pack authors cannot hurt users: a broken example stops the pack, in one line."""
    folder = _extra_en(tmp_path, "en.refusal.no-can-do", False)
    rules = folder / "rules" / "en.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("let me find another way.", "WRONG."), encoding="utf-8")
    coach = replycoach.Coach({"packs": [str(folder)]})
    with pytest.raises(PackError) as info:
        coach.check("Hello there.", lang="en")
    message = str(info.value)
    assert "\n" not in message and "rules/en.yaml" in message and "rule en.refusal.no-can-do" in message
    assert "field examples[0]" in message and "expected 'Sorry, WRONG.'" in message
