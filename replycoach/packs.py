"""Finding, reading and validating rule packs and phrasebooks.

A pack is two files: `rules/<lang>.yaml` (what to flag) and
`phrasebooks/<lang>.yaml` (how to say it better). Everything is checked here,
up front; any problem is a PackError naming file, line, rule id and field.
See docs/packs.md for the schema.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import jinja2
import regex

from .errors import PackError
from .literals import Covers, regex_covers, token_covers
from .model import CATEGORIES, SEVERITIES
from .templating import BUILTIN_NAMES, make_environment, template_names
from .textnorm import strip_marks
from .yamlload import LineDict, load_yaml

PACK_KEYS = {"language", "name", "description", "strip_accents", "fold_traditional", "lemmas", "macros", "rules"}
RULE_KEYS = {
    "id",
    "category",
    "severity",
    "message",
    "patterns",
    "antipatterns",
    "phrase",
    "examples",
    "description",
    "override",
}
PATTERN_KEYS = {"regex", "tokens", "triggers"}
EXAMPLE_KEYS = {"bad", "good", "clean", "note"}
MACRO_KEYS = {"regex", "tokens"}
PHRASEBOOK_KEYS = {"language", "description", "helpers", "tables", "entries"}
ENTRY_KEYS = {"template", "note"}
# Extension keys replycoach reads inside a spaCy token pattern, then removes.
TOKEN_EXTENSION_KEYS = {"SLOT", "MACRO"}

REGEX_FLAGS = regex.IGNORECASE | regex.MULTILINE
_MACRO_REF = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")
_ID_SHAPE = re.compile(r"^[a-z]{2,3}\.([a-z-]+)\.[a-z0-9][a-z0-9-]*$")
_SLOT_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")

_PACKAGE_DIR = Path(__file__).resolve().parent
_CORE_MACROS_FILE = _PACKAGE_DIR / "data" / "macros.yaml"


def builtin_pack_root() -> Path:
    """The folder holding `rules/` and `phrasebooks/`: inside the installed
    package (wheel), or the source checkout beside it (editable install)."""
    for root in (_PACKAGE_DIR, _PACKAGE_DIR.parent):
        if (root / "rules").is_dir() and (root / "phrasebooks").is_dir():
            return root
    raise PackError(str(_PACKAGE_DIR), "no rules/ and phrasebooks/ folders shipped with replycoach")


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class PatternSpec:
    """One pattern of a rule, macros expanded."""

    kind: str  # "regex" or "tokens"
    field: str  # where it came from, for error messages: "patterns[0].regex"
    regex: str | None = None
    tokens: tuple[dict[str, Any], ...] = ()
    token_slots: tuple[str | None, ...] = ()  # slot name of each token, or None
    slots: frozenset[str] = frozenset()
    covers: Covers = ()  # for the prefilter: every match contains a literal of each; (): always run


@dataclass(frozen=True)
class Example:
    bad: str | None = None
    good: str | None = None
    clean: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    severity: str
    message: str
    patterns: tuple[PatternSpec, ...]
    antipatterns: tuple[PatternSpec, ...]
    phrase: str | None
    examples: tuple[Example, ...]
    file: str
    line: int | None
    override: bool = False  # an extra pack's rule that replaces a rule with the same id
    # A rule of the packs shipped with replycoach: the test suite compiles its
    # token patterns, so spaCy may be built when one is first needed rather
    # than at load (other packs' token patterns are validated at load).
    shipped: bool = False

    @property
    def slots(self) -> frozenset[str]:
        out: set[str] = set()
        for p in self.patterns:
            out |= p.slots
        return frozenset(out)


@dataclass(frozen=True)
class PhraseEntry:
    key: str
    template: str
    line: int | None
    names: frozenset[str] = frozenset()  # variables the template (with helpers) reads


@dataclass(frozen=True)
class Phrasebook:
    file: str
    entries: dict[str, PhraseEntry]
    tables: dict[str, dict[str, str]]
    helpers: str = ""  # Jinja2 macros every entry may call (as if written in front of it)


@dataclass(frozen=True)
class Pack:
    lang: str
    name: str
    file: str
    strip_accents: bool
    lemmas: bool
    rules: tuple[Rule, ...]
    phrasebook: Phrasebook
    fold_traditional: bool = False  # match traditional Chinese as simplified

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)


# --------------------------------------------------------------------------- helpers


def _require_mapping(value: Any, file: str, what: str, rule_id: str | None = None) -> LineDict:
    if not isinstance(value, dict):
        raise PackError(file, f"expected a mapping, got {type(value).__name__}", rule_id=rule_id, field=what)
    return value  # type: ignore[return-value]


def _check_keys(mapping: dict, allowed: set[str], file: str, where: str, rule_id: str | None = None) -> None:
    for key in mapping:
        if key not in allowed:
            field_name = f"{where}.{key}" if where else str(key)
            raise PackError(
                file,
                f"unknown key {key!r} (allowed: {', '.join(sorted(allowed))})",
                rule_id=rule_id,
                field=field_name,
                line=getattr(mapping, "line", None),
            )


def _nonempty_str(value: Any, file: str, field_name: str, rule_id: str | None, line: int | None) -> str:
    if not isinstance(value, str) or not value.strip():
        raise PackError(file, "must be a non-empty string", rule_id=rule_id, field=field_name, line=line)
    return value


@lru_cache(maxsize=1)
def _core_macros() -> dict[str, dict[str, Any]]:
    data = load_yaml(_CORE_MACROS_FILE)
    return dict(data.get("macros", {}))


def _read_macros(data: Any, file: str) -> dict[str, dict[str, Any]]:
    macros = dict(_core_macros())
    if data is None:
        return macros
    data = _require_mapping(data, file, "macros")
    for name, body in data.items():
        if not isinstance(name, str) or not re.fullmatch(r"[A-Z][A-Z0-9_]*", name):
            raise PackError(file, f"macro name {name!r} must be UPPER_CASE", field="macros", line=data.line)
        body = _require_mapping(body, file, f"macros.{name}")
        _check_keys(body, MACRO_KEYS, file, f"macros.{name}")
        macros[name] = dict(body)
    return macros


def expand_regex(
    source: str, macros: dict[str, dict[str, Any]], file: str, rule_id: str | None, field_name: str
) -> str:
    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        body = macros.get(name, {}).get("regex")
        if body is None:
            raise PackError(file, f"unknown regex macro {{{name}}}", rule_id=rule_id, field=field_name)
        return f"(?:{body})"

    for _ in range(5):  # macros may use macros, a few levels deep
        expanded = _MACRO_REF.sub(sub, source)
        if expanded == source:
            return expanded
        source = expanded
    return source


def _read_pattern(
    raw: Any,
    macros: dict[str, dict[str, Any]],
    file: str,
    rule_id: str,
    field_name: str,
    strip_accents: bool = False,
) -> PatternSpec:
    raw = _require_mapping(raw, file, field_name, rule_id)
    _check_keys(raw, PATTERN_KEYS, file, field_name, rule_id)
    if ("regex" in raw) == ("tokens" in raw):
        raise PackError(
            file, "give exactly one of 'regex' or 'tokens'", rule_id=rule_id, field=field_name, line=raw.line
        )
    triggers: Covers = ()
    if "triggers" in raw:
        values = raw["triggers"]
        if not isinstance(values, list) or not values or not all(isinstance(v, str) and v for v in values):
            raise PackError(
                file, "must be a non-empty list of literal strings", rule_id=rule_id, field=f"{field_name}.triggers"
            )
        # compared with the folded draft; pattern sources of accent-folding packs lose their marks too
        triggers = (frozenset((strip_marks(v) if strip_accents else v).lower() for v in values),)
    if "regex" in raw:
        where = f"{field_name}.regex"
        source = _nonempty_str(raw["regex"], file, where, rule_id, raw.line)
        expanded = expand_regex(source, macros, file, rule_id, where)
        if strip_accents:  # the draft is matched without diacritics: so is the pattern
            expanded = strip_marks(expanded)
        try:
            compiled = regex.compile(expanded, REGEX_FLAGS)
        except regex.error as exc:
            raise PackError(
                file, f"regular expression does not compile: {exc}", rule_id=rule_id, field=where, line=raw.line
            ) from None
        if compiled.search(""):
            raise PackError(
                file, "regular expression matches the empty string", rule_id=rule_id, field=where, line=raw.line
            )
        slots = frozenset(compiled.groupindex)
        for slot in slots:
            if not _SLOT_NAME.match(slot):
                raise PackError(
                    file, f"slot name {slot!r} must be lower_case", rule_id=rule_id, field=where, line=raw.line
                )
        return PatternSpec("regex", where, regex=expanded, slots=slots, covers=triggers + regex_covers(expanded))

    where = f"{field_name}.tokens"
    tokens = raw["tokens"]
    if not isinstance(tokens, list) or not tokens:
        raise PackError(file, "must be a non-empty list of token mappings", rule_id=rule_id, field=where, line=raw.line)
    out_tokens: list[dict[str, Any]] = []
    out_slots: list[str | None] = []
    for i, tok in enumerate(tokens):
        tok_field = f"{where}[{i}]"
        tok = _require_mapping(tok, file, tok_field, rule_id)
        slot = tok.get("SLOT")
        if slot is not None and (not isinstance(slot, str) or not _SLOT_NAME.match(slot)):
            raise PackError(
                file, f"SLOT must be a lower_case name, got {slot!r}", rule_id=rule_id, field=tok_field, line=tok.line
            )
        if "MACRO" in tok:
            name = tok["MACRO"]
            extra = set(tok) - {"MACRO", "SLOT"}
            if extra:
                raise PackError(
                    file,
                    f"a MACRO token takes only SLOT beside it, not {sorted(extra)}",
                    rule_id=rule_id,
                    field=tok_field,
                    line=tok.line,
                )
            body = macros.get(name, {}).get("tokens") if isinstance(name, str) else None
            if body is None:
                raise PackError(file, f"unknown token macro {name!r}", rule_id=rule_id, field=tok_field, line=tok.line)
            for sub_tok in body:
                out_tokens.append(dict(sub_tok))
                out_slots.append(slot)
            continue
        out_tokens.append({k: v for k, v in tok.items() if k not in TOKEN_EXTENSION_KEYS})
        out_slots.append(slot)
    return PatternSpec(
        "tokens",
        where,
        tokens=tuple(out_tokens),
        token_slots=tuple(out_slots),
        slots=frozenset(s for s in out_slots if s),
        covers=triggers + token_covers(out_tokens),
    )


def _read_examples(raw: Any, file: str, rule_id: str, line: int | None) -> tuple[Example, ...]:
    if not isinstance(raw, list) or not raw:
        raise PackError(
            file, "every rule needs examples: at least one {bad, good}", rule_id=rule_id, field="examples", line=line
        )
    out: list[Example] = []
    for i, ex in enumerate(raw):
        where = f"examples[{i}]"
        ex = _require_mapping(ex, file, where, rule_id)
        _check_keys(ex, EXAMPLE_KEYS, file, where, rule_id)
        has_bad = "bad" in ex
        if has_bad == ("clean" in ex):
            raise PackError(
                file, "give either 'bad' (with 'good') or 'clean'", rule_id=rule_id, field=where, line=ex.line
            )
        if has_bad and "good" not in ex:
            raise PackError(
                file, "a 'bad' example needs its 'good' rewrite", rule_id=rule_id, field=where, line=ex.line
            )
        for key in ("bad", "good", "clean"):
            if key in ex:
                _nonempty_str(ex[key], file, f"{where}.{key}", rule_id, ex.line)
        out.append(Example(ex.get("bad"), ex.get("good"), ex.get("clean"), ex.line))
    if not any(e.bad for e in out):
        raise PackError(file, "needs at least one 'bad' example", rule_id=rule_id, field="examples", line=line)
    return tuple(out)


# --------------------------------------------------------------------------- phrasebooks


def read_phrasebook(path: Path, lang: str) -> Phrasebook:
    file = _display(path)
    data = _require_mapping(load_yaml(path, file), file, "(top level)")
    _check_keys(data, PHRASEBOOK_KEYS, file, "")
    if data.get("language") != lang:
        raise PackError(
            file, f"'language' must be {lang!r} (the file name), got {data.get('language')!r}", field="language"
        )
    tables_raw = data.get("tables") or {}
    tables_raw = _require_mapping(tables_raw, file, "tables")
    tables: dict[str, dict[str, str]] = {}
    for name, table in tables_raw.items():
        table = _require_mapping(table, file, f"tables.{name}")
        tables[str(name)] = {str(k): str(v) for k, v in table.items()}
    helpers = data.get("helpers") or ""
    if not isinstance(helpers, str):
        raise PackError(file, "must be a string of Jinja2 macros", field="helpers")
    env = make_environment()
    try:
        env.parse(helpers)
    except jinja2.TemplateSyntaxError as exc:
        raise PackError(file, f"template syntax error: {exc.message}", field="helpers", line=exc.lineno) from None
    entries_raw = _require_mapping(data.get("entries") or {}, file, "entries")
    entries: dict[str, PhraseEntry] = {}
    for key, body in entries_raw.items():
        where = f"entries.{key}"
        body = _require_mapping(body, file, where)
        _check_keys(body, ENTRY_KEYS, file, where)
        if not isinstance(body.get("template"), str):
            raise PackError(
                file, "must be a string (may be empty, to remove the phrase)", field=f"{where}.template", line=body.line
            )
        try:
            names = frozenset(template_names(env, body["template"], helpers))
        except jinja2.TemplateSyntaxError as exc:
            raise PackError(
                file, f"template syntax error: {exc.message}", field=f"{where}.template", line=body.line
            ) from None
        entries[str(key)] = PhraseEntry(str(key), body["template"], body.line, names)
    return Phrasebook(file, entries, tables, helpers)


# --------------------------------------------------------------------------- rule packs


def read_pack(rules_path: Path, phrasebook_path: Path) -> Pack:
    """Read and validate one language's rules and phrasebook."""
    lang = rules_path.stem
    file = _display(rules_path)
    if not phrasebook_path.is_file():
        raise PackError(file, f"no phrasebook beside it (expected {_display(phrasebook_path)})")
    data = _require_mapping(load_yaml(rules_path, file), file, "(top level)")
    _check_keys(data, PACK_KEYS, file, "")
    if data.get("language") != lang:
        raise PackError(
            file, f"'language' must be {lang!r} (the file name), got {data.get('language')!r}", field="language"
        )
    name = _nonempty_str(data.get("name"), file, "name", None, data.line)
    for flag in ("strip_accents", "lemmas", "fold_traditional"):
        if flag in data and not isinstance(data[flag], bool):
            raise PackError(file, "must be true or false", field=flag)
    strip_accents = bool(data.get("strip_accents", False))
    macros = _read_macros(data.get("macros"), file)
    phrasebook = read_phrasebook(phrasebook_path, lang)

    shipped = rules_path.resolve().parent.parent == builtin_pack_root().resolve()
    raw_rules = data.get("rules")
    if not isinstance(raw_rules, list) or not raw_rules:
        raise PackError(file, "must be a non-empty list of rules", field="rules")
    rules: list[Rule] = []
    seen: set[str] = set()
    used_entries: set[str] = set()
    for i, raw in enumerate(raw_rules):
        raw = _require_mapping(raw, file, f"rules[{i}]")
        rule_id = raw.get("id")
        if not isinstance(rule_id, str):
            raise PackError(file, "every rule needs an 'id'", field=f"rules[{i}].id", line=raw.line)
        _check_keys(raw, RULE_KEYS, file, "", rule_id)
        line = raw.line
        shape = _ID_SHAPE.match(rule_id)
        if not shape or not rule_id.startswith(f"{lang}."):
            raise PackError(
                file,
                f"id must look like '{lang}.<category>.<name>' (lower case, digits, hyphens)",
                rule_id=rule_id,
                field="id",
                line=line,
            )
        if rule_id in seen:
            raise PackError(file, "duplicate rule id", rule_id=rule_id, field="id", line=line)
        seen.add(rule_id)
        category = raw.get("category")
        if category not in CATEGORIES:
            raise PackError(
                file,
                f"unknown category {category!r} (known: {', '.join(CATEGORIES)})",
                rule_id=rule_id,
                field="category",
                line=line,
            )
        if shape.group(1) != category:
            raise PackError(
                file, f"the id's middle part must be the category {category!r}", rule_id=rule_id, field="id", line=line
            )
        severity = raw.get("severity", "warning")
        if severity not in SEVERITIES:
            raise PackError(
                file,
                f"unknown severity {severity!r} (known: {', '.join(SEVERITIES)})",
                rule_id=rule_id,
                field="severity",
                line=line,
            )
        message = _nonempty_str(raw.get("message"), file, "message", rule_id, line)
        raw_patterns = raw.get("patterns")
        if not isinstance(raw_patterns, list) or not raw_patterns:
            raise PackError(file, "must be a non-empty list", rule_id=rule_id, field="patterns", line=line)
        patterns = tuple(
            _read_pattern(p, macros, file, rule_id, f"patterns[{j}]", strip_accents) for j, p in enumerate(raw_patterns)
        )
        raw_anti = raw.get("antipatterns") or []
        if not isinstance(raw_anti, list):
            raise PackError(file, "must be a list", rule_id=rule_id, field="antipatterns", line=line)
        antipatterns = tuple(
            _read_pattern(p, macros, file, rule_id, f"antipatterns[{j}]", strip_accents) for j, p in enumerate(raw_anti)
        )
        phrase = raw.get("phrase")
        rule_slots = frozenset().union(*(p.slots for p in patterns))
        if phrase is not None:
            if not isinstance(phrase, str) or phrase not in phrasebook.entries:
                raise PackError(
                    file,
                    f"phrasebook entry {phrase!r} not found in {phrasebook.file}",
                    rule_id=rule_id,
                    field="phrase",
                    line=line,
                )
            used_entries.add(phrase)
            entry = phrasebook.entries[phrase]
            unknown = entry.names - rule_slots - BUILTIN_NAMES
            if unknown:
                raise PackError(
                    phrasebook.file,
                    f"template uses unknown slot(s) {', '.join(sorted(unknown))}; rule {rule_id} "
                    f"captures {', '.join(sorted(rule_slots)) or 'none'}",
                    rule_id=rule_id,
                    field=f"entries.{phrase}.template",
                    line=entry.line,
                )
        examples = _read_examples(raw.get("examples"), file, rule_id, line)
        override = raw.get("override", False)
        if not isinstance(override, bool):
            raise PackError(file, "must be true or false", rule_id=rule_id, field="override", line=line)
        rules.append(
            Rule(
                rule_id,
                category,
                severity,
                message,
                patterns,
                antipatterns,
                phrase,
                examples,
                file,
                line,
                override,
                shipped,
            )
        )
    unused = sorted(set(phrasebook.entries) - used_entries)
    if unused:
        entry = phrasebook.entries[unused[0]]
        raise PackError(phrasebook.file, "entry is used by no rule", field=f"entries.{unused[0]}", line=entry.line)
    return Pack(
        lang=lang,
        name=name,
        file=file,
        strip_accents=strip_accents,
        lemmas=bool(data.get("lemmas", True)),
        rules=tuple(rules),
        phrasebook=phrasebook,
        fold_traditional=bool(data.get("fold_traditional", False)),
    )


def entry_point_roots() -> tuple[Path, ...]:
    """Pack folders that installed distributions declare in the entry-point
    group `replycoach.packs`: the entry point names a module (its folder holds
    rules/ and phrasebooks/), a path, or a callable returning a path."""
    from importlib.metadata import entry_points
    from types import ModuleType

    roots: list[Path] = []
    for ep in entry_points(group="replycoach.packs"):
        where = f"entry point {ep.name} = {ep.value}"
        try:
            obj = ep.load()
            if callable(obj) and not isinstance(obj, ModuleType):
                obj = obj()
            path = Path(obj.__file__).parent if isinstance(obj, ModuleType) else Path(obj)
        except Exception as exc:  # noqa: BLE001 - any failure is the pack's, reported in one line
            raise PackError(where, f"cannot be loaded ({type(exc).__name__}: {exc})") from None
        if not (path / "rules").is_dir():
            raise PackError(where, f"{path} has no rules/ folder")
        roots.append(path)
    return tuple(roots)


def available_languages(root: Path | None = None) -> dict[str, Path]:
    """Language code → rules file, for every pack in one root (no YAML parsed)."""
    return dict(_pack_files(root or builtin_pack_root()))


@cache
def _pack_files(root: Path) -> tuple[tuple[str, Path], ...]:
    return tuple((p.stem, p) for p in sorted((root / "rules").glob("*.yaml")))


def languages_in(roots: tuple[Path, ...]) -> dict[str, tuple[Path, ...]]:
    """Language code → the roots that have a pack (or extra rules) for it."""
    out: dict[str, list[Path]] = {}
    for root in roots:
        for lang in available_languages(root):
            out.setdefault(lang, []).append(root)
    return {lang: tuple(found) for lang, found in sorted(out.items())}


def merge_packs(base: Pack, extra: Pack) -> Pack:
    """Add an extra pack's rules (and phrasebook) to a language's pack."""
    for flag in ("strip_accents", "fold_traditional", "lemmas"):
        if getattr(base, flag) != getattr(extra, flag):
            raise PackError(extra.file, f"must use the same {flag} as {base.file} ({getattr(base, flag)})", field=flag)
    rules = list(base.rules)
    index = {r.id: i for i, r in enumerate(rules)}
    for rule in extra.rules:
        if rule.id in index:
            if not rule.override:
                raise PackError(
                    extra.file,
                    f"id already defined in {rules[index[rule.id]].file}; add 'override: true' to replace that rule",
                    rule_id=rule.id,
                    field="id",
                    line=rule.line,
                )
            rules[index[rule.id]] = rule
        else:
            if rule.override:
                raise PackError(
                    extra.file,
                    "override: true, but no rule with this id to replace",
                    rule_id=rule.id,
                    field="override",
                    line=rule.line,
                )
            index[rule.id] = len(rules)
            rules.append(rule)
    book, more = base.phrasebook, extra.phrasebook
    for key, entry in more.entries.items():
        if key in book.entries:
            raise PackError(
                more.file,
                f"entry already defined in {book.file}; give it another name",
                field=f"entries.{key}",
                line=entry.line,
            )
    for name in more.tables:
        if name in book.tables:
            raise PackError(more.file, f"table already defined in {book.file}", field=f"tables.{name}")
    merged_book = Phrasebook(
        book.file,
        {**book.entries, **more.entries},
        {**book.tables, **more.tables},
        book.helpers + more.helpers,
    )
    return replace(base, rules=tuple(rules), phrasebook=merged_book)


@cache
def load_pack(lang: str, root: Path | None = None, roots: tuple[Path, ...] | None = None) -> Pack:
    """One language's pack: from `root` alone, or merged over `roots` in order
    (the first root with the language is the base; later ones add rules)."""
    if roots is None:
        root = root or builtin_pack_root()
        return read_pack(root / "rules" / f"{lang}.yaml", root / "phrasebooks" / f"{lang}.yaml")
    pack: Pack | None = None
    for r in roots:
        if lang in available_languages(r):
            one = load_pack(lang, r)
            pack = one if pack is None else merge_packs(pack, one)
    if pack is None:
        raise KeyError(lang)
    return pack
