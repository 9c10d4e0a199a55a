from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import replycoach
from replycoach.detect import detect

DATA = Path(__file__).parent / "data" / "langid.yaml"
CASES = yaml.safe_load(DATA.read_text(encoding="utf-8"))
PACK_LANGS = frozenset({"bg", "el", "en", "lv", "zh"})  # the five target languages, packs or not yet


def test_set_is_large_and_a_third_unsupported():
    assert len(CASES) >= 100
    assert all(1 <= len(c["text"].split()) <= 6 or c["lang"] in ("zh", "ja", "ko") for c in CASES)
    unsupported = [c for c in CASES if c["lang"] not in PACK_LANGS]
    assert len(unsupported) >= len(CASES) / 3


def test_accuracy_on_short_drafts():
    wrong = [(c["text"], c["lang"], detect(c["text"], PACK_LANGS).lang) for c in CASES]
    wrong = [w for w in wrong if w[1] != w[2]]
    accuracy = 1 - len(wrong) / len(CASES)
    assert accuracy >= 0.97, wrong


@pytest.mark.parametrize("case", [c for c in CASES if c["lang"] not in PACK_LANGS], ids=lambda c: c["text"])
def test_look_alike_never_routed_into_a_pack(case):
    det = detect(case["text"], PACK_LANGS)
    assert det.lang not in PACK_LANGS
    assert det.supported is False


@pytest.mark.parametrize(
    "text,lang",
    [
        ("Thanks!", "en"),
        ("Sorry!", "en"),
        ("Благодаря ви", "bg"),
        ("谢谢", "zh"),
        ("Paldies!", "lv"),
        ("Ευχαριστώ πολύ", "el"),
        # Russian without ё/ы/э, Macedonian, Ukrainian, Serbian: never bg
        ("Спасибо за ваше терпение", "ru"),
        ("Заказ доставлен", "ru"),
        ("Благодарам за трпението", "mk"),
        # Lithuanian never lv; Japanese never zh; German/French never en or lv
        ("Ačiū, viskas gerai", "lt"),
        ("ご注文ありがとうございます", "ja"),
        ("Vielen Dank für Ihre Geduld", "de"),
        ("Merci pour votre patience", "fr"),
    ],
)
def test_short_drafts(text, lang):
    assert detect(text, PACK_LANGS).lang == lang


def test_numbers_urls_emails_and_product_names_do_not_sway():
    assert detect("Order 4411, INV-2024-0042, see https://shop.example.lv/a?b=1", PACK_LANGS).lang == "en"
    assert detect("订单 INV-2024-0042 已发货 https://example.com", PACK_LANGS).lang == "zh"
    assert detect("请重启 Router X200 Pro Max", PACK_LANGS).lang == "zh"
    assert detect("Ваша поръчка 12345 е изпратена на anna@example.com", PACK_LANGS).lang == "bg"


def test_mixed_draft_goes_to_the_dominant_language():
    text = "Thank you for your patience, we have shipped your order today. Paldies!"
    assert detect(text, PACK_LANGS).lang == "en"
    text = "Labdien! Jūsu pasūtījums ir nosūtīts, un to piegādās rīt. Thanks!"
    assert detect(text, PACK_LANGS).lang == "lv"


@pytest.mark.parametrize("text", ["", "   \n\t", "12345 67", "🙂🙂👍🏽", "https://example.com"])
def test_no_words_is_undetermined(text):
    det = detect(text, PACK_LANGS)
    assert det.lang == "und" and det.supported is False and det.confidence == 0.0


def test_deterministic():
    text = "Paldies par pacietibu"
    results = {detect(text, PACK_LANGS) for _ in range(5)}
    assert len(results) == 1


def test_public_detect_language_reports_pack_support():
    det = replycoach.detect_language("Thank you for waiting")
    assert det.lang == "en" and det.supported is True and 0 < det.confidence <= 1
    det = replycoach.detect_language("Vielen Dank für Ihre Geduld")
    assert det.lang == "de" and det.supported is False


def test_held_out_accuracy_does_not_regress():
    """langid_heldout.yaml was written after tuning and is not tuned against;
    the README reports its figure (39/42 when written)."""
    held = yaml.safe_load((DATA.parent / "langid_heldout.yaml").read_text(encoding="utf-8"))
    right = sum(detect(c["text"], PACK_LANGS).lang == c["lang"] for c in held)
    assert right / len(held) >= 0.9


def test_second_held_out_set():
    """langid_heldout2.yaml: fresh texts written after the Bulgarian tuning (40/42 when written)."""
    held = yaml.safe_load((DATA.parent / "langid_heldout2.yaml").read_text(encoding="utf-8"))
    right = sum(detect(c["text"], PACK_LANGS).lang == c["lang"] for c in held)
    assert right / len(held) >= 0.9


@pytest.mark.parametrize(
    "text,lang",
    [
        ("Имате неплатена сума.", "bg"),
        ("Разбираме, че това е важно за Вас.", "bg"),
        ("Обадете се на 0888 123 456.", "bg"),
        ("Пожалуйста, подтвердите адрес", "ru"),
        ("Ваша подписка продлена", "ru"),
        ("Послали смо вам нову лозинку", "sr"),
    ],
)
def test_bulgarian_sentences_versus_look_alikes(text, lang):
    assert detect(text, PACK_LANGS).lang == lang
