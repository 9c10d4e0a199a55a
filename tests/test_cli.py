from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from replycoach import cli

ROOT = Path(__file__).resolve().parent.parent


def run(args, stdin: bytes = b"", monkeypatch=None, capsys=None):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    code = cli.main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_check_flags_debt_and_exits_1(monkeypatch, capsys):
    code, out, err = run(["check"], "You owe us €75 for March.\n".encode(), monkeypatch, capsys)
    assert code == 1
    assert out.startswith("1:1  debt  ")
    assert out.rstrip().endswith("→ There is an open balance of €75")


def test_line_and_column(monkeypatch, capsys):
    code, out, _ = run(["check", "-"], b"Hello Anna,\n\nThanks. Relax, it's fine.", monkeypatch, capsys)
    assert code == 1
    assert out.startswith("3:9  dismissive  ")


def test_clean_draft_exits_0(monkeypatch, capsys):
    code, out, _ = run(["check"], b"No problem at all, happy to help!", monkeypatch, capsys)
    assert code == 0 and out == ""


def test_fail_on(monkeypatch, capsys):
    draft = b"We're gonna send it."  # register, severity suggestion
    assert run(["check"], draft, monkeypatch, capsys)[0] == 0
    assert run(["check", "--fail-on", "suggestion"], draft, monkeypatch, capsys)[0] == 1
    draft = "You owe us €75.".encode()  # warning
    assert run(["check", "--fail-on", "error"], draft, monkeypatch, capsys)[0] == 0


def test_json_format(monkeypatch, capsys):
    code, out, _ = run(["check", "--format", "json"], "You owe us €75 for March.".encode(), monkeypatch, capsys)
    data = json.loads(out)
    assert code == 1 and data["findings"][0]["category"] == "debt"
    assert data["rewrite"] == "There is an open balance of €75 for March."


def test_fix_keeps_amount(monkeypatch, capsys):
    code, out, _ = run(["fix"], "You owe us €75 for March.\n".encode(), monkeypatch, capsys)
    assert code == 0 and out == "There is an open balance of €75 for March.\n"


def test_file_argument_and_errors(tmp_path, monkeypatch, capsys):
    draft = tmp_path / "draft.txt"
    draft.write_text("Please calm down.", encoding="utf-8")
    assert run(["check", str(draft)], b"", monkeypatch, capsys)[0] == 1
    code, _, err = run(["check", str(tmp_path / "missing.txt")], b"", monkeypatch, capsys)
    assert code == 2 and "no such file" in err and err.count("\n") == 1
    binary = tmp_path / "bin.dat"
    binary.write_bytes(b"\xff\xfe\x00\x01")
    code, _, err = run(["check", str(binary)], b"", monkeypatch, capsys)
    assert code == 2 and "not UTF-8" in err and "offset 0" in err


def test_usage_errors_exit_2(monkeypatch, capsys):
    code, _, err = run(["check", "--lang", "xx"], b"hi", monkeypatch, capsys)
    assert code == 2 and "no pack for language 'xx'" in err
    code, _, err = run(["nonsense"], b"", monkeypatch, capsys)
    assert code == 2 and "invalid choice" in err and "Traceback" not in err
    code, _, err = run(["check", "--fail-on", "fatal"], b"", monkeypatch, capsys)
    assert code == 2


def test_unsupported_language_exits_0_with_notice(monkeypatch, capsys):
    code, out, err = run(["check"], "Vielen Dank für Ihre Geduld.".encode(), monkeypatch, capsys)
    assert code == 0 and out == "" and "German (de)" in err


def test_langs_and_rules(monkeypatch, capsys):
    code, out, _ = run(["langs"], b"", monkeypatch, capsys)
    assert code == 0 and "en  English" in out
    code, out, _ = run(["rules", "--lang", "en", "--category", "refusal"], b"", monkeypatch, capsys)
    lines = out.strip().splitlines()
    assert code == 0 and lines and all(" refusal " in line for line in lines)
    code, out, _ = run(["rules", "--format", "json"], b"", monkeypatch, capsys)
    assert len(json.loads(out)) >= 40


def test_langs_and_help_do_not_import_spacy():
    code = "import sys, replycoach.cli as c; c.main(['langs']); print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("False")


def test_eval_prints_table(monkeypatch, capsys):
    code, out, _ = run(["eval", str(ROOT / "tests" / "data" / "cases.yaml")], b"", monkeypatch, capsys)
    assert code == 0
    assert out.splitlines()[0].split() == ["lang", "cases", "lang", "acc", "recall", "clean", "clean", "FP", "kept"]
    assert any(line.startswith("en ") for line in out.splitlines())


@pytest.mark.skipif(shutil.which("replycoach") is None, reason="console script not installed")
def test_console_script_end_to_end():
    proc = subprocess.run(["replycoach", "check"], input="You owe us €75 for March.", capture_output=True, text=True)
    assert proc.returncode == 1 and "debt" in proc.stdout and "Traceback" not in proc.stderr
    proc = subprocess.run(["replycoach", "fix"], input="You owe us €75 for March.", capture_output=True, text=True)
    assert proc.returncode == 0 and "€75" in proc.stdout


def test_serve_rejects_bad_workers(monkeypatch, capsys):
    code, _, err = run(["serve", "--workers", "0"], b"", monkeypatch, capsys)
    assert code == 2 and "--workers" in err


def test_serve_passes_options_to_uvicorn(monkeypatch, capsys):
    seen = {}

    def fake_run(app, **kwargs):
        seen.update(kwargs, app=app)

    import uvicorn

    monkeypatch.setattr(uvicorn, "run", fake_run)
    monkeypatch.setenv("REPLYCOACH_CORS_ORIGINS", "")  # restored after the test
    monkeypatch.setenv("REPLYCOACH_MAX_BODY", "")
    code, _, _ = run(
        ["serve", "--port", "9999", "--workers", "2", "--cors-origin", "https://a.example", "--max-body", "1000"],
        b"",
        monkeypatch,
        capsys,
    )
    assert code == 0
    assert seen["port"] == 9999 and seen["workers"] == 2 and seen["factory"] is True
    import os

    assert os.environ["REPLYCOACH_CORS_ORIGINS"] == "https://a.example"
    assert os.environ["REPLYCOACH_MAX_BODY"] == "1000"


def test_draft_over_the_limit_is_exit_2(tmp_path, monkeypatch, capsys):
    import replycoach

    big = tmp_path / "big.txt"
    big.write_text("a" * (replycoach.MAX_DRAFT_CHARS + 1), encoding="utf-8")
    code, _, err = run(["check", str(big)], b"", monkeypatch, capsys)
    assert code == 2 and "limit is 2,000,000" in err and err.count("\n") == 1
