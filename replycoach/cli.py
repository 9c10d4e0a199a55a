"""The `replycoach` command. Exit codes for pre-send hooks:
0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or input error.

Imports are lazy: `--help` and `langs` never load spaCy.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, like every other input error
        raise UsageError(message)


def _read_input(source: str | None) -> str:
    if source in (None, "-"):
        data = sys.stdin.buffer.read()
        name = "standard input"
    else:
        path = Path(source)
        name = source
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise UsageError(f"{name}: no such file") from None
        except IsADirectoryError:
            raise UsageError(f"{name}: is a directory") from None
        except OSError as exc:
            raise UsageError(f"{name}: cannot read ({exc.strerror})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(
            f"{name}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); save the draft as UTF-8"
        ) from None


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def _print_findings(report, out: TextIO) -> None:
    for f in report.findings:
        line, col = _line_col(report.text, f.start)
        if f.suggestion is None:
            tail = "  (no safe rewrite; reword by hand)"
        elif f.suggestion == "":
            tail = "  → (remove)"
        else:
            tail = f"  → {f.suggestion}"
        out.write(f"{line}:{col}  {f.category}  {f.message}{tail}\n")


def _coach(args: argparse.Namespace):
    from .coach import Coach
    from .config import resolve

    return Coach(resolve(getattr(args, "config", None)))


def cmd_check(args: argparse.Namespace) -> int:
    coach = _coach(args)
    if args.explain:
        sys.stdout.write(coach.explain(args.explain) + "\n")
        return EXIT_OK
    text = _read_input(args.file)
    report = coach.check(text, lang=args.lang, ignore=args.ignore)
    fail_on = args.fail_on or coach.config.fail_on
    if args.format == "json":
        sys.stdout.write(report.to_json() + "\n")
    else:
        _print_findings(report, sys.stdout)
        if report.notice:
            sys.stderr.write(f"replycoach: {report.notice}\n")
        n = len(report.findings)
        if report.supported and n:
            sys.stderr.write(
                f"{n} finding{'s' if n != 1 else ''} ({report.language}); `replycoach fix` prints the rewrite\n"
            )
    return EXIT_FINDINGS if report.fails(fail_on) else EXIT_OK


def cmd_fix(args: argparse.Namespace) -> int:
    coach = _coach(args)
    text = _read_input(args.file)
    report = coach.check(text, lang=args.lang, ignore=args.ignore)
    if report.notice:
        sys.stderr.write(f"replycoach: {report.notice}\n")
    sys.stdout.write(report.rewrite)
    if not report.rewrite.endswith("\n"):
        sys.stdout.write("\n")
    return EXIT_OK


def cmd_langs(args: argparse.Namespace) -> int:
    from .detect import language_name

    for code in _coach(args).languages():
        sys.stdout.write(f"{code}  {language_name(code)}\n")
    return EXIT_OK


def cmd_rules(args: argparse.Namespace) -> int:
    from .model import CATEGORIES

    coach = _coach(args)
    langs = coach.languages()
    if args.lang:
        if args.lang not in langs:
            raise UsageError(f"no pack for language {args.lang!r}; available: {', '.join(langs)}")
        langs = [args.lang]
    if args.category and args.category not in CATEGORIES:
        raise UsageError(f"unknown category {args.category!r}; known: {', '.join(CATEGORIES)}")
    rows = []
    for lang in langs:
        for rule in coach.pack(lang).rules:
            if args.category and rule.category != args.category:
                continue
            rows.append(rule)
    if args.format == "json":
        data = [
            {
                "id": r.id,
                "category": r.category,
                "severity": r.severity,
                "message": r.message,
                "examples": [{k: v for k, v in vars(e).items() if v is not None and k != "line"} for e in r.examples],
            }
            for r in rows
        ]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        for r in rows:
            sys.stdout.write(f"{r.id:<42} {r.category:<17} {r.severity:<10} {r.message.split('. ')[0]}\n")
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, format_table, read_cases

    result = evaluate(read_cases(Path(args.cases)), _coach(args))
    if args.format == "json":
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(format_table(result) + "\n")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from .service import serve

    if args.workers < 1:
        raise UsageError("--workers must be 1 or more")
    serve(args.host, args.port, args.workers, args.cors_origin, args.max_body, args.config)
    return EXIT_OK


def cmd_config_show(args: argparse.Namespace) -> int:
    coach = _coach(args)
    cfg = coach.config
    sys.stdout.write(f"# effective configuration; values from {cfg.source}\n")
    values = cfg.to_dict()
    values["languages"] = values["languages"] or coach.languages()
    values["enable"] = values["enable"] if values["enable"] is not None else "all rules"
    values["packs"] = [str(root) for root in coach.roots]
    for key, value in values.items():
        origin = cfg.where(key)
        if key == "languages" and origin == "default":
            origin = "default: every pack"
        if key == "packs":
            origin = "built-in, then " + (cfg.where("packs") + ", then " if cfg.packs else "") + "entry points"
        sys.stdout.write(f"{key}: {json.dumps(value, ensure_ascii=False)}  # {origin}\n")
    return EXIT_OK


def cmd_test_pack(args: argparse.Namespace) -> int:
    from .packtest import test_pack_dir

    folder = Path(args.dir)
    if not (folder / "rules").is_dir():
        raise UsageError(f"{folder}: no rules/ folder (a pack folder holds rules/ and phrasebooks/)")
    run, failures = test_pack_dir(folder)
    for failure in failures:
        sys.stdout.write(f"FAIL {failure}\n")
    sys.stdout.write(f"{run - len(failures)} passed, {len(failures)} failed\n")
    return EXIT_FINDINGS if failures else EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="replycoach",
        description="Coach customer-service replies before they are sent.",
        epilog="Exit codes: 0 clean (below --fail-on), 1 findings at or above --fail-on, 2 usage or input error.",
    )
    parser.add_argument("--version", action="version", version="replycoach 0.1.0")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def add_config(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--config",
            metavar="PATH",
            help="configuration file (default: $REPLYCOACH_CONFIG, else .replycoach.yaml found upward)",
        )

    def add_input(p: argparse.ArgumentParser) -> None:
        p.add_argument("file", nargs="?", metavar="FILE", help="draft to read (default or '-': standard input)")
        p.add_argument("--lang", help="force this language's pack instead of detecting it")
        p.add_argument(
            "--ignore", action="append", default=[], metavar="CATEGORY|RULE", help="leave this out (repeatable)"
        )
        add_config(p)

    p = sub.add_parser("check", help="list the phrases that will land badly")
    add_input(p)
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument(
        "--fail-on",
        choices=("suggestion", "warning", "error"),
        default=None,
        help="exit 1 when a finding is at or above this severity (default: the config's fail_on, else warning)",
    )
    p.add_argument(
        "--explain", metavar="RULE_ID", help="print a rule's message, category, examples and phrasebook entry"
    )
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("fix", help="print the draft with every suggestion applied")
    add_input(p)
    p.set_defaults(func=cmd_fix)

    p = sub.add_parser("langs", help="list the languages that have a pack")
    add_config(p)
    p.set_defaults(func=cmd_langs)

    p = sub.add_parser("rules", help="list rules")
    p.add_argument("--lang")
    p.add_argument("--category")
    p.add_argument("--format", choices=("text", "json"), default="text")
    add_config(p)
    p.set_defaults(func=cmd_rules)

    p = sub.add_parser("eval", help="measure recall, false positives and kept entities on a cases file")
    p.add_argument("cases", metavar="CASES.yaml")
    p.add_argument("--format", choices=("text", "json"), default="text")
    add_config(p)
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("serve", help="run the pre-send HTTP service (JSON API, LanguageTool API, playground)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--workers", type=int, default=1)
    p.add_argument(
        "--cors-origin",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="allow browser calls from this origin (repeatable; '*' for any)",
    )
    p.add_argument(
        "--max-body", type=int, default=64 * 1024, metavar="BYTES", help="request size limit (default 65536)"
    )
    add_config(p)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("config", help="configuration: 'replycoach config show'")
    csub = p.add_subparsers(dest="config_command", metavar="show", parser_class=_Parser, required=True)
    show = csub.add_parser("show", help="print the effective configuration and where each value came from")
    add_config(show)
    show.set_defaults(func=cmd_config_show)

    p = sub.add_parser("test-pack", help="validate a pack folder and run all its examples")
    p.add_argument("dir", metavar="DIR", help="a folder with rules/ and phrasebooks/")
    p.set_defaults(func=cmd_test_pack)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if not getattr(args, "command", None):
            parser.print_help(sys.stderr)
            return EXIT_ERROR
        return args.func(args)
    except UsageError as exc:
        sys.stderr.write(f"replycoach: error: {exc}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - never a traceback for the user
        from .errors import ReplycoachError

        if isinstance(exc, ReplycoachError):
            sys.stderr.write(f"replycoach: error: {exc}\n")
            return EXIT_ERROR
        raise


if __name__ == "__main__":
    sys.exit(main())
