"""Property tests: check() never crashes, never loses a protected token, and
its rewrite is stable, over arbitrary Unicode drafts and drafts built from
pack phrases glued into random text.

Profiles (Hypothesis): `ci` (default, 150 drafts per property, runs in
.ci/run) and `fuzz`, the long run: 35,000 drafts per property, 105,000 in all:

    HYPOTHESIS_PROFILE=fuzz .venv/bin/python -m pytest tests/test_properties.py -q
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import replycoach
from replycoach.entities import lost_entities
from replycoach.packs import available_languages, load_pack

settings.register_profile(
    "ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
settings.register_profile(
    "fuzz", max_examples=35_000, deadline=None, suppress_health_check=list(HealthCheck), derandomize=False
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

PHRASES = sorted(
    {
        text
        for lang in available_languages()
        for rule in load_pack(lang).rules
        for ex in rule.examples
        for text in (ex.bad, ex.clean)
        if text
    }
)
NOISE = st.sampled_from(
    [
        " ",
        "\n",
        "\t",
        "\x00",
        "\u200b",
        "\u202e",
        "e\u0301",
        "👍🏽",
        "👨‍👩‍👧",
        "🙂",
        "  ",
        ", ",
        ". ",
        "!!",
        "？",
        "，",
        "#4411",
        "INV-2024-0042",
        "€75.50",
        "12/03/2025",
        "10:30",
        "anna@example.com",
        "https://x.example/a?b=1",
        "Anna",
        "iPhone 15",
        "ΑΒΓ",
        "Ж",
        "中",
        "ا",
        "\r\n",
        "\ufeff",
        "\ud7ff",
    ]
)
drafts = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(PHRASES), NOISE, st.text(max_size=12)), max_size=12).map("".join),
)


def _well_formed(report: replycoach.Report) -> None:
    text = report.text
    for f in report.findings:
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start : f.end] == f.text
        assert f.category in replycoach.CATEGORIES and f.severity in replycoach.SEVERITIES
    starts = [f.start for f in report.findings]
    assert starts == sorted(starts)


@given(drafts)
@example("AAA¼¼0𐔀")  # found by the fuzz profile: capitals discount drove a script score below zero
@example("Like I said, john@example.com is the contact.")  # no capital forced onto an e-mail
def test_check_is_total_and_offsets_are_exact(text):
    report = replycoach.check(text)
    _well_formed(report)
    assert isinstance(report.rewrite, str)
    report.to_json()


@given(drafts)
@example("Like I said, john@example.com is the contact.")
@example("Like I said, iPhone 15 is back.")
@example("Kāds ar Jums sazināsies.anna@example.com")  # found by the fuzz profile: e-mail straddling a span
@example("Kurjers ieradīsies 12.05., kā jau Jums rakstīju.https://x.example/a?b=1")  # fuzz: no capital on a URL
def test_rewrite_keeps_protected_tokens_and_is_stable(text):
    report = replycoach.check(text)
    if not report.supported:
        assert report.rewrite == text
        return
    assert lost_entities(text, report.rewrite) == []
    fixed = {f.category for f in report.findings if f.suggestion is not None}
    again = replycoach.check(report.rewrite, lang=report.language)
    assert not fixed & {f.category for f in again.findings if f.suggestion is not None}
    assert replycoach.fix(report.rewrite, lang=report.language) == report.rewrite  # fix(fix(x)) == fix(x)


@given(st.sampled_from(sorted(available_languages())), drafts)
def test_every_pack_is_total_on_any_text(lang, text):
    _well_formed(replycoach.check(text, lang=lang))
