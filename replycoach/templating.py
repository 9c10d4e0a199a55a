"""Jinja2 for phrasebook templates: sandboxed, plain text, strict about slots."""

from __future__ import annotations

from collections.abc import Callable

from jinja2 import StrictUndefined, meta
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


def template_names(env: ImmutableSandboxedEnvironment, source: str) -> set[str]:
    """Variables a template reads. Raises jinja2.TemplateSyntaxError."""
    return set(meta.find_undeclared_variables(env.parse(source)))
