"""The public contract other work builds on: check(), Report, Finding, Detection."""

from __future__ import annotations

import json

import pytest

import replycoach
from replycoach import CATEGORIES, DraftTooLargeError, UnknownLanguageError


def test_report_fields_and_offsets():
    text = "Hi Anna, you owe us €75 for March. Please calm down."
    report = replycoach.check(text)
    assert report.language == "en" and report.supported is True and report.notice is None
    assert [f.category for f in report.findings] == ["debt", "dismissive"]
    for f in report.findings:
        assert text[f.start : f.end] == f.text
        assert f.category in CATEGORIES
        assert f.severity in replycoach.SEVERITIES
        assert f.message
    assert report.findings == sorted(report.findings, key=lambda f: f.start)
    assert report.rewrite == "Hi Anna, there is an open balance of €75 for March. I understand how frustrating this is."


def test_to_dict_is_json_ready():
    report = replycoach.check("You owe us €75 for March.")
    data = json.loads(json.dumps(report.to_dict()))
    assert data["language"] == "en" and data["supported"] is True
    assert data["findings"][0]["rule_id"] == "en.debt.you-owe"
    assert data["findings"][0]["suggestion"] == "There is an open balance of €75"
    assert set(data["findings"][0]) == {
        "rule_id",
        "category",
        "severity",
        "start",
        "end",
        "text",
        "message",
        "suggestion",
    }
    assert data["rewrite"] == "There is an open balance of €75 for March."
    assert data["detection"]["lang"] == "en"


def test_clean_draft_rewrite_is_identical():
    text = "Thanks for your patience! We'll reply by Monday 10 am."
    report = replycoach.check(text)
    assert report.findings == [] and report.rewrite == text
    assert not report.fails("suggestion")


def test_unsupported_language_says_so():
    report = replycoach.check("Спасибо за ваше терпение, заказ уже в пути.")
    assert report.supported is False and report.language == "ru"
    assert report.findings == [] and report.rewrite == report.text
    assert "Russian" in report.notice and "en" in report.notice


def test_forced_language():
    report = replycoach.check("You owe us €75.", lang="en")
    assert report.detection.method == "forced" and report.findings
    with pytest.raises(UnknownLanguageError, match="no pack for language 'xx'"):
        replycoach.check("text", lang="xx")


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\n\n",
        "🙂👍🏽👨‍👩‍👧",
        "\x00\x01\x02 binary \ufffd\ufffd",
        "e\u0301\u0301\u0301",
        "שלום עולם",
        "12 34 56",
    ],
)
def test_odd_drafts_never_crash(text):
    report = replycoach.check(text)
    assert report.rewrite == text or report.findings
    json.dumps(report.to_dict())


def test_emoji_before_a_finding_keeps_offsets():
    text = "🙂🙂 Thanks, but you owe us €75 👍🏽"
    report = replycoach.check(text)
    (f,) = report.findings
    assert text[f.start : f.end] == f.text == "you owe us €75"
    assert report.rewrite == "🙂🙂 Thanks, but there is an open balance of €75 👍🏽"


def test_large_draft_works_and_too_large_is_refused():
    paragraph = "Thanks for waiting. You owe us €75 for March. We'll reply by Monday 10 am.\n"
    text = paragraph * 2000  # ~150 kB
    report = replycoach.check(text)
    assert len(report.findings) == 2000
    assert report.rewrite.count("There is an open balance of €75") == 2000
    with pytest.raises(DraftTooLargeError):
        replycoach.check("a" * (replycoach.MAX_DRAFT_CHARS + 1))
    assert issubclass(DraftTooLargeError, ValueError)


def test_fix_is_idempotent_on_examples():
    text = "Like I said, you need to pay what you owe right now. Relax, buddy."
    once = replycoach.fix(text)
    assert replycoach.fix(once) == once
    assert replycoach.check(once).findings == []


def test_non_str_is_a_type_error():
    with pytest.raises(TypeError):
        replycoach.check(b"bytes")  # type: ignore[arg-type]


def test_one_megabyte_mixed_draft():
    """A 1 MB draft of glued pack phrases, emoji, control characters and noise:
    no crash, exact offsets, nothing protected lost."""
    from replycoach.entities import lost_entities

    piece = (
        "Hi Anna 👋🏽, you owe us €75 for INV-2024-0042.\x00 Please calm down! 您已欠费58元。"
        " Дължите 120 лв. \u202eΜας χρωστάτε 30 ευρώ.\n"
    )
    text = (piece * (1_000_000 // len(piece) + 1))[:1_000_000]
    report = replycoach.check(text, lang="en")
    assert len(report.findings) > 1000
    for f in report.findings[:: max(1, len(report.findings) // 200)]:
        assert text[f.start : f.end] == f.text
    assert lost_entities(text[:5000], report.rewrite[:6000]) == []
