"""docs/integrations.md stays true: its request gets its response, the fields
its JavaScript snippets read exist, and its Python and shell snippets run."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from replycoach.service import create_app

DOC = (Path(__file__).resolve().parent.parent / "docs" / "integrations.md").read_text(encoding="utf-8")
BLOCKS = {m.group(1).strip(): m.group(2) for m in re.finditer(r"```([^\n]*)\n(.*?)```", DOC, re.S)}


@pytest.fixture(scope="module")
def response():
    with TestClient(create_app(preload=False)) as client:
        r = client.post("/v1/check", json=json.loads(BLOCKS["json request"]))
    assert r.status_code == 200
    return r.json()


def test_documented_response_matches(response):
    documented = json.loads(BLOCKS["json response"])
    for key in ("verdict", "message", "language", "supported", "rewrite"):
        assert response[key] == documented[key], key
    assert response["findings"][0] == documented["findings"][0]


@pytest.mark.parametrize("name", ["js zendesk", "js freshdesk", "js zoho"])
def test_snippets_read_fields_that_exist(response, name):
    code = BLOCKS[name]
    fields = set(re.findall(r"\b(?:res|result)\.(\w+)", code))
    assert {"verdict", "message"} <= fields
    assert fields <= set(response), fields - set(response)
    assert '"fail_on": "warning"' not in code and 'fail_on: "warning"' in code
    assert "https://replycoach.example.com/v1/check" in code


def test_python_snippet_runs():
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(BLOCKS["python"], "integrations.md", "exec"), {})  # noqa: S102 - our own doc
    assert "blocked: ['debt', 'dismissive']" in out.getvalue()


def test_cli_snippet_blocks_on_exit_1(tmp_path):
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    proc = subprocess.run(["bash", "-c", BLOCKS["sh cli"]], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert "blocked: fix the draft first" in proc.stdout
    assert "replycoach failed" not in proc.stdout
