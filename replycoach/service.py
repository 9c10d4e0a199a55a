"""The pre-send HTTP service: `replycoach serve`.

JSON API (/v1/*), a LanguageTool-compatible endpoint (/v2/check,
/v2/languages), a playground page (/) and /healthz, on FastAPI + uvicorn.
Packs and detectors load once at start-up. Anything a client sends that is
wrong gets a JSON 4xx naming the problem; an internal failure is a JSON 500
that tells the integration to fail open (let the reply go out).
"""

from __future__ import annotations

import json
import os
import re
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, JSONResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from . import __version__
from .coach import Coach
from .config import resolve
from .detect import language_name
from .errors import ReplycoachError
from .model import SEVERITIES, Report

DEFAULT_MAX_BODY = 64 * 1024  # bytes; documented in README and docs/integrations.md
_WEB = Path(__file__).resolve().parent / "web"


class ClientError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


# --------------------------------------------------------------------------- request reading


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ClientError(413, f"request body is {declared} bytes; the limit is {limit}")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ClientError(413, f"request body is over the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def _json_body(request: Request, limit: int) -> dict[str, Any]:
    if _media_type(request) != "application/json":
        raise ClientError(415, "send the request as Content-Type: application/json")
    raw = await _read_body(request, limit)
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ClientError(400, "request body is not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise ClientError(400, f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    if not isinstance(data, dict):
        raise ClientError(400, 'the JSON body must be an object like {"text": "..."}')
    return data


def _text_field(data: dict[str, Any]) -> str:
    text = data.get("text")
    if text is None:
        raise ClientError(400, "missing field 'text'")
    if not isinstance(text, str):
        raise ClientError(400, "field 'text' must be a string")
    return text


def _lang_field(value: Any, languages: list[str]) -> str | None:
    if value in (None, "", "auto"):
        return None
    if not isinstance(value, str):
        raise ClientError(400, "field 'lang' must be a string")
    code = value.strip().split("-")[0].split("_")[0].lower()
    if code not in languages:
        raise ClientError(400, f"unknown language {value!r}; supported: {', '.join(languages)} or 'auto'")
    return code


def _ignore_field(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ClientError(400, "field 'ignore' must be a list of categories or rule ids")
    return value


def _fail_on_field(value: Any, default: str = "warning") -> str:
    if value is None:
        return default
    if value not in SEVERITIES:
        raise ClientError(400, f"field 'fail_on' must be one of {', '.join(SEVERITIES)}")
    return value


# --------------------------------------------------------------------------- responses


def verdict(report: Report, fail_on: str) -> tuple[str, str]:
    """("pass"|"warn"|"block", a one-line message for the agent)."""
    if not report.supported:
        return "pass", report.notice or "Nothing was checked."
    if not report.findings:
        return "pass", "Looks good: nothing in this reply is likely to land badly."
    cats = ", ".join(dict.fromkeys(f.category for f in report.findings))
    n = len(report.findings)
    noun = "phrase" if n == 1 else "phrases"
    if report.fails(fail_on):
        return "block", (
            f"{n} {noun} may land badly ({cats}); review the suggestions or apply the rewrite before sending."
        )
    return "warn", f"{n} minor {noun} to consider ({cats}); you can send as is."


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


_SENTENCE_BREAK = re.compile(r"[.!?。！？\n]+\s*")


def _sentence_around(text: str, start: int, end: int) -> str:
    left = 0
    for m in _SENTENCE_BREAK.finditer(text, 0, start):
        left = m.end()
    m = _SENTENCE_BREAK.search(text, end)
    right = m.end() if m else len(text)
    return text[left:right].strip()


def languagetool_response(report: Report, text: str) -> dict[str, Any]:
    """A LanguageTool /v2/check response; offsets and lengths in UTF-16 code units."""
    lang = report.language
    name = language_name(lang)
    matches = []
    for f in report.findings:
        ctx_start, ctx_end = max(0, f.start - 40), min(len(text), f.end + 40)
        context = text[ctx_start:ctx_end]
        matches.append(
            {
                "message": f.message,
                "shortMessage": f.category.replace("-", " "),
                "replacements": [] if f.suggestion is None else [{"value": f.suggestion}],
                "offset": _utf16_len(text[: f.start]),
                "length": _utf16_len(f.text),
                "context": {
                    "text": context,
                    "offset": _utf16_len(text[ctx_start : f.start]),
                    "length": _utf16_len(f.text),
                },
                "sentence": _sentence_around(text, f.start, f.end),
                "type": {"typeName": "Other"},
                "rule": {
                    "id": f.rule_id,
                    "description": f.message.split(". ")[0],
                    "issueType": "style",
                    "category": {"id": f.category.upper().replace("-", "_"), "name": f.category},
                },
                "ignoreForIncompleteSentence": False,
                "contextForSureMatch": 0,
            }
        )
    return {
        "software": {
            "name": "replycoach",
            "version": __version__,
            "buildDate": "",
            "apiVersion": 1,
            "premium": False,
            "status": "",
        },
        "warnings": {"incompleteResults": False},
        "language": {
            "name": name,
            "code": lang,
            "detectedLanguage": {"name": name, "code": lang, "confidence": report.detection.confidence},
        },
        "matches": matches,
    }


def _annotated_text(raw: str) -> str:
    """LanguageTool's `data` field: {"annotation": [{"text": …} | {"markup": …}]}.
    Markup is blanked with spaces of its own length, so offsets still count it."""
    try:
        data = json.loads(raw)
        parts = data["annotation"]
        out = []
        for part in parts:
            if "text" in part:
                out.append(str(part["text"]))
            elif "markup" in part:
                out.append(" " * len(str(part["markup"])))
            else:
                raise KeyError("text or markup")
        return "".join(out)
    except (ValueError, KeyError, TypeError) as exc:
        example = '{"annotation": [{"text": "..."}]}'
        raise ClientError(400, f"field 'data' must be JSON like {example} ({exc})") from None


# --------------------------------------------------------------------------- the app


def create_app(
    cors_origins: list[str] | None = None,
    max_body: int = DEFAULT_MAX_BODY,
    preload: bool = True,
    coach: Coach | None = None,
) -> FastAPI:
    """The service app. `coach` carries the team configuration (default: the
    one `replycoach.config.resolve()` finds, as the CLI does)."""
    coach = coach or Coach(resolve())

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if preload:  # load every pack, spaCy pipeline and detector once, before the first request
            for lang in coach.languages():
                coach.engine(lang).prepare()
                coach.check("warm-up", lang=lang)
            coach.check("Thank you")
            coach.check("Благодаря Ви")
        yield

    app = FastAPI(
        title="replycoach",
        version=__version__,
        summary="Coach customer-service replies before they are sent.",
        lifespan=lifespan,
    )
    if cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=cors_origins,
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Content-Type", "Authorization"],
        )
    templates = Environment(loader=FileSystemLoader(_WEB), autoescape=select_autoescape(["html"]))

    @app.exception_handler(ClientError)
    async def client_error(request: Request, exc: ClientError) -> JSONResponse:
        return JSONResponse({"error": exc.message}, status_code=exc.status)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse(
            {"error": "replycoach failed internally; let the reply go out (fail open)", "fail_open": True},
            status_code=500,
        )

    check_body = {
        "type": "object",
        "required": ["text"],
        "properties": {
            "text": {"type": "string", "description": "the draft reply"},
            "lang": {"type": "string", "description": "a supported code, or 'auto' (default)"},
            "fail_on": {"type": "string", "enum": list(SEVERITIES), "default": coach.config.fail_on},
            "ignore": {"type": "array", "items": {"type": "string"}, "description": "categories or rule ids"},
        },
    }
    json_body = {"requestBody": {"required": True, "content": {"application/json": {"schema": check_body}}}}

    def _run(data: dict[str, Any]) -> Report:
        text = _text_field(data)
        lang = _lang_field(data.get("lang"), coach.languages())
        try:
            return coach.check(text, lang=lang, ignore=_ignore_field(data.get("ignore")))
        except ReplycoachError as exc:
            raise ClientError(400, str(exc)) from None

    @app.post("/v1/check", openapi_extra=json_body, summary="Check a draft; returns findings, rewrite and a verdict")
    async def v1_check(request: Request) -> dict[str, Any]:
        data = await _json_body(request, max_body)
        fail_on = _fail_on_field(data.get("fail_on"), coach.config.fail_on)
        report = _run(data)
        result = report.to_dict()
        result["verdict"], result["message"] = verdict(report, fail_on)
        result["fail_on"] = fail_on
        return result

    @app.post("/v1/fix", openapi_extra=json_body, summary="The rewritten draft and its findings")
    async def v1_fix(request: Request) -> dict[str, Any]:
        report = _run(await _json_body(request, max_body))
        return {"rewrite": report.rewrite, "findings": [f.to_dict() for f in report.findings]}

    @app.get("/v1/languages", summary="Languages with a pack")
    async def v1_languages() -> list[dict[str, str]]:
        return [{"code": c, "name": language_name(c)} for c in coach.languages()]

    @app.get("/v1/rules", summary="The rules of one language (or all)")
    async def v1_rules(lang: str | None = None) -> list[dict[str, Any]]:
        langs = coach.languages() if lang is None else [_lang_field(lang, coach.languages()) or ""]
        return [
            {"id": r.id, "category": r.category, "severity": r.severity, "message": r.message}
            for code in langs
            for r in coach.pack(code).rules
        ]

    @app.get("/healthz", summary="Liveness")
    async def healthz() -> dict[str, Any]:
        return {"status": "ok", "version": __version__, "languages": coach.languages()}

    @app.post("/v2/check", summary="LanguageTool-compatible check (form fields text or data, language)")
    async def v2_check(request: Request) -> dict[str, Any]:
        media = _media_type(request)
        raw = await _read_body(request, max_body)
        if media == "application/x-www-form-urlencoded":
            try:
                fields = {k: v[0] for k, v in parse_qs(raw.decode("utf-8"), keep_blank_values=True).items()}
            except UnicodeDecodeError:
                raise ClientError(400, "request body is not UTF-8") from None
        elif media == "multipart/form-data":
            form = await Request(request.scope, _replay(raw)).form()
            fields = {k: str(v) for k, v in form.items()}
        else:
            raise ClientError(415, "send the form as application/x-www-form-urlencoded or multipart/form-data")
        if "text" in fields:
            text = fields["text"]
        elif "data" in fields:
            text = _annotated_text(fields["data"])
        else:
            raise ClientError(400, "missing form field 'text' (or 'data')")
        if "language" not in fields:
            raise ClientError(400, "missing form field 'language' ('auto' or a code such as 'en-US')")
        report = _run({"text": text, "lang": fields["language"]})
        return languagetool_response(report, text)

    @app.get("/v2/languages", summary="LanguageTool-compatible language list")
    async def v2_languages() -> list[dict[str, str]]:
        return [{"name": language_name(c), "code": c, "longCode": c} for c in coach.languages()]

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def playground() -> HTMLResponse:
        page = templates.get_template("playground.html").render(
            languages=[(c, language_name(c)) for c in coach.languages()], version=__version__
        )
        return HTMLResponse(page)

    app.state.coach = coach
    return app


def _replay(body: bytes):
    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


def app_from_environment() -> FastAPI:
    """uvicorn factory; `replycoach serve` passes its options through the
    environment (REPLYCOACH_CONFIG for the configuration file)."""
    origins = [o for o in os.environ.get("REPLYCOACH_CORS_ORIGINS", "").split(",") if o]
    max_body = int(os.environ.get("REPLYCOACH_MAX_BODY") or DEFAULT_MAX_BODY)
    return create_app(cors_origins=origins, max_body=max_body)


def serve(
    host: str, port: int, workers: int, cors_origins: list[str], max_body: int, config: str | None = None
) -> None:
    import uvicorn

    Coach(resolve(config))  # a bad configuration stops here, with its one-line error, not in a worker
    os.environ["REPLYCOACH_CORS_ORIGINS"] = ",".join(cors_origins)
    os.environ["REPLYCOACH_MAX_BODY"] = str(max_body)
    if config:
        os.environ["REPLYCOACH_CONFIG"] = str(Path(config).resolve())
    uvicorn.run(
        "replycoach.service:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
    )


__all__ = ["DEFAULT_MAX_BODY", "create_app", "languagetool_response", "serve", "verdict"]
