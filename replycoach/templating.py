"""Jinja2 for phrasebook templates: sandboxed, plain text, strict about slots."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from jinja2 import StrictUndefined, Template, meta, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .textnorm import fold

# Names every template may use besides the rule's own slots.
BUILTIN_NAMES = frozenset({"match", "tables"})


def _capfirst(value: str) -> str:
    return value[:1].upper() + value[1:]


def make_environment(lemmatize: Callable[[str], str] | None = None) -> ImmutableSandboxedEnvironment:
    """A sandboxed environment with autoescaping off (the output is plain text).

    Filters: `lemma` (dictionary form of each word of a slot), `capfirst`,
    `fold` (lower case without diacritics, for table look-ups).
    """
    env = ImmutableSandboxedEnvironment(
        autoescape=False,
        undefined=StrictUndefined,
        keep_trailing_newline=False,
    )
    lem = lemmatize or (lambda word: word)
    env.filters["lemma"] = lambda value: " ".join(lem(w) for w in str(value).split())
    env.filters["capfirst"] = _capfirst
    env.filters["fold"] = lambda value: fold(str(value), strip_accents=True)
    return env


@lru_cache(maxsize=32)
def _shared_macros(helpers: str) -> tuple[frozenset[str], frozenset[str]] | None:
    """(macros `helpers` defines, variables they read) when `helpers` is nothing
    but macros (and whitespace) that read no variable except `tables`: then
    they can be compiled once and shared by every entry. None otherwise."""
    ast = make_environment().parse(helpers)
    names: set[str] = set()
    for node in ast.body:
        if isinstance(node, nodes.Macro):
            names.add(node.name)
        elif not (
            isinstance(node, nodes.Output)
            and all(isinstance(n, nodes.TemplateData) and not n.data.strip() for n in node.nodes)
        ):
            return None
    reads = frozenset(meta.find_undeclared_variables(ast))
    return (frozenset(names), reads) if reads <= {"tables"} else None


def template_names(env: ImmutableSandboxedEnvironment, template: str, helpers: str = "") -> set[str]:
    """Variables an entry's template reads, with the phrasebook's `helpers`
    in front of it. Raises jinja2.TemplateSyntaxError."""
    shared = _shared_macros(helpers)
    if shared is None:
        return set(meta.find_undeclared_variables(env.parse(helpers + template)))
    macros, reads = shared
    return (set(meta.find_undeclared_variables(env.parse(template))) - macros) | reads


def compile_entries(
    env: ImmutableSandboxedEnvironment, helpers: str, templates: dict[str, str], tables: dict[str, dict[str, str]]
) -> dict[str, Template]:
    """Compile every entry's template. Helper macros are compiled once, as a
    module whose `tables` is the phrasebook's (it is the same for every
    rendering), and given to each entry; helpers that are more than macros
    are compiled in front of each entry instead. Either way an entry renders
    as `helpers + template` would."""
    shared = _shared_macros(helpers)
    if shared is None:
        return {key: env.from_string(helpers + source) for key, source in templates.items()}
    module = env.from_string(helpers).make_module({"tables": tables})
    macros = {name: getattr(module, name) for name in shared[0]}
    return {key: env.from_string(source, globals=macros) for key, source in templates.items()}
