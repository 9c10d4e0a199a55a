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


@pytest.fixture(scope="session")
def live_server():
    """The real service (uvicorn) on a free loopback port, for client and browser tests."""
    import socket
    import threading
    import time

    import uvicorn

    from replycoach.service import create_app

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
