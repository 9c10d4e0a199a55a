from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

MINIMAL_RULES = """\
language: xx
name: Test language
lemmas: false
rules:
  - id: xx.debt.owe
    category: debt
    severity: warning
    message: Say it neutrally.
    patterns:
      - regex: '\\byou owe (?P<amount>{AMOUNT})'
    phrase: debt.balance
    examples:
      - bad: you owe €5 today
        good: An open balance of €5 today
      - clean: an open balance of €5
"""

MINIMAL_PHRASEBOOK = """\
language: xx
entries:
  debt.balance:
    template: "an open balance of {{ amount }}"
"""


@pytest.fixture
def make_pack(tmp_path: Path):
    """Write a pack (rules + phrasebook text) under tmp_path; return (rules_path, phrasebook_path)."""

    def _make(rules: str = MINIMAL_RULES, phrasebook: str = MINIMAL_PHRASEBOOK, lang: str = "xx"):
        (tmp_path / "rules").mkdir(exist_ok=True)
        (tmp_path / "phrasebooks").mkdir(exist_ok=True)
        rp = tmp_path / "rules" / f"{lang}.yaml"
        pp = tmp_path / "phrasebooks" / f"{lang}.yaml"
        rp.write_text(textwrap.dedent(rules), encoding="utf-8")
        if phrasebook is not None:
            pp.write_text(textwrap.dedent(phrasebook), encoding="utf-8")
        return rp, pp

    return _make
