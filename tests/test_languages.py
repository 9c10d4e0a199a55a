"""Language capabilities the packs rely on, tested directly (beyond the pack examples)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import replycoach
from replycoach.entities import find_entities
from replycoach.packs import load_pack
from replycoach.textnorm import fold, is_traditional, strip_marks, to_simplified, to_traditional

PACK_LANGS = ("bg", "el", "en", "lv", "zh")
LANGID = yaml.safe_load((Path(__file__).parent / "data" / "langid.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "case",
    [c for c in LANGID if c["lang"] in PACK_LANGS and len(c["text"].split()) <= 3],
    ids=lambda c: c["text"],
)
def test_short_drafts_reach_their_pack(case):
    """Two- or three-word drafts in every supported language are detected as it."""
    det = replycoach.detect_language(case["text"])
    assert det.lang == case["lang"] and det.supported


def test_every_language_has_a_pack_and_is_listed():
    assert replycoach.supported_languages() == sorted(PACK_LANGS)


# ------------------------------------------------------------------ folding


def test_fold_keeps_length_and_folds_width_and_spaces():
    text = "Ｔｈａｎｋｓ！　您已欠費５８元，Don’t"
    folded = fold(text, traditional=True)
    assert len(folded) == len(text)
    assert folded == "thanks! 您已欠费58元,don't"


def test_strip_marks_keeps_case_and_escapes():
    assert strip_marks(r"\bJūs\s+esat\D ΈΧΕΤΕ πληρώσεις") == r"\bJus\s+esat\D ΕΧΕΤΕ πληρωσεισ"


def test_traditional_detection_and_conversion():
    assert is_traditional("這個商品缺貨") and not is_traditional("这个商品缺货")
    assert to_simplified("頭髮乾淨") == "头发干净"


def test_to_traditional_equals_opencc_s2tw_on_every_chinese_phrase():
    """to_traditional runs s2t then t2tw (less memory); it must give what s2tw gives."""
    import opencc

    s2tw = opencc.OpenCC("s2tw")
    pack = load_pack("zh")
    texts = [e.template for e in pack.phrasebook.entries.values()]
    texts += [v for table in pack.phrasebook.tables.values() for v in table.values()]
    texts += [t for r in pack.rules for ex in r.examples for t in (ex.bad, ex.good, ex.clean) if t]
    texts += ["头发干净", "我们为您处理后续事宜", "干杯", "皇后", "发票已经开好了"]
    assert len(texts) > 100
    for text in texts:
        assert to_traditional(text) == s2tw.convert(text), text


# ------------------------------------------------------------------ Latvian: diacritics optional


@pytest.mark.parametrize(
    "with_marks,without",
    [
        ("Jūs esat parādā 30 eiro.", "Jus esat parada 30 eiro."),
        ("Jūs neesat samaksājis rēķinu.", "Jus neesat samaksajis rekinu."),
        ("Produkts ir izpārdots.", "Produkts ir izpardots."),
        ("Tu vari samaksāt internetā.", "Tu vari samaksat interneta."),
    ],
)
def test_latvian_undiacritised_drafts_get_the_same_findings(with_marks, without):
    a = replycoach.check(with_marks, lang="lv")
    b = replycoach.check(without, lang="lv")
    assert [f.rule_id for f in a.findings] == [f.rule_id for f in b.findings] != []
    # suggestions are always written correctly, with diacritics
    assert [f.suggestion for f in a.findings] == [f.suggestion for f in b.findings]


def test_latvian_debitive_prefix_is_not_any_ja_word():
    """Without diacritics "jā" is "ja": "Jums jaunu kodu" must not read as a debitive."""
    report = replycoach.check("Mēs nosūtīsim Jums jaunu kodu.", lang="lv")
    assert report.findings == []


# ------------------------------------------------------------------ Greek: accents, case, final sigma


@pytest.mark.parametrize(
    "text",
    ["Δεν έχετε πληρώσει τον λογαριασμό.", "ΔΕΝ ΕΧΕΤΕ ΠΛΗΡΩΣΕΙ ΤΟΝ ΛΟΓΑΡΙΑΣΜΟ.", "δεν εχετε πληρωσει τον λογαριασμο."],
)
def test_greek_matches_regardless_of_accents_and_case(text):
    report = replycoach.check(text, lang="el")
    assert [f.rule_id for f in report.findings] == ["el.debt.not-paid"]
    # text outside the flagged span keeps its original spelling
    assert report.rewrite.endswith(text[report.findings[0].end :])


def test_greek_final_sigma_in_patterns_and_text():
    report = replycoach.check("Η παραγγελία σου είναι καθ' οδόν.", lang="el")
    assert report.rewrite == "Η παραγγελία σας είναι καθ' οδόν."


# ------------------------------------------------------------------ Chinese: script variants, width, segmentation


def test_chinese_traditional_draft_gets_traditional_suggestion():
    report = replycoach.check("您已欠費５８元。")
    assert report.language == "zh"
    assert report.rewrite == "您有５８元的費用沒有結清。"


def test_chinese_amount_is_kept_in_every_form():
    for amount in ("58元", "¥120.50", "三百块钱", "１２０元", "人民币200元"):
        report = replycoach.check(f"您已欠费{amount}。")
        assert amount in report.rewrite, (amount, report.rewrite)


def test_chinese_latin_product_names_do_not_break_matching():
    report = replycoach.check("你好，iPhone 15 Pro 已经卖完了。")
    assert report.language == "zh"
    assert {f.category for f in report.findings} == {"register", "availability"}
    assert "iPhone 15 Pro" in report.rewrite


def test_several_categories_at_once():
    report = replycoach.check("你必须今天付款。")
    assert {f.category for f in report.findings} == {"command", "register"}
    assert report.rewrite == "请您今天付款。"


# ------------------------------------------------------------------ Bulgarian: clitics and polite capitals


def test_bulgarian_clitics_and_capitalised_polite_forms():
    report = replycoach.check("Ще ти изпратим кода, поръчката ти е на път.", lang="bg")
    assert report.rewrite == "Ще Ви изпратим кода, поръчката Ви е на път."


def test_polite_capitals_are_not_names_but_shouting_is_not_either():
    assert find_entities("Вината е изцяло Ваша.") == []
    assert [e.kind for e in find_entities("ΜΑΣ ΧΡΩΣΤΑΤΕ 30 ΕΥΡΩ.")] == ["amount"]
