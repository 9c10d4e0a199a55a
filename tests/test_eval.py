from __future__ import annotations

from pathlib import Path

import pytest

from replycoach.errors import PackError
from replycoach.evaluate import evaluate, read_cases

CASES = Path(__file__).parent / "data" / "cases.yaml"


def test_shipped_cases_meet_the_bar():
    cases = read_cases(CASES)
    en = [c for c in cases if c.lang == "en"]
    assert len(en) >= 40 and sum(not c.expect for c in en) >= len(en) / 2
    result = evaluate(cases)
    assert result.failures == []
    totals = result.total.as_dict()
    assert totals["recall"] == 1.0
    assert totals["clean_flagged_share"] == 0.0
    assert totals["kept_share"] == 1.0
    assert totals["language_accuracy"] == 1.0


def test_eval_counts_misses_false_positives_and_lost_keeps(tmp_path):
    path = tmp_path / "cases.yaml"
    path.write_text(
        "- {lang: en, expect: [refusal], keep: ['€75'], text: 'You owe us €75.'}\n"
        "- {lang: en, expect: [], keep: [], text: 'Please calm down.'}\n"
        "- {lang: other, expect: [], keep: [], text: 'Vielen Dank für Ihre Geduld.'}\n",
        encoding="utf-8",
    )
    result = evaluate(read_cases(path))
    en = result.by_lang["en"].as_dict()
    assert en["recall"] == 0.0 and en["clean_flagged_share"] == 1.0 and en["kept_share"] == 1.0
    assert result.by_lang["other"].as_dict()["language_accuracy"] == 1.0
    assert result.by_category["debt"][2] == 1  # unexpected debt finding
    assert len(result.failures) == 2


@pytest.mark.parametrize(
    "body,problem",
    [
        ("- {lang: en, expect: [rudeness], text: hi}\n", "categories"),
        ("- {lang: en, expect: [], keep: [x], text: hi}\n", "not in the text"),
        ("- {lang: en, txt: hi}\n", "unknown key"),
        ("{}\n", "list of cases"),
    ],
)
def test_bad_cases_file(tmp_path, body, problem):
    path = tmp_path / "c.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(PackError, match=problem):
        read_cases(path)
