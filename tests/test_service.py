"""The HTTP service: JSON API, LanguageTool-compatible API, errors, CORS, playground."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from replycoach.service import create_app


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(max_body=2048)) as c:
        yield c


# ------------------------------------------------------------------ /v1


def test_check_block_warn_pass(client):
    r = client.post("/v1/check", json={"text": "You owe us €75 for March. Please calm down."})
    assert r.status_code == 200
    data = r.json()
    assert data["verdict"] == "block" and data["language"] == "en" and data["supported"] is True
    assert [f["category"] for f in data["findings"]] == ["debt", "dismissive"]
    assert "debt" in data["message"] and "\n" not in data["message"]
    assert data["rewrite"].startswith("There is an open balance of €75")

    r = client.post("/v1/check", json={"text": "We're gonna send it today.", "fail_on": "warning"})
    assert r.json()["verdict"] == "warn"  # a suggestion-level finding only
    r = client.post("/v1/check", json={"text": "We're gonna send it today.", "fail_on": "suggestion"})
    assert r.json()["verdict"] == "block"
    r = client.post("/v1/check", json={"text": "Thanks, we'll reply by Monday 10 am."})
    assert r.json()["verdict"] == "pass" and r.json()["findings"] == []


def test_check_forced_language_and_unsupported(client):
    r = client.post("/v1/check", json={"text": "Дължите 20 лв.", "lang": "bg"})
    assert r.json()["language"] == "bg" and r.json()["detection"]["method"] == "forced"
    r = client.post("/v1/check", json={"text": "Vielen Dank für Ihre Geduld."})
    assert r.status_code == 200
    assert r.json()["supported"] is False and r.json()["language"] == "de" and r.json()["verdict"] == "pass"


def test_fix(client):
    r = client.post("/v1/fix", json={"text": "You owe us €75."})
    assert r.json() == {
        "rewrite": "There is an open balance of €75.",
        "findings": [r.json()["findings"][0]],
    }
    assert r.json()["findings"][0]["rule_id"] == "en.debt.you-owe"


def test_languages_rules_health_openapi(client):
    assert [x["code"] for x in client.get("/v1/languages").json()] == ["bg", "el", "en", "lv", "zh"]
    rules = client.get("/v1/rules", params={"lang": "zh"}).json()
    assert rules and all(r["id"].startswith("zh.") for r in rules)
    assert client.get("/v1/rules", params={"lang": "xx"}).status_code == 400
    assert client.get("/healthz").json()["status"] == "ok"
    spec = client.get("/openapi.json").json()
    assert {"/v1/check", "/v1/fix", "/v1/languages", "/v1/rules", "/v2/check", "/v2/languages", "/healthz"} <= set(
        spec["paths"]
    )
    assert (
        "text"
        in spec["paths"]["/v1/check"]["post"]["requestBody"]["content"]["application/json"]["schema"]["properties"]
    )


@pytest.mark.parametrize(
    "body,headers,status,needle",
    [
        (b"{bad json", {"content-type": "application/json"}, 400, "malformed JSON"),
        (b"[1, 2]", {"content-type": "application/json"}, 400, "must be an object"),
        (b"{}", {"content-type": "application/json"}, 400, "missing field 'text'"),
        (b'{"text": 5}', {"content-type": "application/json"}, 400, "must be a string"),
        (b'{"text": "hi", "lang": "xx"}', {"content-type": "application/json"}, 400, "unknown language 'xx'"),
        (b'{"text": "hi", "fail_on": "fatal"}', {"content-type": "application/json"}, 400, "fail_on"),
        (b'{"text": "hi"}', {"content-type": "text/plain"}, 415, "application/json"),
        (b'{"text": "' + b"a" * 3000 + b'"}', {"content-type": "application/json"}, 413, "limit"),
        (b"\xff\xfe", {"content-type": "application/json"}, 400, "not UTF-8"),
    ],
)
def test_bad_requests_get_json_4xx(client, body, headers, status, needle):
    r = client.post("/v1/check", content=body, headers=headers)
    assert r.status_code == status
    assert needle in r.json()["error"]


def test_body_limit_without_content_length(client):
    def chunks():
        for _ in range(10):
            yield b"a" * 500

    r = client.post("/v1/check", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_internal_failure_fails_open(monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("simulated bug")

    app = create_app(preload=False)
    monkeypatch.setattr(app.state.coach, "check", boom)
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.post("/v1/check", json={"text": "hello"})
    assert r.status_code == 500
    assert r.json()["fail_open"] is True and "Traceback" not in r.text


# ------------------------------------------------------------------ LanguageTool-compatible /v2


def test_v2_check_form_with_utf16_offsets(client):
    text = "👍🏽 Thanks, but you owe us €75."
    r = client.post("/v2/check", data={"text": text, "language": "en-US"})
    assert r.status_code == 200
    data = r.json()
    assert data["software"]["name"] == "replycoach" and data["software"]["apiVersion"] == 1
    assert data["language"]["code"] == "en" and data["language"]["detectedLanguage"]["code"] == "en"
    (m,) = data["matches"]
    units = text.encode("utf-16-le")
    assert units[2 * m["offset"] : 2 * (m["offset"] + m["length"])].decode("utf-16-le") == "you owe us €75"
    assert m["offset"] == 17  # 👍🏽 is four UTF-16 units, " Thanks, but " thirteen
    assert m["replacements"] == [{"value": "there is an open balance of €75"}]
    assert set(m) >= {"message", "shortMessage", "offset", "length", "replacements", "context", "sentence", "rule"}
    ctx = m["context"]
    assert (
        ctx["text"].encode("utf-16-le")[2 * ctx["offset"] : 2 * (ctx["offset"] + ctx["length"])].decode("utf-16-le")
        == "you owe us €75"
    )
    assert m["sentence"] == text
    assert set(m["rule"]) >= {"id", "description", "issueType", "category"}
    assert m["rule"]["category"] == {"id": "DEBT", "name": "debt"}


def test_v2_check_multipart_auto_and_data_annotation(client):
    r = client.post("/v2/check", files={"text": (None, "Please calm down."), "language": (None, "auto")})
    assert r.status_code == 200 and r.json()["matches"][0]["rule"]["id"] == "en.dismissive.calm-down"
    data = json.dumps({"annotation": [{"markup": "<p>"}, {"text": "You owe us €5."}, {"markup": "</p>"}]})
    r = client.post("/v2/check", data={"data": data, "language": "en"})
    (m,) = r.json()["matches"]
    assert m["offset"] == 3  # markup counts towards offsets, as in LanguageTool


@pytest.mark.parametrize(
    "form,status,needle",
    [
        ({"language": "en"}, 400, "'text'"),
        ({"text": "hi"}, 400, "'language'"),
        ({"text": "hi", "language": "xx-YY"}, 400, "unknown language"),
        ({"data": "not json", "language": "en"}, 400, "annotation"),
    ],
)
def test_v2_bad_requests(client, form, status, needle):
    r = client.post("/v2/check", data=form)
    assert r.status_code == status and needle in r.json()["error"]


def test_v2_rejects_json_and_lists_languages(client):
    assert client.post("/v2/check", json={"text": "hi", "language": "en"}).status_code == 415
    langs = client.get("/v2/languages").json()
    assert {"name": "English", "code": "en", "longCode": "en"} in langs


def test_languagetool_python_client_round_trip(live_server):
    """A real LanguageTool client (language_tool_python) pointed at replycoach."""
    language_tool_python = pytest.importorskip("language_tool_python")
    tool = language_tool_python.LanguageTool("en-US", remote_server=live_server)
    try:
        text = "Hi 🙂 you owe us €75 for March."
        matches = tool.check(text)
        assert [m.rule_id for m in matches] == ["en.debt.you-owe"]
        assert language_tool_python.utils.correct(text, matches) == "Hi 🙂 there is an open balance of €75 for March."
    finally:
        tool.close()


# ------------------------------------------------------------------ CORS and the playground


def test_cors_only_when_configured():
    with TestClient(create_app(cors_origins=["https://acme.zendesk.com"], preload=False)) as c:
        r = c.options(
            "/v1/check",
            headers={"Origin": "https://acme.zendesk.com", "Access-Control-Request-Method": "POST"},
        )
        assert r.headers.get("access-control-allow-origin") == "https://acme.zendesk.com"
    with TestClient(create_app(preload=False)) as c:
        r = c.post("/v1/check", json={"text": "hi"}, headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in r.headers


def test_playground_page_is_self_contained(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert '<textarea id="draft"' in html and 'id="apply-all"' in html
    assert 'src="http' not in html and 'href="http' not in html  # no CDN


def test_engine_is_loaded_once(client):
    """Packs load at start-up: every engine exists before the first request, and requests build none."""
    coach = client.app.state.coach
    assert set(coach._engines) == set(coach.languages())
    engines = dict(coach._engines)
    client.post("/v1/check", json={"text": "Дължите 20 лв."})
    assert coach._engines == engines
