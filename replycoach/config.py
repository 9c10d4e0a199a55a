"""Team configuration: `.replycoach.yaml`.

Found from the working directory upward, or given with `--config PATH`, or
through the environment variable REPLYCOACH_CONFIG; in Python,
`replycoach.Coach(config=...)` takes a path, a mapping or a `Config`. The same
file drives the library, the CLI and the service. Keys (all optional):

    languages: [en, bg]                  # others are reported unsupported
    enable: [debt, "en.refusal.*"]       # only these categories / rule-id globs run
    disable: ["en.register.*", command]  # these never run
    severity: {register: error, "en.debt.pay-up": suggestion}
    fail_on: warning                     # CLI exit code and service verdict threshold
    packs: [./our-packs]                 # extra pack folders (rules/ + phrasebooks/)
    allow: {en: [policy], "*": [ACME]}   # phrases never flagged (per language, * = all)
    phrasebook:                          # replace one entry's template, per language
      en: {dismissive.acknowledge: "I can see how annoying this is"}

Problems are one-line `ConfigError`s naming the file and the key.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ReplycoachError
from .model import SEVERITIES
from .yamlload import load_yaml

CONFIG_NAME = ".replycoach.yaml"
ENV_VAR = "REPLYCOACH_CONFIG"
KEYS = ("languages", "enable", "disable", "severity", "fail_on", "packs", "allow", "phrasebook")


class ConfigError(ReplycoachError, ValueError):
    """A configuration file or mapping is invalid; the message names file and key."""

    def __init__(self, source: str, key: str, problem: str) -> None:
        self.source, self.key, self.problem = source, key, problem
        super().__init__(f"{source}: {key}: {problem}")


@dataclass
class Config:
    languages: list[str] | None = None
    enable: list[str] | None = None
    disable: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    fail_on: str = "warning"
    packs: list[Path] = field(default_factory=list)
    allow: dict[str, list[str]] = field(default_factory=dict)
    phrasebook: dict[str, dict[str, str]] = field(default_factory=dict)
    source: str = "(defaults)"  # the file (or "mapping") the values came from
    origin: dict[str, str] = field(default_factory=dict)  # key → where its value came from

    def where(self, key: str) -> str:
        return self.origin.get(key, "default")

    def to_dict(self) -> dict[str, Any]:
        return {
            "languages": self.languages,
            "enable": self.enable,
            "disable": self.disable,
            "severity": self.severity,
            "fail_on": self.fail_on,
            "packs": [str(p) for p in self.packs],
            "allow": self.allow,
            "phrasebook": self.phrasebook,
        }


def _str_list(value: Any, source: str, key: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(source, key, "must be a list of non-empty strings")
    return [v.strip() for v in value]


def parse_config(data: Any, source: str, base_dir: Path | None = None) -> Config:
    """Check the shape of a configuration mapping (what packs exist is checked by the Coach)."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(source, "(top level)", "must be a mapping of keys such as 'disable' or 'severity'")
    cfg = Config(source=source)
    for key in data:
        if key not in KEYS:
            raise ConfigError(source, str(key), f"unknown key (known: {', '.join(KEYS)})")
        cfg.origin[key] = source
    if "languages" in data:
        cfg.languages = [v.lower() for v in _str_list(data["languages"], source, "languages")]
    if "enable" in data:
        cfg.enable = _str_list(data["enable"], source, "enable")
    if "disable" in data:
        cfg.disable = _str_list(data["disable"], source, "disable")
    if "severity" in data:
        sev = data["severity"]
        if not isinstance(sev, dict):
            raise ConfigError(source, "severity", "must map a category or rule-id glob to a severity")
        for target, level in sev.items():
            if level not in SEVERITIES:
                raise ConfigError(
                    source, f"severity.{target}", f"unknown severity {level!r} (known: {', '.join(SEVERITIES)})"
                )
            cfg.severity[str(target)] = level
    if "fail_on" in data:
        if data["fail_on"] not in SEVERITIES:
            raise ConfigError(source, "fail_on", f"must be one of {', '.join(SEVERITIES)}, got {data['fail_on']!r}")
        cfg.fail_on = data["fail_on"]
    if "packs" in data:
        base = base_dir or Path.cwd()
        for i, entry in enumerate(_str_list(data["packs"], source, "packs")):
            path = (base / entry).resolve()
            if not (path / "rules").is_dir():
                raise ConfigError(source, f"packs[{i}]", f"{entry!r} is not a folder with a rules/ folder in it")
            cfg.packs.append(path)
    if "allow" in data:
        allow = data["allow"]
        if not isinstance(allow, dict):
            raise ConfigError(source, "allow", "must map a language code (or '*') to a list of phrases")
        for lang, phrases in allow.items():
            cfg.allow[str(lang).lower()] = _str_list(phrases, source, f"allow.{lang}")
    if "phrasebook" in data:
        books = data["phrasebook"]
        if not isinstance(books, dict):
            raise ConfigError(source, "phrasebook", "must map a language code to {entry: template}")
        for lang, entries in books.items():
            if not isinstance(entries, dict) or not all(isinstance(v, str) for v in entries.values()):
                raise ConfigError(source, f"phrasebook.{lang}", "must map entry names to template strings")
            cfg.phrasebook[str(lang).lower()] = {str(k): v for k, v in entries.items()}
    return cfg


def load_config_file(path: Path) -> Config:
    shown = str(path)
    if not path.is_file():
        raise ConfigError(shown, "(file)", "no such file")
    return parse_config(load_yaml(path, shown), shown, path.parent)


def discover(start: Path | None = None) -> Path | None:
    """The nearest .replycoach.yaml from `start` (default: the working directory) upward."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def resolve(flag: str | None = None, environ: dict[str, str] | None = None, cwd: Path | None = None) -> Config:
    """The configuration the CLI and the service use: --config, then
    $REPLYCOACH_CONFIG, then .replycoach.yaml found upward, else defaults."""
    environ = os.environ if environ is None else environ
    if flag:
        return load_config_file(Path(flag))
    if environ.get(ENV_VAR):
        return load_config_file(Path(environ[ENV_VAR]))
    found = discover(cwd)
    return load_config_file(found) if found else Config()


def as_config(value: Config | str | Path | dict | None) -> Config:
    if value is None:
        return Config()
    if isinstance(value, Config):
        return value
    if isinstance(value, (str, Path)):
        return load_config_file(Path(value))
    if isinstance(value, dict):
        return parse_config(value, "config mapping")
    raise TypeError(f"config must be a path, a mapping or a Config, not {type(value).__name__}")
